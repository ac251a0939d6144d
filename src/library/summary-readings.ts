/**
 * What the summary numbers of a library mean, measured on the library itself.
 *
 * A summary table (`| Rules | Models | MITRE TTPs | Event Types | Parsers |`) sits on
 * every product page and rules-and-models (RM) page, and the generator changed what its
 * numbers count from release to release: an RM page's `Event Types` repeated its
 * product page's number in 2021 and counts the page's own event type rows in 2025. So
 * each column of each page kind has several candidate readings (the page's own rows,
 * the product page's number, the parsers of the product row that links to the page, …);
 * the reading that agrees with the written numbers on a clear majority of the library's
 * pages is the column's meaning, and `summary-count` checks each number against it.
 * When no reading holds on a clear majority, the column is not checked and the run
 * says so once.
 *
 * Readings are computed from facts alone through a `PageReader`, so the rule (which
 * records what each page read, for the cache) and the measurement (which reads the
 * whole library through the index) compute them the same way.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {ContentLintSettings, SummaryColumnKey} from '../core/settings.js'
import {kindFromPath} from '../model/classify.js'
import type {LinkFact, PageFacts, SummaryTable, UseCaseRow} from '../model/types.js'
import type {CorpusIndex} from './corpus-index.js'
import {pageState} from './library-stats.js'

/** A reading's value: an exact number (`min === max`) or the range the number may take. */
export interface ReadingValue {
  min: number
  max: number
}

/**
 * The readings of one page: a value per reading that applies, or null for a reading
 * whose input cannot be read (a row of the wrong shape, whose cells may be shifted; a
 * dead parser link). A number is not checked while a reading that holds is unreadable:
 * `table-shape` or `no-dead-link` reports the cause, once.
 */
export type Readings = Map<string, ReadingValue | null>

export type CountedKind = 'product' | 'rules-and-models'

/** One candidate meaning of one column. */
export interface Reading {
  id: string
  kind: CountedKind
  column: SummaryColumnKey
  /** What it counts, to complete "the page lists …" / "… says N, …": `distinct event types in the use-case table`. */
  counted: string
}

/** Reads the facts of the page a link leads to, from the page it is written on. */
export interface PageReader {
  linked(from: PageFacts, link: LinkFact): PageFacts | null
}

const exact = (n: number): ReadingValue => ({min: n, max: n})

/**
 * Every reading, in order of preference where agreement ties (and where a library is
 * too small to measure): the page's own items before numbers copied from elsewhere.
 */
export const readings: readonly Reading[] = [
  {id: 'product.eventTypes.legacy', kind: 'product', column: 'eventTypes', counted: 'distinct event types in the use-case table'},
  {id: 'product.eventTypes.activity', kind: 'product', column: 'eventTypes', counted: 'distinct activity types in the use-case table'},
  {id: 'product.eventTypes.lines', kind: 'product', column: 'eventTypes', counted: 'distinct activity and event type lines in the use-case table'},
  {id: 'product.techniques.cells', kind: 'product', column: 'techniques', counted: 'distinct techniques in the MITRE TTP cells'},
  {id: 'product.techniques.matrix', kind: 'product', column: 'techniques', counted: 'distinct techniques in the ATT&CK matrix'},
  {id: 'product.techniques.rm', kind: 'product', column: 'techniques', counted: "distinct techniques heading the RM pages' rule groups"},
  {id: 'product.techniques.rm-headers', kind: 'product', column: 'techniques', counted: "distinct techniques and tactics heading the RM pages' rule groups"},
  {id: 'product.parsers.pages', kind: 'product', column: 'parsers', counted: 'distinct parser pages linked in the use-case table'},
  {id: 'product.models.rm', kind: 'product', column: 'models', counted: "distinct models over the product's RM pages"},
  {id: 'product.models.rm-sum', kind: 'product', column: 'models', counted: "models over the product's RM pages, summed"},
  {id: 'product.rules.rm-bounds', kind: 'product', column: 'rules', counted: "distinct rules over the product's RM pages (up to those they count without listing)"},
  {id: 'product.rules.rm-sum', kind: 'product', column: 'rules', counted: "rules over the product's RM pages, summed"},
  {id: 'rm.rules.listed', kind: 'rules-and-models', column: 'rules', counted: 'distinct rules the page lists'},
  {id: 'rm.models.listed', kind: 'rules-and-models', column: 'models', counted: 'distinct models the page lists'},
  {id: 'rm.techniques.groups', kind: 'rules-and-models', column: 'techniques', counted: 'distinct techniques heading its rule groups'},
  {id: 'rm.techniques.headers', kind: 'rules-and-models', column: 'techniques', counted: 'distinct techniques and tactics heading its rule groups'},
  {id: 'rm.techniques.product-row', kind: 'rules-and-models', column: 'techniques', counted: 'distinct techniques and tactics in the MITRE TTP cell of the product row linking to the page'},
  {id: 'rm.eventTypes.rows', kind: 'rules-and-models', column: 'eventTypes', counted: 'distinct event type rows of the page'},
  {id: 'rm.eventTypes.product-row', kind: 'rules-and-models', column: 'eventTypes', counted: 'distinct event types of the product row linking to the page'},
  {id: 'rm.eventTypes.product', kind: 'rules-and-models', column: 'eventTypes', counted: "the product page's number"},
  {id: 'rm.parsers.product-row', kind: 'rules-and-models', column: 'parsers', counted: 'distinct parsers of the product row linking to the page'},
  {id: 'rm.parsers.product', kind: 'rules-and-models', column: 'parsers', counted: "the product page's number"}
]

export const readingById = new Map(readings.map((reading) => [reading.id, reading]))

/** The number a summary column holds, when it holds one. */
export function summaryValue(summary: SummaryTable | null | undefined, column: SummaryColumnKey): number | null {
  return summary?.counts.find((count) => count.key === column)?.value ?? null
}

/** Set every reading of `ids` to unreadable. */
function unreadable(into: Readings, ids: readonly string[]): void {
  for (const id of ids) into.set(id, null)
}

/** Distinct rule, model and technique IDs an RM page lists. */
function listed(page: PageFacts) {
  const rules = new Set<string>()
  const models = new Set<string>()
  const techniques = new Set<string>()
  const headers = new Set<string>()
  for (const row of page.rulesAndModels?.rows ?? []) {
    for (const group of row.ruleGroups) {
      if (group.technique) techniques.add(group.technique.id)
      const header = group.technique?.id ?? group.tactic?.id.text
      if (header) headers.add(header)
      for (const rule of group.rules) rules.add(rule.id.text)
    }
    for (const model of row.models) models.add(model.id.text)
  }
  return {rules, models, techniques, headers}
}

/**
 * The use-case rows of a product page with its continuation page's, or null when the
 * continuation cannot be read (its rows, and what they link to, are unknown).
 */
export function productRows(page: PageFacts, reader: PageReader): UseCaseRow[] | null {
  const product = page.product
  if (!product) return null
  if (!product.nextPage) return product.rows
  const next = reader.linked(page, product.nextPage)
  if (!next?.continuation || next.shapeProblems.length > 0) return null
  return [...product.rows, ...next.continuation.rows]
}

const tableReadings = ['product.eventTypes.legacy', 'product.eventTypes.activity', 'product.eventTypes.lines', 'product.techniques.cells', 'product.parsers.pages']

/** Readings of the use-case table's own items. */
function useCaseTableReadings(rows: readonly UseCaseRow[], into: Readings): void {
  if (rows.some((row) => row.misshapen)) return unreadable(into, tableReadings)
  const legacy = new Set<string>()
  const activity = new Set<string>()
  const lines = new Set<string>()
  const techniques = new Set<string>()
  for (const row of rows) {
    for (const group of row.eventTypeGroups) {
      legacy.add(group.eventType.text)
      if (group.activityType) activity.add(group.activityType.text)
      lines.add(`${group.activityType?.text ?? ''}\0${group.eventType.text}`)
    }
    for (const technique of row.techniques) techniques.add(technique.id)
  }
  into.set('product.eventTypes.legacy', exact(legacy.size))
  if (activity.size > 0) into.set('product.eventTypes.activity', exact(activity.size))
  into.set('product.eventTypes.lines', exact(lines.size))
  into.set('product.techniques.cells', exact(techniques.size))
}

/**
 * Distinct parser pages the rows link to, by where each link leads (a typo in a link's
 * text makes no second parser); null when a link leads to no page (`no-dead-link`
 * speaks) or a row has the wrong shape.
 */
function parserPages(page: PageFacts, rows: readonly UseCaseRow[], reader: PageReader): number | null {
  if (rows.some((row) => row.misshapen)) return null
  // Each destination once: a large product page links a few hundred parsers tens of thousands of times.
  const byUrl = new Map<string, LinkFact>()
  for (const row of rows) {
    for (const group of row.eventTypeGroups) for (const link of group.parsers) if (!byUrl.has(link.url)) byUrl.set(link.url, link)
    for (const link of row.orphanParsers) if (!byUrl.has(link.url)) byUrl.set(link.url, link)
  }
  const pages = new Set<string>()
  for (const link of byUrl.values()) {
    const target = reader.linked(page, link)
    if (!target) return null
    pages.add(target.path)
  }
  return pages.size
}

const exactOrNot = (n: number | null): ReadingValue | null => (n === null ? null : exact(n))

const rmPagesIds = ['product.models.rm', 'product.models.rm-sum', 'product.rules.rm-bounds', 'product.rules.rm-sum', 'product.techniques.rm', 'product.techniques.rm-headers']

/** Readings over the product's RM pages (the pages its rows' Content cells link to), unreadable when one cannot be read. */
function rmPagesReadings(page: PageFacts, rows: readonly UseCaseRow[], reader: PageReader, into: Readings): void {
  const rmPages = new Map<string, PageFacts>()
  for (const row of rows) {
    const link = row.content?.link
    const rm = link ? reader.linked(page, link) : null
    if (row.misshapen || !rm?.rulesAndModels?.summary || rm.shapeProblems.length > 0 || rm.rulesAndModels.rows.some((r) => r.misshapen)) return unreadable(into, rmPagesIds)
    rmPages.set(rm.path, rm)
  }
  if (rmPages.size === 0) return
  const rules = new Set<string>()
  const models = new Set<string>()
  const techniques = new Set<string>()
  const headers = new Set<string>()
  let unlisted = 0
  let ruleSum = 0
  let modelSum = 0
  for (const rm of rmPages.values()) {
    const items = listed(rm)
    for (const id of items.rules) rules.add(id)
    for (const id of items.models) models.add(id)
    for (const id of items.techniques) techniques.add(id)
    for (const id of items.headers) headers.add(id)
    const statedRules = summaryValue(rm.rulesAndModels!.summary, 'rules') ?? 0
    if (statedRules > items.rules.size) unlisted += statedRules - items.rules.size
    ruleSum += statedRules
    modelSum += summaryValue(rm.rulesAndModels!.summary, 'models') ?? 0
  }
  into.set('product.models.rm', exact(models.size))
  into.set('product.models.rm-sum', exact(modelSum))
  into.set('product.rules.rm-bounds', {min: rules.size, max: rules.size + unlisted})
  into.set('product.rules.rm-sum', exact(ruleSum))
  into.set('product.techniques.rm', exact(techniques.size))
  into.set('product.techniques.rm-headers', exact(headers.size))
}

/** Every reading of a product page that its facts (and the pages they link to) allow. */
export function productReadings(page: PageFacts, reader: PageReader): Readings {
  const values: Readings = new Map()
  const rows = productRows(page, reader)
  if (!rows) return values
  useCaseTableReadings(rows, values)
  if (!values.has('product.parsers.pages')) values.set('product.parsers.pages', exactOrNot(parserPages(page, rows, reader)))
  const matrix = page.product?.matrix
  if (matrix) values.set('product.techniques.matrix', exact(new Set(matrix.columns.flatMap((column) => column.techniques.map((t) => t.id))).size))
  rmPagesReadings(page, rows, reader, values)
  return values
}

/** The product row whose Content cell links to this RM page. */
function linkingRow(page: PageFacts, product: PageFacts, reader: PageReader): UseCaseRow | null {
  const name = path.posix.basename(page.path)
  for (const row of productRows(product, reader) ?? []) {
    const link = row.content?.link
    // By file name first: only a link ending in this page's name is resolved.
    if (!link || !safeDecode(link.url).endsWith(name)) continue
    if (reader.linked(product, link)?.path === page.path) return row
  }
  return null
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url)
  } catch {
    return url
  }
}

const rmOwnIds = ['rm.rules.listed', 'rm.models.listed', 'rm.techniques.groups', 'rm.techniques.headers', 'rm.eventTypes.rows']
const rmRowIds = ['rm.techniques.product-row', 'rm.eventTypes.product-row', 'rm.parsers.product-row']

/** Every reading of an RM page that its facts (and its product's) allow. */
export function rulesAndModelsReadings(page: PageFacts, reader: PageReader): Readings {
  const values: Readings = new Map()
  const facts = page.rulesAndModels
  if (!facts) return values
  if (facts.rows.some((row) => row.misshapen)) {
    unreadable(values, rmOwnIds)
  } else {
    const items = listed(page)
    values.set('rm.rules.listed', exact(items.rules.size))
    values.set('rm.models.listed', exact(items.models.size))
    values.set('rm.techniques.groups', exact(items.techniques.size))
    values.set('rm.techniques.headers', exact(items.headers.size))
    values.set('rm.eventTypes.rows', exact(new Set(facts.rows.map((row) => row.eventType.text)).size))
  }
  const product = facts.productLink ? reader.linked(page, facts.productLink) : null
  if (!product?.product) return values
  for (const column of ['eventTypes', 'parsers'] as const) {
    const theirs = summaryValue(product.product.summary, column)
    if (theirs !== null) values.set(`rm.${column}.product`, exact(theirs))
  }
  const row = linkingRow(page, product, reader)
  if (row?.misshapen) {
    unreadable(values, rmRowIds)
  } else if (row) {
    values.set('rm.techniques.product-row', exact(new Set([...row.techniques.map((t) => t.id), ...row.tactics.map((t) => t.id.text)]).size))
    values.set('rm.eventTypes.product-row', exact(new Set(row.eventTypeGroups.map((group) => group.eventType.text)).size))
    values.set('rm.parsers.product-row', exactOrNot(parserPages(product, [row], reader)))
  }
  return values
}

/**
 * An RM page's readings as its number is judged: where a reading is the product page's
 * number and that number is itself wrong by the product column's meaning, the reading
 * takes both the number as written and the count the product should have said (the
 * range between). The product page carries that finding; its RM pages, which copied
 * the number or state the right count, are not blamed for it again (one defect, one
 * finding), and a number that is neither is still reported. Where the product column
 * has no meaning, the RM pages are judged against the product's number as written:
 * nothing else reports a difference there.
 */
export function judgedRulesAndModelsReadings(page: PageFacts, reader: PageReader, meanings: readonly ColumnMeaning[]): Readings {
  const values = rulesAndModelsReadings(page, reader)
  const product = page.rulesAndModels?.productLink ? reader.linked(page, page.rulesAndModels.productLink) : null
  let productValues: Readings | undefined
  for (const column of ['eventTypes', 'parsers'] as const) {
    const id = `rm.${column}.product`
    const written = summaryValue(product?.product?.summary, column)
    if (!product || written === null || !values.get(id)) continue
    // Read the product's own readings only when needed: they read all its RM pages.
    productValues ??= productReadings(product, reader)
    const meaning = meanings.find((m) => m.kind === 'product' && m.column === column)
    const should = meaning?.holds ? productValues.get(meaning.holds.id) : null
    if (should && judgeNumber(written, meaning, productValues) === 'wrong') values.set(id, {min: Math.min(written, should.min), max: Math.max(written, should.max)})
  }
  return values
}

/** How one reading fared over the library's pages of its kind. */
export interface Agreement {
  reading: Reading
  /** Pages where the reading could be computed and the column holds a number. */
  pages: number
  /** Of those, pages whose number agrees. */
  agree: number
}

/** What a column of a page kind means in this library, and the evidence. */
export interface ColumnMeaning {
  kind: CountedKind
  column: SummaryColumnKey
  /** The reading that holds best, or null when none holds on a clear majority (or none could be measured). */
  holds: Reading | null
  /**
   * Every reading that holds on a clear majority, best first. Where two do (an RM
   * page's `MITRE TTPs` counts the techniques heading its rule groups on 98% of the
   * 2025 snapshot's pages and those of its product row on 93%), a number agreeing with
   * either is no defect: the two differ on a few pages and the generator followed one
   * or the other.
   */
  alsoHolds: Reading[]
  /** Whether any page of the library had the column and a reading (an empty library measures nothing). */
  measured: boolean
  /** Every reading's agreement, best first. */
  agreements: Agreement[]
}

/** A reading holds when it agrees on at least this share of the pages it can be computed on. */
export const clearMajority = 2 / 3

/**
 * Below a clear majority, the best reading still holds when it agrees on more than half
 * of the pages and on at least `clearLead` times as many as the next reading of the
 * column. The 2025 snapshot's product `Rules` agrees with the distinct rules of its RM
 * pages on 397 of 582 pages (68%; the others are a few short), the next reading on 111:
 * the meaning is plain, but a third of the numbers off puts it near two thirds, and a
 * smaller library of that release (or a few more wrong numbers) would fall below and
 * leave the column unchecked, its wrong numbers unreported.
 */
const clearLead = 2

/** Below this many pages a library is too small to measure: the best reading is taken, ties by preference. */
const fewPages = 10

/** Choose a column's meaning from its readings' agreement. */
export function chooseMeaning(kind: CountedKind, column: SummaryColumnKey, agreements: Agreement[]): ColumnMeaning {
  const order = new Map(readings.map((reading, i) => [reading.id, i]))
  const ranked = agreements
    .filter((a) => a.pages > 0)
    .sort((a, b) => b.agree / b.pages - a.agree / a.pages || order.get(a.reading.id)! - order.get(b.reading.id)!)
  const best = ranked[0]
  if (!best) return {kind, column, holds: null, alsoHolds: [], measured: false, agreements: ranked}
  // Too few pages to tell a meaning from a defect: the best reading, or with none
  // agreeing, the preferred one (the page's own items).
  if (best.pages < fewPages) {
    const preferred = [...ranked].sort((a, b) => order.get(a.reading.id)! - order.get(b.reading.id)!)[0]!
    return {kind, column, holds: best.agree > 0 ? best.reading : preferred.reading, alsoHolds: [], measured: true, agreements: ranked}
  }
  const holding = ranked.filter((a) => a.agree / a.pages >= clearMajority).map((a) => a.reading)
  if (holding.length === 0 && leadsClearly(ranked)) holding.push(best.reading)
  return {kind, column, holds: holding[0] ?? null, alsoHolds: holding.slice(1), measured: true, agreements: ranked}
}

/**
 * Whether the best of `ranked` agrees on most pages and clearly more often than the
 * next reading (see `clearLead`). A column with one reading has no lead to show: 2021's
 * product Parsers agrees on 39% of its pages, and a sample of that library can pass one
 * half by chance.
 */
function leadsClearly(ranked: readonly Agreement[]): boolean {
  const share = (a: Agreement) => a.agree / a.pages
  const [best, next] = ranked
  return best !== undefined && next !== undefined && share(best) > 1 / 2 && share(best) >= clearLead * share(next)
}

/** Whether a written number agrees with a reading's value. */
export function agrees(written: number, value: ReadingValue): boolean {
  return written >= value.min && written <= value.max
}

/**
 * A written number against its column's meaning: `right` when it agrees with a reading
 * that holds, `wrong` when it agrees with none, `unchecked` when the column has no
 * meaning in this library or a holding reading cannot be read for this page.
 */
export function judgeNumber(written: number, meaning: ColumnMeaning | undefined, values: Readings): 'right' | 'wrong' | 'unchecked' {
  const holds = meaning?.holds
  const value = holds ? values.get(holds.id) : undefined
  if (!meaning || !value || meaning.alsoHolds.some((reading) => values.get(reading.id) === null)) return 'unchecked'
  const others = meaning.alsoHolds.map((reading) => values.get(reading.id))
  return [value, ...others].some((v) => v !== undefined && v !== null && agrees(written, v)) ? 'right' : 'wrong'
}

/** The product and RM pages under the data sources folders, found through the index's folder listings. */
export function countedPages(index: CorpusIndex, settings: ContentLintSettings): Array<{file: string; kind: CountedKind}> {
  const out: Array<{file: string; kind: CountedKind}> = []
  const walk = (folder: string) => {
    for (const name of index.entries(folder) ?? []) {
      const child = path.join(folder, name)
      if (/\.md$/i.test(name)) {
        const kind = kindFromPath(index.relative(child), settings)
        if (kind === 'product' || kind === 'rules-and-models') out.push({file: child, kind})
      } else if (name !== 'Ps' && name !== 'CR' && !isSymbolicLink(child)) {
        // Parser and correlation-rule folders hold no counted page; a folder reached
        // through a symbolic link is not walked (a link to a parent would loop).
        walk(child)
      }
    }
  }
  for (const folder of settings.dataSourcesDirs) walk(path.join(index.root, folder))
  return out
}

/** One page's votes: each reading computed on it, and whether its written number agrees. */
type Votes = Array<[readingId: string, agree: boolean]>

/** A page's votes with the state of every page they were read from (see `pageState`). */
interface SavedPage {
  reads: Map<string, string>
  votes: Votes
}

/** What a measurement stores (see `measureLibrary`), under `format`. */
export interface SavedVotes {
  format: number
  pages: Map<string, SavedPage>
}

const votesFormat = 1

function isSavedVotes(value: unknown): value is SavedVotes {
  const saved = value as Partial<SavedVotes> | null
  return typeof saved === 'object' && saved !== null && saved.format === votesFormat && saved.pages instanceof Map
}

/** The votes of one counted page, reading linked pages through `reader`; none for a page of the wrong shape. */
function pageVotes(page: PageFacts | null, kind: CountedKind, reader: PageReader): Votes {
  // A page of the wrong shape tells nothing of what the numbers mean.
  if (!page || page.kind !== kind || page.shapeProblems.length > 0) return []
  const summary = kind === 'product' ? page.product?.summary : page.rulesAndModels?.summary
  const values = kind === 'product' ? productReadings(page, reader) : rulesAndModelsReadings(page, reader)
  const votes: Votes = []
  for (const [id, value] of values) {
    // A reading that cannot be taken (a row of the wrong shape) casts no vote.
    if (value === null) continue
    const written = summaryValue(summary, readingsById.get(id)!.column)
    if (written !== null) votes.push([id, agrees(written, value)])
  }
  return votes
}

const readingsById = new Map(readings.map((reading) => [reading.id, reading]))

/**
 * The meaning of every column of both page kinds, measured over the library behind
 * `index`, and the votes it was counted from. The measurement is a vote per page, and
 * a page's vote depends on the page and the pages it reads (its product row, its RM
 * pages): a page's votes in `saved` are taken again while every page they were read
 * from is in the state it was then, so a change to ten pages recounts their votes and
 * those of the pages that read them, not the library's (8.5 of a 16 s hook run on the
 * 2025 snapshot when every page was read again).
 */
export function measureLibrary(index: CorpusIndex, settings: ContentLintSettings, saved?: SavedVotes): {meanings: ColumnMeaning[]; votes: SavedVotes; recounted: number} {
  const states = new Map<string, string>()
  const stateOf = (relative: string) => {
    let state = states.get(relative)
    // A page read from unsaved text is in no state a stored vote was read in.
    if (state === undefined) states.set(relative, (state = index.isUnsaved(path.join(index.root, relative)) ? 'unsaved' : pageState(index, relative)))
    return state
  }
  const pages = new Map<string, SavedPage>()
  let recounted = 0
  for (const {file, kind} of countedPages(index, settings)) {
    const relative = index.relative(file)
    const old = saved?.pages.get(relative)
    if (old && [...old.reads].every(([read, state]) => stateOf(read) === state)) {
      pages.set(relative, old)
      continue
    }
    recounted++
    // The state is taken before the page is read: a page that changes in between is
    // recorded as it was, so the next run counts its votes again.
    const reads = new Map([[relative, stateOf(relative)]])
    const reader: PageReader = {
      linked(from, link) {
        const target = index.resolveLink(path.join(index.root, from.path), link.url)
        if (target.kind !== 'file') return null
        reads.set(target.relative, stateOf(target.relative))
        return target.exists ? index.page(target.path) : null
      }
    }
    pages.set(relative, {reads, votes: pageVotes(index.page(file), kind, reader)})
  }
  return {meanings: meaningsOf(pages), votes: {format: votesFormat, pages}, recounted}
}

/** Every column's meaning from the pages' votes. */
function meaningsOf(pages: ReadonlyMap<string, SavedPage>): ColumnMeaning[] {
  const tallies = new Map<string, Agreement>(readings.map((reading) => [reading.id, {reading, pages: 0, agree: 0}]))
  for (const {votes} of pages.values()) {
    for (const [id, agree] of votes) {
      const tally = tallies.get(id)
      if (!tally) continue
      tally.pages++
      if (agree) tally.agree++
    }
  }
  const meanings: ColumnMeaning[] = []
  for (const kind of ['product', 'rules-and-models'] as const) {
    for (const column of ['rules', 'models', 'techniques', 'eventTypes', 'parsers'] as const) {
      const agreements = [...tallies.values()].filter((a) => a.reading.kind === kind && a.reading.column === column)
      meanings.push(chooseMeaning(kind, column, agreements))
    }
  }
  return meanings
}

const measured = new WeakMap<CorpusIndex, {generation: number; meanings: ColumnMeaning[]}>()

/**
 * The library's column meanings, measured once per state of the index (see
 * `CorpusIndex.generation`), from the votes the cache keeps where the pages they were
 * read from are unchanged. The votes of pages that read unsaved text (`--fix` between
 * passes, the hook's lint of the change's base) are counted again; what such a count
 * gives is not stored, as it describes no library on disk.
 */
export function libraryMeanings(index: CorpusIndex, settings: ContentLintSettings): ColumnMeaning[] {
  const known = measured.get(index)
  if (known && known.generation === index.generation) return known.meanings
  const name = 'summary-votes\0' + JSON.stringify(settings)
  const value = index.aggregates?.read(name)
  const saved = isSavedVotes(value) ? value : undefined
  const {meanings, votes, recounted} = measureLibrary(index, settings, saved)
  const onDisk = !index.hasUnsaved()
  if (onDisk && (recounted > 0 || saved?.pages.size !== votes.pages.size)) index.aggregates?.write(name, votes)
  measured.set(index, {generation: index.generation, meanings})
  return meanings
}

/** `Event Types` on RM pages: `distinct event type rows of the page` holds on 4,739 of 4,858 pages (98%); … */
export function describeMeaning(meaning: ColumnMeaning): string {
  const share = (a: Agreement) => `${a.agree.toLocaleString('en-US')} of ${a.pages.toLocaleString('en-US')} pages`
  const others = meaning.agreements.filter((a) => a.reading !== meaning.holds).map((a) => `${a.reading.counted}: ${share(a)}`)
  const held = meaning.agreements.find((a) => a.reading === meaning.holds)
  if (!held) return `no reading agrees on a clear majority of this library's pages (${others.join('; ')})`
  const head = `agrees with ${held.reading.counted} on ${share(held)} of this library`
  return others.length > 0 ? `${head}; other readings: ${others.join('; ')}` : head
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink()
  } catch {
    return false
  }
}
