/**
 * Where content-lint is used, after the CLI has parsed its arguments: which files
 * (the paths given, the staged pages of a commit, the pages a pull request changed,
 * and the pages that depend on them), `--fix`, baselines, the report format and the
 * exit status.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {reporterJson} from 'vfile-reporter-json'
import writeFileAtomic from 'write-file-atomic'
import {applyBaseline, BaselineError, writeBaseline} from './baseline.js'
import {changedPages, GitError} from './changed.js'
import {dependentsOf} from '../library/dependents.js'
import {fixFiles, fixSummary} from './fix.js'
import {formatGithub} from './formats/github.js'
import {compareWithBase, type SinceComparison} from './since-comparison.js'
import {pagesWithoutFindings, type ReportComparison, reportData} from './formats/report-data.js'
import {formatStylish} from './formats/stylish.js'
import type {Lint} from '../engine/lint.js'
import {rulesById} from '../preset/rules.js'
import type {RunMetadata} from './run-metadata.js'

/** What every report format may show besides findings; `runMetadata` is called once the files are linted. */
export interface ReportOutput {
  version: string
  color: boolean
  runMetadata: () => RunMetadata
}

/** The CLI options this module reads (`parseArgs` definitions, spread into the CLI's). */
export const modeOptions = {
  fix: {type: 'boolean', default: false},
  'fix-dry-run': {type: 'boolean', default: false},
  'fix-rule': {type: 'string', multiple: true},
  staged: {type: 'boolean', default: false},
  since: {type: 'string'},
  dependents: {type: 'boolean', default: false},
  'all-findings': {type: 'boolean', default: false},
  'max-warnings': {type: 'string'},
  baseline: {type: 'string'},
  'baseline-write': {type: 'string'},
  output: {type: 'string', short: 'o'}
} as const

/** The report formats (`--format`); see `formatReport`. */
export const reportFormats = ['stylish', 'json', 'github', 'sarif', 'html', 'markdown', 'junit', 'codequality'] as const

export const modeHelp = `      --fix                apply the fixes of fixable findings, report what is left
      --fix-dry-run        print the fixes as a unified diff, write nothing
      --fix-rule <ids>     fix only these rules (comma-separated; repeatable)
      --staged             check the Markdown files staged in git, and the pages
                           that link to them (a pre-commit hook)
      --since <ref>        check the Markdown files changed since the merge base
                           with <ref>, and the pages that link to them (CI)
      --dependents         also check the pages that link to the given files
      --all-findings       with --staged, --since or --dependents, report every
                           finding on the pages checked, not only those the
                           change brings (the default: the same pages are
                           linted as they were at the base, from git)
      --max-warnings <n>   exit 1 when there are more than <n> warnings
      --baseline <file>    report only findings the baseline does not hold
      --baseline-write <file>
                           record the current findings as the baseline, exit 0
  -o, --output <file>      write the report (or --fix-dry-run's diff) to <file>
                           instead of stdout
`

export interface ModeOptions {
  format: string
  quiet: boolean
  verbose: boolean
  fix: boolean
  'fix-dry-run': boolean
  'fix-rule'?: string[]
  staged: boolean
  since?: string
  dependents: boolean
  'all-findings': boolean
  'max-warnings'?: string
  baseline?: string
  'baseline-write'?: string
  output?: string
}

/** A wrong combination of these options, or a git or baseline failure: exit status 2. */
export class ModeError extends Error {}

export interface ModeResult {
  /** The files reported, sorted, with the findings that count. */
  files: VFile[]
  stdout: string
  stderr: string
  failed: boolean
}

function fixRules(values: readonly string[]): Set<string> | undefined {
  if (values.length === 0) return undefined
  const ids = new Set(values.flatMap((value) => value.split(',')).map((id) => id.trim()).filter(Boolean))
  for (const id of ids) {
    const rule = rulesById.get(id)
    if (!rule) throw new ModeError(`Unknown rule \`${id}\` in --fix-rule (see --list-rules)`)
    if (!rule.meta.fixable) throw new ModeError(`Rule \`${id}\` in --fix-rule has no fixes`)
  }
  return ids
}

function within(file: string, paths: readonly string[], cwd: string): boolean {
  if (paths.length === 0) return true
  return paths.some((given) => {
    const rel = path.relative(path.resolve(cwd, given), file)
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
  })
}

/** The options checked against each other, with their values parsed. */
interface ModePlan {
  fixing: boolean
  dryRun: boolean
  /** `--fix-rule`: only these rules' fixes. */
  only: Set<string> | undefined
  maxWarnings: number
  /** Files come from git (`--staged`, `--since`), not from the paths given. */
  fromGit: boolean
  withDependents: boolean
  /** Report only the findings the change brings (hook and CI modes, unless `--all-findings`). */
  newOnly: boolean
}

function planOf(values: ModeOptions): ModePlan {
  const fixing = values.fix || values['fix-dry-run']
  const dryRun = values['fix-dry-run']
  if (values.staged && values.since !== undefined) throw new ModeError('Use --staged or --since, not both')
  if (dryRun && values['baseline-write']) throw new ModeError('--baseline-write records what is on disk; it cannot follow --fix-dry-run')
  if (values.baseline && values['baseline-write']) throw new ModeError('Use --baseline or --baseline-write, not both')
  const only = fixRules(values['fix-rule'] ?? [])
  if (only && !fixing) throw new ModeError('--fix-rule needs --fix or --fix-dry-run')
  let maxWarnings = Infinity
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new ModeError(`--max-warnings expects a number, got \`${values['max-warnings']}\``)
    maxWarnings = Number(values['max-warnings'])
  }
  const fromGit = values.staged || values.since !== undefined
  const withDependents = values.dependents || fromGit
  if (values['all-findings'] && !withDependents) throw new ModeError('--all-findings goes with --staged, --since or --dependents')
  // A baseline records everything; a dry run reports a diff, not findings.
  const newOnly = withDependents && !values['all-findings'] && !values['baseline-write'] && !dryRun
  return {fixing, dryRun, only, maxWarnings, fromGit, withDependents, newOnly}
}

/** The files to check: those given, or those git says changed (narrowed to the paths given). */
function selectFiles(values: ModeOptions, plan: ModePlan, positionals: readonly string[], given: readonly string[], cwd: string): {files: string[]; deleted: string[]} {
  if (!plan.fromGit) return {files: [...given], deleted: []}
  let changed
  try {
    changed = changedPages({staged: values.staged, since: values.since}, cwd)
  } catch (error) {
    if (error instanceof GitError) throw new ModeError(error.message)
    throw error
  }
  return {
    files: changed.present.filter((file) => within(file, positionals, cwd)),
    deleted: changed.deleted.filter((file) => within(file, positionals, cwd))
  }
}

/** Lint the files, and with hook and CI modes the pages that depend on them, in one run. */
async function lintSelection(lint: Lint, plan: ModePlan, files: string[], deleted: string[], cwd: string): Promise<VFile[]> {
  if (!plan.withDependents) return lint(files)
  // The dependents first, from each changed page's settings, then one run over all.
  const settings = await lint.settingsOf(files)
  const dependents = dependentsOf([...files, ...deleted], (page) => settings.get(page), cwd, new Set(files))
  return lint([...files, ...dependents])
}

/** Apply (or, dry, describe) the fixes; the files come back as fixed, with the summary and diff. */
async function fixSelection(linted: VFile[], lint: Lint, plan: ModePlan, verbose: boolean, cwd: string): Promise<{files: VFile[]; stderr: string; diff: string}> {
  const result = await fixFiles(linted, lint, {rules: plan.only, dryRun: plan.dryRun})
  const remaining = result.files.reduce((n, file) => n + file.messages.filter((m) => m.ruleId).length, 0)
  let stderr = fixSummary(result, remaining, plan.dryRun)
  if (verbose) {
    for (const change of result.changes) {
      const byRule = new Map<string, number>()
      for (const edit of change.applied) byRule.set(edit.ruleId, (byRule.get(edit.ruleId) ?? 0) + 1)
      const rules = [...byRule].map(([rule, n]) => `${rule} ${n}`).join(', ')
      stderr += `content-lint: ${plan.dryRun ? 'would fix' : 'fixed'} ${path.relative(cwd, change.path)} (${rules})\n`
    }
  }
  // Loaded when asked for, as SARIF below: every run paid to load them (35 ms).
  const diff = plan.dryRun ? (await import('./diff.js')).unifiedDiff(result.changes, cwd) : ''
  return {files: result.files, stderr, diff}
}

/** Files by path, each one's findings by position: the order every report shows. */
function sortForReport(files: VFile[]): VFile[] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  for (const file of sorted) file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
  return sorted
}

/** Leave out the findings the baseline knows; the line saying so, and what is new and fixed (none without `--baseline`). */
function useBaseline(values: ModeOptions, sorted: VFile[], cwd: string): {line: string; comparison?: ReportComparison} {
  if (!values.baseline) return {line: ''}
  const baselinePath = path.resolve(cwd, values.baseline)
  const {suppressed, fixedSince, fixed} = applyBaseline(sorted, baselinePath)
  const line =
    `content-lint: baseline ${values.baseline}: ${suppressed.toLocaleString('en-US')} known finding${suppressed === 1 ? '' : 's'} not reported, ` +
    `${fixedSince.toLocaleString('en-US')} fixed since it was written` +
    (fixedSince > 0 ? ' (run --baseline-write to shrink it)' : '') +
    '\n'
  const fromCwd = (file: string) => path.relative(cwd, path.resolve(path.dirname(baselinePath), file)).split(path.sep).join('/')
  const newFindings = sorted.reduce((n, file) => n + file.messages.filter((m) => m.ruleId).length, 0)
  return {line, comparison: {against: `baseline ${values.baseline}`, newFindings, fixed: fixed.map((entry) => ({...entry, file: fromCwd(entry.file)}))}}
}

interface ReportContext {
  cwd: string
  version: string
  color: boolean
  /** What the run used (the ATT&CK release it checked against), for the formats that say so. */
  runMetadata: () => RunMetadata
  comparison?: ReportComparison
  isNew?: (message: VFileMessage) => boolean
}

/** The report in the format asked for. Formats other than the first four are loaded when asked for (as SARIF: every run paid to load it). */
async function formatReport(values: ModeOptions, sorted: VFile[], context: ReportContext): Promise<string> {
  const {cwd, version} = context
  const options = {quiet: !values.verbose, silent: values.quiet, color: context.color}
  const data = () => reportData(sorted, {cwd, version, quiet: values.quiet, comparison: context.comparison, isNew: context.isNew})
  let report: string
  if (values.format === 'json') report = reporterJson(sorted, options)
  else if (values.format === 'github') report = formatGithub(sorted, cwd, {quiet: values.quiet}).trimEnd()
  else if (values.format === 'sarif') report = (await import('./formats/sarif.js')).formatSarif(sorted, cwd, {version, quiet: values.quiet, metadata: context.runMetadata()}).trimEnd()
  else if (values.format === 'html') report = (await import('./formats/html.js')).formatHtml(data()).trimEnd()
  else if (values.format === 'markdown') report = (await import('./formats/markdown.js')).formatMarkdown(data()).trimEnd()
  else if (values.format === 'junit') report = (await import('./formats/junit.js')).formatJunit(data(), pagesWithoutFindings(sorted, cwd, values.quiet)).trimEnd()
  else if (values.format === 'codequality') report = (await import('./formats/codequality.js')).formatCodeQuality(sorted, cwd, {quiet: values.quiet}).trimEnd()
  else report = formatStylish(sorted, {...options, verbose: values.verbose})
  return report ? report + '\n' : ''
}

/**
 * The findings of the change's base (from git: HEAD, or the merge base with `--since`)
 * compared with today's; null outside a git repository (`--dependents` there: nothing
 * to compare with). A git failure is a mode error.
 */
async function comparedWithBase(values: ModeOptions, sorted: VFile[], lint: Lint, cwd: string): Promise<SinceComparison | null> {
  try {
    return await compareWithBase({since: values.since}, sorted, lint, cwd)
  } catch (error) {
    if (error instanceof GitError) throw new ModeError(error.message)
    throw error
  }
}

/** Hook and CI modes: leave out the findings that were there before the change; the line saying so. */
function keepNewFindings(sorted: VFile[], since: SinceComparison): string {
  let dropped = 0
  for (const file of sorted) {
    const kept = file.messages.filter((message) => !message.ruleId || since.isNew.has(message))
    dropped += file.messages.length - kept.length
    file.messages = kept
  }
  if (dropped === 0) return ''
  const n = dropped.toLocaleString('en-US')
  return `content-lint: ${n} finding${dropped === 1 ? ' was' : 's were'} there before the change and ${dropped === 1 ? 'is' : 'are'} not reported (--all-findings shows ${dropped === 1 ? 'it' : 'them'})\n`
}

/** `--output`: the report written whole (a temp file renamed over the target), or a mode error. */
async function writeReport(file: string, report: string, cwd: string): Promise<void> {
  try {
    await writeFileAtomic(path.resolve(cwd, file), report)
  } catch (error) {
    throw new ModeError(`Cannot write the report to ${file}: ${(error as Error).message}`)
  }
}

export async function runModes(
  values: ModeOptions,
  positionals: readonly string[],
  given: readonly string[],
  lint: Lint,
  cwd: string,
  output: ReportOutput
): Promise<ModeResult> {
  const plan = planOf(values)
  const {files, deleted} = selectFiles(values, plan, positionals, given, cwd)
  let linted = await lintSelection(lint, plan, files, deleted, cwd)
  let stderr = ''
  let diff = ''
  if (plan.fixing) {
    const fixed = await fixSelection(linted, lint, plan, values.verbose, cwd)
    linted = fixed.files
    stderr += fixed.stderr
    diff = fixed.diff
  }
  const sorted = sortForReport(linted)
  let comparison: ReportComparison | undefined
  try {
    if (values['baseline-write']) {
      const count = await writeBaseline(sorted, path.resolve(cwd, values['baseline-write']))
      stderr += `content-lint: recorded ${count.toLocaleString('en-US')} finding${count === 1 ? '' : 's'} in ${values['baseline-write']}\n`
      return {files: sorted, stdout: '', stderr, failed: false}
    }
    const baseline = useBaseline(values, sorted, cwd)
    stderr += baseline.line
    comparison = baseline.comparison
  } catch (error) {
    if (error instanceof BaselineError) throw new ModeError(error.message)
    throw error
  }
  // With a baseline every finding reported is new. Hook and CI modes compare with the
  // change's base: they report only what is new there (unless --all-findings), and the
  // reports that show it say what is new and fixed.
  let isNew: ((message: VFileMessage) => boolean) | undefined = comparison ? () => true : undefined
  const showsComparison = ['html', 'markdown'].includes(values.format)
  if (plan.newOnly || (!comparison && values.since !== undefined && showsComparison)) {
    const since = await comparedWithBase(values, sorted, lint, cwd)
    if (since && !comparison) {
      comparison = since.comparison
      isNew = (message) => since.isNew.has(message)
    }
    if (since && plan.newOnly) stderr += keepNewFindings(sorted, since)
  }
  const errors = sorted.reduce((n, file) => n + file.messages.filter((m) => m.fatal === true).length, 0)
  const warnings = sorted.reduce((n, file) => n + file.messages.filter((m) => m.fatal === false).length, 0)
  let stdout = plan.dryRun ? diff : await formatReport(values, sorted, {cwd, ...output, comparison, isNew})
  if (values.output) {
    await writeReport(values.output, stdout, cwd)
    stdout = ''
  }
  const tooMany = warnings > plan.maxWarnings
  if (tooMany) stderr += `content-lint: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${plan.maxWarnings}\n`
  return {files: sorted, stdout, stderr, failed: errors > 0 || tooMany}
}
