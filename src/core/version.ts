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

/**
 * The package's own folder: the nearest folder above this module with content-lint's
 * package.json (`dist/src/core/` when built, `src/core/` when vitest runs the sources).
 */
export const packageRoot: string = (() => {
  let folder = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')).name === 'content-lint') return folder
    } catch {
      // Not here: look one folder up.
    }
    const parent = path.dirname(folder)
    if (parent === folder) return path.dirname(fileURLToPath(import.meta.url))
    folder = parent
  }
})()

export function toolVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')).version as string
  } catch {
    return 'unknown'
  }
}

let cachedFingerprint: string | undefined

export function toolFingerprint(): string {
  if (cachedFingerprint) return cachedFingerprint
  const hash = createHash('sha1').update(toolVersion())
  // Every module of the tool: the source folder (built or not) with its layers, and the
  // rules. Sorted, so the order of the listing does not matter.
  const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
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
