/**
 * `content-lint attack update`: download MITRE's current ATT&CK Enterprise bundle into
 * the user cache folder.
 *
 * The whole body is read and checked as a bundle (see stix.ts) before anything is
 * written; it is then written to a temporary file in the cache folder and renamed
 * over the cached bundle, which is atomic on one file system. A failed download,
 * a cut connection or a body that is not a bundle leave the old cache as it was.
 */
import fs from 'node:fs'
import path from 'node:path'
import {cachedBundleName} from './load.js'
import {readBundle} from './stix.js'

/** MITRE's public repository of ATT&CK in STIX 2.1: the current Enterprise release. */
export const defaultAttackUrl = 'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/enterprise-attack/enterprise-attack.json'

export interface UpdateOptions {
  url: string
  cacheDir: string
  /** Called as the body arrives: bytes so far, and the announced total if any. */
  progress?: (received: number, total: number | null) => void
}

export interface UpdateResult {
  file: string
  version: string | null
  techniques: number
  bytes: number
}

/** The download failed; nothing was written. */
export class AttackUpdateError extends Error {
  override name = 'AttackUpdateError'
}

export async function updateAttackCache(options: UpdateOptions): Promise<UpdateResult> {
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
  const chunks: Uint8Array[] = []
  let received = 0
  const reader = response.body.getReader()
  try {
    for (;;) {
      const {done, value} = await reader.read()
      if (done) break
      chunks.push(value)
      received += value.byteLength
      options.progress?.(received, total)
    }
  } catch (error) {
    throw new AttackUpdateError(`the download from ${options.url} broke off after ${received} bytes (${causeOf(error)})`)
  }
  if (total !== null && received !== total) {
    throw new AttackUpdateError(`the download from ${options.url} stopped at ${received} of ${total} bytes`)
  }
  const body = Buffer.concat(chunks)
  // Throws AttackDataError (not JSON, not a bundle, no techniques): nothing is written then.
  const release = readBundle(body.toString('utf8'), options.url)

  fs.mkdirSync(options.cacheDir, {recursive: true})
  const file = path.join(options.cacheDir, cachedBundleName)
  const temporary = path.join(options.cacheDir, `.${cachedBundleName}.${process.pid}.${Date.now()}.tmp`)
  try {
    fs.writeFileSync(temporary, body)
    fs.renameSync(temporary, file)
  } catch (error) {
    fs.rmSync(temporary, {force: true})
    throw new AttackUpdateError(`cannot write ${file} (${(error as Error).message})`)
  }
  return {file, version: release.version, techniques: release.techniques.size, bytes: body.byteLength}
}

/** The message of an error and of its cause (fetch wraps the socket error). */
function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : ''
  return cause && cause !== message ? `${message}: ${cause}` : message
}
