/**
 * The ATT&CK table that ships with content-lint (see table.ts): read once per process,
 * from the package's own folder, so every run has ATT&CK data with no download.
 */
import fs from 'node:fs'
import path from 'node:path'
import {packageRoot} from '../../core/version.js'
import {AttackDataError, type AttackRelease} from './stix.js'
import {releasesFromTable} from './table.js'

/** `data/attack-enterprise.json` in the installed package (`files` in package.json ships it). */
export const builtinTablePath = path.join(packageRoot, 'data', 'attack-enterprise.json')

let builtin: AttackRelease[] | undefined

/** The built-in releases, oldest first. The table is part of the installed package, so it is read once. */
export function builtinReleases(): AttackRelease[] {
  if (builtin) return builtin
  let text: string
  try {
    text = fs.readFileSync(builtinTablePath, 'utf8')
  } catch (error) {
    throw new AttackDataError(`The built-in ATT&CK table ${builtinTablePath} cannot be read (${(error as Error).message}); reinstall content-lint, or give --attack`)
  }
  builtin = releasesFromTable(text, builtinTablePath)
  return builtin
}

/** Whether a release came from the built-in table. */
export function isBuiltin(release: AttackRelease): boolean {
  return release.source === builtinTablePath
}
