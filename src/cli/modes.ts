/**
 * Where content-lint is used, after the CLI has parsed its arguments: which files
 * (the paths given, the staged pages of a commit, the pages a pull request changed,
 * and the pages that depend on them), `--fix`, baselines, the report format and the
 * exit status.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import {reporter as stylish} from 'vfile-reporter'
import {reporterJson} from 'vfile-reporter-json'
import {applyBaseline, BaselineError, dropFindingsOf, writeBaseline} from './baseline.js'
import {baseOf, changedPages, GitError, pagesAt} from './changed.js'
import {absolutePath, dependentsOf} from '../library/dependents.js'
import {fixFiles, fixSummary} from './fix.js'
import {formatGithub} from './formats/github.js'
import type {Lint} from '../engine/lint.js'
import {rulesById} from '../preset/rules.js'

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
  'baseline-write': {type: 'string'}
} as const

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

/**
 * Hook and CI modes: leave out the findings that were there before the change. The
 * pages checked are linted again as they were at the change's base (from git: HEAD, or
 * the merge base with `--since`), each reading the others as they were then, and the
 * findings both have are matched as a baseline matches them. The line saying so.
 */
async function keepNewFindings(values: ModeOptions, sorted: VFile[], lint: Lint, cwd: string): Promise<string> {
  let before: VFile[]
  try {
    const base = baseOf({since: values.since}, cwd)
    // `--dependents` outside a git repository: no base to compare with, everything is reported.
    if (base === null) return ''
    before = await lint.asOf(pagesAt(base, cwd), sorted.map(absolutePath))
  } catch (error) {
    if (error instanceof GitError) throw new ModeError(error.message)
    throw error
  }
  const dropped = dropFindingsOf(sorted, before, cwd)
  if (dropped === 0) return ''
  const n = dropped.toLocaleString('en-US')
  return `content-lint: ${n} finding${dropped === 1 ? ' was' : 's were'} there before the change and ${dropped === 1 ? 'is' : 'are'} not reported (--all-findings shows ${dropped === 1 ? 'it' : 'them'})\n`
}

/** Leave out the findings the baseline knows; the line saying so (empty without `--baseline`). */
function useBaseline(values: ModeOptions, sorted: VFile[], cwd: string): string {
  if (!values.baseline) return ''
  const {suppressed, fixedSince} = applyBaseline(sorted, path.resolve(cwd, values.baseline))
  return (
    `content-lint: baseline ${values.baseline}: ${suppressed.toLocaleString('en-US')} known finding${suppressed === 1 ? '' : 's'} not reported, ` +
    `${fixedSince.toLocaleString('en-US')} fixed since it was written` +
    (fixedSince > 0 ? ' (run --baseline-write to shrink it)' : '') +
    '\n'
  )
}

/** The report in the format asked for. */
async function formatReport(values: ModeOptions, sorted: VFile[], cwd: string, output: {version: string; color: boolean}): Promise<string> {
  const options = {quiet: !values.verbose, silent: values.quiet, color: output.color}
  let report: string
  if (values.format === 'json') report = reporterJson(sorted, options)
  else if (values.format === 'github') report = formatGithub(sorted, cwd, {quiet: values.quiet}).trimEnd()
  else if (values.format === 'sarif') report = (await import('./formats/sarif.js')).formatSarif(sorted, cwd, {version: output.version, quiet: values.quiet}).trimEnd()
  else report = stylish(sorted, options)
  return report ? report + '\n' : ''
}

export async function runModes(
  values: ModeOptions,
  positionals: readonly string[],
  given: readonly string[],
  lint: Lint,
  cwd: string,
  output: {version: string; color: boolean}
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
  try {
    if (values['baseline-write']) {
      const count = await writeBaseline(sorted, path.resolve(cwd, values['baseline-write']))
      stderr += `content-lint: recorded ${count.toLocaleString('en-US')} finding${count === 1 ? '' : 's'} in ${values['baseline-write']}\n`
      return {files: sorted, stdout: '', stderr, failed: false}
    }
    if (plan.newOnly) stderr += await keepNewFindings(values, sorted, lint, cwd)
    stderr += useBaseline(values, sorted, cwd)
  } catch (error) {
    if (error instanceof BaselineError) throw new ModeError(error.message)
    throw error
  }
  const errors = sorted.reduce((n, file) => n + file.messages.filter((m) => m.fatal === true).length, 0)
  const warnings = sorted.reduce((n, file) => n + file.messages.filter((m) => m.fatal === false).length, 0)
  const stdout = plan.dryRun ? diff : await formatReport(values, sorted, cwd, output)
  const tooMany = warnings > plan.maxWarnings
  if (tooMany) stderr += `content-lint: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${plan.maxWarnings}\n`
  return {files: sorted, stdout, stderr, failed: errors > 0 || tooMany}
}
