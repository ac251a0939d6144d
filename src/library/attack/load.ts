/**
 * Where ATT&CK data comes from and loading it once per run.
 *
 * - `attack` (setting, or `--attack`): a bundle file, or a folder of bundles of several
 *   releases (`enterprise-attack-6.3.json` … `enterprise-attack-18.1.json`); `none`:
 *   no data (the rules check what needs none);
 * - otherwise the built-in table (every release from 6.3 on, see table.ts), with the
 *   releases `content-lint attack update` saved in the user cache folder added.
 *
 * The newest release is the target unless `attackVersion` names one. Loaded data is
 * kept per path and version, and read again only when a file's modification time or
 * size changes (the core plugin asks for it once per checked page).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {builtinReleases} from './builtin.js'
import {AttackData, label} from './data.js'
import {noteAttackUsed} from './notice.js'
import {AttackDataError, type AttackRelease, compareVersions, readBundle, versionFromFileName} from './stix.js'

/** The `attack` setting (`--attack none`) that turns ATT&CK data off. */
export const noAttack = 'none'

/**
 * The user cache folder: `$CONTENT_LINT_CACHE_DIR`, else `$XDG_CACHE_HOME/content-lint`,
 * else `~/.cache/content-lint`.
 */
export function attackCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONTENT_LINT_CACHE_DIR) return path.resolve(env.CONTENT_LINT_CACHE_DIR)
  if (env.XDG_CACHE_HOME) return path.join(path.resolve(env.XDG_CACHE_HOME), 'content-lint')
  return path.join(os.homedir(), '.cache', 'content-lint')
}

/** Where `attack update` keeps the releases it downloaded: `enterprise-attack-<version>.json` each. */
export function downloadedReleasesDir(cacheDir: string): string {
  return path.join(cacheDir, 'attack')
}

interface Loaded {
  stamp: string
  data: AttackData
  /** When the stamp was last compared with the files (performance.now()). */
  checked: number
}

/**
 * How long a loaded release set is trusted without looking at its files again. The
 * rules ask for the data once per page (22k times on the snapshot), and each look is a
 * directory listing and a stat per release; an editor still sees a bundle replaced
 * within a second.
 */
const RECHECK_MS = 1000

const loaded = new Map<string, Loaded>()

/** Bundle files at `target`: the file itself, or the `.json` files of a folder. */
function bundleFiles(target: string): string[] {
  let stat: fs.Stats
  try {
    stat = fs.statSync(target)
  } catch {
    throw new AttackDataError(`ATT&CK data ${target} does not exist`)
  }
  if (!stat.isDirectory()) return [target]
  const files = fs
    .readdirSync(target)
    .filter((name) => name.toLowerCase().endsWith('.json'))
    .sort()
    .map((name) => path.join(target, name))
  if (files.length === 0) throw new AttackDataError(`ATT&CK data folder ${target} holds no .json bundle`)
  return files
}

/** What changes when any bundle changes. */
function stampOf(files: readonly string[]): string {
  return files
    .map((file) => {
      const stat = fs.statSync(file)
      return `${file}\0${stat.mtimeMs}\0${stat.size}`
    })
    .join('\n')
}

/** `v10.1` and `10.1` name the same release. */
function normaliseVersion(version: string): string {
  return version.trim().replace(/^v/i, '')
}

/** Load a bundle file or a folder of bundles; throws AttackDataError with a clear message. */
export function loadAttack(target: string, version?: string): AttackData {
  const absolute = path.resolve(target)
  const wanted = version === undefined ? undefined : normaliseVersion(version)
  const key = `${absolute}\0${wanted ?? ''}`
  const cached = loaded.get(key)
  const now = performance.now()
  if (cached && now - cached.checked < RECHECK_MS) return cached.data
  const files = bundleFiles(absolute)
  const stamp = stampOf(files)
  if (cached && cached.stamp === stamp) {
    cached.checked = now
    return cached.data
  }

  const releases: AttackRelease[] = []
  for (const file of files) {
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch (error) {
      throw new AttackDataError(`ATT&CK data ${file} cannot be read (${(error as Error).message})`)
    }
    releases.push(readBundle(text, file, versionFromFileName(path.basename(file))))
  }
  if (releases.length > 1) {
    const seen = new Map<string, string>()
    for (const release of releases) {
      if (release.version === null) {
        throw new AttackDataError(`ATT&CK data ${release.source} states no release number (no \`x-mitre-collection\` version, none in the file name)`)
      }
      const other = seen.get(release.version)
      if (other) throw new AttackDataError(`ATT&CK data ${absolute} holds release ${release.version} twice (${path.basename(other)}, ${path.basename(release.source)})`)
      seen.set(release.version, release.source)
    }
  }
  releases.sort((a, b) => compareVersions(a.version ?? '0', b.version ?? '0'))
  const data = new AttackData(releases, chooseTarget(releases, wanted, absolute))
  loaded.set(key, {stamp, data, checked: performance.now()})
  return data
}

/** The newest release, or the one asked for; `where` names the data in the error. */
function chooseTarget(releases: readonly AttackRelease[], wanted: string | undefined, where: string): AttackRelease {
  if (wanted === undefined) return releases[releases.length - 1]!
  const named = releases.find((r) => r.version === wanted)
  if (!named) throw new AttackDataError(`ATT&CK release ${wanted} is not in ${where} (it holds ${releases.map(label).join(', ')})`)
  return named
}

/** Settings that say where ATT&CK data is. */
export interface AttackSettings {
  attack?: string
  attackVersion?: string
}

/**
 * The ATT&CK data for these settings: the configured path; none for `none`; else the
 * built-in releases with those `attack update` downloaded. Relative paths resolve
 * against the working folder. The CLI reports the data a run used (notice.ts).
 */
export function attackFor(settings: AttackSettings, env: NodeJS.ProcessEnv = process.env): AttackData | null {
  if (settings.attack === noAttack) {
    if (settings.attackVersion !== undefined) {
      throw new AttackDataError(`ATT&CK release ${settings.attackVersion} was asked for, but ATT&CK data is turned off (attack: none)`)
    }
    return null
  }
  const data = settings.attack ? loadAttack(path.resolve(settings.attack), settings.attackVersion) : defaultAttack(settings.attackVersion, env)
  noteAttackUsed(data)
  return data
}

/** Built-in data by the target asked for, with the downloaded data it was made with. */
const defaults = new Map<string, {downloaded: AttackData | null; data: AttackData}>()

/**
 * The built-in releases, and the releases `attack update` saved that the table lacks
 * (a release MITRE published after this content-lint was built).
 */
function defaultAttack(version: string | undefined, env: NodeJS.ProcessEnv): AttackData {
  const wanted = version === undefined ? undefined : normaliseVersion(version)
  const downloaded = downloadedAttack(attackCacheDir(env))
  const key = `${attackCacheDir(env)}\0${wanted ?? ''}`
  const known = defaults.get(key)
  if (known && known.downloaded === downloaded) return known.data
  const builtin = builtinReleases()
  const inTable = new Set(builtin.map((r) => r.version))
  const releases = [...builtin, ...(downloaded?.releases ?? []).filter((r) => !inTable.has(r.version))]
  releases.sort((a, b) => compareVersions(a.version!, b.version!))
  const where = downloaded ? `the built-in ATT&CK table nor in ${downloadedReleasesDir(attackCacheDir(env))}` : 'the built-in ATT&CK table'
  const data = new AttackData(releases, chooseTarget(releases, wanted, where))
  defaults.set(key, {downloaded, data})
  return data
}

/** The releases `attack update` saved in the cache folder, or null when there are none. */
function downloadedAttack(cacheDir: string): AttackData | null {
  const folder = downloadedReleasesDir(cacheDir)
  let names: string[]
  try {
    names = fs.readdirSync(folder)
  } catch {
    return null
  }
  if (!names.some((name) => name.toLowerCase().endsWith('.json'))) return null
  try {
    return loadAttack(folder)
  } catch (error) {
    if (!(error instanceof AttackDataError)) throw error
    throw new AttackDataError(`${error.message}; run \`content-lint attack update\` again, or give --attack`)
  }
}

/** Forget loaded data (tests). */
export function resetAttackCache(): void {
  loaded.clear()
  defaults.clear()
}
