/** `content-lint attack update [--url U] [--sha256 H] [--cache-dir D]`, and `content-lint attack diff` (attack-diff.ts). */
import path from 'node:path'
import {parseArgs} from 'node:util'
import {runAttackDiff} from './attack-diff.js'
import {attackCacheDir} from '../library/attack/load.js'
import {AttackDataError} from '../library/attack/stix.js'
import {AttackUpdateError, defaultAttackUrl, type UpdateResult, updateAttackCache} from '../library/attack/update.js'

const usage = `Usage: content-lint attack update [--url <url>] [--sha256 <hex>] [--cache-dir <dir>]

Add MITRE's current ATT&CK Enterprise release to the cache folder, beside the
releases built into content-lint; runs without --attack then check against it.
The download is checked (size, JSON, an ATT&CK Enterprise STIX bundle stating its
release) before anything is written; its URL, time and SHA-256 are recorded in
attack-provenance.json in the cache folder.

Options:
      --url <url>        where to download from (default: ${defaultAttackUrl})
      --sha256 <hex>     refuse the download unless its SHA-256 is this (MITRE
                         publishes none; use one from a copy you trust)
      --cache-dir <dir>  cache folder (default: $CONTENT_LINT_CACHE_DIR, else
                         $XDG_CACHE_HOME/content-lint, else ~/.cache/content-lint)
  -h, --help             print this help and exit
`

interface Result {
  code: 0 | 1 | 2
  stdout: string
  stderr: string
}

const megabytes = (n: number) => (n / 1_000_000).toFixed(1)

/** `progress` is given on a terminal only: one line, rewritten in place. */
export async function runAttackCommand(argv: readonly string[], cwd: string, progress?: (text: string) => void): Promise<Result> {
  if (argv[0] === 'diff') return runAttackDiff(argv.slice(1), cwd)
  let args
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: {type: 'string', default: defaultAttackUrl},
        sha256: {type: 'string'},
        'cache-dir': {type: 'string'},
        help: {type: 'boolean', short: 'h', default: false}
      }
    })
  } catch (error) {
    return {code: 2, stdout: '', stderr: `content-lint attack: ${(error as Error).message}\n`}
  }
  if (args.values.help) return {code: 0, stdout: usage, stderr: ''}
  if (args.positionals.length !== 1 || args.positionals[0] !== 'update') {
    return {code: 2, stdout: '', stderr: `content-lint attack: expected \`content-lint attack update\` or \`content-lint attack diff\`, got \`${['attack', ...argv].join(' ')}\`\n`}
  }
  const cacheDir = args.values['cache-dir'] !== undefined ? path.resolve(cwd, args.values['cache-dir']) : attackCacheDir()
  let shown = -1
  let line = ''
  const onProgress = progress
    ? (received: number, total: number | null) => {
        // Redraw at most once per percent (or per megabyte without a total).
        const step = total ? Math.floor((received / total) * 100) : Math.floor(received / 1_000_000)
        if (step === shown) return
        shown = step
        line = total
          ? `Downloading ATT&CK Enterprise: ${megabytes(received)} of ${megabytes(total)} MB (${step}%)`
          : `Downloading ATT&CK Enterprise: ${megabytes(received)} MB`
        progress(`\r${line}`)
      }
    : undefined
  const endLine = () => {
    if (progress && line) progress('\n')
  }
  try {
    const sha256 = args.values.sha256
    if (sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(sha256)) {
      return {code: 2, stdout: '', stderr: `content-lint attack update: --sha256 expects 64 hexadecimal digits, got \`${sha256}\`\n`}
    }
    const result = await updateAttackCache({url: args.values.url!, cacheDir, sha256, progress: onProgress})
    endLine()
    return {code: 0, stdout: updateSummary(result), stderr: ''}
  } catch (error) {
    endLine()
    if (error instanceof AttackUpdateError || error instanceof AttackDataError) {
      return {code: 2, stdout: '', stderr: `content-lint attack update: ${error.message}; the cache in ${cacheDir} is unchanged\n`}
    }
    throw error
  }
}

/** What `attack update` did, in one line. */
function updateSummary(result: UpdateResult): string {
  const {provenance} = result
  const what = `ATT&CK Enterprise v${provenance.version}${provenance.date ? ` of ${provenance.date}` : ''} (${result.techniques} techniques, ${megabytes(provenance.bytes)} MB, SHA-256 ${provenance.sha256})`
  if (result.file === null) return `${what} is built into content-lint already; nothing saved\n`
  return `Saved ${what} to ${result.file}\n`
}
