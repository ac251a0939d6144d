/**
 * ## summary-count
 *
 * A number in the summary table `| Rules | Models | MITRE TTPs | Event Types | Parsers |`
 * of a product page or a rules-and-models (RM) page disagrees with the items it counts.
 *
 * ## Why
 *
 * The generator writes the numbers and the lists separately, and gets the numbers wrong
 * (`Parsers` repeats `Event Types` on every product page). A reader trusts the summary;
 * a wrong number hides content or promises content that is not there.
 *
 * ## What each number is checked against
 *
 * Measured on the 2021 snapshot (549 product pages, 5,341 RM pages), with the numbers of
 * pages on which the reading agrees. Only numbers that disagree under the reading below
 * are reported.
 *
 * Product page, against the use-case table (with its continuation page, reached by the
 * `Next Page` link) and the product's RM pages (the pages its rows' Content cells link
 * to; on all 549 pages they are exactly the files of the product's `RM/` folder):
 *
 * | column | counted | agrees |
 * |---|---|---|
 * | Event Types | distinct event type lines of the `Event Types/Parsers` cells | 523 |
 * | MITRE TTPs | distinct technique IDs of the `MITRE TTP` cells | 480 |
 * | Parsers | distinct parser links (by parser name) of the `Event Types/Parsers` cells | 213 |
 * | Models | distinct model IDs over the RM pages | 501 |
 * | Rules | between the distinct rule IDs over the RM pages and that plus the rules the RM pages count but do not list | 533 |
 *
 * `Rules` is not the number of distinct rule IDs the RM pages list (128 pages, 23%): every
 * `Other` RM page (415 of them) states rules and lists none, and the product's number
 * counts them. Tried and rejected: sum of the RM pages' own `Rules` (93), sum of the
 * Content cells (93), rule × technique pairs (92), rule × event type pairs (112),
 * distinct listed rules plus the `Other` page's number (346). What holds on 533 pages:
 * the number is at least the distinct rules listed (a product has every rule its pages
 * list) and at most that plus, over its RM pages, each page's `Rules` minus the distinct
 * rules it lists, where positive (rules counted but not listed, which may repeat listed
 * ones, so the number is often below this bound: 347 pages reach it). Rules reports a
 * number outside these bounds, with the bound it passes as `expected`. All 16 such pages
 * of the snapshot write fewer rules than their RM pages list; on 15 of them an RM page
 * also lists more rules than it counts, so that RM page has a finding too.
 *
 * RM page, against what the page itself lists:
 *
 * | column | counted | agrees |
 * |---|---|---|
 * | Rules | distinct rule IDs (`↳ <b>ID</b>`) | 4,741 (none of the 415 `Other` pages lists a rule) |
 * | Models | distinct model IDs (`• <b>ID</b>`) | 5,313 |
 * | MITRE TTPs | distinct technique IDs of the rule group headers (`<b>T1078 - …</b>`) | 5,271 |
 * | Event Types | the product page's `Event Types` as written | 5,341 |
 * | Parsers | the product page's `Parsers` as written | 5,341 |
 *
 * An RM page's `Event Types` and `Parsers` are not counts of the page: its own event
 * type rows match `Event Types` on 1,626 pages, the parsers of the product page row that
 * links to it match `Parsers` on 1,587, and the page lists no parser. They repeat its
 * product page's summary (reached by the `### Product: [..](../ds_….md)` link) on every
 * RM page, so they are checked against the numbers written there, not recounted: a
 * wrong product number is reported once, on the product page.
 *
 * Use-case pages state no summary: their counts are the Content cells, checked by
 * `linked-count`.
 *
 * ## Silence
 *
 * While `page-shape` reports anything on the page (or on a page it needs), this rule
 * says nothing about it: a number whose items cannot all be read is not checked. A
 * `Next Page` link or a Content cell link to a missing page (`no-dead-link` speaks), or a
 * Content cell without a link, leaves the counts that need that page unchecked: a
 * missing continuation page every product column (its rows and the RM pages they link
 * to are unknown), a missing RM page Rules and Models, a missing product page the RM
 * page's Event Types and Parsers.
 *
 * ## Findings
 *
 * On the number; `actual` is the number as written, `expected` the counted number (for
 * Rules, the nearer bound). Not fixable: which side is wrong, the number or the list, is
 * not known (the `Other` pages' lists are empty while their rules exist).
 *
 * ## Example
 *
 *     | Rules | Models | MITRE TTPs | Event Types | Parsers |
 *     |:-----:|:------:|:----------:|:-----------:|:-------:|
 *     |   3   |   1    |     2      |      2      |    2    |
 *
 * with a use-case table listing 3 parsers gives, on the `2` under `Parsers`,
 * `Parsers says 2, the use-case table lists 3 distinct parsers` with `expected: ['3']`.
 */
import {
  agrees,
  type ColumnMeaning,
  type CountedKind,
  describeMeaning,
  libraryMeanings,
  type PageReader,
  productReadings,
  type ReadingValue,
  rulesAndModelsReadings
} from '../src/library/summary-readings.js'
import {defineRule, noOptions, type RuleContext} from '../src/lint/rule.js'
import type {SummaryCount} from '../src/model/types.js'

type Context = RuleContext<Record<string, never>>

const kindNames: Record<CountedKind, string> = {product: 'product pages', 'rules-and-models': 'RM pages'}

function valueText(value: ReadingValue): string {
  return value.min === value.max ? String(value.min) : `${value.min} to ${value.max}`
}

/** One number against its column's meaning in this library. */
function checkCount(context: Context, count: SummaryCount, meaning: ColumnMeaning | undefined, values: Map<string, ReadingValue>): void {
  if (count.value === null || !meaning) return
  if (!meaning.holds) {
    if (!meaning.measured) return
    context.notice(`content-lint: summary-count: ${count.header} on ${kindNames[meaning.kind]} not checked: ${describeMeaning(meaning)}`)
    return
  }
  const value = values.get(meaning.holds.id)
  // A reading that needs a page that cannot be read (a dead link, a page of the wrong shape): not checked.
  if (!value || agrees(count.value, value)) return
  context.report({
    reason: `${count.header} says ${count.value}; ${meaning.holds.counted}: ${valueText(value)}`,
    span: count.written.span,
    actual: count.written.text,
    note: `${count.header} on ${kindNames[meaning.kind]} ${describeMeaning(meaning)}.`
  })
}

export default defineRule(
  {
    id: 'summary-count',
    description: 'A number in a summary table disagrees with what it counts in this library',
    defaultSeverity: 'warn',
    fixable: false,
    options: noOptions
  },
  (context) => {
    const {page} = context
    if (page.kind !== 'product' && page.kind !== 'rules-and-models') return
    const summary = page.kind === 'product' ? page.product?.summary : page.rulesAndModels?.summary
    if (!summary || page.shapeProblems.length > 0) return
    // What the columns mean is measured on the whole library: any page may change it.
    context.dependOnLibrary()
    const meanings = libraryMeanings(context.index, context.settings)
    const reader: PageReader = {linked: (from, link) => (from === page ? context.linkedPage(link) : context.linkedPageFrom(from, link))}
    const values = page.kind === 'product' ? productReadings(page, reader) : rulesAndModelsReadings(page, reader)
    for (const count of summary.counts) {
      if (count.key === null) continue
      checkCount(context, count, meanings.find((m) => m.kind === page.kind && m.column === count.key), values)
    }
  }
)
