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
 * `→` and the JSON list of `expected` replacements. A page without the block
 * expects no finding. The block must follow a blank line so it is no part of a table.
 */
import fs from 'node:fs'
import path from 'node:path'
import remarkLint from 'remark-lint'
import remarkParse from 'remark-parse'
import {unified, type Pluggable} from 'unified'
import {VFile} from 'vfile'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {remarkContentLint} from '../../src/lint/plugin.js'

export const fixturesRoot = path.resolve(import.meta.dirname, '..', '..', 'fixtures')

export interface FixtureResult {
  page: string
  expected: string[]
  actual: string[]
  /** Findings whose `actual` is not the text of their range (or, when not fixable, not in it). */
  contractBreaks: string[]
}

const expectBlock = /<!-- expect\n([\s\S]*?)\n?-->\s*$/

export function expectationsOf(text: string): string[] {
  const m = expectBlock.exec(text)
  if (!m) return []
  return m[1]!
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
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
  resetCorpusIndexes()
  const root = path.join(fixturesRoot, name)
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
      return `${range} ${m.ruleId} ${m.reason}` + (m.expected ? ` → ${JSON.stringify(m.expected)}` : '')
    })
    results.push({page: path.relative(root, file), expected: expectationsOf(text), actual, contractBreaks})
  }
  return results
}
