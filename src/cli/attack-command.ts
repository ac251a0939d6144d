/** `content-lint attack update [--url U] [--cache-dir D]`. */
import path from 'node:path'
import {parseArgs} from 'node:util'
import {attackCacheDir} from '../library/attack/load.js'
import {AttackDataError} from '../library/attack/stix.js'
import {AttackUpdateError, defaultAttackUrl, updateAttackCache} from '../library/attack/update.js'

const usage = `Usage: content-lint attack update [--url <url>] [--cache-dir <dir>]

Download the current ATT&CK Enterprise STIX bundle into the cache folder; runs
without --attack use it.

Options:
      --url <url>        where to download from (default: ${defaultAttackUrl})
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
  let args
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: {type: 'string', default: defaultAttackUrl},
        'cache-dir': {type: 'string'},
        help: {type: 'boolean', short: 'h', default: false}
      }
    })
  } catch (error) {
    return {code: 2, stdout: '', stderr: `content-lint attack: ${(error as Error).message}\n`}
  }
  if (args.values.help) return {code: 0, stdout: usage, stderr: ''}
  if (args.positionals.length !== 1 || args.positionals[0] !== 'update') {
    return {code: 2, stdout: '', stderr: `content-lint attack: expected \`content-lint attack update\`, got \`${['attack', ...argv].join(' ')}\`\n`}
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
    const result = await updateAttackCache({url: args.values.url!, cacheDir, progress: onProgress})
    endLine()
    const version = result.version ? `v${result.version}` : '(release not stated)'
    return {
      code: 0,
      stdout: `Saved ATT&CK Enterprise ${version} (${result.techniques} techniques, ${megabytes(result.bytes)} MB) to ${result.file}\n`,
      stderr: ''
    }
  } catch (error) {
    endLine()
    if (error instanceof AttackUpdateError || error instanceof AttackDataError) {
      return {code: 2, stdout: '', stderr: `content-lint attack update: ${error.message}; the cache in ${cacheDir} is unchanged\n`}
    }
    throw error
  }
}
