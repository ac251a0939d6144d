#!/usr/bin/env node
/**
 * `content-lint [paths…]`: check a content library.
 *
 * Files are found here (see files.ts); configuration, plugins and processing are
 * unified-engine's, the engine remark-cli runs on, so `.remarkrc.js`,
 * `.remarkrc.json` and `package.json#remarkConfig` are found as remark-cli finds
 * them (nearest to each file). With no configuration file, the preset runs: every
 * rule at its default severity.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'
import type {VFile} from 'vfile'
import {findMarkdownFiles, MissingPathError} from './files.js'
import {contentLintSeverity, remarkContentLint} from './plugin.js'
import type {Severity} from './rule.js'
import {rulesById} from './rules.js'
import {ConfigurationError, createLint} from './lint.js'
import {type ModeOptions, ModeError, modeHelp, modeOptions, runModes} from './modes.js'

const usage = `Usage: content-lint [options] [paths…]

Check a generated content library (default path: .).

Options:
  -f, --format <name>      stylish (default), json (vfile-reporter-json), github
                           (workflow annotations) or sarif (SARIF 2.1.0)
  -q, --quiet              report errors only, not warnings
      --verbose            list every file, also those without findings
  -r, --rule <id=severity> set a rule's severity (off, warn, error); repeatable
      --root <dir>         the content root (default: found from each file's path)
  -c, --config <file>      use this configuration file instead of searching for one
      --no-config          search for no configuration file: every rule at its default
      --color / --no-color force colour on or off
      --stats              also print how many pages of each kind were checked
      --list-rules         print the rules with their default severity and exit
${modeHelp}  -h, --help               print this help and exit
  -v, --version            print the version and exit

Exit status: 0 no errors, 1 errors found, 2 usage, configuration or internal error.
`

class UsageError extends Error {}

function version(): string {
  const here = path.dirname(fileURLToPath(import.meta.url))
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      return JSON.parse(fs.readFileSync(path.join(here, candidate), 'utf8')).version as string
    } catch {
      // Try the next layout (built or source).
    }
  }
  return 'unknown'
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
}

/** Run the CLI without touching the process (tests call this). */
export async function runCli(argv: readonly string[], cwd = process.cwd(), isTty = false): Promise<CliResult> {
  let args
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: {type: 'string', short: 'f', default: 'stylish'},
        quiet: {type: 'boolean', short: 'q', default: false},
        verbose: {type: 'boolean', default: false},
        rule: {type: 'string', short: 'r', multiple: true, default: []},
        root: {type: 'string'},
        config: {type: 'string', short: 'c'},
        'no-config': {type: 'boolean', default: false},
        color: {type: 'boolean'},
        'no-color': {type: 'boolean'},
        'list-rules': {type: 'boolean', default: false},
        stats: {type: 'boolean', default: false},
        ...modeOptions,
        help: {type: 'boolean', short: 'h', default: false},
        version: {type: 'boolean', short: 'v', default: false}
      }
    })
  } catch (error) {
    return {code: 2, stdout: '', stderr: `content-lint: ${(error as Error).message}\n`}
  }
  const {values, positionals} = args
  if (values.help) return {code: 0, stdout: usage, stderr: ''}
  if (values.version) return {code: 0, stdout: version() + '\n', stderr: ''}
  if (values['list-rules']) {
    const lines = [...rulesById.values()].map((r) => `${r.meta.id.padEnd(20)} ${r.meta.defaultSeverity.padEnd(6)} ${r.meta.fixable ? 'fixable' : '       '} ${r.meta.description}`)
    return {code: 0, stdout: lines.join('\n') + '\n', stderr: ''}
  }
  let files: string[]
  let overrides: Record<string, Severity>
  try {
    if (!['stylish', 'json', 'github', 'sarif'].includes(values.format!)) {
      throw new UsageError(`Unknown format \`${values.format}\`, expected stylish, json, github or sarif`)
    }
    overrides = parseSeverities(values.rule ?? [])
    files = values.staged || values.since !== undefined ? [] : findMarkdownFiles(positionals.length > 0 ? positionals : ['.'], cwd)
  } catch (error) {
    if (error instanceof UsageError || error instanceof MissingPathError) {
      return {code: 2, stdout: '', stderr: `content-lint: ${error.message}\n`}
    }
    throw error
  }
  const color = values['no-color'] ? false : (values.color ?? isTty)
  const given: Array<[unknown, unknown]> = [[contentLintSeverity, overrides]]
  if (values.root !== undefined) given.push([remarkContentLint, {root: path.resolve(cwd, values.root)}])

  const lint = createLint({cwd, detectConfig: !values['no-config'] && values.config === undefined, rcPath: values.config, plugins: given})
  // Which files, fixing, baselines, the report and the exit status: see modes.ts.
  let sorted: VFile[]
  let out: string
  let notes: string
  let failed: boolean
  try {
    const usage = await runModes(values as ModeOptions, positionals, files, lint, cwd, {version: version(), color})
    sorted = usage.files
    out = usage.stdout
    notes = usage.stderr
    failed = usage.failed
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof ModeError) {
      return {code: 2, stdout: '', stderr: `content-lint: ${error.message}\n`}
    }
    throw error
  }
  const kinds: Record<string, number> = {}
  for (const file of sorted) {
    const kind = (file.data as {contentLintKind?: string}).contentLintKind ?? 'not checked'
    kinds[kind] = (kinds[kind] ?? 0) + 1
  }
  const stats = values.stats
    ? 'Pages by kind: ' + Object.entries(kinds).sort().map(([kind, n]) => `${kind} ${n}`).join(', ') + '\n'
    : ''
  return {code: failed ? 1 : 0, stdout: out, stderr: notes + stats, kinds}
}

async function main(): Promise<void> {
  try {
    const result = await runCli(process.argv.slice(2), process.cwd(), Boolean(process.stderr.isTTY))
    process.stdout.write(result.stdout)
    process.stderr.write(result.stderr)
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
