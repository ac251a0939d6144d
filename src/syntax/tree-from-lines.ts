/**
 * Text → mdast directly, for pages made only of what generators write: headings, one-line
 * paragraphs, GFM tables whose cells hold text, `<br>`-like tags and `[text](url)` links,
 * and fenced code. No micromark.
 *
 * Why by hand: after tree-from-events.ts, micromark's tokenizer is most of a cold run
 * (17 of 21 s of each worker's work on the snapshot, profiled; its events are most of
 * the collector's work too). micromark is general: every character goes through state
 * functions and every token gets start and end points, and the inline content of each
 * table cell is tokenized again in a second pass. Generated pages use a tiny part of
 * Markdown, and for that part the tree can be read straight off the lines.
 *
 * The rule is to decline, not guess: anything outside that part — a list, a quote, a
 * block of HTML, indentation, a backslash, a backtick, `*`, an `_` that could emphasise,
 * `&` that could start a character reference, an image, a tag with attributes, a link
 * with a title or nested brackets, a line ending inside a link — makes `treeFromLines`
 * return `undefined`, and the page goes to micromark (tree-from-events.ts, then
 * remark-parse). Every tree it builds must equal remark-parse's, positions included:
 * test/tree-from-lines.test.ts compares the two on hand-written, fixture and random
 * pages, and test/corpus/tree-from-lines.test.ts on the snapshot.
 */
import type {Root} from 'mdast'

type Point = {line: number; column: number; offset: number}
type Position = {start: Point; end: Point}
interface Node {
  type: string
  children?: Node[]
  value?: string
  position?: Position
  [field: string]: unknown
}

/** A row's cell: [content start, content end, cell start, cell end] (see `cells`). */
type Cell = [number, number, number, number]
/** What `tableStart` found: the header's cells and the delimiter row's. */
interface TableStart {
  header: Cell[]
  delimiter: Cell[]
}

/** Thrown inside the scanner when the page has something it does not build. */
const DECLINE = Symbol('decline')
function decline(): never {
  throw DECLINE
}

const SPACE = 32

/** Characters that can start a block other than a paragraph or a table (or a setext underline). */
const BLOCK_START = new Set(['#', '`', '~', '>', '<', '-', '+', '*', '_', '=', ' '])
/** A line that may be a link reference definition (`[label]: url`). */
const DEFINITION = /^\[[^\]]*\]:/
/** A character reference: `&amp;`, `&#35;`, `&#x23;`. Any other `&` is text. */
const CHARACTER_REFERENCE = /&(?:[A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/y

/** An inline open or closing tag without attributes: `<br>`, `<br/>`, `<li>`, `</ul>`. */
const SIMPLE_TAG = /<[A-Za-z][A-Za-z0-9-]* *\/?>|<\/[A-Za-z][A-Za-z0-9-]* *>/y
/** A GFM delimiter row: `| :-- | --: |`, pipes optional at the ends. */
const DELIMITER_ROW = /^\|? *:?-+:? *(\| *:?-+:? *)*\|? *$/
const ATX_HEADING = /^#{1,6}(?: |$)/
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+) *$/

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
}

/** The mdast tree of `text` as remark-parse with GFM tables builds it, or undefined when declined. */
export function treeFromLines(text: string): Root | undefined {
  // CR ends lines too, and micromark replaces NUL and drops a leading BOM: all declined.
  // Tabs are declined where they are whitespace to the library (inline content, a fence's
  // info); fenced code keeps them as they are.
  if (text.includes('\r') || text.includes('\0') || text.charCodeAt(0) === 0xfeff) return undefined
  try {
    return new LineScanner(text).root()
  } catch (error) {
    if (error === DECLINE) return undefined
    throw error
  }
}

class LineScanner {
  private readonly text: string
  /** Start offset of each line; a page ending in a line ending has an empty last line. */
  private readonly starts: number[] = [0]
  /** End offset of each line (its line ending excluded). */
  private readonly ends: number[] = []

  constructor(text: string) {
    this.text = text
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
      this.ends.push(at)
      this.starts.push(at + 1)
    }
    this.ends.push(text.length)
  }

  root(): Root {
    const children: Node[] = []
    const count = this.starts.length
    let line = 0
    while (line < count) {
      if (this.isBlank(line)) {
        line++
        continue
      }
      const first = this.text[this.starts[line]!]!
      if (first === '`' || first === '~') line = this.fencedCode(line, children)
      else if (first === '#') line = this.atxHeading(line, children)
      else if (this.startsOtherBlock(line)) decline()
      else {
        const table = this.tableStart(line)
        line = table ? this.table(line, table, children) : this.paragraph(line, children)
      }
    }
    const root = {type: 'root', children, position: {start: this.point(0, 0), end: this.point(count - 1, this.text.length)}}
    return root as unknown as Root
  }

  private point(line: number, offset: number): Point {
    return {line: line + 1, column: offset - this.starts[line]! + 1, offset}
  }

  private span(line: number, start: number, endLine: number, end: number): Position {
    return {start: this.point(line, start), end: this.point(endLine, end)}
  }

  private isBlank(line: number): boolean {
    for (let at = this.starts[line]!; at < this.ends[line]!; at++) if (this.text.charCodeAt(at) !== SPACE) return false
    return true
  }

  /** Where a line's content starts, past leading spaces. */
  private contentStart(line: number): number {
    let at = this.starts[line]!
    while (at < this.ends[line]! && this.text.charCodeAt(at) === SPACE) at++
    return at
  }

  /** Where a line's content ends, before trailing spaces. */
  private contentEnd(line: number, from = this.starts[line]!): number {
    let at = this.ends[line]!
    while (at > from && this.text.charCodeAt(at - 1) === SPACE) at--
    return at
  }

  private lineText(line: number): string {
    return this.text.slice(this.starts[line], this.ends[line])
  }

  /**
   * Whether a non-blank line, from `at` (its start, or a continuation line's content),
   * could open or interrupt a block this module does not build (or builds only at the
   * start of a line: headings, fences): indentation, quotes, lists, thematic breaks,
   * HTML, definitions, ordered lists.
   */
  private startsOtherBlock(line: number, at = this.starts[line]!): boolean {
    const first = this.text[at]!
    if (BLOCK_START.has(first)) return true
    if (first === '[') return DEFINITION.test(this.text.slice(at, this.ends[line]))
    return /^\d+[.)]/.test(this.text.slice(at, at + 11))
  }

  // --- blocks ---------------------------------------------------------------------

  private atxHeading(line: number, out: Node[]): number {
    const start = this.starts[line]!
    const end = this.ends[line]!
    let at = start
    while (at < end && this.text[at] === '#') at++
    const depth = at - start
    if (depth > 6 || (at < end && this.text.charCodeAt(at) !== SPACE)) decline()
    while (at < end && this.text.charCodeAt(at) === SPACE) at++
    let contentEnd = this.contentEnd(line, at)
    // A closing sequence of `#` goes when it stands alone or after a space.
    let sequence = contentEnd
    while (sequence > at && this.text[sequence - 1] === '#') sequence--
    if (sequence < contentEnd && (sequence === at || this.text.charCodeAt(sequence - 1) === SPACE)) {
      contentEnd = sequence
      while (contentEnd > at && this.text.charCodeAt(contentEnd - 1) === SPACE) contentEnd--
    }
    const children = at < contentEnd ? this.inline(line, at, contentEnd) : []
    out.push({type: 'heading', depth, children, position: this.span(line, start, line, end)})
    return line + 1
  }

  private fencedCode(line: number, out: Node[]): number {
    const start = this.starts[line]!
    const end = this.ends[line]!
    const marker = this.text[start]!
    let at = start
    while (at < end && this.text[at] === marker) at++
    const size = at - start
    if (size < 3) decline()
    const info = this.text.slice(at, end)
    // Escapes and references in the info string are decoded by the library; a backtick
    // after a backtick fence means it is not a fence at all.
    if (/[\\&\t]/.test(info) || (marker === '`' && info.includes('`'))) decline()
    let lang: string | null = null
    let meta: string | null = null
    const words = /^ *([^ ]+) *(.*)$/.exec(info)
    if (words) {
      lang = words[1]!
      meta = words[2] ? words[2] : null
    }
    const closing = new RegExp(`^ {0,3}\\${marker}{${size},} *$`)
    for (let next = line + 1; next < this.starts.length; next++) {
      if (!closing.test(this.lineText(next))) continue
      const value = next > line + 1 ? this.text.slice(this.starts[line + 1], this.ends[next - 1]) : ''
      out.push({type: 'code', lang, meta, value, position: this.span(line, start, next, this.ends[next]!)})
      return next + 1
    }
    // Unclosed: the code runs to the end of the page, which the library trims its own way.
    return decline()
  }

  /**
   * The header's and the delimiter row's cells when a table starts at this line: the
   * next line is a delimiter row with pipes and as many cells as this one. Undefined
   * when no table starts here.
   */
  private tableStart(line: number): TableStart | undefined {
    const next = line + 1
    if (next >= this.starts.length) return undefined
    const delimiter = this.lineText(next)
    if (!DELIMITER_ROW.test(delimiter)) {
      // An indented delimiter row still makes a table.
      if (delimiter.startsWith(' ') && DELIMITER_ROW.test(delimiter.trimStart())) decline()
      return undefined
    }
    // `- | -` starts a list item, which wins over the table.
    if (/^-( |$)/.test(delimiter)) decline()
    const pipes = this.lineText(line).includes('|') || delimiter.includes('|')
    // Without pipes a dash line is a setext underline (the paragraph's to build); with a
    // pipe on one side only, the library's rules for which wins are not followed here.
    if (!delimiter.includes('|')) {
      if (pipes || !/^-+ *$/.test(delimiter)) decline()
      return undefined
    }
    const start = {header: this.cells(line), delimiter: this.cells(next)}
    // A delimiter row whose cell count differs leaves the lines to paragraph rules.
    if (start.delimiter.length !== start.header.length) decline()
    return start
  }

  private table(line: number, start: TableStart, out: Node[]): number {
    const align = start.delimiter.map(([contentStart, contentEnd]) => {
      const left = this.text[contentStart] === ':'
      const right = this.text[contentEnd - 1] === ':'
      return left && right ? 'center' : left ? 'left' : right ? 'right' : null
    })
    const rows: Node[] = [this.row(line, start.header)]
    let last = line + 1
    while (last + 1 < this.starts.length && !this.isBlank(last + 1)) {
      // A table runs to a blank line or the start of another block; any other line is a
      // row, with or without pipes. Lines that might start a block are declined.
      if (this.text[this.starts[last + 1]!] !== '|') {
        if (ATX_HEADING.test(this.lineText(last + 1))) break
        if (this.startsOtherBlock(last + 1)) decline()
      }
      last++
      rows.push(this.row(last))
    }
    out.push({type: 'table', align, children: rows, position: this.span(line, this.starts[line]!, last, this.ends[last]!)})
    return last + 1
  }

  private row(line: number, cells = this.cells(line)): Node {
    const lineStart = this.starts[line]!
    const lineEnd = this.ends[line]!
    const children = cells.map(([contentStart, contentEnd, cellStart, cellEnd]) => ({
      type: 'tableCell',
      children: contentStart < contentEnd ? this.inline(line, contentStart, contentEnd) : [],
      position: this.span(line, cellStart, line, cellEnd)
    }))
    return {type: 'tableRow', children, position: this.span(line, lineStart, line, lineEnd)}
  }

  /**
   * A row's cells as [content start, content end, cell start, cell end]. A cell runs from
   * its leading pipe (or the line's start) to the next pipe; the last one to the line's
   * end, trailing pipe and spaces included. Content is trimmed of spaces.
   */
  private cells(line: number): Cell[] {
    const start = this.starts[line]!
    const end = this.ends[line]!
    if (this.text.charCodeAt(start) === SPACE) decline()
    const pipes: number[] = []
    for (let at = this.text.indexOf('|', start); at !== -1 && at < end; at = this.text.indexOf('|', at + 1)) pipes.push(at)
    const contentEnd = this.contentEnd(line)
    const leading = pipes[0] === start
    const trailing = pipes.length > (leading ? 1 : 0) && pipes[pipes.length - 1] === contentEnd - 1
    const separators = pipes.slice(leading ? 1 : 0, trailing ? -1 : undefined)
    const bounds = [start, ...separators]
    const cells: Cell[] = []
    for (let index = 0; index < bounds.length; index++) {
      const cellStart = bounds[index]!
      const last = index === bounds.length - 1
      let from = cellStart === start && !leading ? start : cellStart + 1
      let to = last ? (trailing ? pipes[pipes.length - 1]! : end) : bounds[index + 1]!
      while (from < to && this.text.charCodeAt(from) === SPACE) from++
      while (to > from && this.text.charCodeAt(to - 1) === SPACE) to--
      cells.push([from, to, cellStart, last ? end : bounds[index + 1]!])
    }
    // A row of nothing but pipes and spaces has cells the library counts its own way.
    if (cells.every(([from, to]) => from === to) && pipes.length > 0) decline()
    return cells
  }

  private paragraph(line: number, out: Node[]): number {
    let last = line
    while (last + 1 < this.starts.length && !this.isBlank(last + 1)) {
      const next = last + 1
      if (SETEXT_UNDERLINE.test(this.lineText(next))) {
        const marker = this.text[this.contentStart(next)]
        // A dash underline under a line with a pipe may be a one-column table instead.
        if (marker === '-' && this.lineText(last).includes('|')) decline()
        const depth = marker === '=' ? 1 : 2
        const children = this.lines(line, last)
        out.push({type: 'heading', depth, children, position: this.span(line, this.starts[line]!, next, this.ends[next]!)})
        return next + 1
      }
      if (this.tableStart(next) || ATX_HEADING.test(this.lineText(next))) break
      // Continuation lines may be indented by up to three spaces; anything that could
      // interrupt a paragraph is declined.
      const content = this.contentStart(next)
      if (content - this.starts[next]! > 3 || this.startsOtherBlock(next, content)) decline()
      last = next
    }
    out.push({type: 'paragraph', children: this.lines(line, last), position: this.span(line, this.starts[line]!, last, this.ends[last]!)})
    return last + 1
  }

  /**
   * The inline content of a paragraph's lines. Line endings between two texts join them
   * into one text node (the first line's trailing space dropped); two or more trailing
   * spaces make a hard break. A line ending next to a tag or a link is declined.
   */
  private lines(first: number, last: number): Node[] {
    const nodes: Node[] = []
    for (let line = first; line <= last; line++) {
      const start = this.contentStart(line)
      const end = this.contentEnd(line, start)
      const content = this.inline(line, start, end)
      if (line === first) {
        nodes.push(...content)
        continue
      }
      const before = nodes[nodes.length - 1]!
      const after = content[0]!
      if (before.type !== 'text' || after.type !== 'text') decline()
      const trailing = this.ends[line - 1]! - before.position!.end.offset
      if (trailing >= 2) {
        nodes.push({type: 'break', position: {start: {...before.position!.end}, end: this.point(line, this.starts[line]!)}})
        nodes.push(...content)
      } else {
        before.value += '\n' + after.value
        before.position!.end = after.position!.end
        nodes.push(...content.slice(1))
      }
    }
    return nodes
  }

  // --- inline ---------------------------------------------------------------------

  /** Phrasing content of [start, end) on one line: text, simple tags, links. */
  private inline(line: number, start: number, end: number, inLink = false): Node[] {
    const text = this.text
    const nodes: Node[] = []
    let textStart = start
    const flush = (upTo: number) => {
      if (upTo > textStart) nodes.push({type: 'text', value: text.slice(textStart, upTo), position: this.span(line, textStart, line, upTo)})
    }
    let at = start
    while (at < end) {
      const code = text.charCodeAt(at)
      switch (code) {
        case 9: // tab: whitespace the library trims and expands
        case 92: // \ escape or hard break
        case 96: // ` code
        case 42: // * emphasis
          decline()
        case 33: // ! image, when `![`
          if (text.charCodeAt(at + 1) === 91) decline()
          break
        case 38: // & a character reference, which the library decodes
          CHARACTER_REFERENCE.lastIndex = at
          if (CHARACTER_REFERENCE.test(text)) decline()
          break
        case 95: {
          // _ emphasises unless the run sits between two letters or digits.
          let after = at
          while (after < end && text.charCodeAt(after) === 95) after++
          if (at === start || after === end || !isAlphanumeric(text.charCodeAt(at - 1)) || !isAlphanumeric(text.charCodeAt(after))) decline()
          at = after
          continue
        }
        case 60: {
          // < a tag without attributes; autolinks, comments and the rest are declined.
          SIMPLE_TAG.lastIndex = at
          const match = SIMPLE_TAG.exec(text)
          if (!match || at + match[0].length > end) decline()
          flush(at)
          at += match[0].length
          nodes.push({type: 'html', value: match[0], position: this.span(line, at - match[0].length, line, at)})
          textStart = at
          continue
        }
        case 91: {
          if (inLink) decline()
          const link = this.link(line, at, end)
          flush(at)
          nodes.push(link)
          at = textStart = link.position!.end.offset
          continue
        }
      }
      at++
    }
    flush(end)
    return nodes
  }

  /** `[label](destination)` at `start`: no title, no brackets in the label, a plain destination. */
  private link(line: number, start: number, end: number): Node {
    const text = this.text
    const labelEnd = text.indexOf(']', start + 1)
    if (labelEnd === -1 || labelEnd >= end || text.charCodeAt(labelEnd + 1) !== 40) decline()
    // The destination ends at the `)` that balances its parentheses.
    let close = labelEnd + 2
    for (let depth = 0; ; close++) {
      if (close >= end) decline()
      const code = text.charCodeAt(close)
      if (code === 40) depth++
      else if (code === 41 && depth-- === 0) break
    }
    const url = text.slice(labelEnd + 2, close)
    // Whitespace means a title, `<` an angle destination, `\` an escape; references are
    // decoded by the library. Deep nesting has limits of its own there.
    if (/[\x00-\x20\x7f<\\]|\({8}/.test(url)) decline()
    if (url.includes('&') && /&(?:[A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/.test(url)) decline()
    const children = this.inline(line, start + 1, labelEnd, true)
    return {type: 'link', title: null, url, children, position: this.span(line, start, line, close + 1)}
  }
}
