/**
 * `content-lint attack update`: add MITRE's current ATT&CK Enterprise release to the
 * user cache folder, beside the releases built into content-lint.
 *
 * The download is verified before anything is written: its size (the announced
 * length, and at most `maxBytes`), that it is JSON, that it is a STIX bundle of ATT&CK
 * Enterprise techniques stating its release number (stix.ts), and its SHA-256 when one
 * is given (MITRE publishes none: its attack-stix-data index lists each release's URL
 * and date only, so the digest is recorded for the user to compare). The bundle is
 * written to a temporary file in the cache folder and renamed over
 * `attack/enterprise-attack-<version>.json`, which is atomic on one file system; where
 * and when it came from is recorded in `attack-provenance.json`. A failed download, a
 * cut connection or a body that fails a check leave the cache as it was.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {builtinReleases} from './builtin.js'
import {downloadedReleasesDir} from './load.js'
import {readBundle} from './stix.js'

/** MITRE's public repository of ATT&CK in STIX 2.1: the current Enterprise release. */
export const defaultAttackUrl = 'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/enterprise-attack/enterprise-attack.json'

/**
 * The largest download accepted: MITRE's full Enterprise bundle was 45 MB in 2025;
 * the bound keeps a wrong URL from filling memory.
 */
export const defaultMaxBytes = 200_000_000

export interface UpdateOptions {
  url: string
  cacheDir: string
  /** Expected SHA-256 of the body (hex), when the user has one. */
  sha256?: string
  maxBytes?: number
  /** Called as the body arrives: bytes so far, and the announced total if any. */
  progress?: (received: number, total: number | null) => void
  /** The time recorded as the download's (tests). */
  now?: Date
}

/** Where and when a downloaded release came from (`attack-provenance.json`). */
export interface Provenance {
  version: string
  /** The release's date (bundle-info.ts). */
  date: string | null
  url: string
  /** ISO time of the download. */
  downloaded: string
  bytes: number
  sha256: string
}

export interface UpdateResult {
  /** The saved bundle, or null when the release is built in already. */
  file: string | null
  provenance: Provenance
  techniques: number
}

/** The download failed or failed a check; nothing was written. */
export class AttackUpdateError extends Error {
  override name = 'AttackUpdateError'
}

export const provenanceFileName = 'attack-provenance.json'

export async function updateAttackCache(options: UpdateOptions): Promise<UpdateResult> {
  const {body, finalUrl} = await download(options)
  const sha256 = createHash('sha256').update(body).digest('hex')
  if (options.sha256 !== undefined && options.sha256.toLowerCase() !== sha256) {
    throw new AttackUpdateError(`the download from ${options.url} has SHA-256 ${sha256}, not the ${options.sha256} given`)
  }
  // Throws AttackDataError (not JSON, not a bundle, no techniques): nothing is written then.
  const release = readBundle(body.toString('utf8'), options.url)
  if (release.version === null) {
    throw new AttackUpdateError(`the bundle from ${options.url} states no release number (no \`x-mitre-collection\` version)`)
  }
  const provenance: Provenance = {
    version: release.version,
    date: release.date ?? null,
    url: finalUrl,
    downloaded: (options.now ?? new Date()).toISOString(),
    bytes: body.byteLength,
    sha256
  }
  if (builtinReleases().some((r) => r.version === release.version)) {
    return {file: null, provenance, techniques: release.techniques.size}
  }
  const folder = downloadedReleasesDir(options.cacheDir)
  const file = path.join(folder, `enterprise-attack-${release.version}.json`)
  writeAtomically(file, body)
  const recorded = readProvenance(options.cacheDir)
  recorded[release.version] = provenance
  writeAtomically(path.join(options.cacheDir, provenanceFileName), Buffer.from(JSON.stringify(recorded, null, 2) + '\n'))
  return {file, provenance, techniques: release.techniques.size}
}

/** The whole body, checked against the announced length and the size bound. */
async function download(options: UpdateOptions): Promise<{body: Buffer; finalUrl: string}> {
  const maxBytes = options.maxBytes ?? defaultMaxBytes
  let response: Response
  try {
    response = await fetch(options.url, {redirect: 'follow'})
  } catch (error) {
    throw new AttackUpdateError(`cannot reach ${options.url} (${causeOf(error)})`)
  }
  if (!response.ok || !response.body) {
    throw new AttackUpdateError(`${options.url} answered HTTP ${response.status} ${response.statusText}`.trim())
  }
  const announced = Number(response.headers.get('content-length'))
  const total = Number.isFinite(announced) && announced > 0 ? announced : null
  if (total !== null && total > maxBytes) {
    throw new AttackUpdateError(`${options.url} announces ${total} bytes, more than the ${maxBytes} an ATT&CK bundle may have`)
  }
  const chunks: Uint8Array[] = []
  let received = 0
  const reader = response.body.getReader()
  try {
    for (;;) {
      const {done, value} = await reader.read()
      if (done) break
      chunks.push(value)
      received += value.byteLength
      if (received > maxBytes) {
        await reader.cancel()
        throw new AttackUpdateError(`the download from ${options.url} passed ${maxBytes} bytes, more than an ATT&CK bundle may have`)
      }
      options.progress?.(received, total)
    }
  } catch (error) {
    if (error instanceof AttackUpdateError) throw error
    throw new AttackUpdateError(`the download from ${options.url} broke off after ${received} bytes (${causeOf(error)})`)
  }
  if (total !== null && received !== total) {
    throw new AttackUpdateError(`the download from ${options.url} stopped at ${received} of ${total} bytes`)
  }
  return {body: Buffer.concat(chunks), finalUrl: response.url || options.url}
}

/** The recorded provenance of downloaded releases by version ({} when none or unreadable). */
export function readProvenance(cacheDir: string): Record<string, Provenance> {
  try {
    const recorded = JSON.parse(fs.readFileSync(path.join(cacheDir, provenanceFileName), 'utf8')) as unknown
    return typeof recorded === 'object' && recorded !== null && !Array.isArray(recorded) ? (recorded as Record<string, Provenance>) : {}
  } catch {
    return {}
  }
}

/** Write by rename from a temporary file in the same folder: readers see the old file or the new, whole. */
function writeAtomically(file: string, body: Buffer): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`)
  try {
    fs.mkdirSync(path.dirname(file), {recursive: true})
    fs.writeFileSync(temporary, body)
    fs.renameSync(temporary, file)
  } catch (error) {
    fs.rmSync(temporary, {force: true})
    throw new AttackUpdateError(`cannot write ${file} (${(error as Error).message})`)
  }
}

/** The message of an error and of its cause (fetch wraps the socket error). */
function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : ''
  return cause && cause !== message ? `${message}: ${cause}` : message
}
