/**
 * Which ATT&CK release a run checked against and where it came from, as reports show
 * it (one line on stderr, SARIF run properties), and the notice that the built-in
 * table has grown old.
 */
import path from 'node:path'
import {isBuiltin} from './builtin.js'
import {type AttackData, label} from './data.js'
import {attackCacheDir, downloadedReleasesDir} from './load.js'
import {readProvenance} from './update.js'

export interface AttackCheckedAgainst {
  /** The target release (`18.1`); null for a bundle that states none. */
  version: string | null
  /** The target release's date (bundle-info.ts). */
  date: string | null
  /** `built-in`: the table shipped with content-lint; `download`: saved by `attack update`; `file`: `--attack`. */
  source: 'built-in' | 'download' | 'file'
  /** The file or folder for `file`, the URL for `download`. */
  where: string | null
  /** When `attack update` downloaded it (ISO time), for `download`. */
  downloaded: string | null
  /** Every loaded release, oldest first (the name history). */
  releases: string[]
  /** The target is older than the newest loaded release (`attackVersion`). */
  pinned: boolean
}

export function describeAttack(data: AttackData, env: NodeJS.ProcessEnv = process.env): AttackCheckedAgainst {
  const target = data.target
  const newest = data.releases[data.releases.length - 1]!
  const common = {
    version: target.version,
    date: target.date ?? null,
    releases: data.releases.map((r) => r.version ?? '?'),
    pinned: target !== newest
  }
  if (isBuiltin(target)) return {...common, source: 'built-in', where: null, downloaded: null}
  const cacheDir = attackCacheDir(env)
  if (path.dirname(target.source) === downloadedReleasesDir(cacheDir) && target.version !== null) {
    const provenance = readProvenance(cacheDir)[target.version]
    return {...common, source: 'download', where: provenance?.url ?? target.source, downloaded: provenance?.downloaded ?? null}
  }
  const where = data.releases.length > 1 ? path.dirname(target.source) : target.source
  return {...common, source: 'file', where, downloaded: null}
}

/**
 * `checked against ATT&CK v18.1 (built-in, releases v6.3–v18.1)`, `… (folder
 * ../attack, releases …)`, `… (file enterprise-attack.json)`; paths relative to `cwd`.
 */
export function checkedAgainstText(described: AttackCheckedAgainst, cwd: string): string {
  const release = described.version ? `v${described.version}` : 'the release in the file'
  const span = described.releases.length > 1 ? `, releases v${described.releases[0]}–v${described.releases[described.releases.length - 1]}` : ''
  let origin: string
  if (described.source === 'built-in') origin = `built-in${span}`
  else if (described.source === 'download') origin = `downloaded${described.downloaded ? ` ${described.downloaded.slice(0, 10)}` : ''} from ${described.where} by \`attack update\`${span}`
  else origin = `${span ? 'folder' : 'file'} ${path.relative(cwd, described.where!) || '.'}${span}`
  return `checked against ATT&CK ${release}${described.pinned ? ' (pinned by attackVersion)' : ''} (${origin})`
}

const dayMs = 24 * 60 * 60 * 1000

/**
 * One line when the run checked against the built-in table's newest release and that
 * release is more than a year older than `now` (MITRE publishes two releases a year).
 */
export function staleBuiltinNotice(data: AttackData, now: Date): string | null {
  const newest = data.releases[data.releases.length - 1]!
  if (!isBuiltin(newest) || !newest.date) return null
  const age = now.getTime() - Date.parse(`${newest.date}T00:00:00Z`)
  if (!(age > 365 * dayMs)) return null
  return `content-lint: the built-in ATT&CK data ends with ${label(newest)} of ${newest.date}, more than a year ago: \`content-lint attack update\` adds MITRE's newest release`
}
