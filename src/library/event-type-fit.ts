/**
 * Whether a parser can produce the event type a product lists it under: the judgement
 * behind the `event-type-parser` rule, kept apart from the rule so that the
 * measurement script (`npm run eval:event-type-parser`) runs exactly the same logic.
 *
 * A parser's DataType is evidence, not the answer: the SIEM's event builders turn one
 * data type into several event types (`file-operations` into `file-read`, `file-write`,
 * …). So equality is not the test; these signals are, each with a confidence:
 *
 * - `datatype`: the DataType's words contradict the event type's (a `failed-app-login`
 *   parser under `app-login`; `member-removed` under `member-added`; Windows 4726, an
 *   account deletion, under `account-creation`);
 * - `name`: the parser's name contradicts the event type (`…-authsuccess` under
 *   `authentication-failed`, `…-file-delete-1` under `file-write`), unless the product
 *   also lists the parser under an event type its name fits (a generic parser fanned
 *   out by an event builder);
 * - `displaced`: the product has an event type named like the parser's DataType but
 *   does not list the parser there, while listing it here (the shape of a list shifted
 *   against its event types). Named like: equal to the DataType, or else holding its
 *   words once a source prefix no event type uses is set aside (`windows-failed-logon`
 *   → `failed-logon`), or else, word for word, the Windows event ID in the parser's
 *   name (`raw-4719` → `audit-policy-change`);
 * - `not-alert`: an alert event type (`security-alert`, `dlp-alert`) lists a parser
 *   whose DataType and name say nothing of an alert or detection: alerts are what a
 *   product emits on detecting something, not what an event builder makes of plain
 *   activity records (a logon, a file read);
 * - `unrelated-failure`: a failed event type lists a parser whose DataType and name
 *   say nothing of an outcome and whose DataType is not that event type's activity:
 *   event builders split a data type by outcome (`web-activity` →
 *   `web-activity-denied`), they do not turn `app-activity` into `failed-vpn-login`;
 * - `outlier`: a parser listed under three or more event types, all but this one
 *   hanging together by their words (a data type fanned out to its family), this one
 *   sharing no word with them nor with the parser (`file-operations` under `file-read`,
 *   `file-write` and `local-logon`);
 * - `alone`: the parser is listed under this event type only, which neither equals nor
 *   contains its DataType; weaker the more often the library as a whole lists parsers
 *   of that DataType under that event type (a pairing the library makes everywhere is
 *   more likely an event builder's than a slip).
 *
 * A parser whose name spells out the event type it is listed under (or a part of it,
 * or the event type is what the Windows event ID in its name is) is taken to fit; so
 * is a DataType → event type pair the configuration allows.
 */
import {activityOf, activityWords, containsWords, contradictions, isOutcomeWord, namedEventTypes, saysDetection, withoutOutcome, words} from './activity.js'
import type {LibraryStats, ListedParser, ProductListing} from './library-stats.js'

export type SignalKind = 'datatype' | 'name' | 'displaced' | 'one-outcome' | 'alone' | 'not-alert' | 'unrelated-failure' | 'outlier'

export interface Signal {
  kind: SignalKind
  confidence: number
  /** Why, in words for a message. */
  because: string
}

export interface Assessment {
  /** Combined confidence that the parser does not belong under the event type (0 when nothing speaks against it). */
  confidence: number
  signals: Signal[]
  /** Event types of the same product the parser fits better, best first (at most three). */
  better: string[]
}

export const confidences = {
  datatype: 0.9,
  name: 0.8,
  displaced: 0.85,
  /** Displaced from an event type named like the DataType but for a source prefix or qualifiers. */
  displacedNamed: 0.8,
  'one-outcome': 0.6,
  alone: 0.75,
  'not-alert': 0.8,
  'unrelated-failure': 0.7,
  outlier: 0.6
} as const

export interface FitInput {
  eventType: string
  /** The parser as listed (name from its page, else the link text). */
  parser: ListedParser
  linkText: string
  listing: ProductListing
  stats: LibraryStats
  /** Extra DataType → event types pairs to accept. */
  allow: ReadonlyMap<string, ReadonlySet<string>>
}

const activityCache = new Map<string, ReturnType<typeof activityOf>>()
function activity(name: string) {
  let found = activityCache.get(name)
  if (!found) activityCache.set(name, (found = activityOf(activityWords(name))))
  return found
}

export function assessListing({eventType, parser, linkText, listing, stats, allow}: FitInput): Assessment {
  const name = parser.name ?? linkText
  const dataType = parser.dataType
  const listedUnder = listing.eventTypesOf.get(parser.key) ?? new Set([eventType])
  const target = activity(eventType)
  const allowed = dataType !== null && (allow.get(dataType)?.has(eventType) ?? false)
  const signals: Signal[] = []

  if (dataType && !allowed) {
    const against = contradictions(activity(dataType), target)
    if (against.length > 0) {
      signals.push({kind: 'datatype', confidence: confidences.datatype, because: `its DataType \`${dataType}\` says ${against.join(', ')}`})
    }
  }
  if (signals.length === 0) {
    const fromName = activity(name)
    const against = contradictions(fromName, target)
    // A generic parser named after one action (`…-file-write-1`, DataType
    // `file-operations`) and fanned out to its siblings, among them the one its name
    // fits, is an event builder's doing; an outcome or direction is never excused so.
    const actionOnly = against.length === 1 && fromName.action !== null && target.action !== null && fromName.action !== target.action
    const fitsAnother = [...listedUnder].some((other) => other !== eventType && contradictions(fromName, activity(other)).length === 0)
    if (against.length > 0 && !(actionOnly && fitsAnother)) {
      signals.push({kind: 'name', confidence: confidences.name, because: `its name says ${against.join(', ')}`})
    }
  }

  const named = namedEventTypes(name, stats.eventTypes)
  // The name spells out this event type, or one it contains or is contained in, unless
  // the two differ by an outcome (`app-login` in the name does not fit `failed-app-login`).
  const nameFits =
    named.some(
      (n) =>
        n === eventType ||
        ((containsWords(eventType, n) || containsWords(n, eventType)) && !outcomeVariant(eventType, n) && !outcomeVariant(n, eventType))
    ) ||
    // or, read with its Windows event ID, spells it out (`raw-4662`: directory service access → `ds-access`)
    containsWords(activityWords(name).slice(words(name).length).join(' '), eventType)
  // Event types of this product named like the DataType but for a source prefix or
  // qualifiers (`windows-failed-logon` → `failed-logon`), when none is named exactly.
  let home = dataType && !listing.parsersOf.has(dataType) ? namedLike(dataType, listing, stats) : []
  let homeFrom = 'named like its DataType'
  if (dataType && home.length === 0 && !listing.parsersOf.has(dataType)) {
    // Failing that, the event type the Windows event ID in its name is, word for word
    // (`raw-4719`: audit policy change → `audit-policy-change`).
    const described = activityWords(name).slice(words(name).length).join('-')
    if (described !== '' && listing.parsersOf.has(described)) [home, homeFrom] = [[described], 'the Windows event its name carries']
  }
  if (dataType && dataType !== eventType && !nameFits && !allowed) {
    const ownGroup = listing.parsersOf.get(dataType)
    if (ownGroup && !ownGroup.has(parser.key)) {
      signals.push({
        kind: 'displaced',
        confidence: confidences.displaced,
        because: `this product lists \`${dataType}\` (its DataType) without it`
      })
    } else if (home.length > 0 && !home.includes(eventType) && home.every((h) => !listing.parsersOf.get(h)!.has(parser.key))) {
      signals.push({
        kind: 'displaced',
        confidence: confidences.displacedNamed,
        because: `this product lists ${list(home)} (${homeFrom}) without it`
      })
    } else if (listedUnder.size === 1 && outcomeVariant(eventType, dataType) && !activity(name).outcome && !activity(dataType).outcome) {
      signals.push({
        kind: 'one-outcome',
        confidence: confidences['one-outcome'],
        because: `a parser of \`${dataType}\` events of either outcome is listed under \`${eventType}\` only`
      })
    } else if (!containsWords(eventType, dataType) && !containsWords(dataType, eventType) && !home.includes(eventType) && listedUnder.size === 1) {
      const {products, of} = stats.pairing(dataType, eventType)
      const share = of === 0 ? 0 : products / of
      signals.push({
        kind: 'alone',
        confidence: confidences.alone - 0.5 * share,
        because: `it is listed under no other event type, and its DataType \`${dataType}\` is listed under \`${eventType}\` on ${products} of the ${of} products with \`${dataType}\` parsers`
      })
    }
  }

  if (dataType && !allowed) {
    // An alert event type comes from a product's detections; a parser of plain
    // activity (a logon, a file read) cannot produce one.
    if (saysDetection(eventType) && !saysDetection(dataType) && !saysDetection(name)) {
      signals.push({
        kind: 'not-alert',
        confidence: confidences['not-alert'],
        because: `\`${eventType}\` is an alert, and neither its DataType nor its name says alert or detection`
      })
    }
    // A failed event type of another activity than the parser's: an event builder
    // splits a data type by outcome (`web-activity` → `web-activity-denied`), it does
    // not turn `app-activity` records into `failed-vpn-login`s.
    const base = withoutOutcome(eventType).join('-')
    // `login` and `logon` are one word spelt two ways (`failed-logon`, `ssh-login`).
    const spelt = (x: string) => words(x).map((w) => (w === 'login' ? 'logon' : w)).join('-')
    if (
      target.outcome === 'failed' &&
      base !== '' &&
      activity(name).outcome === null &&
      activity(dataType).outcome === null &&
      !containsWords(spelt(base), spelt(dataType)) &&
      !containsWords(spelt(dataType), spelt(base)) &&
      !containsWords(spelt(name), spelt(base))
    ) {
      signals.push({
        kind: 'unrelated-failure',
        confidence: confidences['unrelated-failure'],
        because: `neither its DataType nor its name says failed, and its DataType is not \`${base}\` activity`
      })
    }
  }

  if (dataType && !allowed && listedUnder.size >= 3 && outlier(eventType, dataType, name, listedUnder)) {
    signals.push({
      kind: 'outlier',
      confidence: confidences.outlier,
      because: `it is listed under ${listedUnder.size - 1} other event types that hang together, and \`${eventType}\` shares no word with them, its DataType or its name`
    })
  }

  const confidence = 1 - signals.reduce((rest, s) => rest * (1 - s.confidence), 1)
  return {confidence, signals, better: signals.length > 0 ? betterFits(eventType, parser, name, [...home, ...named], listing) : []}
}

/**
 * Whether `eventType` is the odd one out among the event types a parser is listed
 * under: an event builder fans one data type out to a family of event types
 * (`file-operations` to `file-read`, `file-write`, `file-delete`), so with the others
 * each sharing a word with the parser or with one another, an event type sharing no
 * word with any of them, nor with the parser's DataType or name (read with its Windows
 * event ID), is a slip (`local-logon` among them). Outcome words do not count.
 */
function outlier(eventType: string, dataType: string, name: string, listedUnder: ReadonlySet<string>): boolean {
  const own = new Set([...activityWords(dataType), ...activityWords(name)])
  const mine = withoutOutcome(eventType)
  if (mine.length === 0 || mine.some((w) => own.has(w))) return false
  const others = [...listedUnder].filter((o) => o !== eventType).map((o) => new Set(withoutOutcome(o)))
  if (others.some((o) => mine.some((w) => o.has(w)))) return false
  return others.every((o, i) => [...o].some((w) => own.has(w) || others.some((p, j) => j !== i && p.has(w))))
}

const list = (names: string[]) => names.map((n) => `\`${n}\``).join(', ')

const vocabularies = new WeakMap<LibraryStats, Set<string>>()
/** Every word of every event type of the library. */
function vocabulary(stats: LibraryStats): Set<string> {
  let found = vocabularies.get(stats)
  if (!found) {
    found = new Set()
    for (const eventType of stats.eventTypes) for (const w of words(eventType)) found.add(w)
    vocabularies.set(stats, found)
  }
  return found
}

/**
 * The product's event types whose words include the DataType's, in order and
 * together, once a leading source word no event type of the library uses is set aside
 * (`windows-failed-logon` → `failed-logon`, `windows-password-reset` →
 * `account-password-reset`): at least two words must remain, so that a bare `login`
 * does not name every login event type. Those with the fewest extra words, or none.
 */
function namedLike(dataType: string, listing: ProductListing, stats: LibraryStats): string[] {
  const known = vocabulary(stats)
  let core = words(dataType)
  if (core.length > 0 && !known.has(core[0]!)) core = core.slice(1)
  if (core.length < 2 || !core.every((w) => known.has(w))) return []
  let best: string[] = []
  let fewest = Infinity
  for (const eventType of listing.parsersOf.keys()) {
    if (!containsWords(eventType, core.join('-'))) continue
    const extra = words(eventType).length - core.length
    if (extra < fewest) [best, fewest] = [[eventType], extra]
    else if (extra === fewest) best.push(eventType)
  }
  return best
}

/**
 * Whether `eventType` is `dataType` with an outcome added (`vpn-login` →
 * `failed-vpn-login`, `network-connection` → `network-connection-successful`).
 */
function outcomeVariant(eventType: string, dataType: string): boolean {
  if (!containsWords(eventType, dataType)) return false
  const extra = words(eventType).filter((w) => !words(dataType).includes(w))
  return extra.length > 0 && extra.every((w) => activityOf([w]).outcome !== null)
}

/** Event types of the product the parser fits better than `eventType`. */
function betterFits(eventType: string, parser: ListedParser, name: string, named: string[], listing: ProductListing): string[] {
  const own = activity(parser.dataType ? `${parser.dataType} ${name}` : name)
  const onPage = [...listing.parsersOf.keys()].filter((x) => x !== eventType && contradictions(own, activity(x)).length === 0)
  const out: string[] = []
  const add = (x: string) => {
    if (!out.includes(x) && out.length < 3) out.push(x)
  }
  // Its own DataType, then event types its name spells out.
  if (parser.dataType && onPage.includes(parser.dataType)) add(parser.dataType)
  for (const x of named) if (onPage.includes(x)) add(x)
  // The event type with the same words but the parser's outcome or action (`app-login` → `failed-app-login`).
  const base = new Set(words(eventType))
  for (const x of onPage) {
    const act = activity(x)
    const shares = words(x).some((w) => base.has(w) && w.length > 2 && !isOutcomeWord(w))
    if (shares && ((own.outcome && act.outcome === own.outcome) || (own.action && act.action === own.action))) add(x)
  }
  // Failing those, where the product lists other parsers of the same DataType.
  if (out.length === 0 && parser.dataType) {
    for (const x of onPage) {
      const keys = listing.parsersOf.get(x)!
      if ([...keys].some((k) => k !== parser.key && listing.parsers.get(k)?.dataType === parser.dataType)) add(x)
    }
  }
  return out
}
