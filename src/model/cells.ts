/**
 * Table cells of the library hold `<br>`-separated lines of text, links and inline
 * HTML on one source line. This turns a cell's mdast children into those lines,
 * keeping every piece's position, so facts can point inside the cell.
 */
import type {Link, PhrasingContent, TableCell, Text} from 'mdast'
import {PageSource, TextRun} from './source.js'
import {walk} from './walk.js'
import type {CellHtmlTag, LinkFact, Span, TextFact} from './types.js'

/** A piece of a cell line. */
export type CellPiece =
  | {type: 'text'; run: TextRun; start: number; end: number}
  | {type: 'link'; link: LinkFact; node: Link}
  | {type: 'html'; tag: CellHtmlTag | null; raw: string; span: Span}

export interface CellLine {
  pieces: CellPiece[]
  /** Offsets of the line's first and last character in the page. */
  start: number
  end: number
}

const tagPattern = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(\/?)>$/

/** Read one HTML node that micromark tokenised as a single tag (`<br>`, `</li>`). */
export function readTag(raw: string, span: Span): CellHtmlTag | null {
  const match = tagPattern.exec(raw)
  if (!match) return null
  return {
    name: match[2]!.toLowerCase(),
    closing: match[1] === '/',
    selfClosing: match[3] === '/',
    raw,
    span
  }
}

export function isLineBreak(piece: CellPiece): boolean {
  return piece.type === 'html' && piece.tag !== null && piece.tag.name === 'br' && !piece.tag.closing
}

/** Plain text of phrasing content (HTML left out), for link texts. */
export function plainText(nodes: readonly PhrasingContent[]): string {
  let out = ''
  walk(nodes, (node) => {
    if (node.type === 'text' || node.type === 'inlineCode') out += node.value
  })
  return out
}

/**
 * Where the destination of `[text](destination)` is written. mdast gives the link's
 * whole span only; the destination is found from the end of the link, matching the
 * balanced parentheses CommonMark allows (`RM/r_m_x_(ips)_Malware.md`).
 */
export function linkFact(node: Link, source: PageSource): LinkFact | null {
  // One fact per link node, shared by the page's link list and the rows that list it:
  // the facts travel from worker to main thread and into the cache by v8's serializer,
  // which writes a shared object once (the Windows page: 9.5 MB of facts, half of them
  // second copies of its 25k links).
  let fact = linkFacts.get(node)
  if (fact === undefined) linkFacts.set(node, (fact = buildLinkFact(node, source)))
  return fact
}

const linkFacts = new WeakMap<Link, LinkFact | null>()

function buildLinkFact(node: Link, source: PageSource): LinkFact | null {
  const span = source.nodeSpan(node)
  if (!span) return null
  const start = span.start
  const end = span.end
  const text = source.text
  let urlStart = start
  let urlEnd = end
  let textEnd = end
  if (text[end - 1] === ')') {
    // Walk back to the `(` that opens the destination part.
    let depth = 0
    let i = end - 1
    for (; i > start; i--) {
      const c = text[i]
      if (text[i - 1] === '\\') continue
      if (c === ')') depth++
      else if (c === '(') {
        depth--
        if (depth === 0 && text[i - 1] === ']') break
      }
    }
    textEnd = i - 1
    urlStart = i + 1
    urlEnd = end - 1
    // Trim white space and a title (`[a](b "t")`) off the destination.
    while (urlStart < urlEnd && /\s/.test(text[urlStart]!)) urlStart++
    const inner = text.slice(urlStart, urlEnd)
    if (inner.startsWith('<')) {
      const close = inner.indexOf('>')
      if (close > 0) {
        urlStart += 1
        urlEnd = urlStart + close - 1
      }
    } else {
      const titleAt = node.title ? inner.search(/\s+["'(]/) : -1
      if (titleAt >= 0) urlEnd = urlStart + titleAt
      while (urlEnd > urlStart && /\s/.test(text[urlEnd - 1]!)) urlEnd--
    }
  } else {
    // A reference link `[text][ref]`: the destination is elsewhere; point at the link.
    textEnd = end
  }
  return {
    text: plainText(node.children),
    url: node.url,
    span,
    urlSpan: source.span(urlStart, urlEnd),
    textSpan: source.span(Math.min(start + 1, textEnd), Math.max(start + 1, textEnd))
  }
}

/** Split a cell into its `<br>`-separated lines. */
export function cellLines(cell: TableCell, source: PageSource): CellLine[] {
  const lines: CellLine[] = []
  const cellSpan = source.nodeSpan(cell)
  let current: CellPiece[] = []
  let lineStart = cellSpan ? cellSpan.start : 0
  const close = (end: number, next: number) => {
    lines.push({pieces: current, start: lineStart, end})
    current = []
    lineStart = next
  }
  for (const child of cell.children) {
    const span = source.nodeSpan(child)
    if (!span) continue
    if (child.type === 'text') {
      current.push({type: 'text', run: new TextRun(child as Text, source), start: 0, end: child.value.length})
    } else if (child.type === 'link') {
      const link = linkFact(child, source)
      if (link) current.push({type: 'link', link, node: child})
    } else if (child.type === 'html') {
      const tag = readTag(child.value, span)
      const piece: CellPiece = {type: 'html', tag, raw: child.value, span}
      if (isLineBreak(piece)) close(span.start, span.end)
      else current.push(piece)
    } else {
      // Emphasis, code and the like: keep their text so nothing is lost.
      for (const text of textNodesIn(child)) {
        current.push({type: 'text', run: new TextRun(text, source), start: 0, end: text.value.length})
      }
    }
  }
  close(cellSpan ? cellSpan.end : lineStart, 0)
  return lines
}

function textNodesIn(node: PhrasingContent): Text[] {
  const out: Text[] = []
  walk(node, (n) => {
    if (n.type === 'text') out.push(n)
  })
  return out
}

/** The text pieces of a line joined, trimmed, with the span of what remains. */
export function lineText(pieces: readonly CellPiece[], source: PageSource): TextFact | null {
  const texts = pieces.filter((p): p is Extract<CellPiece, {type: 'text'}> => p.type === 'text')
  if (texts.length === 0) return null
  const first = texts[0]!
  const last = texts[texts.length - 1]!
  let value = texts.map((t) => t.run.value.slice(t.start, t.end)).join('')
  const lead = value.length - value.trimStart().length
  const trail = value.length - value.trimEnd().length
  value = value.trim()
  if (value === '') return null
  // Offsets of the first and last kept characters, through each run's own map.
  let startOffset: number
  let endOffset: number
  if (texts.length === 1) {
    startOffset = first.run.offset(first.start + lead)
    endOffset = first.run.offset(first.end - trail)
  } else {
    startOffset = first.run.offset(first.start + lead)
    endOffset = last.run.offset(last.end - trail)
  }
  return {text: value, span: source.span(startOffset, endOffset)}
}

/** A sub-range `[from, to)` of a single text run, as a fact. */
export function runFact(run: TextRun, from: number, to: number, source: PageSource): TextFact {
  return {text: run.value.slice(from, to), span: source.span(run.offset(from), run.offset(to))}
}
