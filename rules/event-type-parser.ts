/**
 * ## event-type-parser
 *
 * A parser listed, in a product page's use-case table, under an event type it cannot
 * produce: `member-added` listing `azure-event-hub-member-removed`, `app-login` listing
 * `cef-salesforce-failed-app-login`, `account-creation` listing `json-4726` (Windows
 * 4726 is an account deletion), or a whole list shifted against its event types.
 *
 * ## Why
 *
 * The table is where readers look up which parsers feed which event types (and so
 * which rules). A parser under the wrong event type sends them to the wrong rules, and
 * the generated library repeats such slips across every use-case row of a product.
 *
 * ## How it decides
 *
 * What a parser reads is told by its family: its DataType until 2021; since then parser
 * pages have none, and the family is the activity type (or event type) of the library
 * its name spells out, or the activity its name spells out before its outcome word
 * (`…-file-create-success-…`) (`src/library/parser-family.ts`). A family is evidence, not the
 * answer: event builders turn one data type into several event types. The signals
 * (see `src/library/event-type-fit.ts`), each with a confidence, combined:
 *
 * - since 2023, the group's activity type line (`file-write:success (file-write)`)
 *   names another activity than the one the parser's name spells out, about another
 *   thing (an `…-app-login-success-…` parser there; `file-create` under
 *   `process-create`), and other products do not pair the two; catch-all lines and
 *   families aside (`app-activity`: a dozen families or more listed under it by two
 *   other products each);
 * - the DataType's words contradict the event type's (`failed` under a non-failed
 *   event type, `removed` under `added`, a Windows event ID's activity);
 * - the parser's name contradicts it (`…-authsuccess` under `authentication-failed`;
 *   `raw-4723`, a password change, under `account-unlocked`), or, failing both, its
 *   `Conditions` say the other outcome;
 * - the product has an event type named like the family (or, failing that, like the
 *   Windows event ID in the parser's name) but lists the parser here and not there (a
 *   shifted list); `windows-failed-logon` is named like `failed-logon`, a source
 *   prefix that no event type uses set aside;
 * - an alert event type lists a parser whose family and name say nothing of an
 *   alert or detection (`security-alert` listing a logon parser); not where the line
 *   maps plain activity to an old alert name (`email-receive:success (dlp-email-alert-in)`);
 * - conversely, a parser of detections (its family or name says alert) under plain
 *   activity sharing no word with it (`security-alert` parsers under `app-login`);
 * - a failed event type lists a parser whose family, name and conditions say nothing
 *   of an outcome and whose family is another activity (`failed-vpn-login` listing an
 *   `app-activity` parser; `web-activity-denied` listing a `web-activity` one is fine);
 * - the parser is listed under three or more event types that, but for this one, hang
 *   together by their words (one data type fanned out to its family), and this one
 *   shares no word with them nor with the parser (`local-logon` besides `file-read`,
 *   `file-write` for a `file-operations` parser);
 * - the product's other rows list the same line without the parser: the generator
 *   maps a product's event types to parsers once and lists the same parsers under a
 *   line in every row that has it (no exception among the 1,931 lines of the 2021
 *   snapshot and the 2,120 of the 2025 one repeated in two rows or more), so a parser
 *   under a line in fewer rows than the line has without it was moved or copied there
 *   by hand; this needs no family, and is not used in a library where more than one
 *   such line in ten differs (rows that differ by design);
 * - the other products of the library do not pair the family with this event type
 *   (`src/library/library-stats.ts`, built once per content root; the product judged
 *   is left out, so a pair never vouches for itself), when at least 3 other products
 *   list the family: for a parser listed under this event type alone, fewer than half
 *   of them (since 2023, fewer than one in ten, and fewer than a quarter of the
 *   products listing the event type); for one listed under several, fewer than one in
 *   ten, whether or not it fits another of them.
 *
 * A parser whose `Conditions` say the event type's words and outcome without
 * contradicting it (`Download file` under `file-download`) is taken to fit, but for a
 * contradiction of its DataType or name. A parser is judged under each event type it
 * is listed under.
 *
 * The product's listing is its product page with its continuation page; a row with
 * another number of cells than its header lists nothing (`table-shape` reports it).
 * Each pair is reported once per page, on its first parser link. The reason is one
 * short sentence (the strongest signal); the note holds every signal's evidence (the
 * library's counts among them), the event types of the product the parser fits
 * better, in how many rows the page repeats the pair, and the confidence.
 * Not fixable: where a parser belongs is for a person to decide.
 *
 * ## Options
 *
 * - `allow` (object, default `{}`): extra DataType → event types pairs to accept, e.g.
 *   `{"file-operations": ["local-logon"]}`; signals from the parser's name still apply.
 * - `minConfidence` (number from 0 to 1, default `0.4`): report only pairs at least this
 *   sure. DataType contradictions weigh 0.9, displaced parsers 0.85 (0.8 when the
 *   event type is named like the DataType rather than after it), name contradictions
 *   and plain activity under an alert 0.8, another activity than the line's 0.8, an
 *   alert parser under plain activity 0.6, a failure of unrelated activity 0.7, the
 *   odd one out of a family 0.6, a parser in fewer rows than its line 0.8, a parser alone under an unrelated event type 0.75
 *   less half the share of other products pairing its family with that event type
 *   (0.6 less the share for one listed under several).
 *   Signals combine as independent evidence: 1 − Π(1 − confidence).
 *
 * ## Example
 *
 *     | Use-Case | Event Types/Parsers | MITRE TTP | Content |
 *     |---|---|---|---|
 *     | [Account Manipulation](…) | member-added<br> ↳[acme-member-removed](Ps/pC_acmememberremoved.md)<br><br> member-removed<br> ↳[acme-member-added](Ps/pC_acmememberadded.md) | … | … |
 *
 * with parser pages of DataType `member-removed` and `member-added` gives a finding on
 * each parser link; on `acme-member-removed`: ``Does not fit `member-added`: its
 * DataType `member-removed` says delete, not create``, with the note ``…; it fits
 * `member-removed` better; confidence 0.98``.
 */
import {assessListing} from '../src/library/event-type-fit.js'
import {libraryStats, lineKey, useCaseRowsOf} from '../src/library/library-stats.js'
import {activityOfType} from '../src/library/parser-family.js'
import {defineRule, type Finding} from '../src/lint/rule.js'

export interface EventTypeParserOptions {
  allow: Map<string, Set<string>>
  minConfidence: number
}

function options(given: unknown): EventTypeParserOptions {
  const out: EventTypeParserOptions = {allow: new Map(), minConfidence: 0.4}
  if (given === undefined || given === null) return out
  if (typeof given !== 'object' || Array.isArray(given)) throw new Error('expected an object `{allow, minConfidence}`')
  for (const [key, value] of Object.entries(given)) {
    if (key === 'minConfidence') {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error('`minConfidence` must be a number from 0 to 1')
      out.minConfidence = value
    } else if (key === 'allow') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new Error('`allow` must be an object of DataType → list of event types, e.g. {"file-operations": ["local-logon"]}')
      }
      for (const [dataType, eventTypes] of Object.entries(value)) {
        if (!Array.isArray(eventTypes) || !eventTypes.every((e) => typeof e === 'string' && e !== '')) {
          throw new Error(`\`allow.${dataType}\` must be a list of event type names`)
        }
        out.allow.set(dataType, new Set(eventTypes as string[]))
      }
    } else {
      throw new Error(`unknown option \`${key}\`, expected allow or minConfidence`)
    }
  }
  return out
}

const list = (names: string[]) => names.map((n) => `\`${n}\``).join(', ')

/** Longest reason: a reader scans a list of findings; the evidence is in the note. */
const maxReason = 120

/** One sentence: the event type and the strongest signal's few words (those dropped when too long). */
function shortReason(eventType: string, because: string): string {
  const full = `Does not fit \`${eventType}\`: ${because}`
  return full.length < maxReason ? full : `Does not fit \`${eventType}\``
}

export default defineRule(
  {
    id: 'event-type-parser',
    pageKinds: ['product', 'continuation'],
    description: 'A parser is listed under an event type it cannot produce',
    defaultSeverity: 'warn',
    fixable: false,
    options
  },
  ({page, index, settings, filePath, options, report, linkedPage, dependOnLibrary}) => {
    const rows = useCaseRowsOf(page)
    if (rows.length === 0) return
    // The pairings of the whole library weigh in: any page may change this page's findings.
    dependOnLibrary()
    const stats = libraryStats(index, settings)
    const listing = stats.listingFor(filePath, page)
    // Rows repeat the same groups: judge each (event type, parser) once, report it on
    // its first link, and count the rows that repeat it.
    const seen = new Map<string, {finding: Finding | null; confidence: number; rows: number}>()
    const linked = new Set<string>()
    for (const row of rows) {
      for (const group of row.eventTypeGroups) {
        for (const link of group.parsers) {
          if (!linked.has(link.url)) {
            linked.add(link.url)
            linkedPage(link) // records the parser page as a dependency of this page
          }
          const parser = listing.parsers.get(link.url + '\0' + filePath)
          // Keyed by the parser, not the link: a dead link to a parser the product
          // lists elsewhere is that parser (`no-dead-link` reports the link), not one
          // more pair to judge and report again.
          const activity = group.activityType ? activityOfType(group.activityType.text) : null
          const key = `${group.eventType.text}\0${activity ?? ''}\0${parser?.key ?? link.url}`
          const known = seen.get(key)
          if (known) {
            known.rows++
            continue
          }
          const line = lineKey(group.activityType?.text, group.eventType.text)
          const verdict = parser && assessListing({eventType: group.eventType.text, activity, line, parser, linkText: link.text, listing, stats, folder: stats.folderOf(filePath), allow: options.allow})
          let finding: Finding | null = null
          if (parser && verdict && verdict.signals.length > 0 && verdict.confidence >= options.minConfidence) {
            // The reason is one short sentence (the strongest signal); the evidence of
            // every signal, the better fits and the confidence go to the note.
            const strongest = verdict.signals.reduce((a, b) => (b.confidence > a.confidence ? b : a))
            const evidence = verdict.signals.map((s) => s.evidence)
            const dataType = parser.dataType && !evidence.some((e) => e.includes('DataType')) ? `DataType \`${parser.dataType}\`; ` : ''
            const better = verdict.better.length > 0 ? `; it fits ${list(verdict.better)} better` : ''
            const note = `${dataType}${evidence.join('; ')}${better}`
            finding = {reason: shortReason(group.eventType.text, strongest.because), span: link.span, actual: link.text, note}
          }
          seen.set(key, {finding, confidence: verdict ? verdict.confidence : 0, rows: 1})
        }
      }
    }
    for (const {finding, confidence, rows: count} of seen.values()) {
      if (!finding) continue
      const repeated = count > 1 ? `; listed so in ${count} rows of this page` : ''
      report({...finding, note: `${finding.note}${repeated}; confidence ${confidence.toFixed(2)}`})
    }
  }
)
