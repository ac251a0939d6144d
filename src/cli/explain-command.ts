/**
 * `content-lint explain <rule>`: a rule's documentation page (`docs/rules/<id>.md`,
 * shipped in the package) in the terminal, as it is written: Markdown reads well as
 * text, and the page is the same one the reports link to.
 */
import fs from 'node:fs'
import {ruleDocsFile, ruleDocsUrl} from '../lint/docs-url.js'
import {rulesById} from '../preset/rules.js'

export interface ExplainResult {
  code: 0 | 2
  stdout: string
  stderr: string
}

export const explainUsage = `Usage: content-lint explain <rule>

Print a rule's documentation: what it finds, why, its fixes and options.
Rules: ${[...rulesById.keys()].join(', ')}
`

export function runExplainCommand(argv: readonly string[]): ExplainResult {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) return {code: 0, stdout: explainUsage, stderr: ''}
  if (argv.length !== 1) return {code: 2, stdout: '', stderr: `content-lint: explain takes one rule ID\n${explainUsage}`}
  const id = argv[0]!
  if (!rulesById.has(id)) return {code: 2, stdout: '', stderr: `content-lint: Unknown rule \`${id}\`; rules: ${[...rulesById.keys()].join(', ')}\n`}
  let page: string
  try {
    page = fs.readFileSync(ruleDocsFile(id), 'utf8')
  } catch (error) {
    return {code: 2, stdout: '', stderr: `content-lint: cannot read the documentation of \`${id}\` (${(error as Error).message}); it is at ${ruleDocsUrl(id)}\n`}
  }
  // The generator's note to maintainers is not for the reader.
  return {code: 0, stdout: page.replace(/^<!--[^\n]*-->\n\n/, ''), stderr: ''}
}
