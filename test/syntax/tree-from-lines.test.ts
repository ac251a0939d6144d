/**
 * tree-from-lines.ts must build exactly the tree remark-parse (with GFM tables) builds,
 * positions included, for every page it takes, and must decline every page with
 * something outside its part of Markdown. Hand-written cases per construct, then fixture
 * pages and random pages built from the pieces generated pages are made of.
 */
import fs from 'node:fs'
import {isDeepStrictEqual} from 'node:util'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {parseMarkdown, parseMarkdownWithLibrary} from '../../src/syntax/syntax.js'
import {treeFromLines} from '../../src/syntax/tree-from-lines.js'
import {fixturesRoot, markdownFiles} from '../helpers/harness.js'

/** Random pages per property: `npm run fuzz` (FUZZ_RUNS=100000) runs many more. */
const runs = Number(process.env.FUZZ_RUNS ?? 3000)

/** Pages the module must take, one or more constructs each. */
const covered: Record<string, string> = {
  'atx headings: closing sequences, empty, trailing spaces': '# One\n\n## Two ##  \n\n###\n\n#### Four#\n##### x ### \n',
  'setext headings, one and two lines': 'Vendor: Acme\n============\nProduct: Gate  \n---  \n\nfirst\nsecond\n===\n',
  'paragraph lines join; a trailing space goes; two make a break': 'first line \nsecond line  \nthird\n  indented\n',
  'paragraph with trailing spaces at its end': 'after  \n\nnext',
  'tables: alignment, ragged rows, empty cells, trailing spaces': '| a | b | c | d |  \n|:--|:-:|--:|---|\n| 1 |  | 3 |\n| x | y | z | w | extra |\n|    wide padding      |b|\n',
  'tables without outer pipes, and a row without pipes': 'a | b\n-- | --\nc | d\nno pipe\n',
  'a table interrupts a paragraph; a heading ends a table': 'intro\n| a |\n|---|\n| b |\n### Vendor: Next\n',
  'a header row without pipes over a delimiter row with them': 'word\n|:--|\n',
  'a link line after a table is a row': '| a |\n| - |\n[Next Page -->>](2_ds_x.md)\n',
  'setext headings straight before a table': 'Vendor: A\n=========\nProduct: B\n----------\n| Rules | Models |\n|:-----:|:------:|\n|  24   |   8    |\n',
  'tags without attributes': 'a<br>b<br/>c <br /> <ul><li>x</li></ul>\n',
  'links: tags in the label, parentheses and & in the url, empty label and url': '[<ul><li>15 Rules</li></ul>](RM/r_m_x_(ips).md) [](e.md) [a]() [b](../uc_a_&_b.md)\n',
  'links in table cells': '| Use-Case | Content |\n|:--:| ---- |\n| [Evasion](../uc_evasion.md) |  computer-logon<br> ↳[vpn-start](Ps/pC_vpn.md)<br> |\n',
  'text the library leaves alone: ATT&CK, a_b, !, ], &': 'ATT&CK Matrix a_b__c x & y; wow! ] C&C &foo\n',
  'fenced code: language, meta, tabs and backslashes, empty': '```Java  x y \n{\n\t"\\w+" *a* <b> &amp;\n\n}\n```  \n\n~~~\n~~~\n\n````\n```\n````\n',
  'empty page': '',
  'blank lines only': '\n  \n\n',
  'no final line ending': '# Title\n\ntext'
}

/** Pages with something the module leaves to micromark. */
const declined: Record<string, string> = {
  list: '- a\n- b\n',
  'ordered list': '1. a\n',
  'block quote': '> a\n',
  'indented line': '  a\n',
  'html block and comment': '<!-- lint disable -->\n',
  'emphasis with *': 'a *b* c\n',
  'emphasis with _': 'a _b_ c\n',
  'backslash escape': 'a \\| b\n',
  'code span': 'a `b` c\n',
  image: '![a](b.png)\n',
  'character reference': 'a &amp; b\n',
  'numeric character reference in a url': '[a](b&#35;c.md)\n',
  autolink: 'see <https://example.com>\n',
  'tag with attributes': '<b class="x">a</b> text\n',
  'link with a title': '[a](b.md "t")\n',
  'brackets inside a label': '[a [b]](c.md)\n',
  'a label without a destination': '[T1078] x\n',
  'link over two lines': '[a\nb](c.md)\n',
  'line ending next to a tag': 'a<br>\nb\n',
  'tab in a cell': '| a |\n| - |\n|\tb |\n',
  'CR line endings': 'a\r\nb\r\n',
  'byte order mark': '\uFEFFa\n',
  'unclosed fence': '```\ncode\n',
  definition: '[a]: b.md\n',
  'delimiter row with another cell count': '| a | b |\n| - |\n',
  'seven hashes': '####### x\n',
  'a delimiter row that is a list item': 'a | b\n- | -\n',
  'an indented delimiter row': 'a\n |-\n',
  'a tab in a link destination': '[a](b(c)\t1)\n',
  'thematic break': 'a\n\n***\n'
}

/** ours must be the library's tree, exactly: toEqual would accept an `undefined` field where the library has none. */
function expectLibraryTree(ours: unknown, text: string): void {
  const library = parseMarkdownWithLibrary(text)
  if (!isDeepStrictEqual(ours, library)) expect(ours).toStrictEqual(library)
}

/** Whether the module takes `text`; when it does, its tree must be the library's. */
function takenAsTheLibraryParses(text: string): boolean {
  const ours = treeFromLines(text)
  if (ours) expectLibraryTree(ours, text)
  return ours !== undefined
}

describe('tree-from-lines', () => {
  for (const [name, text] of Object.entries(covered)) {
    it(`builds the library's tree: ${name}`, () => {
      const ours = treeFromLines(text)
      expect(ours, 'taken').toBeDefined()
      expectLibraryTree(ours, text)
    })
  }

  for (const [name, text] of Object.entries(declined)) {
    it(`declines, and the page still parses as the library does: ${name}`, () => {
      expect(treeFromLines(text)).toBeUndefined()
      expectLibraryTree(parseMarkdown(text), text)
    })
  }

  it('builds the library’s tree for the fixture pages it takes', () => {
    let built = 0
    for (const file of markdownFiles(fixturesRoot)) {
      const text = fs.readFileSync(file, 'utf8')
      const ours = treeFromLines(text)
      if (!ours) continue
      built++
      expectLibraryTree(ours, text)
    }
    expect(built).toBeGreaterThan(50)
  })

  it('builds the library’s tree for fixture pages with random edits (a generator’s near misses)', () => {
    const pages = markdownFiles(fixturesRoot).map((file) => fs.readFileSync(file, 'utf8'))
    const pieces = ['\n', '\n\n', '|', ' ', '  ', '-', ':', '#', '# ', '=', '---', '|---|', '[', ']', '(', ')', '<', '<br>', '_', '&', ';', '!', '`', '*', '\\', '\t', 'x', '```']
    const edit = fc.record({at: fc.double({min: 0, max: 1, noNaN: true}), cut: fc.integer({min: 0, max: 3}), piece: fc.constantFrom('', ...pieces)})
    let built = 0
    fc.assert(
      fc.property(fc.integer({min: 0, max: pages.length - 1}), fc.array(edit, {minLength: 1, maxLength: 3}), (page, edits) => {
        let text = pages[page]!
        for (const {at, cut, piece} of edits) {
          const offset = Math.floor(at * text.length)
          text = text.slice(0, offset) + piece + text.slice(offset + cut)
        }
        if (takenAsTheLibraryParses(text)) built++
      }),
      {numRuns: runs}
    )
    // About a fifth of the edited pages are taken (many fixture pages hold what it declines).
    expect(built).toBeGreaterThan(runs / 8)
  })

  it('builds the library’s tree for random pages of generated-page pieces', () => {
    // Mostly what generated pages hold, with a few things that must make it decline.
    const pieces = [
      '\n', '\n', '\n\n', ' ', '  ', '|', '| a | b |\n|---|:-:|\n', '| x |', '|:--|', '---', '===', ':', '-', '#', '# ', '### ',
      'Vendor: A', 'word', 'x_y', 'ATT&CK', '&', '&amp;', '<br>', '<ul>', '</li>', '<br/>', '[l](u.md)', '[<br>x](a_(b).md)',
      '[', ']', '(', ')', '](', '!', '```', '~~~', '```js x', '\t', '\\', '*', '_', '`', '>', '<', '1.', '    '
    ]
    let built = 0
    fc.assert(
      fc.property(fc.array(fc.oneof({weight: 6, arbitrary: fc.constantFrom(...pieces)}, {weight: 1, arbitrary: fc.string({maxLength: 3})}), {maxLength: 40}), (parts) => {
        if (takenAsTheLibraryParses(parts.join(''))) built++
      }),
      {numRuns: runs}
    )
    // Enough random pages must take the module's path (about a quarter), or this test shows nothing.
    expect(built).toBeGreaterThan(runs / 8)
  })
})
