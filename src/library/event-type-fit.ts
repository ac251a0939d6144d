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
import {type Activity, activityOf, activityWords, containsWords, contradictions, isOutcomeWord, namedEventTypes, saysDetection, withoutOutcome, words} from './activity.js'
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

/**
 * How likely `parser` does not belong under `eventType` on this product: the signals
 * of the module comment that speak against it, combined, and where it fits better.
 */
export function assessListing({eventType, parser, linkText, listing, stats, allow}: FitInput): Assessment {
  const dataType = parser.dataType
  const listed: Listed = {
    eventType,
    parser,
    name: parser.name ?? linkText,
    dataType,
    listedUnder: listing.eventTypesOf.get(parser.key) ?? new Set([eventType]),
    target: activity(eventType),
    allowed: dataType !== null && (allow.get(dataType)?.has(eventType) ?? false),
    listing,
    stats
  }
  const named = namedEventTypes(listed.name, stats.eventTypes)
  const home = homeOf(listed)
  const signals = [
    // The name is only read for a contradiction when the DataType shows none.
    dataTypeContradiction(listed) ?? nameContradiction(listed),
    displacement(listed, nameFits(listed, named), home),
    notAlert(listed),
    unrelatedFailure(listed),
    outlierSignal(listed)
  ].filter((signal): signal is Signal => signal !== null)

  const confidence = 1 - signals.reduce((rest, s) => rest * (1 - s.confidence), 1)
  return {confidence, signals, better: signals.length > 0 ? betterFits(eventType, parser, listed.name, [...home.eventTypes, ...named], listing) : []}
}

/** One listing of a parser under an event type, with what every signal reads of it. */
interface Listed {
  eventType: string
  parser: ListedParser
  /** The parser's name as listed. */
  name: string
  dataType: string | null
  /** The event types the product lists the parser under, this one among them. */
  listedUnder: ReadonlySet<string>
  /** The event type's activity. */
  target: Activity
  /** The configuration accepts the DataType under this event type: no DataType signal applies. */
  allowed: boolean
  listing: ProductListing
  stats: LibraryStats
}

/** Event types of the product the parser's DataType (or name) says it belongs under, and how it says so. */
interface Home {
  eventTypes: string[]
  from: string
}

/** `datatype`: the DataType's words contradict the event type's. */
function dataTypeContradiction({dataType, allowed, target}: Listed): Signal | null {
  if (!dataType || allowed) return null
  const against = contradictions(activity(dataType), target)
  if (against.length === 0) return null
  return {kind: 'datatype', confidence: confidences.datatype, because: `its DataType \`${dataType}\` says ${against.join(', ')}`}
}

/** `name`: the parser's name contradicts the event type, unless the product also lists it where its name fits. */
function nameContradiction({eventType, name, listedUnder, target}: Listed): Signal | null {
  const fromName = activity(name)
  const against = contradictions(fromName, target)
  // A generic parser named after one action (`…-file-write-1`, DataType
  // `file-operations`) and fanned out to its siblings, among them the one its name
  // fits, is an event builder's doing; an outcome or direction is never excused so.
  const actionOnly = against.length === 1 && fromName.action !== null && target.action !== null && fromName.action !== target.action
  const fitsAnother = [...listedUnder].some((other) => other !== eventType && contradictions(fromName, activity(other)).length === 0)
  if (against.length === 0 || (actionOnly && fitsAnother)) return null
  return {kind: 'name', confidence: confidences.name, because: `its name says ${against.join(', ')}`}
}

/** Whether the parser's name spells out the event type it is listed under (`named`: the event types its name spells out). */
function nameFits({eventType, name}: Listed, named: readonly string[]): boolean {
  return (
    // The name spells out this event type, or one it contains or is contained in, unless
    // the two differ by an outcome (`app-login` in the name does not fit `failed-app-login`).
    named.some(
      (n) =>
        n === eventType ||
        ((containsWords(eventType, n) || containsWords(n, eventType)) && !outcomeVariant(eventType, n) && !outcomeVariant(n, eventType))
    ) ||
    // or, read with its Windows event ID, spells it out (`raw-4662`: directory service access → `ds-access`)
    containsWords(activityWords(name).slice(words(name).length).join(' '), eventType)
  )
}

/**
 * Where the parser would be at home when the product has no event type named exactly
 * like its DataType: event types named like the DataType but for a source prefix or
 * qualifiers (`windows-failed-logon` → `failed-logon`), else the one the Windows event
 * ID in its name is, word for word (`raw-4719`: audit policy change → `audit-policy-change`).
 */
function homeOf({dataType, name, listing, stats}: Listed): Home {
  const home: Home = {eventTypes: [], from: 'named like its DataType'}
  if (!dataType || listing.parsersOf.has(dataType)) return home
  home.eventTypes = namedLike(dataType, listing, stats)
  if (home.eventTypes.length === 0) {
    const described = activityWords(name).slice(words(name).length).join('-')
    if (described !== '' && listing.parsersOf.has(described)) [home.eventTypes, home.from] = [[described], 'the Windows event its name carries']
  }
  return home
}

/**
 * `displaced`, `one-outcome` or `alone` (the first that applies): the product lists the
 * parser away from where its DataType belongs, under one outcome only, or under this
 * event type alone. None when the name fits the event type.
 */
function displacement(listed: Listed, fitsByName: boolean, home: Home): Signal | null {
  const {eventType, parser, name, dataType, listedUnder, listing, stats} = listed
  if (!dataType || dataType === eventType || fitsByName || listed.allowed) return null
  const ownGroup = listing.parsersOf.get(dataType)
  if (ownGroup && !ownGroup.has(parser.key)) {
    return {
      kind: 'displaced',
      confidence: confidences.displaced,
      because: `this product lists \`${dataType}\` (its DataType) without it`
    }
  }
  if (home.eventTypes.length > 0 && !home.eventTypes.includes(eventType) && home.eventTypes.every((h) => !listing.parsersOf.get(h)!.has(parser.key))) {
    return {
      kind: 'displaced',
      confidence: confidences.displacedNamed,
      because: `this product lists ${list(home.eventTypes)} (${home.from}) without it`
    }
  }
  if (listedUnder.size === 1 && outcomeVariant(eventType, dataType) && !activity(name).outcome && !activity(dataType).outcome) {
    return {
      kind: 'one-outcome',
      confidence: confidences['one-outcome'],
      because: `a parser of \`${dataType}\` events of either outcome is listed under \`${eventType}\` only`
    }
  }
  if (!containsWords(eventType, dataType) && !containsWords(dataType, eventType) && !home.eventTypes.includes(eventType) && listedUnder.size === 1) {
    const {products, of} = stats.pairing(dataType, eventType)
    const share = of === 0 ? 0 : products / of
    return {
      kind: 'alone',
      confidence: confidences.alone - 0.5 * share,
      because: `it is listed under no other event type, and its DataType \`${dataType}\` is listed under \`${eventType}\` on ${products} of the ${of} products with \`${dataType}\` parsers`
    }
  }
  return null
}

/**
 * `not-alert`: an alert event type comes from a product's detections; a parser of plain
 * activity (a logon, a file read) cannot produce one.
 */
function notAlert({eventType, name, dataType, allowed}: Listed): Signal | null {
  if (!dataType || allowed) return null
  if (!saysDetection(eventType) || saysDetection(dataType) || saysDetection(name)) return null
  return {
    kind: 'not-alert',
    confidence: confidences['not-alert'],
    because: `\`${eventType}\` is an alert, and neither its DataType nor its name says alert or detection`
  }
}

/**
 * `unrelated-failure`: a failed event type of another activity than the parser's. An
 * event builder splits a data type by outcome (`web-activity` → `web-activity-denied`),
 * it does not turn `app-activity` records into `failed-vpn-login`s.
 */
function unrelatedFailure({eventType, name, dataType, allowed, target}: Listed): Signal | null {
  if (!dataType || allowed) return null
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
    return {
      kind: 'unrelated-failure',
      confidence: confidences['unrelated-failure'],
      because: `neither its DataType nor its name says failed, and its DataType is not \`${base}\` activity`
    }
  }
  return null
}

/** `outlier`: the event type is the odd one out among the three or more the parser is listed under (see outlier()). */
function outlierSignal({eventType, name, dataType, allowed, listedUnder}: Listed): Signal | null {
  if (!dataType || allowed || listedUnder.size < 3 || !outlier(eventType, dataType, name, listedUnder)) return null
  return {
    kind: 'outlier',
    confidence: confidences.outlier,
    because: `it is listed under ${listedUnder.size - 1} other event types that hang together, and \`${eventType}\` shares no word with them, its DataType or its name`
  }
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
