/**
 * ## correlation-rules
 *
 * A correlation-rules page (`CR/c_r_<vendor>_<product>_<Use_Case>.md`, since 2025: a
 * product's prebuilt correlation rules for one use case, one table `Name |
 * Description | Activity Type | MITRE Tactic | Severity | Overlap with AA`):
 *
 * - rows that repeat a row above them exactly (863 of the 2025 snapshot's 982 rows):
 *   one finding per run of consecutive repeats, whose fix removes them;
 * - a `MITRE Tactic` that is no tactic name of the target ATT&CK release (`Malware`),
 *   with the tactic as `expected` when only letter case or spacing differ;
 * - an `Activity Type` the product does not list: neither an event type of its
 *   use-case table (the legacy name in parentheses, `file-write:success (file-write)`)
 *   nor an activity type before them;
 * - the `### Product:` link leading elsewhere than the product page of the folder the
 *   page is in, and the `### Use-Case:` link naming another use case than the file name.
 *
 * ## Why
 *
 * The pages are generated from the library's correlation rule catalogue per product
 * and use case. A repeated row is one rule shown many times; a tactic that is no
 * tactic, or an activity type the product never produces, is a rule that cannot fire
 * as described; a page linked to another product or use case is filed under the wrong
 * one.
 *
 * Dead links are `no-dead-link`'s; a page without its table is `page-shape`'s.
 * Without ATT&CK data the tactic names are not checked.
 *
 * ## Example
 *
 *     | Name | Description | Activity Type | MITRE Tactic | Severity | Overlap with AA |
 *     | ---- | ---- | ---- | ---- | ---- | ---- |
 *     | RC script modified | … | file-write | Persistence | 1 | false |
 *     | RC script modified | … | file-write | Persistence | 1 | false |
 *
 * gives one finding on the second row, `expected: ['']` (with its line break).
 */
import path from 'node:path'
import {foldHeader} from '../src/core/settings.js'
import {attackFor} from '../src/library/attack/load.js'
import {defineRule, noOptions, type RuleContext} from '../src/lint/rule.js'
import type {CorrelationRuleRow, CorrelationRulesFacts, PageFacts, Span} from '../src/model/types.js'

type Context = RuleContext<Record<string, never>>

/** Runs of consecutive rows that each repeat a row above them, as spans from the line break before the first. */
function repeatedRuns(context: Context, rows: readonly CorrelationRuleRow[]): Array<{span: Span; count: number}> {
  const seen = new Set<string>()
  const runs: Array<{span: Span; count: number}> = []
  let current: {span: Span; count: number} | null = null
  for (const row of rows) {
    // Cells compared as read (padding does not make rows differ).
    const key = context.textOf(row.span).split('|').map((cell) => cell.trim()).join('|')
    if (!seen.has(key)) {
      seen.add(key)
      current = null
      continue
    }
    // From the end of the line above: removing the range removes the row and its line.
    if (current) {
      current.span.end = row.span.end
      current.count++
    } else {
      current = {span: {start: lineBreakBefore(context, row.span.start), end: row.span.end}, count: 1}
      runs.push(current)
    }
  }
  return runs
}

/** The offset of the line break that ends the line above `offset` (`\r\n` counted whole). */
function lineBreakBefore(context: Context, offset: number): number {
  const before = context.textOf({start: Math.max(0, offset - 2), end: offset})
  return offset - (before.endsWith('\r\n') ? 2 : before.endsWith('\n') ? 1 : 0)
}

function checkRepeats(context: Context, facts: CorrelationRulesFacts): void {
  for (const run of repeatedRuns(context, facts.rows)) {
    const rows = run.count === 1 ? 'This row repeats a row above it' : `These ${run.count} rows each repeat a row above them`
    context.report({reason: `${rows} exactly`, span: run.span, expected: ['']})
  }
}

function checkTactics(context: Context, facts: CorrelationRulesFacts): void {
  const attack = attackFor(context.settings)
  if (!attack) return
  for (const row of facts.rows) {
    for (const tactic of row.tactics) {
      if (attack.tacticNamed(tactic.text)) continue
      const near = attack.tactics.filter((t) => foldHeader(t.name) === foldHeader(tactic.text))
      context.report({
        reason: `\`${tactic.text}\` is not a tactic of ATT&CK ${attack.targetLabel}`,
        span: tactic.span,
        ...(near.length > 0 ? {expected: near.map((t) => t.name)} : {})
      })
    }
  }
}

/** The event and activity types the product's use-case table lists (with its continuation page). */
function productTypes(context: Context, product: PageFacts): Set<string> | null {
  const facts = product.product
  if (!facts || product.shapeProblems.length > 0) return null
  let rows = facts.rows
  if (facts.nextPage) {
    const next = context.linkedPage(facts.nextPage)
    if (!next?.continuation) return null
    rows = [...rows, ...next.continuation.rows]
  }
  const types = new Set<string>()
  for (const row of rows) {
    for (const group of row.eventTypeGroups) {
      types.add(group.eventType.text)
      if (group.activityType) types.add(group.activityType.text)
    }
  }
  return types
}

function checkActivityTypes(context: Context, facts: CorrelationRulesFacts, product: PageFacts | null): void {
  const types = product && productTypes(context, product)
  if (!types) return
  const reported = new Set<string>()
  for (const row of facts.rows) {
    const type = row.activityType
    if (!type || type.text === '' || types.has(type.text)) continue
    // Once per activity type and page: a repeated row repeats the defect, not a new one.
    if (reported.has(type.text)) continue
    reported.add(type.text)
    context.report({reason: `The product lists no \`${type.text}\` activity or event type`, span: type.span})
  }
}

/** The product link leads to the product page of this page's folder; the use-case link names the file's use case. */
function checkLinks(context: Context, facts: CorrelationRulesFacts): PageFacts | null {
  let product: PageFacts | null = null
  const productLink = facts.productLink
  if (productLink) {
    const target = context.resolve(productLink)
    const productFolder = path.posix.dirname(path.posix.dirname(context.page.path))
    if (target.kind === 'file' && target.exists) {
      product = context.linkedPage(productLink)
      if (path.posix.dirname(target.relative) !== productFolder || product?.kind !== 'product') {
        context.report({reason: 'The product link leads to another page than the product page of this folder', span: productLink.urlSpan})
        product = null
      }
    }
  }
  const useCase = facts.useCaseLink
  if (useCase && useCase.text !== '') {
    const fileName = path.posix.basename(context.page.path, '.md')
    if (!fileName.toLowerCase().endsWith('_' + useCase.text.replace(/\s+/g, '_').toLowerCase())) {
      context.report({reason: `The page's file name is not of the use case \`${useCase.text}\` its heading links to`, span: useCase.textSpan})
    }
  }
  return product
}

export default defineRule(
  {
    id: 'correlation-rules',
    pageKinds: ['correlation-rules'],
    description: 'A correlation-rules page repeats rows, names no ATT&CK tactic or an activity type its product lacks, or links to another product or use case',
    defaultSeverity: 'warn',
    fixable: true,
    options: noOptions
  },
  (context) => {
    const facts = context.page.correlationRules
    if (!facts) return
    checkRepeats(context, facts)
    checkTactics(context, facts)
    const product = checkLinks(context, facts)
    checkActivityTypes(context, facts, product)
  }
)
