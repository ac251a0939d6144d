/**
 * New and fixed findings of a pull request (`--since <ref>`), for the reports: the pages
 * checked are linted again as they were at the merge base with `ref`, and their
 * findings compared with today's by the baseline key (file, rule, `actual`, context;
 * see baseline.ts), counted as `--baseline` counts them. A finding today whose key the
 * merge base did not have (as many times) is new; one the merge base had and today
 * does not is fixed.
 *
 * While the merge base's versions are checked, the pages that read a changed page's
 * facts read its merge-base text (the index's unsaved overlay, as `--fix` uses). Pages
 * added since have no merge-base findings: all theirs are new. What the comparison
 * cannot see: a page deleted since is still missing while the old versions are checked.
 */
import {execFileSync} from 'node:child_process'
import path from 'node:path'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {Lint} from '../engine/lint.js'
import {absolutePath, indexOf} from '../library/dependents.js'
import {keysOf} from './baseline.js'
import type {FixedFinding, ReportComparison} from './formats/report-data.js'

export class SinceError extends Error {}

function git(args: readonly string[], cwd: string, input?: string): Buffer {
  try {
    return execFileSync('git', args, {cwd, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1024 * 1024 * 1024})
  } catch (error) {
    const stderr = String((error as {stderr?: Buffer}).stderr ?? '').trim()
    throw new SinceError(`git ${args.join(' ')} failed${stderr ? `: ${stderr.split('\n')[0]}` : ''}`)
  }
}

/**
 * The text of each file at a commit (absolute path → text; files the commit lacks are
 * left out), read with one `git cat-file --batch` for all of them.
 */
export function textsAt(commit: string, files: readonly string[], cwd: string): Map<string, string> {
  const top = git(['rev-parse', '--show-toplevel'], cwd).toString('utf8').trim()
  const names = files.map((file) => path.relative(top, file).split(path.sep).join('/'))
  const out = git(['cat-file', '--batch'], cwd, names.map((name) => `${commit}:${name}\n`).join(''))
  const texts = new Map<string, string>()
  let at = 0
  for (const file of files) {
    const headerEnd = out.indexOf(0x0a, at)
    const header = out.subarray(at, headerEnd).toString('utf8')
    at = headerEnd + 1
    const blob = /^[0-9a-f]+ blob (\d+)$/.exec(header)
    if (!blob) continue // `<name> missing`: not in that commit (or not a file there).
    const size = Number(blob[1])
    texts.set(file, out.subarray(at, at + size).toString('utf8'))
    at += size + 1
  }
  return texts
}

/** Keys of findings with rule IDs, counted. */
function keyCounts(files: readonly VFile[], cwd: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const file of files) for (const {key} of keysOf(file, cwd)) counts.set(key, (counts.get(key) ?? 0) + 1)
  return counts
}

/** Lint the files as they were at `commit`, the changed ones overlaid for the pages that read them. */
async function lintAt(commit: string, files: readonly VFile[], lint: Lint, cwd: string): Promise<VFile[]> {
  const texts = textsAt(commit, files.map(absolutePath), cwd)
  const overlays: VFile[] = []
  const inputs: VFile[] = []
  for (const file of files) {
    const text = texts.get(absolutePath(file))
    if (text === undefined) continue
    inputs.push(new VFile({path: absolutePath(file), cwd: file.cwd, value: text}))
    if (text !== String(file.value)) overlays.push(file)
  }
  try {
    for (const file of overlays) indexOf(file).setUnsaved(absolutePath(file), texts.get(absolutePath(file))!)
    return await lint(inputs)
  } finally {
    for (const file of overlays) indexOf(file).setUnsaved(absolutePath(file), null)
  }
}

/**
 * Compare the findings of `files` (today's, with their text) with those of the same
 * files at the merge base of `since` and HEAD. Returns the comparison and today's
 * messages that are new.
 */
export async function compareSince(since: string, files: readonly VFile[], lint: Lint, cwd: string): Promise<{comparison: ReportComparison; isNew: Set<VFileMessage>}> {
  const base = git(['merge-base', since, 'HEAD'], cwd).toString('utf8').trim()
  const before = keyCounts(await lintAt(base, files, lint, cwd), cwd)
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
  return {comparison: {against: `merge base with ${since} (${base.slice(0, 12)})`, newFindings: isNew.size, fixed}, isNew}
}
