/**
 * What a bundle says about its release as a whole, beside its techniques and tactics
 * (stix.ts): the release's date and the order of the matrix's columns.
 *
 * Kept out of `readBundle` so that reading techniques stays one concern; `readBundle`
 * hands this module the bundle's objects once they are parsed.
 */

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

export interface ReleaseInfo {
  /**
   * `2025-11-12`: the `modified` date of the bundle's `x-mitre-collection` where it
   * states one (MITRE's full bundles do: the release's date), else the latest
   * `modified` of any of its objects, which no release can predate (the reduced
   * bundles state no collection date). Null when no object carries a date.
   */
  date: string | null
  /**
   * Tactic short names in the order of the Enterprise matrix's columns (its
   * `x-mitre-matrix` object's `tactic_refs`); empty when the bundle has no matrix.
   */
  matrix: string[]
}

const isoDate = /^(\d{4}-\d{2}-\d{2})T/

/** The day of a STIX timestamp (`2025-11-12T15:42:52.705Z` → `2025-11-12`), or null. */
function dayOf(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const m = isoDate.exec(value)
  return m ? m[1]! : null
}

/** The release's date and matrix order from a bundle's objects (unchecked: what does not fit is skipped). */
export function releaseInfo(objects: readonly unknown[]): ReleaseInfo {
  let collectionDate: string | null = null
  let latest: string | null = null
  let matrixRefs: unknown[] = []
  const tacticShortnames = new Map<string, string>()
  for (const object of objects) {
    if (!isObject(object)) continue
    const day = dayOf(object.modified)
    if (day !== null && (latest === null || day > latest)) latest = day
    if (object.type === 'x-mitre-collection' && collectionDate === null) collectionDate = day
    else if (object.type === 'x-mitre-matrix' && Array.isArray(object.tactic_refs) && matrixRefs.length === 0) matrixRefs = object.tactic_refs
    else if (object.type === 'x-mitre-tactic' && typeof object.id === 'string' && typeof object.x_mitre_shortname === 'string') {
      tacticShortnames.set(object.id, object.x_mitre_shortname)
    }
  }
  const matrix = matrixRefs.flatMap((ref) => {
    const shortname = typeof ref === 'string' ? tacticShortnames.get(ref) : undefined
    return shortname === undefined ? [] : [shortname]
  })
  return {date: collectionDate ?? latest, matrix}
}
