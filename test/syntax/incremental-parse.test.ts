/**
 * The incremental parser must give exactly the tree a full parse gives, positions
 * included: random edits (seeded, so a failure can be replayed) of the fixture pages and
 * of hand-written pages with the constructs that make Markdown context-dependent (lists,
 * fences, HTML, definitions, setext headings, CRLF), each edit applied on top of the
 * previous one, each result compared with a full parse of the same text.
 */
import fs from 'node:fs'
import path from 'node:path'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {extensionsAreLocal, IncrementalParser, incrementalParseStats, type Parse, remarkIncrementalParse} from '../../src/syntax/incremental-parse.js'
import {check} from '../helpers/incremental-helpers.js'
import {parseMarkdown, parseMarkdownWithLibrary, remarkTables} from '../../src/syntax/syntax.js'

const repo = path.resolve(import.meta.dirname, '..', '..')

function markdownFiles(folder: string): string[] {
  return fs.readdirSync(folder, {withFileTypes: true, recursive: true}).filter((entry) => entry.isFile() && entry.name.endsWith('.md')).map((entry) => path.join(entry.parentPath, entry.name))
}

const tablesOnly: Parse = parseMarkdown
const gfmProcessor = unified().use(remarkParse).use(remarkGfm).freeze()
const withGfm: Parse = (text) => gfmProcessor.parse(text)

const HAND_WRITTEN = [
  '# Acme Widget\n\n| Use-Case | Event Types/Parsers |\n|:--|---|\n| [A](a.md) | login<br> ↳[p-1](Ps/p1.md) |\n| [B](b.md) | logout<br> ↳[p-2](Ps/p2.md) |\n\nText after.\n\n- item\n\n  more\n- two\n\n```\ncode\n\nstill code\n```\n\nSetext\n===\n\n<!-- lint disable -->\n\n> quote\nlazy\n\n    indented\n\n| a |\n|---|\n| b |\n',
  '| h1 | h2 |\r\n| --- | --- |\r\n| 1 | 2 |\r\n| 3 | 4 |\r\n\r\npara\r\n\r\n| x |\r\n|---|\r\n| y |\r\n',
  'Intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 |\n| 4 | 5 | 6 |\n\n***\n\n## Heading\n\npara one\npara two\n\n1. one\n2. two\n\n<div>\nhtml\n</div>\n\nend',
  '[ref]: target.md\n\n| a |\n|---|\n| [x][ref] |\n'
]

describe('incremental parse', () => {
  // The fixtures' product pages (tables with links and <br> lists), one per folder of
  // fixtures, to keep this test to seconds.
  const byFolder = new Map<string, string>()
  for (const file of markdownFiles(path.join(repo, 'fixtures')).sort()) {
    if (path.basename(file).startsWith('ds_')) byFolder.set(path.relative(repo, file).split(path.sep)[1]!, file)
  }
  const fixtures = [...byFolder.values()].map((file) => fs.readFileSync(file, 'utf8'))

  it('gives a full parse’s tree after edits within one line (tables only)', async () => {
    let row = 0
    for (const [index, text] of [...HAND_WRITTEN, ...fixtures].entries()) row += (await check(tablesOnly, text, 1000 + index, 25, 'within-line')).stats.row
    // The row path was taken, so it is what was compared.
    expect(row).toBeGreaterThan(30)
  })

  it('gives a full parse’s tree after any edits (tables only)', async () => {
    const stats = {full: 0, row: 0, blocks: 0}
    for (const [index, text] of [...HAND_WRITTEN, ...fixtures].entries()) {
      const parser = await check(tablesOnly, text, 2000 + index, 25, 'any')
      for (const key of ['full', 'row', 'blocks'] as const) stats[key] += parser.stats[key]
    }
    expect(stats.blocks).toBeGreaterThan(50)
    expect(stats.row).toBeGreaterThan(25)
  })

  it('gives a full parse’s tree after any edits with remark-gfm', async () => {
    const stats = {full: 0, row: 0, blocks: 0}
    for (const [index, text] of [...HAND_WRITTEN, ...fixtures].entries()) {
      const parser = await check(withGfm, text, 3000 + index, 25, 'any')
      for (const key of ['full', 'row', 'blocks'] as const) stats[key] += parser.stats[key]
    }
    expect(stats.blocks + stats.row).toBeGreaterThan(75)
  })

  // Edits whose effect reaches past the block they are in, each checked on its own.
  const REACHING: Array<[string, string, string]> = [
    ['an indent makes a paragraph part of the list above', '- a\n\npara\n\n| t |\n|---|\n| r |\n', '- a\n\n  para\n\n| t |\n|---|\n| r |\n'],
    ['a marker joins the list above (a loose list)', '- a\n\npara\n\ntail\n', '- a\n\n- para\n\ntail\n'],
    ['an open fence swallows the rest', 'para\n\n| t |\n|---|\n| r |\n\nend\n', 'para\n\n```\n\n| t |\n|---|\n| r |\n\nend\n'],
    ['an open comment swallows the rest', 'para\n\nmid\n\n| t |\n|---|\n| r |\n', 'para\n\n<!--\n\nmid\n\n| t |\n|---|\n| r |\n'],
    ['an underline makes a heading', 'para\n\nline\n\nend\n', 'para\n\nline\n===\n\nend\n'],
    ['a row emptied ends the table', '| t |\n|---|\n| a |\n| b |\n| c |\n', '| t |\n|---|\n| a |\n\n| c |\n'],
    ['a row turned into a heading ends the table', '| t |\n|---|\n| a |\n| b |\n| c |\n', '| t |\n|---|\n| a |\n# b |\n| c |\n'],
    ['a definition gives a reference its target', '| t |\n|---|\n| [x][y] |\n\npara\n', '| t |\n|---|\n| [x][y] |\n\n[y]: z.md\n'],
    ['lazy lines continue a quote', '> q\n\nlazy\n\nend\n', '> q\nlazy\n\nend\n'],
    ['indented code continues across blank lines', '    code\n\npara\n\nend\n', '    code\n\n    more\n\nend\n'],
    ['a delimiter row makes a table', 'para\n\n| h |\n\nend\n', 'para\n\n| h |\n|---|\n\nend\n']
  ]
  it.each(REACHING)('gives a full parse’s tree when %s', (_name, before, after) => {
    for (const parse of [tablesOnly, withGfm]) {
      const parser = new IncrementalParser()
      parser.parseFile(before, 'page.md', parse)
      expect(parser.parseFile(after, 'page.md', parse)).toEqual(parse(after))
    }
  })

  it('parses a page with definitions in full', () => {
    const parser = new IncrementalParser()
    const text = HAND_WRITTEN[3]!
    parser.parseFile(text, 'page.md', tablesOnly)
    const edited = text.replace('[x][ref]', '[y][ref]')
    expect(parser.parseFile(edited, 'page.md', tablesOnly)).toEqual(tablesOnly(edited))
    expect(parser.stats).toEqual({full: 2, row: 0, blocks: 0})
  })

  it('leaves a tree it returned unchanged', () => {
    const parser = new IncrementalParser()
    const text = HAND_WRITTEN[0]!
    const first = parser.parseFile(text, 'page.md', tablesOnly)
    const before = JSON.stringify(first)
    parser.parseFile(text.replace('[p-1]', '[p-10]'), 'page.md', tablesOnly)
    parser.parseFile('New first line\n\n' + text, 'page.md', tablesOnly)
    expect(parser.stats.row).toBe(1)
    expect(parser.stats.blocks).toBe(1)
    expect(JSON.stringify(first)).toBe(before)
  })

  it('reads generated text off its lines under content-lint’s syntax, and only there', () => {
    const page = '# Acme Widget\n\n| Use-Case | Event Types/Parsers |\n|:--|---|\n| [A](a.md) | login<br> ↳[p-1](Ps/p1.md) |\n'
    const ours = unified().use(remarkParse).use(remarkTables).use(remarkIncrementalParse)
    let before = incrementalParseStats().fromLines
    expect(ours.parse(new VFile({path: 'lines-a.md', value: page}))).toStrictEqual(parseMarkdownWithLibrary(page))
    expect(incrementalParseStats().fromLines).toBe(before + 1)
    // An edit in a row: the row is parsed again, under the table's header, off its lines too.
    const edited = page.replace('[p-1]', '[p-10]')
    expect(ours.parse(new VFile({path: 'lines-a.md', value: edited}))).toStrictEqual(parseMarkdownWithLibrary(edited))
    expect(incrementalParseStats().fromLines).toBe(before + 2)
    // A page it declines goes to the processor's parser.
    before = incrementalParseStats().fromLines
    const list = page + '\n- item\n'
    expect(ours.parse(new VFile({path: 'lines-b.md', value: list}))).toStrictEqual(parseMarkdownWithLibrary(list))
    expect(incrementalParseStats().fromLines).toBe(before)
    // Other syntax (remark-gfm's autolinks and strikethrough) changes trees: its parser only.
    const gfm = unified().use(remarkParse).use(remarkTables).use(remarkGfm).use(remarkIncrementalParse)
    const autolink = page + '\nsee www.example.com ~~gone~~\n'
    expect(gfm.parse(new VFile({path: 'lines-c.md', value: autolink}))).toStrictEqual(gfmProcessor.parse(autolink))
    expect(incrementalParseStats().fromLines).toBe(before)
  })

  it('knows which syntax extensions are local', () => {
    expect(extensionsAreLocal(gfmProcessor.data('micromarkExtensions'))).toBe(true)
    expect(extensionsAreLocal(unified().use(remarkParse).data('micromarkExtensions'))).toBe(true)
    // A construct it does not know (front matter, math, directives…) turns it off.
    expect(extensionsAreLocal([{flow: {45: {name: 'frontmatter', tokenize() {}}}}])).toBe(false)
    expect(extensionsAreLocal([{disable: {null: ['codeIndented']}}])).toBe(false)
  })
})
