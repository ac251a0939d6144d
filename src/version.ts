/**
 * The tool's version, and its fingerprint as caches see it: the package version and a
 * hash of the code, so findings and facts cached by one build are never served by
 * another (a developer's edit to a rule included). The CLI and the language server
 * share on-disk facts under this fingerprint.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))

export function toolVersion(): string {
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      return JSON.parse(fs.readFileSync(path.join(here, candidate), 'utf8')).version as string
    } catch {
      // Try the next layout (built or source).
    }
  }
  return 'unknown'
}

let cachedFingerprint: string | undefined

export function toolFingerprint(): string {
  if (cachedFingerprint) return cachedFingerprint
  const hash = createHash('sha1').update(toolVersion())
  // Every module of the tool: this folder and its subfolders (model, attack, formats),
  // and the rules. Sorted, so the order of the listing does not matter.
  const files = [here, path.join(here, '..', 'rules')]
    .flatMap((folder) => {
      try {
        return fs.readdirSync(folder, {recursive: true, encoding: 'utf8'}).map((name) => path.join(folder, name))
      } catch {
        return []
      }
    })
    .filter((file) => /\.(js|ts)$/.test(file) && !file.endsWith('.d.ts'))
  for (const file of files.sort()) hash.update(path.relative(here, file)).update(fs.readFileSync(file))
  cachedFingerprint = `${toolVersion()}+${hash.digest('hex').slice(0, 12)}`
  return cachedFingerprint
}
