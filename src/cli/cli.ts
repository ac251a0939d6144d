#!/usr/bin/env node
/**
 * The CLI layer (`src/cli/`): the `content-lint` command. It owns the arguments (this
 * module), the modes (`modes.ts`: which files, fixing, baselines, the report, the exit
 * status), `--fix` (`fix.ts`, `diff.ts`), baselines (`baseline.ts`), git changes
 * (`changed.ts`), report formats (`formats/`) and `content-lint attack`
 * (`attack-command.ts`). It may import every layer up to `engine/`, never `editor/`.
 *
 * `content-lint [paths…]`: check a content library.
 *
 * Files are found here (see files.ts); configuration is unified-engine's, the
 * engine remark-cli runs on, so `.remarkrc.js`, `.remarkrc.json` and
 * `package.json#remarkConfig` are found as remark-cli finds them (nearest to each
 * file). With no configuration file, the preset runs: every rule at its default
 * severity. Pages are read on all cores (see runner.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'
import type {VFile} from 'vfile'
import {defaultCacheLocation, RunCache} from '../facts/cache.js'
import {runAttackCommand} from './attack-command.js'
import {runCoverage} from './coverage.js'
import {noAttack} from '../library/attack/load.js'
import {collectRunMetadata, resetRunMetadata, type RunMetadata} from './run-metadata.js'
import {runExplainCommand} from './explain-command.js'
import {findMarkdownFiles, MissingPathError} from '../core/files.js'
import {ConfigurationError, createLint} from '../engine/lint.js'
import {type ModeOptions, ModeError, modeHelp, modeOptions, reportFormats, runModes} from './modes.js'
import {contentLintSeverity, remarkContentLint} from '../lint/plugin.js'
import {noticesOf, type Severity} from '../lint/rule.js'
import {rulesById} from '../preset/rules.js'
import {toolFingerprint, toolVersion} from '../core/version.js'
import type {RunStats} from '../engine/runner.js'
import {pagesByKind} from './formats/report-data.js'

const usage = `Usage: content-lint [options] [paths…]

Check a generated content library (default path: .).

Options:
  -f, --format <name>      stylish (default), json (vfile-reporter-json), github
                           (workflow annotations), sarif (SARIF 2.1.0), html (a
                           report with charts), markdown (a summary for a pull
                           request), junit (JUnit XML) or codequality (GitLab)
  -q, --quiet              report errors only, not warnings
      --verbose            list every file, also those without findings; in the
                           stylish report, whole reasons with their notes
  -r, --rule <id=severity> set a rule's severity (off, warn, error); repeatable
      --root <dir>         the content root (default: found from each file's path)
      --attack <path>      ATT&CK Enterprise STIX bundle, or a folder of bundles of
                           several releases; \`none\`: no ATT&CK data (default: the
                           built-in releases and those \`attack update\` saved)
      --attack-version <v> the ATT&CK release to check against (default: the newest)
  -c, --config <file>      use this configuration file instead of searching for one
      --no-config          search for no configuration file: every rule at its default
      --color / --no-color force colour on or off
      --stats              also print how many pages of each kind were checked
      --no-cache           neither read nor write the cache
      --cache-location <dir> where the cache lives (default: ~/.cache/content-lint/runs/…)
      --list-rules         print the rules with their default severity and exit
${modeHelp}      --debug              on a configuration or internal error, also print the stack
  -h, --help               print this help and exit
  -v, --version            print the version and exit

Exit status: 0 no errors, 1 errors found, 2 usage, configuration or internal error.

       content-lint attack update [--url <url>] [--sha256 <hex>] [--cache-dir <dir>]

Add MITRE's current ATT&CK Enterprise release to the user cache folder
($CONTENT_LINT_CACHE_DIR, else $XDG_CACHE_HOME/content-lint, else ~/.cache/content-lint),
beside the releases built in; later runs use it when --attack is not given.

       content-lint attack diff --to <version> [paths…]

What moving the library's target ATT&CK release to <version> would change.

       content-lint coverage [--format markdown|json|layer] [--layer <file>] [paths…]

The library's ATT&CK coverage per tactic, and as an ATT&CK Navigator layer.

       content-lint explain <rule>

Print a rule's documentation (docs/rules/<rule>.md of the package).

(Content folders named \`attack\`, \`coverage\` or \`explain\` are checked as \`./attack\`, …)
`

class UsageError extends Error {}

/** Page kinds of a content library (index pages and pages of no kind are not). */
const libraryKinds = new Set(['product', 'continuation', 'rules-and-models', 'parser', 'use-case'])

/** A folder given on the command line that holds no Markdown file to check: a usage error (a path mistyped, a wrong folder). */
function emptyFolderGiven(positionals: readonly string[], files: readonly string[], cwd: string): void {
  for (const given of positionals) {
    const absolute = path.resolve(cwd, given)
    const inside = (file: string) => file === absolute || file.startsWith(absolute + path.sep)
    if (fs.statSync(absolute).isDirectory() && !files.some(inside)) {
      throw new UsageError(`No Markdown file to check in ${given} (none there, or all ignored)`)
    }
  }
}

/** The line saying that no page of a library was found among the files checked. */
function nothingRecognised(checked: number): string {
  const files = `${checked.toLocaleString('en-US')} Markdown file${checked === 1 ? '' : 's'}`
  return `content-lint: no page of a content library among the ${files} checked: pages are recognised in DataSources/ and UseCases/ folders under the content root (--root)\n`
}

function parseSeverities(values: readonly string[]): Record<string, Severity> {
  const overrides: Record<string, Severity> = {}
  for (const value of values) {
    const m = /^([a-z][a-z0-9-]*)(?:=|:)(off|warn|error|0|1|2)$/.exec(value)
    if (!m) throw new UsageError(`--rule expects <rule-id>=off|warn|error, got \`${value}\``)
    if (!rulesById.has(m[1]!)) throw new UsageError(`Unknown rule \`${m[1]}\` in --rule (see --list-rules)`)
    const level = m[2]!
    overrides[m[1]!] = (({'0': 'off', '1': 'warn', '2': 'error'}) as Record<string, Severity>)[level] ?? (level as Severity)
  }
  return overrides
}

export interface CliResult {
  code: 0 | 1 | 2
  stdout: string
  stderr: string
  /** Pages checked, by page kind. */
  kinds?: Record<string, number>
  run?: RunStats
}

/** Where the CLI may write while it runs (progress lines); results are returned. */
export interface CliStreams {
  /** Written to only on a terminal (`isTty`). */
  progress?: (text: string) => void
}

const cliOptions = {
  format: {type: 'string', short: 'f', default: 'stylish'},
  quiet: {type: 'boolean', short: 'q', default: false},
  verbose: {type: 'boolean', default: false},
  rule: {type: 'string', short: 'r', multiple: true, default: [] as string[]},
  root: {type: 'string'},
  attack: {type: 'string'},
  'attack-version': {type: 'string'},
  config: {type: 'string', short: 'c'},
  'no-config': {type: 'boolean', default: false},
  color: {type: 'boolean'},
  'no-color': {type: 'boolean'},
  'list-rules': {type: 'boolean', default: false},
  stats: {type: 'boolean', default: false},
  'no-cache': {type: 'boolean', default: false},
  'cache-location': {type: 'string'},
  ...modeOptions,
  help: {type: 'boolean', short: 'h', default: false},
  version: {type: 'boolean', short: 'v', default: false},
  debug: {type: 'boolean', default: false}
} as const

type CliValues = ReturnType<typeof parseArgs<{options: typeof cliOptions; allowPositionals: true; strict: true}>>['values']

function listRules(): string {
  const lines = [...rulesById.values()].map((r) => `${r.meta.id.padEnd(20)} ${r.meta.defaultSeverity.padEnd(6)} ${r.meta.fixable ? 'fixable' : '       '} ${r.meta.description}`)
  return lines.join('\n') + '\n'
}

/** The plugins the command line adds to every file's configuration: severities, then settings. */
function commandLinePlugins(values: CliValues, overrides: Record<string, Severity>, cwd: string): Array<[unknown, unknown]> {
  const given: Array<[unknown, unknown]> = [[contentLintSeverity, overrides]]
  const core: Record<string, string> = {}
  if (values.root !== undefined) core.root = path.resolve(cwd, values.root)
  // `none` turns ATT&CK data off (a bundle named so is `./none`).
  if (values.attack !== undefined) core.attack = values.attack === noAttack ? noAttack : path.resolve(cwd, values.attack)
  if (values['attack-version'] !== undefined) core.attackVersion = values['attack-version']
  if (Object.keys(core).length > 0) given.push([remarkContentLint, core])
  return given
}

/** A configuration or mode error as the CLI reports it: one line (the stack with `--debug`), exit 2. */
function failedRun(error: unknown, debug: boolean): CliResult {
  if (error instanceof ModeError) return {code: 2, stdout: '', stderr: `content-lint: ${error.message}\n`}
  if (error instanceof ConfigurationError) {
    // One line; the stack (of what went wrong, not of the wrapper) only on request.
    let cause: unknown = error
    while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause
    const stack = debug ? `${(cause as Error).stack ?? ''}\n` : ''
    return {code: 2, stdout: '', stderr: `content-lint: ${error.message}\n${stack}`}
  }
  throw error
}

/** Pages checked by kind, and `--stats`' lines about them (rows read, checks that ran) and the cache. */
function statistics(files: readonly VFile[], run: RunStats, wanted: boolean): {kinds: Record<string, number>; text: string} {
  const kinds: Record<string, number> = {}
  const rows: Record<string, number> = {}
  const checks: Record<string, Set<string>> = {}
  for (const file of files) {
    const data = file.data as {contentLintKind?: string; contentLintRows?: number; contentLintChecks?: string[]}
    const kind = data.contentLintKind ?? 'not checked'
    kinds[kind] = (kinds[kind] ?? 0) + 1
    rows[kind] = (rows[kind] ?? 0) + (data.contentLintRows ?? 0)
    for (const id of data.contentLintChecks ?? []) (checks[kind] ??= new Set()).add(id)
  }
  if (!wanted) return {kinds, text: ''}
  const order = [...rulesById.keys()]
  const lines = Object.keys(kinds)
    .sort()
    .map((kind) => {
      const ran = [...(checks[kind] ?? [])].sort((a, b) => order.indexOf(a) - order.indexOf(b))
      const rowText = rows[kind] ? `, ${rows[kind]!.toLocaleString('en-US')} table row${rows[kind] === 1 ? '' : 's'}` : ''
      return `  ${kind}: ${kinds[kind]!.toLocaleString('en-US')} page${kinds[kind] === 1 ? '' : 's'}${rowText}; checks: ${ran.length > 0 ? ran.join(', ') : 'none'}\n`
    })
  const text =
    'Pages by kind:\n' + lines.join('') +
    `Findings of ${run.fromCache} pages from the cache; ${run.parsed} pages parsed, ${run.fromStore} read from cached facts` +
    (run.reused ? `, ${run.reused} checked again with facts built earlier in this run` : '') + '\n'
  return {kinds, text}
}

/** Run the CLI without touching the process (tests call this). */
export async function runCli(argv: readonly string[], cwd = process.cwd(), isTty = false, streams: CliStreams = {}): Promise<CliResult> {
  if (argv[0] === 'attack') return runAttackCommand(argv.slice(1), cwd, isTty ? streams.progress : undefined)
  if (argv[0] === 'coverage') return runCoverage(argv.slice(1), cwd)
  if (argv[0] === 'explain') return runExplainCommand(argv.slice(1))
  let args
  try {
    args = parseArgs({args: [...argv], allowPositionals: true, strict: true, options: cliOptions})
  } catch (error) {
    return {code: 2, stdout: '', stderr: `content-lint: ${(error as Error).message}\n`}
  }
  const {values, positionals} = args
  if (values.help) return {code: 0, stdout: usage, stderr: ''}
  if (values.version) return {code: 0, stdout: toolVersion() + '\n', stderr: ''}
  if (values['list-rules']) return {code: 0, stdout: listRules(), stderr: ''}
  let files: string[]
  let overrides: Record<string, Severity>
  try {
    if (!(reportFormats as readonly string[]).includes(values.format!)) {
      throw new UsageError(`Unknown format \`${values.format}\`, expected ${reportFormats.join(', ')}`)
    }
    overrides = parseSeverities(values.rule ?? [])
    // With --staged/--since, git says which files (modes.ts); the paths given only narrow them.
    files = values.staged || values.since !== undefined ? [] : findMarkdownFiles(positionals.length > 0 ? positionals : ['.'], cwd)
    if (!values.staged && values.since === undefined) emptyFolderGiven(positionals, files, cwd)
  } catch (error) {
    if (error instanceof UsageError || error instanceof MissingPathError) {
      return {code: 2, stdout: '', stderr: `content-lint: ${error.message}\n`}
    }
    throw error
  }
  const color = values['no-color'] ? false : (values.color ?? isTty)
  const progress = progressLine(isTty && (values.format === 'stylish' || values.output !== undefined))
  resetRunMetadata()
  let metadata: RunMetadata | undefined
  // Taken once the files are linted: which ATT&CK data the configurations loaded.
  const runMetadata = () => (metadata ??= collectRunMetadata(cwd))
  const run: RunStats = {fromCache: 0, fromStore: 0, parsed: 0}
  let result
  try {
    const cache = values['no-cache'] ? null : new RunCache(values['cache-location'] ? path.resolve(cwd, values['cache-location']) : defaultCacheLocation(cwd))
    const lint = createLint({
      cwd,
      cache,
      version: toolFingerprint(),
      stats: run,
      // --fix applies edits to the text it checked; baselines, hook modes and --since's new and fixed key findings by their context in it.
      keepText: Boolean(values.fix || values['fix-dry-run'] || values.baseline || values['baseline-write'] || values.staged || values.since !== undefined || values.dependents),
      detectConfig: !values['no-config'] && values.config === undefined,
      rcPath: values.config,
      plugins: commandLinePlugins(values, overrides, cwd),
      onProgress: progress
    })
    // Which files, fixing, baselines, the report and the exit status: see modes.ts.
    result = await runModes(values as ModeOptions, positionals, files, lint, cwd, {version: toolVersion(), color, runMetadata})
  } catch (error) {
    return failedRun(error, values.debug)
  } finally {
    progress.done()
  }
  const {kinds, text: stats} = statistics(result.files, run, values.stats)
  // Said once per run: notices of the pages checked (and restored from the cache). `main`
  // writes all of stderr before the report.
  const notice = noticesOf(result.files).map((text) => text + '\n').join('')
  const fromGit = values.staged || values.since !== undefined
  const unrecognised = fromGit || Object.keys(kinds).some((kind) => libraryKinds.has(kind)) ? '' : nothingRecognised(result.files.length)
  // Which ATT&CK release a library was checked against; nothing to say where no library was found.
  const about = unrecognised ? '' : runMetadata().lines.map((line) => line + '\n').join('')
  return {code: result.failed ? 1 : 0, stdout: result.stdout, stderr: unrecognised + result.stderr + stats + about + notice, kinds, run}
}

/**
 * A progress line on stderr for runs longer than a second, only on a terminal:
 * nothing in CI logs or JSON output.
 */
function progressLine(enabled: boolean): ((done: number, total: number) => void) & {done: () => void} {
  const started = Date.now()
  let shown = false
  let last = 0
  const update = (done: number, total: number) => {
    const now = Date.now()
    if (!enabled || now - started < 1000 || now - last < 100) return
    last = now
    shown = true
    process.stderr.write(`\rcontent-lint: read ${done}/${total} pages`)
  }
  return Object.assign(update, {
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K')
    }
  })
}

async function main(): Promise<void> {
  try {
    const result = await runCli(process.argv.slice(2), process.cwd(), Boolean(process.stderr.isTTY), {
      progress: (text) => process.stderr.write(text)
    })
    // Notes first: a report on a pipe may still be flushing when a later write to the
    // other stream lands (inside pre-commit, a note came out in the middle of a finding).
    process.stderr.write(result.stderr)
    process.stdout.write(result.stdout)
    process.exitCode = result.code
  } catch (error) {
    const debug = process.argv.includes('--debug') || process.env.DEBUG
    process.stderr.write(`content-lint: internal error: ${(error as Error).message}\n`)
    if (debug) process.stderr.write(`${(error as Error).stack}\n`)
    process.exitCode = 2
  }
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main()
}
