/**
 * The defect classes the harness plants, one per kind of defect the rules check: where
 * each can be planted, how, which rule must find it, and which other findings the
 * defect really causes (its knock-ons). Every class reads pages as text
 * (`library-text.ts`), never through content-lint's model.
 */
import path from 'node:path'
import {categoryOf, parserCategory, parserIdentity, plainlyApart} from './categories.js'
import {productPageOf, rightCounts} from './counts.js'
import {cellsOf, kindByPath, type LibraryText, type Line, linksIn, type PageKindByPath, productFolderOf, type Range, rmHeader, rowsUnder, summaryHeader, useCaseHeader, useCasePageHeader} from './library-text.js'
import type {Random} from './random.js'

/** One change to one page: replace `[start, end)` of its original text with `text`. */
export interface Edit {
  page: string
  start: number
  end: number
  text: string
}

/** A defect planted at one place. */
export interface Site {
  cls: DefectClass
  /** The page the defect is planted on and must be found on. */
  page: string
  /** The line (of the original page) it sits on: a line with no finding before. */
  line: number
  edit: Edit
  /** Where the finding must lie, as offsets into the edit's new text. */
  expected: Range
  /** The product folder whose pages (and use-case rows) the defect may affect: one site per folder. */
  area: string
  /** What was planted, for the report. */
  what: string
}

/** A finding a defect really causes besides its own: by rule, on pages of its area of these kinds. */
export interface KnockOn {
  rule: string
  kinds: readonly PageKindByPath[]
  why: string
}

export interface PlantContext {
  library: LibraryText
  random: Random
  /** Summary column headers (lower case) the run checks, per page kind. */
  checkedColumns: ReadonlyMap<'product' | 'rules-and-models', ReadonlySet<string>>
  /** Whether the baseline run has a finding on this line of this page. */
  hasFinding(page: string, line: number): boolean
  /** The library's parser pages, once asked for. */
  parserPages?: string[]
}

export interface DefectClass {
  id: string
  /** The rule that must find it. */
  rule: string
  /** `covers`: a finding's range holds the whole planted text; `overlaps`: it lies on the planted text (a removed `|` leaves none to cover). */
  match: 'covers' | 'overlaps'
  kinds: readonly PageKindByPath[]
  /** The snapshots it can be planted in, when not both (and why in `describe`). */
  only?: '2021' | '2025'
  knockOns: readonly KnockOn[]
  describe: string
  /** Candidate sites on one page, in page order; empty when the page has none. */
  candidates(page: string, context: PlantContext): Site[]
}


/** The rows of the use-case table of a product or continuation page. */
function productRows(context: PlantContext, page: string): Line[] {
  return rowsUnder(context.library.lines(page), useCaseHeader)
}

/** The product folder a use-case page row is about (its product link, else its Content link). */
function useCaseRowArea(context: PlantContext, page: string, row: Line): string | null {
  const text = context.library.text(page)
  for (const link of linksIn(text, {start: row.start, end: row.start + row.text.length})) {
    const target = context.library.resolve(page, text.slice(link.url.start, link.url.end))
    const folder = target && productFolderOf(target)
    if (folder) return folder
  }
  return null
}

/** The area of a row of a page: its product folder. */
function areaOf(context: PlantContext, page: string, row: Line): string | null {
  return kindByPath(page) === 'use-case' ? useCaseRowArea(context, page, row) : productFolderOf(page)
}

/** A site replacing `range` of `page` (on `row`) with `text`, the finding expected on all of it. */
function site(cls: DefectClass, context: PlantContext, page: string, row: Line, range: Range, text: string, what: string, expected?: Range): Site | null {
  const area = areaOf(context, page, row)
  if (!area || context.hasFinding(page, row.number)) return null
  return {cls, page, line: row.number, edit: {page, start: range.start, end: range.end, text}, expected: expected ?? {start: 0, end: text.length}, area, what}
}

/** Table rows of the pages of a kind that a class plants in. */
function rowsOf(context: PlantContext, page: string): Line[] {
  const lines = context.library.lines(page)
  switch (kindByPath(page)) {
    case 'product':
    case 'continuation':
      return productRows(context, page)
    case 'rules-and-models':
      return rowsUnder(lines, rmHeader)
    case 'use-case':
      return lines.filter((line, i) => line.text.startsWith('|') && rowsUnder(lines.slice(Math.max(0, i - 40), i + 1), useCasePageHeader).includes(line))
    default:
      return []
  }
}

const compact = (items: Array<Site | null>): Site[] => items.filter((s): s is Site => s !== null)

// ---- counts -------------------------------------------------------------------------

/** The summary row's number cells of a product or RM page that the run checks (`all`: every one). */
function summaryCells(context: PlantContext, page: string, all = false): Array<{row: Line; cell: Range; value: number; header: string}> {
  const lines = context.library.lines(page)
  const at = lines.findIndex((line) => summaryHeader.test(line.text))
  const header = lines[at]
  const row = lines[at + 2]
  if (at < 0 || !header || !row) return []
  const kind = kindByPath(page) === 'product' ? 'product' : 'rules-and-models'
  const checked = context.checkedColumns.get(kind) ?? new Set()
  const headers = cellsOf(header).map((c) => context.library.text(page).slice(c.start, c.end).trim().toLowerCase())
  return cellsOf(row).flatMap((cell, i) => {
    const written = context.library.text(page).slice(cell.start, cell.end)
    const digits = /\d+/.exec(written)
    if (!digits || (!all && !checked.has(headers[i] ?? ''))) return []
    const start = cell.start + digits.index
    return [{row, cell: {start, end: start + digits[0].length}, value: Number(digits[0]), header: headers[i]!}]
  })
}

/**
 * A number one off: up, or down when it can go down; never one of `right` (counts the
 * number may rightly hold, `counts.ts`), and null when both are.
 */
function wrongNumber(value: number, random: Random, right: ReadonlySet<number> = new Set()): number | null {
  const tries = value > 1 && random.next() < 0.5 ? [value - 1, value + 1] : value > 1 ? [value + 1, value - 1] : [value + 1]
  return tries.find((n) => !right.has(n)) ?? null
}

/**
 * Whether the product page of an RM page (its `### Product:` link) has a finding on its
 * summary row. In 2021 an RM page's Event Types and Parsers repeat the product's number:
 * where that number is wrong, an RM number one off from it may be the right count.
 */
function productSummaryWrong(context: PlantContext, page: string): boolean {
  const product = productPageOf(context.library, page)
  if (!product) return false
  const row = summaryCells(context, product, true)[0]?.row
  return row !== undefined && context.hasFinding(product, row.number)
}

function summaryNumber(id: string, kind: 'product' | 'rules-and-models', describe: string): DefectClass {
  const cls: DefectClass = {
    id,
    rule: 'summary-count',
    match: 'covers',
    kinds: [kind],
    knockOns: [],
    describe,
    candidates(page, context) {
      if (kind === 'rules-and-models' && productSummaryWrong(context, page)) return []
      return compact(
        summaryCells(context, page).map(({row, cell, value, header}) => {
          // A product page's Rules is checked against a lower bound only (its RM pages
          // count rules they do not list): one fewer may still be within it, so it is
          // halved there; every other column is checked exactly, and is one off.
          const wrong = kind === 'product' && header === 'rules' && value > 1 ? Math.floor(value / 2) : wrongNumber(value, context.random, rightCounts(context.library, page, header))
          return wrong === null ? null : site(cls, context, page, row, cell, String(wrong), `${header} ${value} → ${wrong}`)
        })
      )
    }
  }
  return cls
}

const contentCount: DefectClass = {
  id: 'content-count',
  rule: 'linked-count',
  match: 'covers',
  kinds: ['product', 'continuation', 'use-case'],
  knockOns: [],
  describe: "A Content cell's `N Rules` or `N Models` one off from its RM page's summary",
  candidates(page, context) {
    const text = context.library.text(page)
    return compact(
      rowsOf(context, page).flatMap((row) =>
        [...row.text.matchAll(/<li>(\d+) (Rules|Models)<\/li>/g)].map((m) => {
          // Not where the linked RM page's own summary has a finding: a number one off
          // from a wrong summary may be the right one (what the RM page lists).
          const at = row.start + m.index!
          const link = linksIn(text, {start: row.start, end: row.start + row.text.length}).find((l) => l.whole.start <= at && at < l.whole.end)
          const rm = link && context.library.resolve(page, text.slice(link.url.start, link.url.end))
          if (!rm || !context.library.exists(rm) || summaryCells(context, rm, true).some((c) => context.hasFinding(rm, c.row.number))) return null
          const start = at + 4
          // Nothing to avoid: one off is always possible (up).
          const wrong = wrongNumber(Number(m[1]), context.random)!
          return site(contentCount, context, page, row, {start, end: start + m[1]!.length}, String(wrong), `${m[1]} ${m[2]} → ${wrong}`)
        })
      )
    )
  }
}

// ---- parser links -------------------------------------------------------------------

/** Parser links (`↳[name](url)`) of the use-case rows of a product or continuation page. */
function parserLinks(context: PlantContext, page: string): Array<{row: Line; link: ReturnType<typeof linksIn>[number]}> {
  const text = context.library.text(page)
  return productRows(context, page).flatMap((row) =>
    linksIn(text, {start: row.start, end: row.start + row.text.length})
      .filter((link) => text.slice(link.whole.start - 1, link.whole.start) === '↳' || text.slice(link.whole.start - 2, link.whole.start).trim() === '↳')
      .map((link) => ({row, link}))
  )
}

const deadParserLink: DefectClass = {
  id: 'dead-parser-link',
  rule: 'no-dead-link',
  match: 'covers',
  kinds: ['product', 'continuation'],
  knockOns: [],
  describe: 'A parser link to a parser page that does not exist (a letter added to its file name)',
  candidates(page, context) {
    const text = context.library.text(page)
    return compact(
      parserLinks(context, page).map(({row, link}) => {
        const url = text.slice(link.url.start, link.url.end)
        const dead = url.replace(/\.md$/, 'x.md')
        const target = context.library.resolve(page, dead)
        if (dead === url || !target || context.library.exists(target)) return null
        return site(deadParserLink, context, page, row, link.url, dead, `${url} → ${dead}`)
      })
    )
  }
}

/** A name with two neighbouring letters swapped (that differ), or null. */
function misspell(name: string, random: Random): string | null {
  const spots = [...name.matchAll(/[a-z](?=[a-z])/gi)].map((m) => m.index!).filter((i) => i > 0 && name[i] !== name[i + 1])
  const at = random.pick(spots)
  return at === undefined ? null : name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2)
}

const parserLinkText: DefectClass = {
  id: 'parser-link-text',
  rule: 'parser-name',
  match: 'covers',
  kinds: ['product', 'continuation'],
  knockOns: [],
  describe: "A parser link's text misspelt (two letters swapped), so it differs from the parser page's Name",
  candidates(page, context) {
    const text = context.library.text(page)
    return compact(
      parserLinks(context, page).map(({row, link}) => {
        const written = text.slice(link.text.start, link.text.end)
        const wrong = misspell(written, context.random)
        return wrong ? site(parserLinkText, context, page, row, link.text, wrong, `${written} → ${wrong}`) : null
      })
    )
  }
}

// ---- ATT&CK mentions ----------------------------------------------------------------

/** Text technique mentions `T1059.001 - Name` on the page's table rows (not placeholders), with the name's range. */
function techniqueMentions(context: PlantContext, page: string): Array<{row: Line; id: string; name: Range; cellEnd: number}> {
  const text = context.library.text(page)
  return rowsOf(context, page).flatMap((row) =>
    cellsOf(row).flatMap((cell) =>
      [...text.slice(cell.start, cell.end).matchAll(/(?<=^|>|\s)(T\d{4}(?:\.\d{3})?) - ([A-Z][^<>|]*?[a-z)])(?=<|\s*$)/g)].map((m) => {
        const start = cell.start + m.index! + m[1]!.length + 3
        return {row, id: m[1]!, name: {start, end: start + m[2]!.length}, cellEnd: cell.end}
      })
    )
  )
}

const techniqueKinds: PageKindByPath[] = ['product', 'continuation', 'rules-and-models', 'use-case']

const misspeltTechnique: DefectClass = {
  id: 'technique-misspelt',
  rule: 'attack-technique',
  match: 'covers',
  kinds: techniqueKinds,
  knockOns: [],
  describe: 'A technique name misspelt (two letters swapped)',
  candidates(page, context) {
    const text = context.library.text(page)
    return compact(
      techniqueMentions(context, page).map(({row, id, name}) => {
        const written = text.slice(name.start, name.end)
        const wrong = misspell(written, context.random)
        return wrong ? site(misspeltTechnique, context, page, row, name, wrong, `${id} ${written} → ${wrong}`) : null
      })
    )
  }
}

const swappedTechnique: DefectClass = {
  id: 'technique-id-name-swap',
  rule: 'attack-technique',
  match: 'covers',
  kinds: techniqueKinds,
  knockOns: [],
  describe: "A technique ID written with the name of another technique of the same cell (the pair's parts swapped)",
  candidates(page, context) {
    const text = context.library.text(page)
    const mentions = techniqueMentions(context, page)
    return compact(
      mentions.map((mention) => {
        const other = mentions.find(
          (o) => o.cellEnd === mention.cellEnd && o.id.split('.')[0] !== mention.id.split('.')[0] && !text.slice(o.name.start, o.name.end).includes(':')
        )
        if (!other) return null
        const name = text.slice(other.name.start, other.name.end)
        return site(swappedTechnique, context, page, mention.row, mention.name, name, `${mention.id} - ${text.slice(mention.name.start, mention.name.end)} → ${mention.id} - ${name}`)
      })
    )
  }
}

const techniquePlaceholder: DefectClass = {
  id: 'technique-placeholder',
  rule: 'attack-technique',
  match: 'covers',
  kinds: techniqueKinds,
  knockOns: [],
  describe: 'A technique name replaced by its ID (`T1078 - T1078`)',
  candidates(page, context) {
    return compact(techniqueMentions(context, page).map(({row, id, name}) => site(techniquePlaceholder, context, page, row, name, id, `${id} - … → ${id} - ${id}`)))
  }
}

/** Enterprise tactics, for a placeholder the row does not have yet. */
const tacticIds = ['TA0001', 'TA0002', 'TA0003', 'TA0004', 'TA0005', 'TA0006', 'TA0007', 'TA0008', 'TA0009', 'TA0010', 'TA0011', 'TA0040', 'TA0042', 'TA0043']

const tacticPlaceholder: DefectClass = {
  id: 'tactic-placeholder',
  rule: 'attack-tactic',
  match: 'covers',
  kinds: ['product', 'continuation'],
  only: '2025',
  knockOns: [],
  describe:
    "A technique of a product row's MITRE cell written as a tactic placeholder (`TA0002 - TA0002`), a tactic the row did not name. 2025 only: it writes tactics in these cells (no correct tactic mention exists to turn into a placeholder), and in 2021 the row's techniques are what its RM pages count",
  candidates(page, context) {
    return compact(
      techniqueMentions(context, page).map(({row, id, name}) => {
        const tactic = context.random.pick(tacticIds.filter((t) => !row.text.includes(t)))!
        const start = name.start - id.length - 3
        // The finding is on the name, the second ID.
        const expected = {start: tactic.length + 3, end: 2 * tactic.length + 3}
        return site(tacticPlaceholder, context, page, row, {start, end: name.end}, `${tactic} - ${tactic}`, `${id} → ${tactic} - ${tactic}`, expected)
      })
    )
  }
}

// ---- cells and tables ---------------------------------------------------------------

const cellHtml: DefectClass = {
  id: 'cell-html',
  rule: 'cell-html',
  match: 'covers',
  kinds: ['product', 'continuation', 'use-case'],
  knockOns: [],
  describe: 'A stray `</li>` in a Content cell (`</li></li></ul>`)',
  candidates(page, context) {
    return compact(
      rowsOf(context, page).flatMap((row) =>
        [...row.text.matchAll(/<\/li><\/ul>/g)].map((m) => {
          const at = row.start + m.index! + 5
          return site(cellHtml, context, page, row, {start: at, end: at}, '</li>', '</li></ul> → </li></li></ul>')
        })
      )
    )
  }
}

const tableShape: DefectClass = {
  id: 'table-shape',
  rule: 'table-shape',
  match: 'overlaps',
  kinds: ['product', 'continuation', 'rules-and-models', 'use-case'],
  knockOns: [],
  describe: 'A `|` between two cells of a table row removed: the row has one cell too few, its cells shifted',
  candidates(page, context) {
    return compact(
      rowsOf(context, page).map((row) => {
        const cells = cellsOf(row)
        if (cells.length < 3) return null
        const pipe = cells[1 + context.random.below(cells.length - 1)]!.start - 1
        const line = {start: row.start, end: row.start + row.text.length}
        const text = context.library.text(page)
        const planted = text.slice(line.start, pipe) + ' ' + text.slice(pipe + 1, line.end)
        return site(tableShape, context, page, row, line, planted, `row of ${cells.length} cells, the | at column ${pipe - row.start + 1} removed`)
      })
    )
  }
}

const deadLink: DefectClass = {
  id: 'dead-link',
  rule: 'no-dead-link',
  match: 'covers',
  kinds: ['product', 'continuation', 'rules-and-models', 'use-case'],
  knockOns: [],
  describe: 'A link to a use-case, RM or product page made dead (a letter added to its file name)',
  candidates(page, context) {
    const text = context.library.text(page)
    const lines = kindByPath(page) === 'rules-and-models' ? context.library.lines(page).filter((l) => /^#+ *Product:/.test(l.text)) : rowsOf(context, page)
    return compact(
      lines.flatMap((row) =>
        linksIn(text, {start: row.start, end: row.start + row.text.length}).map((link) => {
          const url = text.slice(link.url.start, link.url.end)
          const target = context.library.resolve(page, url)
          if (!target || !/\/(uc|r_m|ds)_[^/]*\.md$/.test('/' + target) || !context.library.exists(target)) return null
          const dead = url.replace(/\.md$/, 'x.md')
          return site(deadLink, context, page, row, link.url, dead, `${url} → ${dead}`)
        })
      )
    )
  }
}

const crRowRepeated: DefectClass = {
  id: 'cr-row-repeated',
  rule: 'correlation-rules',
  match: 'covers',
  kinds: ['correlation-rules'],
  only: '2025',
  knockOns: [],
  describe: 'A correlation-rule row written twice (the copy right under it). 2025 only: 2021 has no correlation-rule pages',
  candidates(page, context) {
    const lines = context.library.lines(page)
    const rows = rowsUnder(lines, /^\|\s*Name\s*\|/i)
    const unique = (row: Line) => rows.filter((r) => r.text.replace(/\s+/g, '') === row.text.replace(/\s+/g, '')).length === 1
    return compact(
      rows.filter(unique).map((row) => {
        const end = row.start + row.text.length
        return site(crRowRepeated, context, page, row, {start: end, end}, '\n' + row.text, 'row repeated')
      })
    )
  }
}

// ---- event type ↔ parser --------------------------------------------------------------

/** One event type line of a product row's Event Types cell and the parser links under it. */
interface Group {
  /** The event type as written (`app-login`, or `app-login:success (app-login)`). */
  line: string
  /** Where its last parser link ends (a copy goes after it). */
  end: number
  parsers: Array<{url: string; name: string; whole: Range}>
}

/** The groups of a product row's Event Types cell. */
function groupsOf(text: string, cell: Range): Group[] {
  const groups: Group[] = []
  let current: Group | null = null
  let at = cell.start
  for (const part of text.slice(cell.start, cell.end).split('<br>')) {
    const link = linksIn(text, {start: at, end: at + part.length})[0]
    if (link && part.trim().startsWith('↳')) {
      current?.parsers.push({url: text.slice(link.url.start, link.url.end), name: text.slice(link.text.start, link.text.end), whole: link.whole})
      if (current) current.end = link.whole.end
    } else if (part.trim() !== '') {
      current = {line: part.trim(), end: at + part.length, parsers: []}
      groups.push(current)
    }
    at += part.length + 4
  }
  return groups.filter((g) => g.parsers.length > 0)
}

/** The category of an event type line (its activity type and legacy event type together). */
function eventTypeCategory(line: string): string | null {
  return categoryOf(line)
}

interface Move {
  row: Line
  from: Group
  parser: Group['parsers'][number]
  to: Group
  category: string
}

/** Parsers of a row that fit their group's category, with a group of the row they plainly do not. */
function moves(context: PlantContext, page: string): Move[] {
  const text = context.library.text(page)
  const out: Move[] = []
  for (const row of productRows(context, page)) {
    const cell = cellsOf(row)[1]
    if (!cell) continue
    const groups = groupsOf(text, cell)
    for (const from of groups) {
      for (const parser of from.parsers) {
        const target = context.library.resolve(page, parser.url)
        if (!target || !context.library.exists(target)) continue
        const category = parserCategory(target, context.library.text(target))
        if (!category || eventTypeCategory(from.line) !== category) continue
        for (const to of groups) {
          const toCategory = eventTypeCategory(to.line)
          if (to !== from && toCategory && plainlyApart(category, toCategory) && !to.parsers.some((p) => p.url === parser.url)) out.push({row, from, parser, to, category})
        }
      }
    }
  }
  return out
}

/** The row's cell text with `link` added after the last parser of `to` (and taken out of `from` for a move), and where the link starts in it. */
function replanted(text: string, cell: Range, move: Move, link: string, remove: boolean): {text: string; at: number} {
  const added = `<br> ↳${link}`
  const removed = remove ? {start: text.lastIndexOf('<br>', move.parser.whole.start), end: move.parser.whole.end} : null
  const cuts = [{start: move.to.end, end: move.to.end, text: added}, ...(removed ? [{...removed, text: ''}] : [])].sort((a, b) => b.start - a.start)
  let out = text.slice(cell.start, cell.end)
  for (const cut of cuts) out = out.slice(0, cut.start - cell.start) + cut.text + out.slice(cut.end - cell.start)
  const shift = removed && removed.start < move.to.end ? removed.end - removed.start : 0
  return {text: out, at: move.to.end - cell.start - shift + added.length - link.length}
}

/** A parser page of another product, of a category plainly apart from `category`, linkable from `page`. */
function foreignParser(context: PlantContext, page: string, toCategory: string): {url: string; name: string} | null {
  const own = productFolderOf(page)
  for (let tries = 0; tries < 50; tries++) {
    const parser = context.random.pick(context.parserPages ??= context.library.ofKind('parser'))!
    if (productFolderOf(parser) === own) continue
    const parserText = context.library.text(parser)
    const category = parserCategory(parser, parserText)
    const url = path.posix.relative(path.posix.dirname(page), parser)
    const name = parserIdentity(parserText).name
    if (category && name && plainlyApart(category, toCategory) && /^[\w./&-]+$/.test(url)) return {url, name}
  }
  return null
}

const parserMoved: DefectClass = {
  id: 'parser-moved',
  rule: 'event-type-parser',
  match: 'covers',
  kinds: ['product', 'continuation'],
  knockOns: [
    {rule: 'summary-count', kinds: ['product', 'rules-and-models'], why: "a parser of another product added: the page now links one parser more than its Parsers number (and its row's RM page's) says"}
  ],
  describe:
    'A parser moved or copied, in one row, under an event type of that row it plainly cannot produce (categories by hand: `categories.ts`), or a parser of another product copied there',
  candidates(page, context) {
    const text = context.library.text(page)
    return compact(
      moves(context, page).map((move) => {
        const cell = cellsOf(move.row)[1]!
        const how = context.random.below(3)
        const toCategory = eventTypeCategory(move.to.line)!
        const foreign = how === 2 ? foreignParser(context, page, toCategory) : null
        const parser = foreign ?? {url: move.parser.url, name: move.parser.name}
        const link = `[${parser.name}](${parser.url})`
        const remove = how === 1 && move.from.parsers.length > 1
        const planted = replanted(text, cell, move, link, remove)
        const what = `${foreign ? 'foreign ' : remove ? 'moved ' : 'copied '}${parser.name} (${foreign ? 'other product' : move.from.line}) → ${move.to.line}`
        return site(parserMoved, context, page, move.row, cell, planted.text, what, {start: planted.at, end: planted.at + link.length})
      })
    )
  }
}

/** Every class, in the order the report lists them. */
export const defectClasses: readonly DefectClass[] = [
  summaryNumber('summary-product', 'product', "A product page's summary number one off (a column the run checks)"),
  summaryNumber('summary-rm', 'rules-and-models', "An RM page's summary number one off (a column the run checks)"),
  contentCount,
  deadParserLink,
  parserLinkText,
  misspeltTechnique,
  swappedTechnique,
  techniquePlaceholder,
  tacticPlaceholder,
  cellHtml,
  tableShape,
  deadLink,
  parserMoved,
  crRowRepeated
]
