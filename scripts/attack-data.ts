/**
 * `npm run attack:data -- <folder of bundles> [--out <file>]`
 *
 * Writes the ATT&CK table content-lint ships (`data/attack-enterprise.json`) from a
 * folder of MITRE ATT&CK Enterprise STIX bundles, one per release
 * (`enterprise-attack-<version>.json`, in the official format; MITRE's full bundles or
 * reduced ones). See src/library/attack/table.ts for what the table holds.
 *
 * To add a release: put its bundle in the folder with the others, run this, and
 * commit the table (test/library/attack-table.test.ts checks it against the bundles
 * when they are at ../shared/attack).
 */
import fs from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {builtinTablePath} from '../src/library/attack/builtin.js'
import {loadAttack} from '../src/library/attack/load.js'
import {AttackDataError} from '../src/library/attack/stix.js'
import {serializeTable, tableFromReleases} from '../src/library/attack/table.js'

/** What the table says it was made from: the releases, never where they lay on one machine. */
export function derivedFromText(versions: readonly string[]): string {
  return `Derived by content-lint's scripts/attack-data.ts from the MITRE ATT&CK Enterprise STIX bundles of releases ${versions.join(', ')} (enterprise-attack-<version>.json, https://github.com/mitre-attack/attack-stix-data): IDs, names, parents, tactics, deprecation and revocation only.`
}

/** The table's text for the bundles in `folder`. */
export function tableText(folder: string): string {
  const {releases} = loadAttack(folder)
  const versions = releases.map((r) => r.version!)
  return serializeTable(tableFromReleases(releases, derivedFromText(versions)))
}

function main(): void {
  const {values, positionals} = parseArgs({allowPositionals: true, options: {out: {type: 'string'}}})
  if (positionals.length !== 1) {
    console.error('Usage: npm run attack:data -- <folder of enterprise-attack-<version>.json bundles> [--out <file>]')
    process.exit(2)
  }
  const out = path.resolve(values.out ?? builtinTablePath)
  let text: string
  try {
    text = tableText(path.resolve(positionals[0]!))
  } catch (error) {
    if (!(error instanceof AttackDataError)) throw error
    console.error(`attack:data: ${error.message}`)
    process.exit(2)
  }
  fs.mkdirSync(path.dirname(out), {recursive: true})
  fs.writeFileSync(out, text)
  const table = JSON.parse(text) as {releases: Array<{version: string}>; techniques: object}
  console.log(
    `Wrote ${out}: ${table.releases.length} releases (${table.releases[0]!.version}–${table.releases[table.releases.length - 1]!.version}), ` +
      `${Object.keys(table.techniques).length} technique IDs, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`
  )
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main()
