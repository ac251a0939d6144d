/**
 * Where things are in a page: offsets to line/column spans, and sub-ranges of mdast
 * text nodes back to the exact source characters.
 */
import type {Nodes, Text} from 'mdast'
import {decodeString} from 'micromark-util-decode-string'
import type {Span, TextFact} from './types.js'

export class PageSource {
  readonly text: string

  constructor(text: string) {
    this.text = text
  }

  span(start: number, end: number): Span {
    const clamp = (n: number) => Math.max(0, Math.min(n, this.text.length))
    return {start: clamp(start), end: clamp(Math.max(start, end))}
  }

  /** Span of a node, or null for a generated node without position. */
  nodeSpan(node: Nodes): Span | null {
    const p = node.position
    if (!p || p.start.offset === undefined || p.end.offset === undefined) return null
    return this.span(p.start.offset, p.end.offset)
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end)
  }

  /** Text of a span with its surrounding white space removed, and the narrowed span. */
  trimmed(start: number, end: number): TextFact {
    let s = start
    let e = end
    while (s < e && /\s/.test(this.text[s]!)) s++
    while (e > s && /\s/.test(this.text[e - 1]!)) e--
    return {text: this.text.slice(s, e), span: this.span(s, e)}
  }
}

/**
 * Maps indices into a text node's value back to source offsets.
 *
 * mdast keeps one position per node, but a text node's value differs from its source
 * where the source has backslash escapes (`\|` in a table cell) or character
 * references (`&amp;`). Findings must point at exact characters, so this walks the
 * source and the value side by side; it is hand-written because mdast and micromark
 * keep no per-character source map.
 */
export class TextRun {
  readonly value: string
  private readonly offsets: number[]

  constructor(node: Text, source: PageSource) {
    this.value = node.value
    const start = node.position?.start.offset ?? 0
    const end = node.position?.end.offset ?? start
    const raw = source.text.slice(start, end)
    this.offsets = raw === node.value ? [] : align(raw, node.value, start)
    this.base = start
  }

  private readonly base: number

  /** Source offset of value index `i` (0..value.length). */
  offset(i: number): number {
    if (this.offsets.length === 0) return this.base + i
    return this.offsets[Math.max(0, Math.min(i, this.offsets.length - 1))]!
  }
}

function align(raw: string, value: string, base: number): number[] {
  const offsets: number[] = []
  let i = 0
  let j = 0
  while (j < value.length && i < raw.length) {
    if (raw[i] === value[j]) {
      offsets.push(base + i)
      i++
      j++
      continue
    }
    if (raw[i] === '\\' && raw[i + 1] === value[j]) {
      offsets.push(base + i)
      i += 2
      j++
      continue
    }
    if (raw[i] === '&') {
      const semi = raw.indexOf(';', i)
      if (semi > i && semi - i < 40) {
        const decoded = decodeString(raw.slice(i, semi + 1))
        if (decoded !== raw.slice(i, semi + 1) && value.startsWith(decoded, j)) {
          for (let k = 0; k < decoded.length; k++) offsets.push(base + i)
          i = semi + 1
          j += decoded.length
          continue
        }
      }
    }
    // Line endings and other folding: skip a source character.
    i++
  }
  while (offsets.length < value.length) offsets.push(base + Math.min(i, raw.length))
  offsets.push(base + raw.length)
  // The end of the last character: one past the source of it.
  return offsets
}
