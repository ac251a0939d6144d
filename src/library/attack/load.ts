/**
 * Where ATT&CK data comes from and loading it once per run.
 *
 * - `attack` (setting, or `--attack`): a bundle file, or a folder of bundles of several
 *   releases (`enterprise-attack-6.3.json` … `enterprise-attack-18.1.json`);
 * - otherwise the bundle `content-lint attack update` saved in the user cache folder;
 * - otherwise none: the rules check what needs no data.
 *
 * The newest release is the target unless `attackVersion` names one. Loaded data is
 * kept per path and version, and read again only when a file's modification time or
 * size changes (the core plugin asks for it once per checked page).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {AttackData, label} from './data.js'
import {AttackDataError, type AttackRelease, compareVersions, readBundle, versionFromFileName} from './stix.js'

/** The file name `attack update` saves to in the cache folder. */
export const cachedBundleName = 'enterprise-attack.json'

/**
 * The user cache folder: `$CONTENT_LINT_CACHE_DIR`, else `$XDG_CACHE_HOME/content-lint`,
 * else `~/.cache/content-lint`.
 */
export function attackCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONTENT_LINT_CACHE_DIR) return path.resolve(env.CONTENT_LINT_CACHE_DIR)
  if (env.XDG_CACHE_HOME) return path.join(path.resolve(env.XDG_CACHE_HOME), 'content-lint')
  return path.join(os.homedir(), '.cache', 'content-lint')
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
  let targetRelease = releases[releases.length - 1]!
  if (wanted !== undefined) {
    const named = releases.find((r) => r.version === wanted)
    if (!named) {
      throw new AttackDataError(`ATT&CK release ${wanted} is not in ${absolute} (it holds ${releases.map(label).join(', ')})`)
    }
    targetRelease = named
  }
  const data = new AttackData(releases, targetRelease)
  loaded.set(key, {stamp, data, checked: performance.now()})
  return data
}

/** Settings that say where ATT&CK data is. */
export interface AttackSettings {
  attack?: string
  attackVersion?: string
}

/**
 * The ATT&CK data for these settings: the configured path, else the cached bundle
 * from `attack update`, else null. Relative paths resolve against the working folder.
 */
export function attackFor(settings: AttackSettings, env: NodeJS.ProcessEnv = process.env): AttackData | null {
  if (settings.attack) return loadAttack(path.resolve(settings.attack), settings.attackVersion)
  const cached = path.join(attackCacheDir(env), cachedBundleName)
  if (fs.existsSync(cached)) {
    try {
      return loadAttack(cached, settings.attackVersion)
    } catch (error) {
      if (!(error instanceof AttackDataError)) throw error
      throw new AttackDataError(`${error.message}; run \`content-lint attack update\` again, or give --attack`)
    }
  }
  if (settings.attackVersion !== undefined) {
    throw new AttackDataError(`ATT&CK release ${settings.attackVersion} was asked for, but there is no ATT&CK data: give --attack <bundle or folder>, or run \`content-lint attack update\``)
  }
  return null
}

/** Forget loaded data (tests). */
export function resetAttackCache(): void {
  loaded.clear()
}
