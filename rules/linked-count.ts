/**
 * ## linked-count
 *
 * A count in a Content cell, `[<ul><li>37 Rules</li></ul><ul><li>16 Models</li></ul>](RM/…)`,
 * disagrees with the summary table of the rules-and-models (RM) page the cell links to.
 * Checked on the rows of product pages, continuation pages and use-case pages.
 *
 * ## Why
 *
 * The Content cell is the reader's way into a use case's rules and models; its numbers
 * promise what the linked page holds. The generator writes them separately from the RM
 * page and gets some wrong.
 *
 * ## What is compared
 *
 * The cell's `Rules` number with the RM page's summary `Rules`, and its `Models` number
 * with the summary `Models`, as written on both sides: the RM page's own summary is
 * checked against its lists by `summary-count`, so a wrong RM summary is reported once,
 * there. Measured on the 2021 snapshot: of 5,341 product page cells, 5,330 state rules
 * and 3,434 state models, and all but 9 rule counts and 1 model count equal the linked
 * page's summary; the 5,330 use-case page cells all agree. A cell that leaves an item out
 * (`[<ul><li>4 Rules</li></ul>](…)`) is not checked for it: on every such cell of the
 * snapshot (1,907 without models, 11 without rules) the RM page's summary says 0.
 *
 * ## Silence
 *
 * Nothing is said when the linked page is missing (`no-dead-link` speaks), is not an RM
 * page, or has no summary table (`page-shape` speaks); on a row with another number of
 * cells than its header (`table-shape` speaks: its cells may be shifted); and when the
 * RM page's own number is wrong by what that column counts in this library while the
 * cell's is right (`summary-count` reports the RM page, once, rather than every cell
 * that links to it).
 *
 * ## Findings
 *
 * On the digits of the cell's number; `actual` is the number as written, `expected` the
 * RM page's number. Not fixable: either side may be the wrong one.
 *
 * ## Example
 *
 *     | [Malware](../../../UseCases/uc_malware.md) | … | … | [<ul><li>3 Rules</li></ul>](RM/r_m_acme_widget_Malware.md) |
 *
 * when that RM page's summary says `4` under `Rules` gives, on the `3`,
 * `Content says 3 rules, the linked RM page's summary says 4` with `expected: ['4']`.
 */
import type {ContentCell, ContentCount, PageFacts} from '../src/model/types.js'
import {judgeNumber, libraryMeanings, type PageReader, rulesAndModelsReadings} from '../src/library/summary-readings.js'
import {defineRule, noOptions, type RuleContext} from '../src/lint/rule.js'

type Context = RuleContext<Record<string, never>>

/**
 * A number judged by what the RM page's column counts in this library (what
 * `summary-count` checks there): `wrong`, `right`, or `unchecked`.
 */
function judgeOnRm(context: Context, rm: PageFacts, key: 'rules' | 'models', written: number): 'right' | 'wrong' | 'unchecked' {
  context.dependOnLibrary()
  const meaning = libraryMeanings(context.index, context.settings).find((m) => m.kind === 'rules-and-models' && m.column === key)
  const reader: PageReader = {linked: (from, link) => context.linkedPageFrom(from, link)}
  return judgeNumber(written, meaning, rulesAndModelsReadings(rm, reader))
}

function checkCell(context: Context, cell: ContentCell | null): void {
  if (!cell?.link) return
  const target = context.linkedPage(cell.link)
  const summary = target?.kind === 'rules-and-models' ? target.rulesAndModels?.summary : null
  if (!target || !summary) return
  const compare = (count: ContentCount | null, key: 'rules' | 'models', label: string) => {
    const stated = summary.counts.find((c) => c.key === key)?.value
    if (!count || stated === undefined || stated === null || count.value === stated) return
    // The RM page's own number is wrong and this one is not (it is what the page
    // lists): summary-count reports the RM page, once, not every cell linking to it.
    if (judgeOnRm(context, target, key, stated) === 'wrong' && judgeOnRm(context, target, key, count.value) !== 'wrong') return
    context.report({
      reason: `Content says ${count.value} ${label}, the linked RM page's summary says ${stated}`,
      span: count.number.span,
      actual: count.number.text,
      expected: [String(stated)]
    })
  }
  compare(cell.rules, 'rules', 'rules')
  compare(cell.models, 'models', 'models')
}

export default defineRule(
  {
    id: 'linked-count',
    pageKinds: ['product', 'continuation', 'use-case'],
    description: "A Content cell's rule or model count disagrees with the summary of the page it links to",
    defaultSeverity: 'warn',
    fixable: false,
    options: noOptions
  },
  (context) => {
    const {page} = context
    // A row of the wrong shape may hold another column's text where its Content cell
    // belongs: `table-shape` reports it, and nothing is read from it.
    for (const row of [...(page.product?.rows ?? []), ...(page.continuation?.rows ?? [])]) if (!row.misshapen) checkCell(context, row.content)
    for (const section of page.useCase?.sections ?? []) {
      for (const row of section.rows) if (!row.misshapen) checkCell(context, row.content)
    }
  }
)
