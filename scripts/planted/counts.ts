/**
 * The counts a summary number may rightly hold, by hand from the pages' text: what a
 * planted summary number must not be. Where the library's numbers follow two readings
 * that mostly agree (a product's `MITRE TTPs`: the techniques of its rows, or those
 * heading its RM pages' rule groups; an RM page's: its own group headers, or its
 * product row's), a number one off from one of them may be the other, and is no
 * defect. Read as text, never through content-lint's model, like every class.
 */
import path from 'node:path'
import {cellsOf, kindByPath, type LibraryText, type Line, linksIn, rmHeader, rowsUnder, summaryHeader, useCaseHeader} from './library-text.js'

/** Technique IDs (`T1059`, `T1059.001`) and, with them, tactic IDs (`TA0002`) in `text` where `match` finds them. */
function ids(text: string, match: RegExp): {techniques: number; all: number} {
  const all = new Set([...text.matchAll(match)].map((m) => m[1]!))
  return {techniques: [...all].filter((id) => !id.startsWith('TA')).length, all: all.size}
}

const mentioned = /(?<![\w.])((?:T\d{4}(?:\.\d{3})?)|(?:TA\d{4})) - /g
// A bold ID not after `↳` heads a rule group (`<b>T1078 - Valid Accounts</b>`); after it, a rule.
const groupHeader = /(?<!↳ )<b>((?:T\d{4}(?:\.\d{3})?)|(?:TA\d{4})) - /g

function cellText(library: LibraryText, page: string, row: Line, index: number): string {
  const cell = cellsOf(row)[index]
  return cell ? library.text(page).slice(cell.start, cell.end) : ''
}

/** The use-case rows of a product page and of its continuation page. */
function productRows(library: LibraryText, product: string): Array<{page: string; row: Line}> {
  const next = path.posix.join(path.posix.dirname(product), `2_${path.posix.basename(product)}`)
  const pages = library.exists(next) ? [product, next] : [product]
  return pages.flatMap((page) => rowsUnder(library.lines(page), useCaseHeader).map((row) => ({page, row})))
}

/** The pages the links of a row's cell lead to. */
function targets(library: LibraryText, page: string, row: Line, index: number): string[] {
  const cell = cellsOf(row)[index]
  if (!cell) return []
  const text = library.text(page)
  return linksIn(text, cell).flatMap((link) => library.resolve(page, text.slice(link.url.start, link.url.end)) ?? [])
}

/** Event type lines of rows' Event Types cells: the legacy names, the activity types (since 2023), the parser pages. */
function eventTypeCounts(library: LibraryText, rows: Array<{page: string; row: Line}>): number[] {
  const legacy = new Set<string>()
  const activity = new Set<string>()
  const parsers = new Set<string>()
  for (const {page, row} of rows) {
    for (const line of cellText(library, page, row, 1).split('<br>')) {
      const text = line.trim()
      if (text === '' || text.includes('↳')) continue
      const paired = /^(\S+)\s+\(([^)]+)\)$/.exec(text)
      legacy.add(paired ? paired[2]! : text)
      if (paired) activity.add(paired[1]!)
    }
    for (const target of targets(library, page, row, 1)) parsers.add(target)
  }
  return [legacy.size, activity.size, parsers.size]
}

/** The number under `header` in a page's summary row, or null. */
function summaryNumber(library: LibraryText, page: string, header: string): number | null {
  const lines = library.lines(page)
  const at = lines.findIndex((line) => summaryHeader.test(line.text))
  if (at < 0 || !lines[at + 2]) return null
  const headers = cellsOf(lines[at]!).map((c) => library.text(page).slice(c.start, c.end).trim().toLowerCase())
  const cell = cellsOf(lines[at + 2]!)[headers.indexOf(header)]
  const digits = cell && /\d+/.exec(library.text(page).slice(cell.start, cell.end))
  return digits ? Number(digits[0]) : null
}

function productCounts(library: LibraryText, product: string, header: string): number[] {
  const rows = productRows(library, product)
  if (header === 'event types' || header === 'activity types' || header === 'parsers') {
    const [legacy, activity, parsers] = eventTypeCounts(library, rows)
    return header === 'parsers' ? [parsers!] : [legacy!, activity!]
  }
  if (!header.startsWith('mitre')) return []
  const cells = ids(rows.map(({page, row}) => cellText(library, page, row, 2)).join('\n'), mentioned)
  const rmPages = new Set(rows.flatMap(({page, row}) => targets(library, page, row, 3)))
  const headers = ids([...rmPages].filter((rm) => library.exists(rm)).map((rm) => library.text(rm)).join('\n'), groupHeader)
  return [cells.techniques, cells.all, headers.techniques, headers.all]
}

/** The existing product page an RM page names (`### Product: [X](../ds_x.md)`), or null. */
export function productPageOf(library: LibraryText, rm: string): string | null {
  const heading = library.lines(rm).find((line) => line.text.startsWith('### Product:'))
  const text = library.text(rm)
  const link = heading && linksIn(text, {start: heading.start, end: heading.start + heading.text.length})[0]
  const product = link && library.resolve(rm, text.slice(link.url.start, link.url.end))
  return product && library.exists(product) ? product : null
}

/** The product page of an RM page, and its row whose Content cell links to the RM page. */
function productOf(library: LibraryText, rm: string): {product: string; row: {page: string; row: Line} | undefined} | null {
  const product = productPageOf(library, rm)
  return product === null ? null : {product, row: productRows(library, product).find(({page, row}) => targets(library, page, row, 3).includes(rm))}
}

function rulesAndModelsCounts(library: LibraryText, rm: string, header: string): number[] {
  const own = rowsUnder(library.lines(rm), rmHeader)
  const of = productOf(library, rm)
  const productRow = of?.row ? [of.row] : []
  const copied = of ? summaryNumber(library, of.product, header) : null
  if (header === 'event types' || header === 'activity types' || header === 'parsers') {
    const [legacy, , parsers] = eventTypeCounts(library, productRow)
    const rows = new Set(own.map((row) => cellText(library, rm, row, 0).trim())).size
    const counts = header === 'parsers' ? [parsers!] : [legacy!, rows]
    return copied === null ? counts : [...counts, copied]
  }
  if (!header.startsWith('mitre')) return []
  const headers = ids(own.map((row) => cellText(library, rm, row, 1)).join('\n'), groupHeader)
  const cell = ids(productRow.map(({page, row}) => cellText(library, page, row, 2)).join('\n'), mentioned)
  return [headers.techniques, headers.all, cell.all]
}

/** Counts the summary number under `header` (lower case) of a product or RM page may rightly hold. */
export function rightCounts(library: LibraryText, page: string, header: string): Set<number> {
  return new Set(kindByPath(page) === 'product' ? productCounts(library, page, header) : rulesAndModelsCounts(library, page, header))
}
