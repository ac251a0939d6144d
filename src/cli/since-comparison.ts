/**
 * What a change brings: the findings of the pages checked today compared with those of
 * the same pages at the change's base (HEAD for `--staged`, the merge base with `ref`
 * for `--since ref`). The pages are linted again as they were at the base, each reading
 * the others as they were then (git blobs read into the index as another version of the
 * library, see `Lint.asOf`), and the findings matched by the baseline key (file, rule,
 * `actual`, context; see baseline.ts), counted as `--baseline` counts them. A finding
 * today whose key the base did not have (as many times) is new; one the base had and
 * today does not is fixed. Pages added since have no base findings: all theirs are new.
 *
 * The hook and CI modes report only the new ones; the HTML and Markdown reports show
 * new and fixed.
 */
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {Lint} from '../engine/lint.js'
import {absolutePath} from '../library/dependents.js'
import {keysOf} from './baseline.js'
import {baseOf, pagesAt} from './changed.js'
import type {FixedFinding, ReportComparison} from './formats/report-data.js'

export interface SinceComparison {
  comparison: ReportComparison
  /** Today's messages that the base did not have. */
  isNew: Set<VFileMessage>
}

/** Keys of findings with rule IDs, counted. */
function keyCounts(files: readonly VFile[], cwd: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const file of files) for (const {key} of keysOf(file, cwd)) counts.set(key, (counts.get(key) ?? 0) + 1)
  return counts
}

/**
 * Compare the findings of `files` (today's, with their text) with those of the same
 * files at the change's base; null outside a git repository (nothing to compare with).
 * Git failures throw `GitError`.
 */
export async function compareWithBase(options: {since?: string}, files: readonly VFile[], lint: Lint, cwd: string): Promise<SinceComparison | null> {
  const base = baseOf(options, cwd)
  if (base === null) return null
  const before = keyCounts(await lint.asOf(pagesAt(base, cwd), files.map(absolutePath)), cwd)
  const isNew = new Set<VFileMessage>()
  for (const file of files) {
    for (const {message, key} of keysOf(file, cwd)) {
      const left = before.get(key) ?? 0
      if (left > 0) before.set(key, left - 1)
      else isNew.add(message)
    }
  }
  const fixed: FixedFinding[] = []
  for (const [key, count] of before) {
    if (count === 0) continue
    const [file, rule, actual] = JSON.parse(key) as string[]
    fixed.push({file: file!, rule: rule!, actual: actual!, count})
  }
  const against = options.since === undefined ? `HEAD (${base.slice(0, 12)})` : `merge base with ${options.since} (${base.slice(0, 12)})`
  return {comparison: {against, newFindings: isNew.size, fixed}, isNew}
}
