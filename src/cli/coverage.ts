/**
 * `content-lint coverage [paths…]`: the library's ATT&CK coverage (coverage.ts) per
 * tactic as Markdown or JSON, and as an ATT&CK Navigator layer (navigator-layer.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {MissingPathError} from '../core/files.js'
import {toolVersion} from '../core/version.js'
import {ConfigurationError} from '../engine/lint.js'
import {type Coverage, libraryCoverage} from '../library/attack/coverage.js'
import {attackFor} from '../library/attack/load.js'
import {AttackDataError} from '../library/attack/stix.js'
import {libraryPages, pageOptionDefinitions, pageOptionHelp} from './library-pages.js'
import {navigatorLayer, someOf} from './navigator-layer.js'

export const coverageUsage = `Usage: content-lint coverage [options] [paths…]

The library's ATT&CK coverage for the pages under the paths (default: .): per
technique of the target release, the products whose pages list it and the rules
that map to it, per tactic.

Options:
  -f, --format <name>      markdown (default), json, or layer (the ATT&CK Navigator
                           layer, format 4.5)
      --layer <file>       also write the Navigator layer to <file>
${pageOptionHelp}  -h, --help               print this help and exit
`

interface Result {
  code: 0 | 1 | 2
  stdout: string
  stderr: string
}

const fail = (message: string): Result => ({code: 2, stdout: '', stderr: `content-lint coverage: ${message}\n`})

export async function runCoverage(argv: readonly string[], cwd: string): Promise<Result> {
  let args
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {format: {type: 'string', short: 'f', default: 'markdown'}, layer: {type: 'string'}, help: {type: 'boolean', short: 'h', default: false}, ...pageOptionDefinitions}
    })
  } catch (error) {
    return fail((error as Error).message)
  }
  const {values, positionals} = args
  if (values.help) return {code: 0, stdout: coverageUsage, stderr: ''}
  if (!['markdown', 'json', 'layer'].includes(values.format!)) return fail(`unknown format \`${values.format}\`, expected markdown, json or layer`)
  try {
    const pages = await libraryPages(positionals, cwd, {config: values.config, noConfig: values['no-config']!, root: values.root, attack: values.attack, attackVersion: values['attack-version']})
    if (pages.length === 0) return fail('no Markdown pages under the paths given')
    const settings = pages[0]!.settings
    const attack = attackFor(settings)
    if (!attack) return fail('ATT&CK data is turned off (attack: none)')
    const coverage = libraryCoverage(pages.map((p) => p.facts), attack, settings.dataSourcesDirs)
    const name = `${path.basename(pages[0]!.root)} ATT&CK coverage`
    const layer = JSON.stringify(navigatorLayer(coverage, name, `content-lint ${toolVersion()}`), null, 2) + '\n'
    if (values.layer !== undefined) writeLayer(path.resolve(cwd, values.layer), layer)
    const stdout = values.format === 'layer' ? layer : values.format === 'json' ? JSON.stringify(coverage, null, 2) + '\n' : coverageMarkdown(coverage)
    return {code: 0, stdout, stderr: ''}
  } catch (error) {
    if (error instanceof AttackDataError || error instanceof MissingPathError || error instanceof ConfigurationError) return fail(error.message)
    if (error instanceof LayerWriteError) return fail(error.message)
    throw error
  }
}

class LayerWriteError extends Error {}

function writeLayer(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text)
  } catch (error) {
    throw new LayerWriteError(`cannot write the layer to ${file} (${(error as Error).message})`)
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|')

/** One section per tactic in matrix order: its covered techniques, their rules and products. */
export function coverageMarkdown(coverage: Coverage): string {
  const covered = coverage.techniques.length
  let out = `# ATT&CK ${coverage.release} coverage\n\n${covered} techniques and sub-techniques covered`
  out += coverage.leftOut.length > 0 ? `; ${coverage.leftOut.length} IDs the pages name are not active techniques of ${coverage.release}: ${coverage.leftOut.join(', ')}.\n` : '.\n'
  for (const tactic of coverage.tactics) {
    out += `\n## ${tactic.name}${tactic.id ? ` (${tactic.id})` : ''}: ${tactic.covered.length} of ${tactic.total}\n\n`
    if (tactic.covered.length === 0) {
      out += 'None covered.\n'
      continue
    }
    out += '| Technique | Rules | Products |\n| --- | --- | --- |\n'
    for (const t of tactic.covered) out += `| ${t.id} ${cell(t.name)} | ${t.rules.length} | ${cell(someOf(t.products, 8))} |\n`
  }
  return out
}
