/**
 * A parser's family: what kind of records it reads, as the library can compare it
 * between products. Until 2021 a parser page stated it as its `DataType`; since 2023
 * parser pages state none (0 of the 2025 snapshot's 8,754), and the name carries it
 * instead: `auth0-a-json-user-delete-success-userdeletion` is named after the activity
 * type `user-delete`, as the product pages' event type lines write it
 * (`user-delete:success (account-deleted)`).
 *
 * So the family is the DataType when the page has one; else the longest activity type
 * of the library the name spells out (`a:user-delete`), or the activity it spells out
 * before its outcome word (`a:file-create`, an activity no line names); else the longest event type it
 * spells out (`e:file-read`, for older names without a DataType); else none. The
 * activity types and event types come from the library's own product pages, not from
 * a list: a vendor's new activity is a family as soon as a product page lists it.
 */
import {words} from './activity.js'

/** Event types and activity types of the library, as sequences of words, for spotting them in names. */
export interface FamilyVocabulary {
  activityTypes: ReadonlySet<string>
  eventTypes: ReadonlySet<string>
}

/** The activity of an activity type line's first part: `user-delete:success` → `user-delete`. */
export function activityOfType(activityType: string): string {
  return words(activityType.split(':')[0] ?? '').join('-')
}

/** The longest run of a name's words (two or more) that is in `known`, or null. */
function longestSpelt(name: string, known: ReadonlySet<string>): string | null {
  const w = words(name)
  let best: string | null = null
  let bestLength = 1
  for (let i = 0; i < w.length; i++) {
    for (let j = w.length; j - i > bestLength; j--) {
      const candidate = w.slice(i, j).join('-')
      if (known.has(candidate)) {
        best = candidate
        bestLength = j - i
        break
      }
    }
  }
  return best
}

const activityWordSets = new WeakMap<ReadonlySet<string>, Set<string>>()
/** Every word of the library's activity types. */
function activityWordsOf(activityTypes: ReadonlySet<string>): Set<string> {
  let found = activityWordSets.get(activityTypes)
  if (!found) {
    found = new Set([...activityTypes].flatMap((type) => words(type)))
    activityWordSets.set(activityTypes, found)
  }
  return found
}

/**
 * The activity a name spells out before its outcome word, when no product lists that
 * activity (`…-json-file-create-success-file`: `file-create`, where lines say only
 * `file-write`): the words right before `success` or `fail`, back to the first that
 * no activity type of the library uses (the format, `json`), two words at least.
 * Hand-written because the generator's names put the outcome right after the activity.
 */
function activityBeforeOutcome(name: string, activityTypes: ReadonlySet<string>): string | null {
  const w = words(name)
  const known = activityWordsOf(activityTypes)
  const outcome = w.findIndex((word) => word === 'success' || word === 'fail')
  if (outcome < 2) return null
  let start = outcome
  while (start > 0 && known.has(w[start - 1]!)) start--
  // Two words at least: one alone (`user`, `session`, `file`) names no activity (measured:
  // on the 2025 snapshot one word made 94 more findings, most of them wrong).
  return outcome - start >= 2 ? w.slice(start, outcome).join('-') : null
}

/** The family of a parser (see the module comment), or null when nothing names one. */
export function parserFamily(name: string, dataType: string | null, vocabulary: FamilyVocabulary): string | null {
  if (dataType) return dataType
  const activity = longestSpelt(name, vocabulary.activityTypes) ?? activityBeforeOutcome(name, vocabulary.activityTypes)
  if (activity) return `a:${activity}`
  const eventType = longestSpelt(name, vocabulary.eventTypes)
  return eventType ? `e:${eventType}` : null
}

/** The family as words to read (`a:user-delete` → `user-delete`). */
export function familyWords(family: string): string {
  return family.replace(/^[ae]:/, '')
}
