/**
 * `--fix`: apply the `expected[0]` of every fixable finding to exactly its range.
 *
 * Rules describe fixes (a range and its replacement), this module applies them, as
 * ESLint's engine does (`SourceCodeFixer`): edits sorted by range, an edit that
 * overlaps or touches the one before it left for the next pass, passes repeated
 * until a pass changes nothing (a count may only be right once a name is fixed),
 * at most `maxPasses` times. After each pass the changed pages, and the linted pages
 * whose rules read their facts, are linted again against the new text; nothing is
 * written until the last pass, and then each changed file is written atomically
 * (write-file-atomic: a temp file in the same folder renamed over it, mode and owner
 * kept). Only the bytes in the fixed ranges change.
 */
import fs from 'node:fs'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import writeFileAtomic from 'write-file-atomic'
import {absolutePath, indexOf, reverseDependencies} from '../library/dependents.js'
import type {Lint} from '../engine/lint.js'
import {definedRules} from '../lint/rule.js'

/** ESLint's bound on fix passes, for the same reason: a fix that re-creates its own finding must end. */
export const defaultMaxPasses = 10

/** One replacement: `text` for the characters `start`…`end` (offsets, end exclusive). */
export interface Edit {
  start: number
  end: number
  text: string
  ruleId: string
  message: VFileMessage
}

export interface AppliedEdit extends Edit {
  pass: number
}

/** Offsets of a message's range, when it has them. */
export function offsetsOf(message: VFileMessage): {start: number; end: number} | null {
  const place = message.place as {start?: {offset?: number}; end?: {offset?: number}} | undefined
  const start = place?.start?.offset
  const end = place?.end?.offset
  return typeof start === 'number' && typeof end === 'number' && start <= end ? {start, end} : null
}

/**
 * Whether `--fix` may apply a message: a content-lint rule that declares itself
 * fixable, a known replacement, and a range with offsets.
 */
export function isFixable(message: VFileMessage, only?: ReadonlySet<string>): boolean {
  if (message.source !== 'content-lint' || !message.ruleId) return false
  if (only && !only.has(message.ruleId)) return false
  if (definedRules.get(message.ruleId)?.fixable !== true) return false
  return typeof message.expected?.[0] === 'string' && offsetsOf(message) !== null
}

/** The edits a file's fixable findings describe. */
export function editsOf(file: VFile, only?: ReadonlySet<string>): Edit[] {
  const edits: Edit[] = []
  for (const message of file.messages) {
    if (!isFixable(message, only)) continue
    const {start, end} = offsetsOf(message)!
    edits.push({start, end, text: message.expected![0]!, ruleId: message.ruleId!, message})
  }
  return edits
}

export interface Applied {
  text: string
  /** Edits applied (an edit identical to one applied is applied with it). */
  applied: Edit[]
  /** Edits that overlap or touch an applied one: left for the next pass. */
  deferred: Edit[]
  /** Edits whose range no longer holds the finding's `actual` text: never applied. */
  stale: Edit[]
}

/** Apply non-overlapping edits to `text`; the rest are deferred (see the module comment). */
export function applyEdits(text: string, edits: readonly Edit[]): Applied {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end)
  const applied: Edit[] = []
  const deferred: Edit[] = []
  const stale: Edit[] = []
  const parts: string[] = []
  let lastEnd = -Infinity
  let copied = 0
  let previous: Edit | null = null
  for (const edit of sorted) {
    const actual = edit.message.actual
    if (edit.end > text.length || (actual !== undefined && text.slice(edit.start, edit.end) !== actual)) {
      stale.push(edit)
      continue
    }
    if (previous && previous.start === edit.start && previous.end === edit.end && previous.text === edit.text) {
      applied.push(edit)
      continue
    }
    if (edit.start <= lastEnd) {
      deferred.push(edit)
      continue
    }
    parts.push(text.slice(copied, edit.start), edit.text)
    copied = edit.end
    lastEnd = edit.end
    previous = edit
    applied.push(edit)
  }
  parts.push(text.slice(copied))
  return {text: parts.join(''), applied, deferred, stale}
}

export interface FixOptions {
  /** Apply only these rules' fixes (every fixable rule when undefined). */
  rules?: ReadonlySet<string>
  maxPasses?: number
  /** Compute everything, write nothing (`--fix-dry-run`). */
  dryRun?: boolean
}

export interface FileChange {
  /** Absolute path. */
  path: string
  before: string
  after: string
  applied: AppliedEdit[]
}

export interface FixResult {
  /** Every file, as linted after the last pass (its messages are what is left). */
  files: VFile[]
  changes: FileChange[]
  /** Passes that changed something. */
  passes: number
  fixedByRule: Record<string, number>
  /** Fixable findings left: deferred by overlaps past the last pass. */
  fixableLeft: number
  /** Findings whose range no longer held their `actual` text (a rule's bug): not applied. */
  stale: number
  /** Files not written because they changed on disk during the run. */
  conflicts: string[]
}

/** Fix `files` (already linted) in place, linting again with `lint` after each pass. */
export async function fixFiles(files: readonly VFile[], lint: Lint, options: FixOptions = {}): Promise<FixResult> {
  const maxPasses = options.maxPasses ?? defaultMaxPasses
  const run = new FixRun(files, options.rules)
  try {
    let toFix: VFile[] = [...files]
    for (let pass = 1; pass <= maxPasses && toFix.length > 0; pass++) {
      const changed = run.applyPass(toFix, pass)
      if (changed.length === 0) break
      toFix = await lint(run.toLintAgain(changed))
      run.linted(toFix)
    }
  } finally {
    run.dropUnsaved()
  }
  const result = run.result()
  if (!options.dryRun) await writeChanges(result)
  return result
}

/**
 * The state of one `--fix` run across its passes: every page as last linted, the
 * text each changed page had on disk, and the edits applied to it.
 */
class FixRun {
  /** Every page by absolute path, as linted last. */
  private readonly latest: Map<string, VFile>
  /** The text on disk of each page a pass changed. */
  private readonly original = new Map<string, string>()
  private readonly applied = new Map<string, AppliedEdit[]>()
  /** Pages whose new text the corpus index holds in place of the one on disk. */
  private readonly overlays = new Set<string>()
  private stale = 0
  private passes = 0

  constructor(
    files: readonly VFile[],
    private readonly rules: ReadonlySet<string> | undefined
  ) {
    this.latest = new Map(files.map((file) => [absolutePath(file), file]))
  }

  /** Apply the fixes of `files` for pass `pass`: the pages that changed, with their new text. */
  applyPass(files: readonly VFile[], pass: number): VFile[] {
    const changed: VFile[] = []
    for (const file of files) {
      const fixed = this.fix(file, pass)
      if (fixed) changed.push(fixed)
    }
    if (changed.length > 0) this.passes = pass
    return changed
  }

  /** Record that `files` were linted again (after a pass). */
  linted(files: readonly VFile[]): void {
    for (const file of files) this.latest.set(absolutePath(file), file)
  }

  /**
   * What to lint after a pass: the changed pages, and the pages that read their facts,
   * which see their new text before it is written.
   */
  toLintAgain(changed: readonly VFile[]): Array<VFile | string> {
    const dependents = reverseDependencies([...this.latest.values()])
    const again = new Map<string, VFile | string>()
    for (const file of changed) {
      const key = absolutePath(file)
      const index = indexOf(this.latest.get(key)!)
      index.setUnsaved(key, String(file.value))
      this.overlays.add(key)
      again.set(key, file)
    }
    for (const file of changed) {
      for (const dependent of dependents.get(absolutePath(file)) ?? []) {
        if (again.has(dependent)) continue
        const known = this.latest.get(dependent)!
        // A page this run has not changed is given by path: it is what is on disk, so
        // the runner reuses the facts it built for it (only its rules run again).
        again.set(dependent, this.original.has(dependent) ? new VFile({path: dependent, cwd: known.cwd, value: String(known.value)}) : dependent)
      }
    }
    return [...again.values()]
  }

  /** Give the corpus index back the text on disk of every page (the run is over, or failed). */
  dropUnsaved(): void {
    for (const key of this.overlays) indexOf(this.latest.get(key)!).setUnsaved(key, null)
  }

  /** What the run did, every changed page by path; nothing written yet, no conflicts known. */
  result(): FixResult {
    const changes: FileChange[] = []
    const fixedByRule: Record<string, number> = {}
    for (const [key, before] of this.original) {
      const after = String(this.latest.get(key)!.value)
      if (after === before) continue
      const edits = this.applied.get(key) ?? []
      for (const edit of edits) fixedByRule[edit.ruleId] = (fixedByRule[edit.ruleId] ?? 0) + 1
      changes.push({path: key, before, after, applied: edits})
    }
    changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    return {
      files: [...this.latest.values()],
      changes,
      passes: this.passes,
      fixedByRule,
      fixableLeft: [...this.latest.values()].reduce((n, file) => n + editsOf(file, this.rules).length, 0),
      stale: this.stale,
      conflicts: []
    }
  }

  /** Apply one page's fixes: its new text, or null when they change nothing. */
  private fix(file: VFile, pass: number): VFile | null {
    const edits = editsOf(file, this.rules)
    if (edits.length === 0) return null
    const text = String(file.value)
    const result = applyEdits(text, edits)
    this.stale += result.stale.length
    if (result.applied.length === 0 || result.text === text) return null
    const key = absolutePath(file)
    if (!this.original.has(key)) this.original.set(key, text)
    const list = this.applied.get(key) ?? []
    list.push(...result.applied.map((edit) => ({...edit, pass})))
    this.applied.set(key, list)
    // Absolute: unified-engine resolves a vfile's relative path against the process's cwd.
    return new VFile({path: absolutePath(file), cwd: file.cwd, value: result.text})
  }
}

/** Write each changed file atomically; a file edited by someone else while the run went on is left alone. */
async function writeChanges(result: FixResult): Promise<void> {
  for (const change of result.changes) {
    if (fs.readFileSync(change.path, 'utf8') !== change.before) {
      result.conflicts.push(change.path)
      continue
    }
    await writeFileAtomic(change.path, change.after)
  }
}

/** `fixed 5,516 findings in 208 files (cell-html 5,330, table-shape 186)…`: what --fix did and what is left. */
export function fixSummary(result: FixResult, remaining: number, dryRun: boolean): string {
  const n = (value: number) => value.toLocaleString('en-US')
  const total = Object.values(result.fixedByRule).reduce((a, b) => a + b, 0)
  const byRule = Object.entries(result.fixedByRule)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([rule, count]) => `${rule} ${n(count)}`)
    .join(', ')
  const lines = [
    `content-lint: ${dryRun ? 'would fix' : 'fixed'} ${n(total)} finding${total === 1 ? '' : 's'} in ${n(result.changes.length)} file${result.changes.length === 1 ? '' : 's'}` +
      (byRule ? ` (${byRule})` : '') +
      (result.passes > 1 ? ` in ${result.passes} passes` : '')
  ]
  lines.push(`content-lint: ${n(remaining)} finding${remaining === 1 ? '' : 's'} left, ${n(result.fixableLeft)} of them fixable`)
  if (result.stale > 0) lines.push(`content-lint: ${n(result.stale)} fix${result.stale === 1 ? '' : 'es'} not applied: the range no longer held the text the rule reported`)
  for (const conflict of result.conflicts) lines.push(`content-lint: not written, changed on disk during the run: ${conflict}`)
  return lines.join('\n') + '\n'
}
