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
 *   against its event types);
 * - `alone`: the parser is listed under this event type only, which neither equals nor
 *   contains its DataType; weaker the more often the library as a whole lists parsers
 *   of that DataType under that event type (a pairing the library makes everywhere is
 *   more likely an event builder's than a slip).
 *
 * A parser whose name spells out the event type it is listed under (or a part of it)
 * is taken to fit; so is a DataType → event type pair the configuration allows.
 */
import {activityOf, activityWords, containsWords, contradictions, namedEventTypes, words} from './activity.js'
import type {LibraryStats, ListedParser, ProductListing} from './library-stats.js'

export type SignalKind = 'datatype' | 'name' | 'displaced' | 'one-outcome' | 'alone'

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

export const confidences = {datatype: 0.9, name: 0.8, displaced: 0.85, 'one-outcome': 0.6, alone: 0.75} as const

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
  const nameFits = named.some(
    (n) =>
      n === eventType ||
      ((containsWords(eventType, n) || containsWords(n, eventType)) && !outcomeVariant(eventType, n) && !outcomeVariant(n, eventType))
  )
  if (dataType && dataType !== eventType && !nameFits && !allowed) {
    const ownGroup = listing.parsersOf.get(dataType)
    if (ownGroup && !ownGroup.has(parser.key)) {
      signals.push({
        kind: 'displaced',
        confidence: confidences.displaced,
        because: `this product lists \`${dataType}\` (its DataType) without it`
      })
    } else if (listedUnder.size === 1 && outcomeVariant(eventType, dataType) && !activity(name).outcome && !activity(dataType).outcome) {
      signals.push({
        kind: 'one-outcome',
        confidence: confidences['one-outcome'],
        because: `a parser of \`${dataType}\` events of either outcome is listed under \`${eventType}\` only`
      })
    } else if (!containsWords(eventType, dataType) && !containsWords(dataType, eventType) && listedUnder.size === 1) {
      const {products, of} = stats.pairing(dataType, eventType)
      const share = of === 0 ? 0 : products / of
      signals.push({
        kind: 'alone',
        confidence: confidences.alone - 0.5 * share,
        because: `it is listed under no other event type, and its DataType \`${dataType}\` is listed under \`${eventType}\` on ${products} of the ${of} products with \`${dataType}\` parsers`
      })
    }
  }

  const confidence = 1 - signals.reduce((rest, s) => rest * (1 - s.confidence), 1)
  return {confidence, signals, better: signals.length > 0 ? betterFits(eventType, parser, name, named, listing) : []}
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
    const shares = words(x).some((w) => base.has(w) && w.length > 2)
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
