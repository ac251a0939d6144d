/** Random edits checked against a full parse, for the incremental parser's tests. */
import {expect} from 'vitest'
import {IncrementalParser, type Parse} from '../../src/syntax/incremental-parse.js'
import {TimeSlice} from '../../src/engine/time-slice.js'

/** mulberry32: a small seeded generator, so failures replay. */
export function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const SNIPPETS = ['x', ' ', '|', '| y |', '\n', '\n\n', '# ', '- ', '1. ', '```', '~~~', '<br>', '<div>', '<!--', '-->', '[a](b.md)', '[a][b]', '[b]: c.md', '[^n]', '[^n]: note', '    ', '\r\n', '> ', '===', '---', '↳', '**', '~~x~~', 'www.example.com', '\\']

/** One random edit: an insertion, a deletion or a replacement, most of them small. */
export function edit(text: string, next: () => number, lines: 'within-line' | 'any'): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  let at = Math.floor(next() * (text.length + 1))
  // Half the edits at the start of a line, where block syntax (indents, markers) is.
  if (next() < 0.5) at = text.lastIndexOf('\n', at - 1) + 1
  const length = Math.min(text.length - at, Math.floor(next() * 6))
  let insert = next() < 0.3 ? '' : pick(SNIPPETS)
  let removed = next() < 0.5 ? 0 : length
  if (lines === 'within-line') {
    // Stay inside one line: no line endings added or removed.
    insert = insert.replace(/[\r\n]/g, '')
    const slice = text.slice(at, at + removed)
    const cut = slice.search(/[\r\n]/)
    if (cut >= 0) removed = cut
  }
  return text.slice(0, at) + insert + text.slice(at + removed)
}

/** Apply `count` chained edits, comparing each incremental tree with a full parse. */
export async function check(parse: Parse, start: string, seed: number, count: number, lines: 'within-line' | 'any', parser = new IncrementalParser()) {
  const next = random(seed)
  let text = start
  parser.parseFile(text, 'page.md', parse)
  // Parsing a 1 MB page twice per edit takes seconds: the test worker's channel gets a
  // turn between edits (see TimeSlice).
  const slice = new TimeSlice()
  for (let step = 0; step < count; step++) {
    await slice.pause()
    const previous = text
    text = edit(text, next, lines)
    const incremental = parser.parseFile(text, 'page.md', parse)
    const full = parse(text)
    if (JSON.stringify(incremental) !== JSON.stringify(full)) {
      // Show the failing edit, not just a tree diff.
      expect({seed, step, previous, text, incremental}).toEqual({seed, step, previous, text, incremental: full})
    }
  }
  return parser
}

