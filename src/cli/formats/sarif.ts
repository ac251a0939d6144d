/**
 * `--format sarif`: SARIF 2.1.0, the format GitHub code scanning (and other
 * dashboards) read, built with node-sarif-builder.
 *
 * Each result has its rule (with description, help link and default level), its exact
 * region (lines and UTF-16 columns, which are SARIF's default column unit, and the
 * character offset and length), the fix from `expected[0]` as a SARIF `fix` for fixable
 * rules, and a `partialFingerprints` entry made of the baseline key (file, rule,
 * `actual`, context), so code scanning follows a finding across line shifts as
 * `--baseline` does.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder} from 'node-sarif-builder'
import type {Fix, Result} from 'sarif'
import type {VFile} from 'vfile'
import {keysOf} from '../baseline.js'
import {isFixable, offsetsOf} from '../fix.js'
import {ruleDocsFile, ruleDocsUrl} from '../../lint/docs-url.js'
import {definedRules} from '../../lint/rule.js'
import type {RunMetadata} from '../run-metadata.js'

export interface SarifOptions {
  version: string
  quiet?: boolean
  /** The run's metadata, as the run's `properties` (which ATT&CK release the checks used). */
  metadata?: RunMetadata
}

const levels = {error: 'error', warn: 'warning', off: 'none'} as const

function level(fatal: boolean | null | undefined): Result.level {
  return fatal === true ? 'error' : fatal === false ? 'warning' : 'note'
}

/** A relative URI reference for a path: each segment percent-encoded (library paths hold spaces and `&`). */
function uriOf(relative: string): string {
  return relative.split(path.sep).map(encodeURIComponent).join('/')
}

/** The rule's documentation page as SARIF's `help` (code scanning shows it beside each alert). */
function ruleHelp(id: string): {text: string; markdown: string} | undefined {
  let page: string
  try {
    page = fs.readFileSync(ruleDocsFile(id), 'utf8').replace(/^<!--[^\n]*-->\n\n/, '')
  } catch {
    return undefined // A rule from a configuration, not content-lint's: no page.
  }
  return {text: page, markdown: page}
}

export function formatSarif(files: readonly VFile[], cwd: string, options: SarifOptions): string {
  const run = new SarifRunBuilder().initSimple({
    toolDriverName: 'content-lint',
    toolDriverVersion: options.version,
    url: 'https://github.com/content-lint/content-lint'
  })
  const used = new Set(files.flatMap((file) => file.messages.map((m) => m.ruleId).filter((id): id is string => Boolean(id))))
  for (const [id, meta] of [...definedRules].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rule = new SarifRuleBuilder().initSimple({
      ruleId: id,
      shortDescriptionText: meta.description,
      helpUri: ruleDocsUrl(id)
    })
    const help = ruleHelp(id)
    if (help) rule.rule.help = help
    rule.rule.defaultConfiguration = {level: levels[meta.defaultSeverity]}
    rule.rule.properties = {fixable: meta.fixable}
    run.addRule(rule)
    used.delete(id)
  }
  // Findings of rules content-lint does not define (other remark plugins in the configuration).
  for (const id of [...used].sort()) run.addRule(new SarifRuleBuilder().initSimple({ruleId: id, shortDescriptionText: id}))

  for (const file of files) {
    const relative = path.relative(cwd, path.resolve(file.cwd, file.path))
    const uri = uriOf(relative)
    const keys = new Map(keysOf(file, cwd).map(({message, key}) => [message, key]))
    for (const message of file.messages) {
      if (options.quiet && message.fatal !== true) continue
      const place = message.place as {start?: {line: number; column: number}; end?: {line: number; column: number}; line?: number; column?: number} | undefined
      const start = place && 'start' in place ? place.start : (place as {line: number; column: number} | undefined)
      const end = place && 'end' in place ? place.end : start
      const result = new SarifResultBuilder().initSimple({
        level: level(message.fatal),
        // The evidence (`note`) in full after the reason: code scanning shows the whole text.
        messageText: message.note ? `${message.reason}\n\n${message.note}` : message.reason,
        ruleId: message.ruleId ?? message.source ?? 'content-lint',
        fileUri: uri,
        ...(start?.line ? {startLine: start.line, startColumn: start.column, endLine: end!.line, endColumn: end!.column} : {})
      })
      const offsets = offsetsOf(message)
      const region = result.result.locations?.[0]?.physicalLocation?.region
      if (offsets && region) {
        region.charOffset = offsets.start
        region.charLength = offsets.end - offsets.start
      }
      const key = keys.get(message)
      if (key) result.result.partialFingerprints = {'contentLint/v1': createHash('sha256').update(key).digest('hex')}
      if (offsets && isFixable(message)) {
        const fix: Fix = {
          description: {text: message.expected![0] === '' ? `Remove ${JSON.stringify(message.actual ?? '')}` : `Replace with ${JSON.stringify(message.expected![0])}`},
          artifactChanges: [
            {
              artifactLocation: {uri},
              replacements: [{deletedRegion: {charOffset: offsets.start, charLength: offsets.end - offsets.start}, insertedContent: {text: message.expected![0]!}}]
            }
          ]
        }
        result.result.fixes = [fix]
      }
      run.addResult(result)
    }
  }
  if (options.metadata) run.run.properties = {...run.run.properties, 'content-lint/attack': options.metadata.attack}
  const builder = new SarifBuilder()
  builder.addRun(run)
  return builder.buildSarifJsonString({indent: true}) + '\n'
}
