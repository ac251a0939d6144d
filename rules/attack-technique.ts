/**
 * ## attack-technique
 *
 * Every technique mention (`T1059 - Name` in MITRE TTP cells, `<b>T1059 - Name</b>` in
 * rules-and-models pages, `[Name](https://attack.mitre.org/techniques/T1059/001)` in
 * the ATT&CK matrix) against ATT&CK Enterprise:
 *
 * - an ID that no loaded release defines (error);
 * - a placeholder: an ID written where the name belongs, `T1204.001 - T1204.001` (error);
 * - a name that is not the target release's name for the ID:
 *   - the ID's name in another loaded release: renamed (warning; option `renamed`),
 *     also `Parent: Sub` whose parts are names of different releases;
 *   - anything else is misspelt or garbled (error): the message says when the name is
 *     another technique's exact name (then the ID may be the wrong part), when its
 *     `Parent:` part is none of the parent's names, or when a segment is doubled
 *     (`Create Account: Create: Local Account`); a sub-technique written without
 *     `Parent: ` is said so;
 * - a technique deprecated or revoked in the target release (warning), naming the
 *   replacement from `revoked-by` where there is one;
 * - with the target pinned to an older release than the newest loaded
 *   (`attackVersion`), a name a later release changes, or a technique a later release
 *   deprecates or revokes (warning, no `expected`: the page is right for its target,
 *   and a fix would move it off it; `content-lint attack diff` shows the whole move);
 * - a link whose text names another ID than its URL; a sub-technique ID written
 *   `T1059/001` in text or `T1059.001` in a URL (error).
 *
 * Name history comes from the releases loaded besides the target: the built-in table
 * holds every release from 6.3 on; with `--attack` one bundle only, a name renamed
 * since reads as garbled (give a folder of releases, `enterprise-attack-<version>.json`,
 * to tell the two apart).
 *
 * With ATT&CK data turned off (`--attack none`) the rule still
 * finds placeholders, doubled segments, ID forms and link/text ID mismatches, and a
 * name that differs from how the rest of the library writes the same ID (the most
 * written name is `expected`); the CLI says once that canonical names were not checked.
 *
 * ## Ranges and fixes
 *
 * A name finding covers exactly the name, `expected` is the target release's name
 * (`Parent: Sub` for a sub-technique); an ID finding covers exactly the ID (in the text
 * or in the URL), `expected` is the ID to write there (for a revoked technique, its
 * replacement: the name is then fixed on the next pass).
 *
 * ## Reason and note
 *
 * The reason says what is wrong in one line (a placeholder, a former name, a misspelt
 * name and its likeliest cause); the note holds the evidence: the name as written, the
 * releases that use it, the target release's name, every cause found.
 *
 * ## Options
 *
 * `{renamed: 'warn' | 'error' | 'off'}` (default `warn`): how to report a name that
 * was right in another release; `off` also leaves out the changes of releases after a
 * pinned target.
 *
 * ## Example
 *
 *     | MITRE TTP |
 *     | T1557 - Man-in-the-Middle<br>T1204.001 - T1204.001 |
 *
 * with ATT&CK 18.1 loaded: `Man-in-the-Middle` renamed (→ `Adversary-in-the-Middle`),
 * `T1204.001` a placeholder (→ `User Execution: Malicious Link`).
 */
import {attackFor} from '../src/library/attack/load.js'
import {libraryTechniqueNames} from '../src/library/attack/library-names.js'
import {doubledSegment, judgeName, releaseRange} from '../src/library/attack/names.js'
import {noAttackDataNotice} from '../src/library/attack/notice.js'
import {type AttackData, label} from '../src/library/attack/data.js'
import {isTechniqueId, normaliseId} from '../src/model/techniques.js'
import type {Span, TechniqueMention} from '../src/model/types.js'
import {defineRule, type Finding, type RuleContext} from '../src/lint/rule.js'

export interface Options {
  renamed: 'warn' | 'error' | 'off'
}

function options(given: unknown): Options {
  if (given === undefined || given === null) return {renamed: 'warn'}
  if (typeof given !== 'object' || Array.isArray(given)) throw new Error('expected an object like {renamed: "warn"}')
  const {renamed = 'warn', ...rest} = given as Record<string, unknown>
  const unknown = Object.keys(rest)
  if (unknown.length > 0) throw new Error(`unknown option \`${unknown[0]}\`, expected \`renamed\``)
  if (renamed !== 'warn' && renamed !== 'error' && renamed !== 'off') throw new Error('`renamed` must be "warn", "error" or "off"')
  return {renamed}
}

/** Where the mention's ID is written: in the URL for a link, else in the text. */
function idPlace(mention: TechniqueMention): {span: Span; inUrl: boolean} {
  if (mention.form === 'link' && mention.urlId) return {span: mention.urlId.span, inUrl: true}
  if (mention.writtenId) return {span: mention.writtenId.span, inUrl: false}
  return {span: mention.span, inUrl: false}
}

/** IDs for a reason: a few by name, more as a count (the note lists them all). */
const idList = (ids: readonly string[]) => (ids.length <= 3 ? ids.join(', ') : `${ids.length} techniques`)

/** The parent technique's ID of a sub-technique (`T1059.001` → `T1059`). */
const parentOf = (id: string) => id.split('.')[0]!

/** An ID as written in a URL (`T1059/001`) or in text (`T1059.001`). */
const idForm = (id: string, inUrl: boolean) => (inUrl ? id.replace('.', '/') : id)

/**
 * Link text and URL naming different IDs. With data, the name tells which side is
 * wrong; the mention is then checked as the ID its name belongs to. Without data (or
 * when the name fits neither), the URL is taken to be wrong: readers see the text.
 */
function linkIdMismatch(mention: TechniqueMention, attack: AttackData | null, report: (f: Finding) => void): TechniqueMention {
  if (mention.form !== 'link' || !mention.writtenId || !mention.urlId) return mention
  const written = normaliseId(mention.writtenId.text)
  if (written === mention.id) return mention
  const name = mention.name?.text
  const reason = `The link text names ${written} and its URL names ${mention.id}`
  if (attack && name && attack.technique(mention.id)?.fullName === name) {
    report({
      reason: `${reason}; the text's ID is the wrong part`,
      note: `\`${name}\` is ${mention.id}'s name in ATT&CK ${attack.targetLabel}, so the URL is right and the written ID is not.`,
      span: mention.writtenId.span,
      expected: [mention.id]
    })
    return mention
  }
  if (attack && name && attack.technique(written)?.fullName !== name) {
    const named = (id: string) => `${id} is \`${attack.technique(id)?.fullName ?? '?'}\``
    report({
      reason: `${reason}; its name is neither's`,
      note: `The name \`${name}\` is neither's: in ATT&CK ${attack.targetLabel}, ${named(written)} and ${named(mention.id)}.`,
      span: mention.urlId.span
    })
    return mention
  }
  report({reason: `${reason}; the URL should name what the text says`, span: mention.urlId.span, expected: [idForm(written, true)]})
  // Check the rest as the ID the text names, placing ID findings on the written ID.
  return {...mention, id: written, urlId: null}
}

/** `T1059/001` in text, `T1059.001` in a URL. */
function idForms(mention: TechniqueMention, report: (f: Finding) => void): void {
  const written = mention.writtenId
  if (written && written.text.includes('/')) {
    report({reason: `Sub-technique ID written \`${written.text}\`: outside URLs ATT&CK writes \`${normaliseId(written.text)}\``, span: written.span, expected: [normaliseId(written.text)]})
  }
  const inUrl = mention.urlId
  if (inUrl && inUrl.text.includes('.')) {
    report({reason: `Sub-technique URL written with \`${inUrl.text}\`: ATT&CK's URLs write \`${inUrl.text.replace('.', '/')}\``, span: inUrl.span, expected: [inUrl.text.replace('.', '/')]})
  }
}

/** The written name against the target release's (judgeName's verdict as a finding). */
function checkName(mention: TechniqueMention, name: {text: string; span: Span}, attack: AttackData, options: Options, report: (f: Finding) => void): void {
  const target = attack.targetLabel
  const canonical = attack.technique(mention.id)!.fullName
  const verdict = judgeName(attack, mention.id, name.text)
  const fix = {span: name.span, expected: [canonical]}
  // The evidence every name finding ends its note with: the target release's name.
  const targetName = `ATT&CK ${target} (the target) names ${mention.id} \`${canonical}\`.`
  switch (verdict.kind) {
    case 'canonical':
      break
    case 'placeholder':
      report({
        reason:
          verdict.id === mention.id
            ? `Placeholder name: the ID \`${name.text}\` is written where the name belongs`
            : `The ID \`${name.text}\` is written where the name of ${mention.id} belongs`,
        note: targetName,
        ...fix
      })
      break
    case 'renamed':
      if (options.renamed === 'off') break
      report({
        reason: verdict.newer
          ? `Name of ${mention.id} from ATT&CK ${releaseRange(verdict.versions)}, a release after the target ${target}`
          : `Former name of ${mention.id} (ATT&CK ${releaseRange(verdict.versions)}), renamed since`,
        note: `\`${name.text}\` is the name of ${mention.id} in ATT&CK ${releaseRange(verdict.versions)}. ${targetName}`,
        ...fix,
        ...(options.renamed === 'warn' ? {severity: 'warn' as const} : {})
      })
      break
    case 'mixed':
      if (options.renamed === 'off') break
      report({
        reason: `Name of ${mention.id} mixes parts from different ATT&CK releases`,
        note: `\`${name.text}\` uses ${verdict.parts.map((p) => `\`${p.written}\`, ${p.id}'s name in ATT&CK ${releaseRange(p.versions)}`).join(', and ')}. ${targetName}`,
        ...fix,
        ...(options.renamed === 'warn' ? {severity: 'warn' as const} : {})
      })
      break
    case 'no-parent':
      report({reason: `Sub-technique ${mention.id} written without its parent's name`, note: targetName, ...fix})
      break
    case 'garbled': {
      const notes: string[] = []
      if (verdict.doubled) notes.push(`\`${verdict.doubled.segment}:\` is doubled`)
      if (verdict.wrongParent) notes.push(`\`${verdict.wrongParent}\` is none of the parent's names`)
      if (verdict.otherIds.length > 0) notes.push(`it is the name of ${verdict.otherIds.join(', ')}, so the ID may be the wrong part`)
      // The reason names the likeliest cause; the note says all of them.
      const why =
        verdict.otherIds.length > 0
          ? `it is the name of ${idList(verdict.otherIds)}, so the ID may be the wrong part`
          : verdict.doubled
            ? 'a segment is doubled'
            : verdict.wrongParent
              ? `its parent part is none of ${parentOf(mention.id)}'s names`
              : `no loaded ATT&CK release (${attack.span}) names it so`
      report({
        reason: `Misspelt name of ${mention.id}: ${why}`,
        note: `\`${name.text}\` is not a name of ${mention.id} in any loaded ATT&CK release (${attack.span})${notes.length > 0 ? `: ${notes.join('; ')}` : ''}. ${targetName}`,
        ...fix
      })
      break
    }
  }
}

function checkWithData(mention: TechniqueMention, attack: AttackData, options: Options, report: (f: Finding) => void): void {
  const target = attack.targetLabel
  const at = idPlace(mention)
  if (!attack.known(mention.id)) {
    report({reason: `Unknown technique ${mention.id}: in no loaded ATT&CK release (${attack.span})`, span: at.span})
    return
  }
  const technique = attack.technique(mention.id)
  if (!technique) {
    const first = attack.releasesWith(mention.id)[0]!
    report({reason: `${mention.id} is not in ATT&CK ${target}, the target release (it is in v${first.version})`, span: at.span, severity: 'warn'})
    return
  }
  if (mention.name) checkName(mention, mention.name, attack, options, report)
  if (options.renamed !== 'off') laterChanges(mention, at.span, attack, report)
  const described = `${mention.id} (\`${technique.fullName}\`)`
  if (technique.revoked) {
    const by = technique.revokedBy
    const named = by.map((id) => `${id} (\`${attack.technique(id)?.fullName ?? '?'}\`)`)
    report({
      reason: `${mention.id} is revoked in ATT&CK ${target}${by.length > 0 ? `, replaced by ${idList(by)}` : ''}`,
      note: `${described} is revoked in ATT&CK ${target}${named.length > 0 ? `, replaced by ${named.join(', ')}` : ', with no replacement'}.`,
      span: at.span,
      severity: 'warn',
      ...(by.length > 0 ? {expected: by.map((id) => idForm(id, at.inUrl))} : {})
    })
  } else if (technique.deprecated) {
    report({
      reason: `${mention.id} is deprecated in ATT&CK ${target}, with no replacement`,
      note: `${described} is deprecated in ATT&CK ${target}, with no replacement.`,
      span: at.span,
      severity: 'warn'
    })
  }
}

const pinNote = (target: string) =>
  `The page is right for the target release ${target} (attackVersion); moving the target changes it. \`content-lint attack diff --to <version>\` lists every change a move brings.`

/** With the target pinned below the newest loaded release: what later releases change (warnings without a fix). */
function laterChanges(mention: TechniqueMention, idSpan: Span, attack: AttackData, report: (f: Finding) => void): void {
  const later = attack.laterChanges(mention.id)
  const target = attack.targetLabel
  const name = mention.name
  if (later.renamed && name && name.text === attack.technique(mention.id)?.fullName) {
    report({
      reason: `ATT&CK ${label(later.renamed.release)} renames ${mention.id}, after the pinned ${target}`,
      span: name.span,
      note: `ATT&CK ${label(later.renamed.release)} names ${mention.id} \`${later.renamed.fullName}\`. ${pinNote(target)}`,
      severity: 'warn'
    })
  }
  if (later.retired) {
    const {release, technique} = later.retired
    const by = technique.revokedBy.length > 0 ? `, replaced by ${idList(technique.revokedBy)}` : ''
    report({
      reason: `ATT&CK ${label(release)} ${technique.revoked ? 'revokes' : 'deprecates'} ${mention.id}${by}, after the pinned ${target}`,
      span: idSpan,
      note: technique.revokedBy.length > 3 ? `Replaced by ${technique.revokedBy.join(', ')}. ${pinNote(target)}` : pinNote(target),
      severity: 'warn'
    })
  }
}

function checkWithoutData(mention: TechniqueMention, context: RuleContext<Options>): void {
  const {report} = context
  const name = mention.name
  if (!name) return
  if (isTechniqueId(name.text)) {
    report({reason: normaliseId(name.text) === mention.id ? `Placeholder name: the ID \`${name.text}\` is written where its name belongs` : `The ID \`${name.text}\` is written where the name of ${mention.id} belongs`, span: name.span})
    return
  }
  const doubled = doubledSegment(name.text)
  if (doubled) {
    report({reason: `Misspelt name of ${mention.id}: a segment is doubled`, note: `\`${doubled.segment}:\` is doubled in \`${name.text}\`.`, span: name.span, expected: [doubled.fixed]})
    return
  }
  // How the rest of the library writes this ID: any page may change this finding.
  context.dependOnLibrary()
  const counts = libraryTechniqueNames(context.index, context.settings).get(mention.id)
  if (!counts || counts.size < 2) return
  const ranked = [...counts].sort((a, b) => b[1] - a[1])
  const top = ranked[0]![1]
  const mine = counts.get(name.text) ?? 0
  if (mine >= top) return
  const most = ranked.filter(([, n]) => n === top)
  const total = ranked.reduce((sum, [, n]) => sum + n, 0)
  report({
    reason: `${mention.id} is written with another name than on most of its mentions in the library`,
    note: `${mention.id} is written \`${name.text}\` on ${mine} of ${total} mentions across the library, ${most.map(([n, c]) => `\`${n}\` on ${c}`).join(' and ')}.`,
    span: name.span,
    expected: most.map(([n]) => n)
  })
}

export default defineRule(
  {
    id: 'attack-technique',
    description: 'A technique mention whose ID or name is not what ATT&CK says (unknown, placeholder, renamed, misspelt, deprecated, revoked, mismatched URL)',
    defaultSeverity: 'error',
    fixable: true,
    options
  },
  (context) => {
    const {page, settings, report} = context
    if (page.techniqueMentions.length === 0) return
    const attack = attackFor(settings)
    if (!attack) context.notice(noAttackDataNotice)
    for (const mention of page.techniqueMentions) {
      idForms(mention, report)
      const intended = linkIdMismatch(mention, attack, report)
      if (attack) checkWithData(intended, attack, context.options, report)
      else checkWithoutData(intended, context)
    }
  }
)
