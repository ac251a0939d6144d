/**
 * What moving a library's target ATT&CK release from one release to another would
 * change, before anyone moves it (`content-lint attack diff`): the techniques the
 * library mentions that the move renames, deprecates or revokes, or moves between
 * tactics, and the new sub-techniques of techniques it uses. Counted per technique:
 * the pages and mentions the change hits.
 *
 * The comparison is MITRE's own (`diff_stix` in mitreattack-python compares two
 * releases object by object), narrowed to what a library's pages write.
 */
import type {AttackRelease, AttackTechnique} from './stix.js'

/** One page's technique mentions, as the upgrade report needs them. */
export interface PageMentions {
  /** Path relative to the content root (for the report). */
  page: string
  mentions: Array<{id: string; name: string | null}>
  /** Techniques placed under a tactic column of an ATT&CK matrix (product pages). */
  placements: Array<{id: string; tactic: string}>
}

interface Hits {
  pages: number
  occurrences: number
}

export interface Renamed extends Hits {
  id: string
  from: string
  to: string
}

export interface Retired extends Hits {
  id: string
  name: string
  status: 'deprecated' | 'revoked' | 'removed'
  replacedBy: Array<{id: string; name: string}>
}

export interface TacticsMoved extends Hits {
  id: string
  name: string
  /** Tactic names. */
  from: string[]
  to: string[]
  /** Matrix cells that place the technique under a tactic the target release no longer gives it. */
  misplaced: number
}

export interface NewSubTechnique {
  parentId: string
  parentName: string
  id: string
  name: string
}

export interface UpgradeReport {
  from: string
  to: string
  /** Distinct technique IDs the library mentions, and mentions in all. */
  techniques: number
  mentions: number
  renamed: Renamed[]
  retired: Retired[]
  tactics: TacticsMoved[]
  newSubTechniques: NewSubTechnique[]
}

/** Mentions per technique ID: pages and occurrences, and occurrences by written name. */
class Tally {
  private readonly pages = new Map<string, Set<string>>()
  private readonly count = new Map<string, number>()
  private readonly byName = new Map<string, Map<string, {pages: Set<string>; occurrences: number}>>()
  readonly placed = new Map<string, Array<{page: string; tactic: string}>>()

  constructor(pages: Iterable<PageMentions>) {
    for (const {page, mentions, placements} of pages) {
      for (const {id, name} of mentions) {
        if (!this.pages.has(id)) this.pages.set(id, new Set())
        this.pages.get(id)!.add(page)
        this.count.set(id, (this.count.get(id) ?? 0) + 1)
        if (name === null) continue
        let names = this.byName.get(id)
        if (!names) this.byName.set(id, (names = new Map()))
        const entry = names.get(name) ?? {pages: new Set<string>(), occurrences: 0}
        entry.pages.add(page)
        entry.occurrences++
        names.set(name, entry)
      }
      for (const placement of placements) {
        const list = this.placed.get(placement.id) ?? []
        list.push({page, tactic: placement.tactic})
        this.placed.set(placement.id, list)
      }
    }
  }

  ids(): string[] {
    return [...this.pages.keys()].sort()
  }

  of(id: string): Hits {
    return {pages: this.pages.get(id)?.size ?? 0, occurrences: this.count.get(id) ?? 0}
  }

  /** The mentions of `id` that write `name`. */
  named(id: string, name: string): Hits {
    const entry = this.byName.get(id)?.get(name)
    return {pages: entry?.pages.size ?? 0, occurrences: entry?.occurrences ?? 0}
  }

  get total(): number {
    return [...this.count.values()].reduce((a, b) => a + b, 0)
  }
}

/** The report of moving from `from` to `to` (release versions the data holds). */
export function upgradeReport(from: AttackRelease, to: AttackRelease, pages: Iterable<PageMentions>): UpgradeReport {
  const tally = new Tally(pages)
  const report: UpgradeReport = {from: from.version ?? '?', to: to.version ?? '?', techniques: 0, mentions: tally.total, renamed: [], retired: [], tactics: [], newSubTechniques: []}
  const ids = tally.ids()
  report.techniques = ids.length
  for (const id of ids) {
    const before = from.techniques.get(id)
    const after = to.techniques.get(id)
    if (!before) continue
    // Hits of a rename: the mentions written with the old name, which a fix to the new target rewrites.
    if (after && after.fullName !== before.fullName) report.renamed.push({id, from: before.fullName, to: after.fullName, ...tally.named(id, before.fullName)})
    const retired = retirement(before, after, to)
    if (retired) report.retired.push({id, name: before.fullName, ...retired, ...tally.of(id)})
    const moved = tacticsMoved(id, before, after, from, to, tally)
    if (moved) report.tactics.push(moved)
  }
  report.newSubTechniques = newSubTechniques(ids, from, to)
  return report
}

function retirement(before: AttackTechnique, after: AttackTechnique | undefined, to: AttackRelease): Pick<Retired, 'status' | 'replacedBy'> | null {
  if (!after) return {status: 'removed', replacedBy: []}
  const status = after.revoked && !before.revoked ? 'revoked' : after.deprecated && !before.deprecated && !after.revoked ? 'deprecated' : null
  if (!status) return null
  return {status, replacedBy: after.revokedBy.map((id) => ({id, name: to.techniques.get(id)?.fullName ?? id}))}
}

function tacticsMoved(
  id: string,
  before: AttackTechnique,
  after: AttackTechnique | undefined,
  from: AttackRelease,
  to: AttackRelease,
  tally: Tally
): TacticsMoved | null {
  // A revoked or deprecated technique loses its tactics with it: reported as retired.
  if (!after || after.revoked || after.deprecated) return null
  const names = (release: AttackRelease, shortnames: readonly string[]) => shortnames.map((s) => release.tactics.find((t) => t.shortname === s)?.name ?? s)
  const fromNames = names(from, before.tactics)
  const toNames = names(to, after.tactics)
  if ([...fromNames].sort().join('\n') === [...toNames].sort().join('\n')) return null
  const misplaced = (tally.placed.get(id) ?? []).filter((p) => !toNames.includes(p.tactic)).length
  return {id, name: after.fullName, from: fromNames, to: toNames, misplaced, ...tally.of(id)}
}

/** Sub-techniques in `to`, not in `from`, of the techniques the library mentions. */
function newSubTechniques(ids: readonly string[], from: AttackRelease, to: AttackRelease): NewSubTechnique[] {
  const used = new Set(ids.map((id) => id.slice(0, 5)))
  const out: NewSubTechnique[] = []
  for (const technique of to.techniques.values()) {
    if (!technique.parentId || !used.has(technique.parentId) || from.techniques.has(technique.id)) continue
    if (technique.revoked || technique.deprecated) continue
    out.push({parentId: technique.parentId, parentName: to.techniques.get(technique.parentId)?.fullName ?? technique.parentId, id: technique.id, name: technique.fullName})
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1))
}
