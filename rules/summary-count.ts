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
 * number outside these bounds, with the bound it passes in the message. All 16 such pages
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
 * `Parsers says 2, the use-case table lists 3 distinct parsers`.
 */
import type {PageFacts, SummaryCount, SummaryTable, UseCaseRow} from '../src/model/types.js'
import {defineRule, noOptions, type RuleContext} from '../src/lint/rule.js'
import type {SummaryColumnKey} from '../src/core/settings.js'

type Context = RuleContext<Record<string, never>>

/** The count in a column when it holds a number. */
function countIn(summary: SummaryTable, key: SummaryColumnKey): (SummaryCount & {value: number}) | null {
  const count = summary.counts.find((c) => c.key === key)
  return count && count.value !== null ? (count as SummaryCount & {value: number}) : null
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** `_counted` is what was counted; the message (`counted`) says it, and no `expected` offers it as a fix (see Findings). */
function reportCount(context: Context, count: SummaryCount & {value: number}, _counted: number, counted: string): void {
  context.report({reason: `${count.header} says ${count.value}, ${counted}`, span: count.written.span, actual: count.written.text})
}

/** Distinct rule IDs, model IDs and technique IDs an RM page lists. */
function listed(page: PageFacts) {
  const rules = new Set<string>()
  const models = new Set<string>()
  const techniques = new Set<string>()
  for (const row of page.rulesAndModels?.rows ?? []) {
    for (const group of row.ruleGroups) {
      if (group.technique) techniques.add(group.technique.id)
      for (const rule of group.rules) rules.add(rule.id.text)
    }
    for (const model of row.models) models.add(model.id.text)
  }
  return {rules, models, techniques}
}

function checkProduct(context: Context): void {
  const product = context.page.product
  if (!product?.summary || context.page.shapeProblems.length > 0) return
  const summary = product.summary
  // The rows of the use-case table, with the continuation page's when there is one.
  let rows = product.rows
  let where = 'the use-case table lists'
  if (product.nextPage) {
    const next = context.linkedPage(product.nextPage)
    if (!next?.continuation || next.shapeProblems.length > 0) return
    rows = [...rows, ...next.continuation.rows]
    where = 'the use-case table and its continuation page list'
  }
  const eventTypes = new Set<string>()
  const parsers = new Set<string>()
  const techniques = new Set<string>()
  for (const row of rows) {
    for (const group of row.eventTypeGroups) {
      eventTypes.add(group.eventType.text)
      for (const parser of group.parsers) parsers.add(parser.text)
    }
    for (const parser of row.orphanParsers) parsers.add(parser.text)
    for (const technique of row.techniques) techniques.add(technique.id)
  }
  const check = (key: SummaryColumnKey, n: number, what: string) => {
    const count = countIn(summary, key)
    if (count && count.value !== n) reportCount(context, count, n, `${where} ${what}`)
  }
  check('eventTypes', eventTypes.size, plural(eventTypes.size, 'event type', 'distinct event types'))
  check('parsers', parsers.size, plural(parsers.size, 'parser', 'distinct parsers'))
  check('techniques', techniques.size, plural(techniques.size, 'technique', 'distinct techniques') + ' in the MITRE TTP cells')
  checkProductRulesAndModels(context, summary, rows)
}

/** Rules and Models of a product page, against its RM pages. */
function checkProductRulesAndModels(context: Context, summary: SummaryTable, rows: UseCaseRow[]): void {
  const rmPages = new Map<string, PageFacts>()
  for (const row of rows) {
    const link = row.content?.link
    if (!link) return
    const page = context.linkedPage(link)
    if (!page?.rulesAndModels?.summary || page.shapeProblems.length > 0) return
    rmPages.set(page.path, page)
  }
  if (rmPages.size === 0) return
  const rules = new Set<string>()
  const models = new Set<string>()
  let unlisted = 0
  for (const page of rmPages.values()) {
    const items = listed(page)
    for (const id of items.rules) rules.add(id)
    for (const id of items.models) models.add(id)
    const stated = countIn(page.rulesAndModels!.summary!, 'rules')?.value
    if (stated !== undefined && stated > items.rules.size) unlisted += stated - items.rules.size
  }
  const pages = plural(rmPages.size, 'RM page', 'RM pages')
  const modelCount = countIn(summary, 'models')
  if (modelCount && modelCount.value !== models.size) {
    reportCount(context, modelCount, models.size, `the product's ${pages} list ${plural(models.size, 'model', 'distinct models')}`)
  }
  const ruleCount = countIn(summary, 'rules')
  if (!ruleCount) return
  if (ruleCount.value < rules.size) {
    reportCount(context, ruleCount, rules.size, `the product's ${pages} list ${plural(rules.size, 'rule', 'distinct rules')}`)
  } else if (ruleCount.value > rules.size + unlisted) {
    reportCount(
      context,
      ruleCount,
      rules.size + unlisted,
      `the product's ${pages} list ${plural(rules.size, 'rule', 'distinct rules')} and count ${unlisted} more without listing them (${rules.size + unlisted} at most)`
    )
  }
}

function checkRulesAndModels(context: Context): void {
  const facts = context.page.rulesAndModels
  if (!facts?.summary || context.page.shapeProblems.length > 0) return
  const summary = facts.summary
  const items = listed(context.page)
  const check = (key: SummaryColumnKey, n: number, what: string) => {
    const count = countIn(summary, key)
    if (count && count.value !== n) reportCount(context, count, n, what)
  }
  const lists = (n: number, one: string, many: string) => (n === 0 ? `the page lists no ${one}` : `the page lists ${plural(n, one, many)}`)
  check('rules', items.rules.size, lists(items.rules.size, 'rule', 'distinct rules'))
  check('models', items.models.size, lists(items.models.size, 'model', 'distinct models'))
  check('techniques', items.techniques.size, items.techniques.size === 0 ? 'the page groups no rule under a technique' : `the page groups its rules under ${plural(items.techniques.size, 'technique', 'distinct techniques')}`)
  // Event Types and Parsers repeat the product page's summary.
  const product = facts.productLink ? context.linkedPage(facts.productLink) : null
  const productSummary = product?.product?.summary
  if (!productSummary) return
  for (const key of ['eventTypes', 'parsers'] as const) {
    const own = countIn(summary, key)
    const theirs = countIn(productSummary, key)
    if (own && theirs && own.value !== theirs.value) {
      reportCount(context, own, theirs.value, `the product page's summary says ${theirs.value}`)
    }
  }
}

export default defineRule(
  {
    id: 'summary-count',
    description: 'A number in a summary table disagrees with the items it counts',
    defaultSeverity: 'warn',
    fixable: false,
    options: noOptions
  },
  (context) => {
    if (context.page.kind === 'product') checkProduct(context)
    else if (context.page.kind === 'rules-and-models') checkRulesAndModels(context)
  }
)
