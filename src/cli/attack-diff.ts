/**
 * `content-lint attack diff --to <version> [paths…]`: what moving the library's target
 * ATT&CK release to another would change (see upgrade.ts), as a terminal table,
 * Markdown (for a pull request) or JSON.
 */
import {parseArgs} from 'node:util'
import {MissingPathError} from '../core/files.js'
import {ConfigurationError} from '../engine/lint.js'
import type {AttackData} from '../library/attack/data.js'
import {attackFor} from '../library/attack/load.js'
import {AttackDataError, type AttackRelease} from '../library/attack/stix.js'
import {type PageMentions, type UpgradeReport, upgradeReport} from '../library/attack/upgrade.js'
import {type LibraryPage, libraryPages, pageOptionDefinitions, pageOptionHelp} from './library-pages.js'

export const diffUsage = `Usage: content-lint attack diff --to <version> [options] [paths…]

What moving the library's target ATT&CK release to <version> would change for the
pages under the paths (default: .): techniques renamed, deprecated or revoked, moved
between tactics, and new sub-techniques of techniques the pages use.

Options:
      --to <version>       the release to move to (required)
      --from <version>     the release to move from (default: the library's target:
                           its attackVersion, else the newest release)
  -f, --format <name>      table (default), markdown or json
${pageOptionHelp}  -h, --help               print this help and exit
`

interface Result {
  code: 0 | 1 | 2
  stdout: string
  stderr: string
}

const fail = (message: string): Result => ({code: 2, stdout: '', stderr: `content-lint attack diff: ${message}\n`})

/** A page's mentions and matrix placements. */
function mentionsOf(page: LibraryPage): PageMentions {
  return {
    page: page.facts.path,
    mentions: page.facts.techniqueMentions.map((m) => ({id: m.id, name: m.name?.text ?? null})),
    placements: (page.facts.product?.matrix?.columns ?? []).flatMap((column) => column.techniques.map((t) => ({id: t.id, tactic: column.tactic.text})))
  }
}

function release(attack: AttackData, version: string, what: string): AttackRelease {
  const wanted = version.trim().replace(/^v/i, '')
  const found = attack.releases.find((r) => r.version === wanted)
  if (!found) throw new AttackDataError(`${what} ${wanted} is not an ATT&CK release content-lint has (it has ${attack.span}; \`content-lint attack update\` adds MITRE's newest)`)
  return found
}

export async function runAttackDiff(argv: readonly string[], cwd: string): Promise<Result> {
  let args
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {to: {type: 'string'}, from: {type: 'string'}, format: {type: 'string', short: 'f', default: 'table'}, help: {type: 'boolean', short: 'h', default: false}, ...pageOptionDefinitions}
    })
  } catch (error) {
    return fail((error as Error).message)
  }
  const {values, positionals} = args
  if (values.help) return {code: 0, stdout: diffUsage, stderr: ''}
  if (values.to === undefined) return fail('--to <version> is required')
  if (!['table', 'markdown', 'json'].includes(values.format!)) return fail(`unknown format \`${values.format}\`, expected table, markdown or json`)
  try {
    const pages = await libraryPages(positionals, cwd, {config: values.config, noConfig: values['no-config']!, root: values.root, attack: values.attack, attackVersion: values['attack-version']})
    if (pages.length === 0) return fail('no Markdown pages under the paths given')
    const attack = attackFor(pages[0]!.settings)
    if (!attack) return fail('ATT&CK data is turned off (attack: none)')
    const from = values.from === undefined ? attack.target : release(attack, values.from, '--from')
    const report = upgradeReport(from, release(attack, values.to, '--to'), pages.map(mentionsOf))
    const text = values.format === 'json' ? JSON.stringify({pages: pages.length, ...report}, null, 2) + '\n' : formatReport(report, pages.length, values.format === 'markdown')
    return {code: 0, stdout: text, stderr: ''}
  } catch (error) {
    if (error instanceof AttackDataError || error instanceof MissingPathError || error instanceof ConfigurationError) return fail(error.message)
    throw error
  }
}

/** Rows as a Markdown table, or as columns padded for a terminal. */
function table(header: string[], rows: string[][], markdown: boolean): string {
  if (markdown) {
    const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n'
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => '  ' + cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}

const n = (value: number) => value.toLocaleString('en-US')

/** The report as text: one section per kind of change, each a table. */
export function formatReport(report: UpgradeReport, pages: number, markdown: boolean): string {
  const {from, to} = report
  const heading = (text: string) => (markdown ? `\n### ${text}\n\n` : `\n${text}\n`)
  let out = markdown ? `## ATT&CK v${from} → v${to}\n\n` : `ATT&CK v${from} → v${to}\n`
  out += `${n(pages)} pages read: they mention ${n(report.techniques)} techniques ${n(report.mentions)} times.\n`
  out += heading(`Renamed: ${report.renamed.length}`)
  out += report.renamed.length === 0 ? 'None the pages use.\n' : table(
    ['ID', `v${from} name`, `v${to} name`, 'pages', `mentions with the v${from} name`],
    report.renamed.map((r) => [r.id, r.from, r.to, n(r.pages), n(r.occurrences)]),
    markdown
  )
  out += heading(`Deprecated, revoked or removed: ${report.retired.length}`)
  out += report.retired.length === 0 ? 'None the pages use.\n' : table(
    ['ID', 'name', `in v${to}`, 'replaced by', 'pages', 'mentions'],
    report.retired.map((r) => [r.id, r.name, r.status, r.replacedBy.map((b) => `${b.id} ${b.name}`).join(', ') || '—', n(r.pages), n(r.occurrences)]),
    markdown
  )
  out += heading(`Moved between tactics: ${report.tactics.length}`)
  out += report.tactics.length === 0 ? 'None the pages use.\n' : table(
    ['ID', 'name', `v${from} tactics`, `v${to} tactics`, 'pages', 'mentions', 'matrix cells then misplaced'],
    report.tactics.map((r) => [r.id, r.name, r.from.join(', '), r.to.join(', '), n(r.pages), n(r.occurrences), n(r.misplaced)]),
    markdown
  )
  out += heading(`New sub-techniques of techniques the pages use: ${report.newSubTechniques.length}`)
  out += report.newSubTechniques.length === 0 ? 'None.\n' : table(['ID', 'name'], report.newSubTechniques.map((s) => [s.id, s.name]), markdown)
  out += `\nTo move: set attackVersion to ${to}; \`content-lint --fix --fix-rule attack-technique --attack-version ${to}\` applies the renames and revoked IDs' replacements.\n`
  return out
}
