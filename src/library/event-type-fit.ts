/**
 * Whether a parser can produce the event type a product lists it under: the judgement
 * behind the `event-type-parser` rule, kept apart from the rule so that the
 * measurement script (`npm run eval:event-type-parser`) runs exactly the same logic.
 *
 * What a parser reads is told by its family (`parser-family.ts`: its DataType until
 * 2021, else the activity type or event type its name spells out), its name's words and
 * its `Conditions`. Event builders turn one family into several event types
 * (`file-operations` into `file-read`, `file-write`, …), so equality is not the test;
 * these signals are, each with a confidence:
 *
 * - `datatype`: the DataType's words contradict the event type's (a `failed-app-login`
 *   parser under `app-login`; `member-removed` under `member-added`; Windows 4726, an
 *   account deletion, under `account-creation`);
 * - `name`: the parser's name contradicts the event type (`…-authsuccess` under
 *   `authentication-failed`, `…-file-delete-1` under `file-write`), unless the product
 *   also lists the parser under an event type its name fits (a generic parser fanned
 *   out by an event builder);
 * - `displaced`: the product has an event type named like the parser's family but does
 *   not list the parser there, while listing it here (the shape of a list shifted
 *   against its event types). Named like: equal to the family, or else holding its
 *   words once a source prefix no event type uses is set aside (`windows-failed-logon`
 *   → `failed-logon`), or else, word for word, the Windows event ID in the parser's
 *   name (`raw-4719` → `audit-policy-change`);
 * - `not-alert`: an alert event type (`security-alert`, `dlp-alert`) lists a parser
 *   whose family, name and conditions say nothing of an alert or detection;
 * - `unrelated-failure`: a failed event type lists a parser whose family, name and
 *   conditions say nothing of an outcome and whose family is not that event type's
 *   activity (`web-activity` → `web-activity-denied` is an event builder's split;
 *   `app-activity` → `failed-vpn-login` is not);
 * - `outlier`: a parser listed under three or more event types, all but this one
 *   hanging together by their words, this one sharing no word with them nor with the
 *   parser (`file-operations` under `file-read`, `file-write` and `local-logon`);
 * - `odd-row`: the product's other rows list the same line without the parser (the
 *   generator lists the same parsers under a line in every row that has it);
 * - `unpaired`: the other products of the library do not list parsers of this family
 *   under this event type. For a parser listed here under this event type only, weaker
 *   the more of them do; for one also listed under an event type it fits, only when
 *   none does (a parser copied under a second, foreign event type).
 *
 * A parser whose name spells out the event type it is listed under (or a part of it,
 * or the event type is what the Windows event ID in its name is) is taken to fit; so
 * is a pair the configuration allows, and one whose `Conditions` say the event type's
 * words and outcome without contradicting it (`Download file` under `file-download`):
 * then only a contradiction of its DataType or name speaks against it.
 */
import {type Activity, activityOf, activityWords, containsWords, contradictions, isOutcomeWord, namedEventTypes, saysDetection, withoutOutcome, words} from './activity.js'
import {type LibraryStats, type ListedParser, type ProductListing, rowsSayingParsersOf} from './library-stats.js'
import {familyWords} from './parser-family.js'

export type SignalKind = 'activity' | 'datatype' | 'name' | 'conditions' | 'displaced' | 'unpaired' | 'not-alert' | 'alert-as-activity' | 'unrelated-failure' | 'outlier' | 'odd-row'

export interface Signal {
  kind: SignalKind
  confidence: number
  /** Why, in a few words for the finding's reason. */
  because: string
  /** The evidence behind it, for the finding's note. */
  evidence: string
}

export interface Assessment {
  /** Combined confidence that the parser does not belong under the event type (0 when nothing speaks against it). */
  confidence: number
  signals: Signal[]
  /** Event types of the same product the parser fits better, best first (at most three). */
  better: string[]
}

export const confidences = {
  activity: 0.8,
  datatype: 0.9,
  name: 0.8,
  /** The Conditions say the other outcome. */
  conditions: 0.8,
  displaced: 0.85,
  /** Displaced from an event type named like the family but for a source prefix or qualifiers. */
  displacedNamed: 0.8,
  /** A parser listed here under this event type alone, less half the share of other products pairing its family so. */
  unpaired: 0.75,
  /** A parser also listed where it fits, that no other product lists under this event type. */
  unpairedCopy: 0.6,
  'not-alert': 0.8,
  'alert-as-activity': 0.6,
  'unrelated-failure': 0.7,
  outlier: 0.6,
  'odd-row': 0.8
} as const

export interface FitInput {
  eventType: string
  /** The activity of the group's activity type line (`app-login` of `app-login:success (app-login)`; since 2023), or null. */
  activity?: string | null
  /** The group's line as the listing counts its rows (`lineKey`). */
  line: string
  /** The parser as listed (name from its page, else the link text). */
  parser: ListedParser
  linkText: string
  listing: ProductListing
  stats: LibraryStats
  /** The product folder (relative to the root), left out of the library's counts when judging it. */
  folder: string
  /** Extra DataType → event types pairs to accept. */
  allow: ReadonlyMap<string, ReadonlySet<string>>
}

const activityCache = new Map<string, Activity>()
function activity(name: string): Activity {
  let found = activityCache.get(name)
  if (!found) activityCache.set(name, (found = activityOf(activityWords(name))))
  return found
}

/** One listing of a parser under an event type, with what every signal reads of it. */
interface Listed {
  eventType: string
  parser: ListedParser
  /** The parser's name as listed. */
  name: string
  dataType: string | null
  /** The parser's family, as words (`file-operations`, `user-delete`), or null. */
  family: string | null
  /** The family as the library counts it (`a:user-delete`), or null. */
  familyKey: string | null
  /** The event types the product lists the parser under, this one among them. */
  listedUnder: ReadonlySet<string>
  /** The event type's activity. */
  target: Activity
  /** The configuration accepts the DataType under this event type: no DataType signal applies. */
  allowed: boolean
  /** The parser's Conditions say what the event type says: only contradictions speak against it. */
  excused: boolean
  /** Its conditions' text, lower case. */
  conditions: string
  listing: ProductListing
  stats: LibraryStats
  folder: string
  /** The group's activity (see FitInput), or null. */
  activity: string | null
  /** Under a catch-all line (see `underCatchAllLine`); read once, several signals ask. */
  catchAllLine: boolean
  /** The group's line (see FitInput). */
  line: string
}

/** Event types of the product the parser's family (or name) says it belongs under, and how it says so. */
interface Home {
  eventTypes: string[]
  from: string
}

/**
 * How likely `parser` does not belong under `eventType` on this product: the signals
 * of the module comment that speak against it, combined, and where it fits better.
 */
export function assessListing(input: FitInput): Assessment {
  const listed = listedOf(input)
  const named = namedEventTypes(listed.name, input.stats.eventTypes)
  const home = homeOf(listed)
  const signals = [
    // The name is only read for a contradiction when the DataType shows none, the conditions when neither does.
    activityMismatch(listed) ?? dataTypeContradiction(listed) ?? nameContradiction(listed) ?? conditionsContradiction(listed),
    (activityFits(listed) ? null : displacement(listed, home)) ?? (listed.excused ? null : unpaired(listed, nameFits(listed, named), home)),
    ...(listed.excused ? [] : [notAlert(listed), alertAsActivity(listed), unrelatedFailure(listed), outlierSignal(listed), oddRow(listed, named)])
  ].filter((signal): signal is Signal => signal !== null)
  const confidence = 1 - signals.reduce((rest, s) => rest * (1 - s.confidence), 1)
  return {confidence, signals, better: signals.length > 0 ? betterFits(listed, [...home.eventTypes, ...named]) : []}
}

function listedOf({eventType, activity: groupActivity, line, parser, linkText, listing, stats, folder, allow}: FitInput): Listed {
  const familyKey = stats.familyOf(parser)
  const listed: Listed = {
    eventType,
    parser,
    name: parser.name ?? linkText,
    dataType: parser.dataType,
    family: familyKey ? familyWords(familyKey) : null,
    familyKey,
    listedUnder: listing.eventTypesOf.get(parser.key) ?? new Set([eventType]),
    target: activity(eventType),
    allowed: parser.dataType !== null && (allow.get(parser.dataType)?.has(eventType) ?? false),
    excused: false,
    conditions: conditionValues(parser.conditions),
    listing,
    stats,
    folder,
    activity: groupActivity ?? null,
    catchAllLine: false,
    line
  }
  listed.excused = activityFits(listed) || conditionsSay(listed)
  listed.catchAllLine = underCatchAllLine(listed)
  return listed
}

/**
 * Since 2023 a group's line names its activity: a parser whose name spells out that same
 * activity (`…-endpoint-login-fail-…` under `endpoint-login:fail (authentication-failed)`)
 * is where the generator's own naming puts it; only a contradiction of its name speaks
 * against it.
 */
function activityFits({activity, family, familyKey}: Listed): boolean {
  return activity !== null && family === activity && familyKey?.startsWith('a:') === true
}

/**
 * The conditions' text without the field names they test (`"failure_reason":"`,
 * `status=`), lower case: a field's name says what it holds, not what this parser's
 * lines say (`TCP_DENIED/` does).
 */
function conditionValues(conditions: readonly string[]): string {
  return conditions
    .join(' ')
    .replace(/"[\w.-]+"\s*:|\b[\w.-]+\s*=/g, ' ')
    .toLowerCase()
}

/**
 * `login` and `logon` are one word spelt two ways (`failed-logon`, `ssh-login`); an
 * `authentication` is a logon attempt (`app-authentication` parsers under
 * `endpoint-login` lines, on most products that have both).
 */
const logonWords = new Set(['login', 'authentication'])
const spelt = (x: string) => words(x).map((w) => (logonWords.has(w) ? 'logon' : w))

/**
 * Whether the parser's Conditions say the event type: every word of it (outcome words
 * aside) said by them or the family, at least one of those words or its outcome said
 * by the conditions themselves, its outcome said by them or the name, and nothing in
 * them contradicting it (`Download file` under `file-download`; sshd's `Failed` lines
 * of an `ssh-login` parser under `failed-logon`).
 */
function conditionsSay({eventType, name, family, conditions, target}: Listed): boolean {
  if (conditions === '') return false
  const has = (set: ReadonlySet<string>) => (w: string) => set.has(w) || set.has(stem(w))
  const own = new Set(spelt(conditions).flatMap((w) => [w, stem(w)]))
  const said = new Set([...own, ...spelt(family ?? '').flatMap((w) => [w, stem(w)])])
  const needed = spelt(eventType).filter((w) => !isOutcomeWord(w))
  if (needed.length === 0 || !needed.every(has(said))) return false
  const fromConditions = activityOf(activityWords(conditions))
  if (!needed.some(has(own)) && !(target.outcome && fromConditions.outcome === target.outcome)) return false
  if (target.outcome && activityOf([...activityWords(conditions), ...activityWords(name)]).outcome !== target.outcome) return false
  return contradictions(fromConditions, target).length === 0
}

/**
 * `conditions`, read as `name`: the parser reads only lines whose words say the other
 * outcome (`Agent login succeeded` under `failed-vpn-login`). Only the outcome: the
 * conditions' other words are often field names (`"logon id:"`), not what happened.
 */
function conditionsContradiction({conditions, target}: Listed): Signal | null {
  const outcome = activityOf(activityWords(conditions)).outcome
  if (!outcome || !target.outcome || outcome === target.outcome) return null
  return {kind: 'conditions', confidence: confidences.conditions, because: `its conditions say ${outcome}`, evidence: `its Conditions say ${outcome}`}
}

/** A word without a plural or past ending (`files` → `file`, `deleted` → `delet`, `delete` → `delet`). */
function stem(word: string): string {
  return word.replace(/(?:es|s|ed|e|ing)$/, '')
}

/**
 * `activity`: since 2023 a group's line names its activity type (`file-write:success
 * (file-write)`) and a parser's name spells out the activity it reads (its family,
 * `…-app-login-success-…`). Another activity, about another thing (see
 * `sharesThing`), that other products do not pair so: the parser is listed in the
 * wrong group (an app login parser under file writes).
 */
function activityMismatch(listed: Listed): Signal | null {
  const {activity, familyKey, family, stats, folder} = listed
  if (!activity || !familyKey?.startsWith('a:') || !family || family === activity) return null
  if (sharesThing(activity, family)) return null
  // A catch-all family (`app-activity` parsers, named like a catch-all event type) names
  // no one activity; a catch-all line takes any. Not the family's spread over event
  // types: the generator maps one activity to several (`app-login` to `app-login`,
  // `authentication-successful`…), so every common activity would count as generic.
  if (isCatchAll(family, listed) || listed.catchAllLine) return null
  // Other products list the family under this event type: their names differ, not their
  // activity (`app-authentication` parsers under `endpoint-login:success (authentication-successful)`).
  if (pairedElsewhere(listed, familyKey)) return null
  return {
    kind: 'activity',
    confidence: confidences.activity,
    because: `its name says \`${family}\`, the line says \`${activity}\``,
    evidence: `its name spells out the activity \`${family}\`${listed.listing.activities.has(family) ? ', which this product lists elsewhere' : ''}; this line's activity is \`${activity}\``
  }
}

/** `datatype`: the DataType's words contradict the event type's. */
function dataTypeContradiction({dataType, allowed, target}: Listed): Signal | null {
  if (!dataType || allowed) return null
  const against = contradictions(activity(dataType), target)
  if (against.length === 0) return null
  return {kind: 'datatype', confidence: confidences.datatype, because: `its DataType \`${dataType}\` says ${against.join(', ')}`, evidence: `DataType \`${dataType}\` says ${against.join(', ')}`}
}

/** `name`: the parser's name contradicts the event type, unless the product also lists it where its name fits. */
function nameContradiction({eventType, name, listedUnder, target}: Listed): Signal | null {
  const fromName = activity(name)
  const against = contradictions(fromName, target)
  // A generic parser named after one action (`…-file-write-1`, DataType
  // `file-operations`) and fanned out to its siblings, among them the one its name
  // fits, is an event builder's doing; an outcome or direction is never excused so.
  // A Windows event ID names one event (`4723`: a password change): an action read from
  // it is not excused so. Logons aside: 4624 carries a logon type (interactive, network,
  // unlock…) an event builder fans out to the logon event types, `workstation-unlocked` among them.
  const actionFromEventId = activityOf(words(name)).action !== fromName.action && fromName.action !== 'start'
  const actionOnly = against.length === 1 && fromName.action !== null && target.action !== null && fromName.action !== target.action && !actionFromEventId
  const fitsAnother = [...listedUnder].some((other) => other !== eventType && contradictions(fromName, activity(other)).length === 0)
  if (against.length === 0 || (actionOnly && fitsAnother)) return null
  return {kind: 'name', confidence: confidences.name, because: `its name says ${against.join(', ')}`, evidence: `the name says ${against.join(', ')}`}
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
 * like its family: event types named like the family but for a source prefix or
 * qualifiers (`windows-failed-logon` → `failed-logon`), else the one the Windows event
 * ID in its name is, word for word (`raw-4719`: audit policy change → `audit-policy-change`).
 */
function homeOf({family, name, listing, stats}: Listed): Home {
  const home: Home = {eventTypes: [], from: 'named like its family'}
  if (!family || listing.parsersOf.has(family)) return home
  home.eventTypes = namedLike(family, listing, stats)
  if (home.eventTypes.length === 0) {
    const described = activityWords(name).slice(words(name).length).join('-')
    if (described !== '' && listing.parsersOf.has(described)) [home.eventTypes, home.from] = [[described], 'the Windows event its name carries']
  }
  return home
}

/** `displaced`: the product lists the parser away from the event type named like its family. */
function displacement(listed: Listed, home: Home): Signal | null {
  const {eventType, parser, family, listing} = listed
  if (!family || family === eventType || listed.allowed || nameFits(listed, namedEventTypes(listed.name, listed.stats.eventTypes))) return null
  const ownGroup = listing.parsersOf.get(family)
  if (ownGroup && !ownGroup.has(parser.key)) {
    const because = `this product lists \`${family}\` without it`
    return {kind: 'displaced', confidence: confidences.displaced, because, evidence: `${because}, the event type named like its family`}
  }
  if (home.eventTypes.length > 0 && !home.eventTypes.includes(eventType) && home.eventTypes.every((h) => !listing.parsersOf.get(h)!.has(parser.key))) {
    const because = `this product lists ${list(home.eventTypes)} without it`
    return {kind: 'displaced', confidence: confidences.displacedNamed, because, evidence: `${because} (${home.from})`}
  }
  return null
}

/**
 * `unpaired`: the library's other products do not list parsers of this family under
 * this event type. None when the event type and the family share their words, or the
 * name fits.
 */
function unpaired(listed: Listed, fitsByName: boolean, home: Home): Signal | null {
  const {eventType, family, familyKey, listedUnder, stats, folder} = listed
  if (!family || !familyKey || fitsByName || listed.allowed || home.eventTypes.includes(eventType)) return null
  if (containsWords(eventType, family) || containsWords(family, eventType)) return null
  if (sameActivity(family, eventType)) return null
  const {products, of} = stats.pairingElsewhere(familyKey, eventType, folder)
  // No other product has parsers of the family: the library says nothing of it.
  if (of === 0) return null
  if (listed.catchAllLine) return null
  const evidence = `other products listing \`${family}\` parsers under \`${eventType}\`: ${products} of ${of}`
  if (listedUnder.size === 1) {
    const share = products / of
    // Since 2023 the group's line names the activity the generator mapped the event type
    // from, and the library's pairings are that mapping's, mostly consistent: a family
    // other products pair so in one case of ten or more is the mapping, not a slip
    // (`endpoint-authentication` parsers under `authentication-failed`: 29 of 42).
    // Nor when fewer than three other products list the family: one product's listing
    // elsewhere would judge thirty parsers of this one (2021: a Windows parser copied to
    // another product made every lone Windows listing of its family "few").
    if (of < minProductsForCopy) return null
    if (listed.activity !== null && (share >= rareShare || usualFor(listed, products))) return null
    // Half the other products or more is no "few": near the 0.4 threshold, one product
    // more or less listing so turned findings on and off (2021: `windows-account-created`
    // parsers under `account-creation`).
    if (share >= 0.5) return null
    return {kind: 'unpaired', confidence: confidences.unpaired - 0.5 * share, because: `few other products list \`${family}\` parsers so`, evidence}
  }
  const fitting = [...listedUnder].filter((other) => other !== eventType && fitsFamily(listed, other))
  // Judged under each event type it is listed under, whether it fits another or none.
  // "Few other products" says little until enough others list the family at all; "few"
  // is under one in ten, not none: another product's own slip may list it so too.
  const share = products / of
  if (share >= rareShare || of < minProductsForCopy || sharesWord(eventType, [family, listed.name, ...fitting])) return null
  // A family the library fans out to many event types (`app-activity`) may be turned into
  // one more; unless so many products list it that few listing it here says enough.
  if (stats.spreadElsewhere(familyKey, folder) >= genericSpread && of < manyProducts) return null
  // Nor a catch-all family where lines name activities (`app-activity` parsers): an event builder makes anything of those.
  if (listed.activity !== null && isCatchAll(family, listed)) return null
  const fits = fitting.length > 0 ? `; it fits ${list(fitting)} here` : ''
  const few = products === 0 ? 'no other product lists' : 'few other products list'
  return {kind: 'unpaired', confidence: confidences.unpairedCopy - share, because: `${few} \`${family}\` parsers so`, evidence: `${evidence}${fits}`}
}

/**
 * `odd-row`: the product's other rows list this line without the parser. The generator
 * maps a product's event types to parsers once, and every row that has a line lists
 * the same parsers under it (measured: 1,931 lines of the 2021 snapshot and 2,120 of
 * the 2025 one are repeated in two rows or more, with 7,055 and 9,158 parser listings,
 * none with other parsers in one row):
 * a parser under a line in fewer of its rows than the line has without it was put
 * there by hand, moved or copied from another row or product. None for a dead link
 * (`no-dead-link` speaks; a dead link to a parser the product lists by name counts as
 * that parser), and rows whose line holds another dead link are not counted (it may be
 * this parser, misspelt); none for a parser that fits by name; nor in a library whose rows differ so
 * in more than one line of ten (`LibraryStats.rowsRepeatLines`).
 */
function oddRow(listed: Listed, named: readonly string[]): Signal | null {
  const {eventType, parser, listing, line} = listed
  if (!parser.hasPage || listed.allowed || nameFits(listed, named) || !listed.stats.rowsRepeatLines()) return null
  const rows = rowsSayingParsersOf(listing, line)
  const withIt = listing.parserRows.get(line)?.get(parser.key) ?? 0
  if (withIt * 2 >= rows) return null
  const because = `other rows of this product list \`${eventType}\` without it`
  return {kind: 'odd-row', confidence: confidences['odd-row'], because, evidence: `listed under \`${eventType}\` in ${withIt} of the ${rows} rows of this product that have it`}
}

/**
 * Whether a family and an event type name the same activity of the same thing: the same
 * words but for outcomes and actions, and the same action (`vpn-start` and `vpn-login`:
 * `vpn`, started).
 */
function sameActivity(family: string, eventType: string): boolean {
  const objects = (x: string) => spelt(x).filter((w) => !isOutcomeWord(w) && activityOf([w]).action === null).sort().join('-')
  const [a, b] = [activity(family), activity(eventType)]
  return objects(family) !== '' && objects(family) === objects(eventType) && a.action === b.action && contradictions(a, b).length === 0
}

/**
 * Whether the group's line (since 2023) maps to a catch-all event type
 * (`app-activity:success (app-activity)`), one other products list parsers of many
 * families under: it takes any activity, so only a contradiction of the parser's name
 * or conditions speaks against a parser there. Only where lines name the activity: before
 * 2023 the pairings the library shows are too mixed to tell a catch-all by.
 */
function underCatchAllLine(listed: Listed): boolean {
  const {activity, eventType} = listed
  if (activity === null) return false
  // The line's own activity counts too: `app-activity:fail (app-activity-failed)` is the catch-all's failures.
  return isCatchAll(eventType, listed) || isCatchAll(activity, listed)
}

/**
 * Whether the family is one of the usual ones under the event type, seen from the event
 * type: a rare event type (`nac-logon`, on a few products) pairs with a common family
 * (`endpoint-authentication`) on few of that family's products, yet on many of its own.
 */
function usualFor({eventType, stats, folder}: Listed, products: number): boolean {
  const listing = stats.eventTypeElsewhere(eventType, folder)
  return listing > 0 && products / listing >= usualShareOfEventType
}

/** Whether other products pair the family with the event type as a rule, seen from either side (two products at least). */
function pairedElsewhere(listed: Listed, familyKey: string): boolean {
  const {products, of} = listed.stats.pairingElsewhere(familyKey, listed.eventType, listed.folder)
  return products >= 2 && (products / of >= rareShare || usualFor(listed, products))
}

/**
 * Whether an event type (or the one named like an activity) is a catch-all: other
 * products list parsers of a dozen families or more under it. In the 2025 snapshot
 * `app-activity` takes 15, the next 6: a dozen leaves room for a few slips of other
 * products (each family must be listed so by two) before an event type counts as one.
 */
function isCatchAll(eventType: string, {stats, folder}: Listed): boolean {
  return stats.familiesUnderElsewhere(eventType, folder) >= catchAllFamilies
}

const catchAllFamilies = 12

/** The share of the products listing an event type at which a family is usual under it. */
const usualShareOfEventType = 0.25

/** The share of other products below which a pairing is rare: for a lone listing where lines name the activity, for a parser listed under several always. */
const rareShare = 0.1

/** Other products that must list parsers of a family before none listing it under an event type counts against a copy there. */
const minProductsForCopy = 3

/** Other products listing a family from which on none of them listing it under an event type speaks against it, however widely they fan it out. */
const manyProducts = 20

/** Event types a family is listed under on other products from which on it is generic. */
const genericSpread = 8

/** Whether an event type is one the parser's family fits: by its words, or paired so on other products. */
function fitsFamily({family, familyKey, stats, folder}: Listed, eventType: string): boolean {
  if (!family || !familyKey) return false
  if (containsWords(eventType, family) || containsWords(family, eventType)) return true
  return stats.pairingElsewhere(familyKey, eventType, folder).products >= 2
}

/**
 * Whether two activities are about the same thing: a word in common, outcomes aside,
 * and the action too when both do one thing to something (`file-create` and
 * `process-create` are not). Logons and logoffs aside: their other words say where
 * (`app-login`, `vpn-login`, `endpoint-login`), which a product's logs often blur.
 */
function sharesThing(a: string, b: string): boolean {
  const [actionA, actionB] = [activity(a).action, activity(b).action]
  if (actionA === null || actionA !== actionB || actionA === 'start' || actionA === 'end') return sharesWord(a, [b])
  const things = (x: string) => spelt(x).filter((w) => !isOutcomeWord(w) && activityOf([w]).action === null)
  return things(a).some((w) => things(b).includes(w))
}

/** Whether `eventType` shares a word (outcomes aside) with any of `names`. */
function sharesWord(eventType: string, names: readonly string[]): boolean {
  const own = new Set(names.flatMap((n) => spelt(n)))
  return spelt(eventType).some((w) => !isOutcomeWord(w) && own.has(w))
}

/**
 * `not-alert`: an alert event type comes from a product's detections; a parser of plain
 * activity (a logon, a file read) cannot produce one.
 */
function notAlert({eventType, name, family, allowed, activity}: Listed): Signal | null {
  // Not the conditions: they name the transport as often as the content (`"type":"wazuh-alerts"`).
  if (!family || allowed) return null
  // Since 2023 the line names the activity: an event type named an alert that the line maps
  // from plain activity (`email-receive:success (dlp-email-alert-in)`) is the old name of that activity.
  if (activity !== null && !saysDetection(activity)) return null
  if (!saysDetection(eventType) || saysDetection(family) || saysDetection(name)) return null
  return {
    kind: 'not-alert',
    confidence: confidences['not-alert'],
    because: `\`${eventType}\` is an alert, and nothing of the parser says alert or detection`,
    evidence: `neither its family \`${family}\` nor its name says alert or detection`
  }
}

/**
 * `alert-as-activity`: the converse of `not-alert`. A parser of a product's detections
 * (its family or name says alert or detection) under an event type of plain activity
 * that shares no word with it (`dlp-alert` parsers under `usb-read`, `security-alert`
 * ones under `app-login`): an alert record is not a logon or a USB read.
 */
function alertAsActivity(listed: Listed): Signal | null {
  const {eventType, name, family, allowed} = listed
  if (!family || allowed || saysDetection(eventType) || listed.catchAllLine) return null
  if (!saysDetection(family) && !saysDetection(name)) return null
  if (sharesWord(eventType, [family, ...activityWords(name)])) return null
  return {
    kind: 'alert-as-activity',
    confidence: confidences['alert-as-activity'],
    because: `it reads alerts, and \`${eventType}\` is no alert`,
    evidence: `its family \`${family}\` or its name says alert or detection; \`${eventType}\` is plain activity sharing no word with them`
  }
}

/**
 * `unrelated-failure`: a failed event type of another activity than the parser's. An
 * event builder splits a family by outcome (`web-activity` → `web-activity-denied`),
 * it does not turn `app-activity` records into `failed-vpn-login`s.
 */
function unrelatedFailure({eventType, name, family, conditions, allowed, target}: Listed): Signal | null {
  if (!family || allowed) return null
  const base = spelt(withoutOutcome(eventType).join('-')).join('-')
  const familySpelt = spelt(family).join('-')
  if (
    target.outcome === 'failed' &&
    base !== '' &&
    activity(name).outcome === null &&
    activity(family).outcome === null &&
    activityOf(activityWords(conditions)).outcome === null &&
    !containsWords(base, familySpelt) &&
    !containsWords(familySpelt, base) &&
    !containsWords(spelt(name).join('-'), base)
  ) {
    return {
      kind: 'unrelated-failure',
      confidence: confidences['unrelated-failure'],
      because: `it says nothing of failing, nor of \`${base}\``,
      evidence: `neither its family, its name nor its conditions say failed, and its family \`${family}\` is not \`${base}\` activity`
    }
  }
  return null
}

/** `outlier`: the event type is the odd one out among the three or more the parser is listed under (see outlier()). */
function outlierSignal(listed: Listed): Signal | null {
  const {eventType, name, family, allowed, listedUnder} = listed
  if (!family || allowed || listedUnder.size < 3 || listed.catchAllLine || !outlier(eventType, family, name, listedUnder)) return null
  return {
    kind: 'outlier',
    confidence: confidences.outlier,
    because: 'it is the odd one out of the event types it is listed under',
    evidence: `listed under ${listedUnder.size - 1} other event types that hang together; \`${eventType}\` shares no word with them, its family or its name`
  }
}

/**
 * Whether `eventType` is the odd one out among the event types a parser is listed
 * under: an event builder fans one family out to a family of event types
 * (`file-operations` to `file-read`, `file-write`, `file-delete`), so with the others
 * each sharing a word with the parser or with one another, an event type sharing no
 * word with any of them, nor with the parser's family or name (read with its Windows
 * event ID), is a slip (`local-logon` among them). Outcome words do not count.
 */
function outlier(eventType: string, family: string, name: string, listedUnder: ReadonlySet<string>): boolean {
  const own = new Set([...activityWords(family), ...activityWords(name)])
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
 * The product's event types whose words include the family's, in order and together,
 * once a leading source word no event type of the library uses is set aside
 * (`windows-failed-logon` → `failed-logon`, `windows-password-reset` →
 * `account-password-reset`): at least two words must remain, so that a bare `login`
 * does not name every login event type. Those with the fewest extra words, or none.
 */
function namedLike(family: string, listing: ProductListing, stats: LibraryStats): string[] {
  const known = vocabulary(stats)
  let core = words(family)
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
 * Whether `eventType` is `family` with an outcome added (`vpn-login` →
 * `failed-vpn-login`, `network-connection` → `network-connection-successful`).
 */
function outcomeVariant(eventType: string, family: string): boolean {
  if (!containsWords(eventType, family)) return false
  const extra = words(eventType).filter((w) => !words(family).includes(w))
  return extra.length > 0 && extra.every((w) => activityOf([w]).outcome !== null)
}

/** Event types of the same product the parser fits better than the one it is listed under. */
function betterFits({eventType, parser, name, family, listing, stats}: Listed, named: string[]): string[] {
  const own = activity(family ? `${family} ${name}` : name)
  const onPage = [...listing.parsersOf.keys()].filter((x) => x !== eventType && contradictions(own, activity(x)).length === 0)
  const out: string[] = []
  const add = (x: string) => {
    if (!out.includes(x) && out.length < 3) out.push(x)
  }
  // Its own family, then event types its name spells out.
  if (family && onPage.includes(family)) add(family)
  for (const x of named) if (onPage.includes(x)) add(x)
  // The event type with the same words but the parser's outcome or action (`app-login` → `failed-app-login`).
  const base = new Set(words(eventType))
  for (const x of onPage) {
    const act = activity(x)
    const shares = words(x).some((w) => base.has(w) && w.length > 2 && !isOutcomeWord(w))
    if (shares && ((own.outcome && act.outcome === own.outcome) || (own.action && act.action === own.action))) add(x)
  }
  // Failing those, where the product lists other parsers of the same family.
  if (out.length === 0 && family) {
    for (const x of onPage) {
      const keys = listing.parsersOf.get(x)!
      if ([...keys].some((k) => k !== parser.key && stats.familyOf(listing.parsers.get(k)!) === stats.familyOf(parser))) add(x)
    }
  }
  return out
}
