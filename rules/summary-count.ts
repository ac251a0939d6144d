/**
 * ## summary-count
 *
 * A number in the summary table `| Rules | Models | MITRE TTPs | Event Types | Parsers |`
 * (since 2023 `MITRE ATT&CK® TTPs`, `Activity Types`) of a product page or a
 * rules-and-models (RM) page disagrees with what that column counts in this library.
 *
 * ## Why
 *
 * The generator writes the numbers and the lists separately, and gets the numbers wrong.
 * A reader trusts the summary; a wrong number hides content or promises content that is
 * not there.
 *
 * ## What each number is checked against: measured, not assumed
 *
 * What a column counts changed between releases (an RM page's `Event Types` repeated
 * its product page's number in 2021 and counts the page's own rows in 2025), so each
 * column has candidate readings (`src/library/summary-readings.ts`), and the run
 * measures on the library in hand which readings agree with the written numbers. A
 * reading that agrees on at least two thirds of the pages it can be computed on holds,
 * and so does the best one below that when it agrees on more than half and on at least
 * twice as many pages as the next (2025's product Rules, 68%, is near two thirds: a
 * smaller library of that release would fall below it and go unchecked); a number is
 * reported when it agrees with no reading that holds, against the best.
 * When none holds, the column is not checked and the run says so once, with each
 * reading's agreement (a library of fewer than 10 such pages is too small to measure:
 * the best reading, or the page's own items, is taken). Pages with a `page-shape`
 * problem are left out of the measure and not checked.
 *
 * Measured on the two snapshots (pages agreeing, of the pages where the reading could
 * be computed; ✔ holds):
 *
 * | page, column | reading | 2021 | 2025 |
 * |---|---|---|---|
 * | product Rules | distinct rules over its RM pages, up to the rules they count without listing | ✔ 533/549 | ✔ 397/582 |
 * | product Rules | the RM pages' Rules summed | 93 | 111 |
 * | product Models | distinct models over its RM pages | ✔ 501/549 | ✔ 557/582 |
 * | product Models | the RM pages' Models summed | 96 | 162 |
 * | product MITRE TTPs | distinct techniques in the MITRE TTP cells | ✔ 480/549 | 271/582 |
 * | product MITRE TTPs | distinct techniques and tactics heading the RM pages' rule groups | ✔ 466/549 | ✔ 577/582 |
 * | product MITRE TTPs | distinct techniques of the ATT&CK matrix | 117/536 | 184/550 |
 * | product Event Types | distinct event types (the legacy name in parentheses since 2023) | ✔ 523/549 | ✔ 550/582 |
 * | product Event Types | distinct activity types | – | ✔ 452/550 |
 * | product Parsers | distinct parser pages linked in the use-case table | 213/549 | ✔ 513/582 |
 * | RM Rules | distinct rules the page lists | ✔ 4,741/5,341 | ✔ 4,688/4,858 |
 * | RM Models | distinct models the page lists | ✔ 5,313/5,341 | ✔ 4,802/4,858 |
 * | RM MITRE TTPs | distinct techniques and tactics heading its rule groups | ✔ 5,271/5,341 | ✔ 4,738/4,858 |
 * | RM MITRE TTPs | distinct techniques and tactics of the linking product row's MITRE TTP cell | ✔ 5,341/5,341 | ✔ 4,498/4,858 |
 * | RM Event Types | the product page's number | ✔ 5,341/5,341 | 1,690/4,858 |
 * | RM Event Types | distinct event type rows of the page | 1,626/5,341 | ✔ 4,739/4,858 |
 * | RM Event Types | distinct event types of the linking product row | ✔ 5,030/5,341 | ✔ 4,739/4,858 |
 * | RM Parsers | the product page's number | ✔ 5,341/5,341 | 1,980/4,858 |
 * | RM Parsers | distinct parser pages of the linking product row | 1,587/5,341 | ✔ 4,308/4,858 |
 *
 * So in 2021 an RM page's Event Types and Parsers repeat its product page's (a wrong
 * product number is reported once, on the product page: where it is wrong, its RM
 * pages may repeat it or state the right count), and in 2025 they count the
 * page's own rows and its product row's parsers. The 2021 product page's Parsers holds
 * no reading: it equals its Event Types on all 549 pages, the generator's defect, said
 * once per run rather than on 336 pages. Parsers are counted by the page a link leads to
 * (a typo in a link's text makes no second parser).
 *
 * Product Rules: a product has every rule its RM pages list, and its RM pages may count
 * rules they do not list (2021's `Other` pages state rules and list none), so the
 * number must lie between the distinct rules listed and that plus, over its RM pages,
 * each page's Rules minus the distinct rules it lists, where positive.
 *
 * Use-case pages state no summary: their counts are the Content cells, checked by
 * `linked-count`.
 *
 * ## Silence
 *
 * A page with a `page-shape` problem, or a reading that needs a page that cannot be
 * read (a dead `Next Page` or Content link: `no-dead-link` speaks), is not checked.
 *
 * ## Findings
 *
 * On the number; `actual` is the number as written, the reason names the count it was
 * checked against, the `note` the evidence. Not fixable: which side is wrong, the
 * number or the list, is not known.
 *
 * ## Example
 *
 *     | Rules | Models | MITRE TTPs | Event Types | Parsers |
 *     |:-----:|:------:|:----------:|:-----------:|:-------:|
 *     |   3   |   1    |     2      |      2      |    2    |
 *
 * on a product page whose use-case table links 3 parser pages gives, on the `2` under
 * `Parsers`, `Parsers says 2; distinct parser pages linked in the use-case table: 3`.
 */
import {
  type ColumnMeaning,
  type CountedKind,
  describeMeaning,
  judgeNumber,
  libraryMeanings,
  type PageReader,
  judgedRulesAndModelsReadings,
  productReadings,
  type Readings,
  type ReadingValue
} from '../src/library/summary-readings.js'
import {defineRule, noOptions, type RuleContext} from '../src/lint/rule.js'
import type {SummaryCount} from '../src/model/types.js'

type Context = RuleContext<Record<string, never>>

const kindNames: Record<CountedKind, string> = {product: 'product pages', 'rules-and-models': 'RM pages'}

function valueText(value: ReadingValue): string {
  return value.min === value.max ? String(value.min) : `${value.min} to ${value.max}`
}

/** One number against its column's meaning in this library. */
function checkCount(context: Context, count: SummaryCount, meaning: ColumnMeaning | undefined, values: Readings): void {
  if (count.value === null || !meaning) return
  if (!meaning.holds) {
    if (!meaning.measured) return
    context.notice(`content-lint: summary-count: ${count.header} on ${kindNames[meaning.kind]} not checked: ${describeMeaning(meaning)}`)
    return
  }
  // Not checked when a holding reading needs a page that cannot be read (a dead link, a
  // page or row of the wrong shape); right when it agrees with any holding reading: the
  // generator followed one or the other.
  if (judgeNumber(count.value, meaning, values) !== 'wrong') return
  const value = values.get(meaning.holds.id)!
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
    pageKinds: ['product', 'rules-and-models'],
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
    const values = page.kind === 'product' ? productReadings(page, reader) : judgedRulesAndModelsReadings(page, reader, meanings)
    for (const count of summary.counts) {
      if (count.key === null) continue
      checkCount(context, count, meanings.find((m) => m.kind === page.kind && m.column === count.key), values)
    }
  }
)
