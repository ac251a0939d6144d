/**
 * The fixture harness: runs rules over fixture libraries and compares their findings
 * with the expectations written inline in each page.
 *
 * A fixture is a small content root `fixtures/<name>/` (with `DataSources/`,
 * `UseCases/`, … as a real library has). A page states what it expects at its end:
 *
 *     <!-- expect
 *     3:24-3:29 cell-html Stray `</li>`: no `<li>` is open here → [""]
 *     -->
 *
 * one line per finding: `line:column-line:column rule-id reason`, then optionally
 * `→` and the JSON list of `expected` replacements; a finding with a `note` (its
 * evidence) is followed by a line `note: <the note>`. A page without the block
 * expects no finding. The block must follow a blank line so it is no part of a table.
 *
 */
import fs from 'node:fs'
import path from 'node:path'
import remarkLint from 'remark-lint'
import remarkParse from 'remark-parse'
import {unified, type Pluggable} from 'unified'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {remarkContentLint} from '../../src/lint/plugin.js'

export const fixturesRoot = path.resolve(import.meta.dirname, '..', '..', 'fixtures')

export interface FixtureResult {
  page: string
  expected: string[]
  actual: string[]
  /** The findings themselves (for checks of what the lines leave out). */
  messages: VFileMessage[]
  /** Findings whose `actual` is not the text of their range (or, when not fixable, not in it). */
  contractBreaks: string[]
}

const expectBlock = /<!-- expect\n([\s\S]*?)\n?-->\s*$/

/** The expected findings of a page: one string per finding, its note line (if any) joined to it by a newline. */
export function expectationsOf(text: string): string[] {
  const m = expectBlock.exec(text)
  if (!m) return []
  const out: string[] = []
  for (const line of m[1]!.split('\n').map((l) => l.trim())) {
    if (line === '') continue
    if (line.startsWith('note: ') && out.length > 0) out[out.length - 1] += `\n${line}`
    else out.push(line)
  }
  return out
}

/** A finding as an expectation line states it (and its note line). */
export function findingLine(m: {place?: unknown; ruleId?: string | null; reason: string; expected?: unknown; note?: string | null}): string {
  const p = m.place as {start: {line: number; column: number}; end: {line: number; column: number}}
  const range = `${p.start.line}:${p.start.column}-${p.end.line}:${p.end.column}`
  const line = `${range} ${m.ruleId} ${m.reason}` + (m.expected ? ` → ${JSON.stringify(m.expected)}` : '')
  return m.note ? `${line}\nnote: ${m.note.replace(/\s*\n\s*/g, ' ')}` : line
}

export function markdownFiles(folder: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(folder, {withFileTypes: true})) {
    const child = path.join(folder, entry.name)
    if (entry.isDirectory()) out.push(...markdownFiles(child))
    else if (entry.name.endsWith('.md')) out.push(child)
  }
  return out.sort()
}

/** Run `plugins` (rules, with their config) over every page of a fixture library. */
export async function runFixture(name: string, plugins: Pluggable[], settings: Record<string, unknown> = {}): Promise<FixtureResult[]> {
  return runLibrary(path.join(fixturesRoot, name), plugins, settings)
}

/** Run `plugins` over every page of the library at `root` (a fixture library, or one a test writes). */
export async function runLibrary(root: string, plugins: Pluggable[], settings: Record<string, unknown> = {}): Promise<FixtureResult[]> {
  resetCorpusIndexes()
  const processor = unified()
    .use(remarkParse)
    .use(remarkLint)
    .use(remarkContentLint, {root, ...settings})
    .use(plugins)
  const results: FixtureResult[] = []
  for (const file of markdownFiles(root)) {
    const text = fs.readFileSync(file, 'utf8')
    const vfile = new VFile({path: file, value: text, cwd: root})
    await processor.run(processor.parse(vfile), vfile)
    const contractBreaks: string[] = []
    const actual = vfile.messages.map((m) => {
      const p = m.place as {start: {line: number; column: number; offset: number}; end: {line: number; column: number; offset: number}}
      const range = `${p.start.line}:${p.start.column}-${p.end.line}:${p.end.column}`
      // A finding with replacements must name exactly the text they replace. One without
      // (not fixable) may name the part of its range it is about: a parser link's name.
      const inRange = text.slice(p.start.offset, p.end.offset)
      const named = m.expected ? m.actual === inRange : inRange.includes(m.actual ?? '')
      if (m.actual !== undefined && m.actual !== '' && !named) {
        contractBreaks.push(`${range} ${m.ruleId}: actual ${JSON.stringify(m.actual)} is not the text of its range`)
      }
      return findingLine(m)
    })
    results.push({page: path.relative(root, file), expected: expectationsOf(text), actual, messages: vfile.messages, contractBreaks})
  }
  return results
}
