/**
 * tree-from-events.ts must build exactly the tree remark-parse (mdast-util-from-markdown
 * with mdast-util-gfm-table) builds, positions included, for every page it covers, and
 * must decline the pages it does not cover. Hand-written cases for each construct it
 * handles, then random pages from the fixtures and from Markdown pieces.
 */
import fs from 'node:fs'
import {isDeepStrictEqual} from 'node:util'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {markdownEvents, parseMarkdown, parseMarkdownWithLibrary} from '../../src/syntax/syntax.js'
import {treeFromEvents} from '../../src/syntax/tree-from-events.js'
import {fixturesRoot, markdownFiles} from '../helpers/harness.js'

/** Pages the module must cover, one or more constructs each. */
const covered: Record<string, string> = {
  'atx headings, closing sequence, empty': '# One\n\n## Two #####\n\n###\n\n####### not a heading\n',
  'setext headings over two lines': 'Vendor\nproduct\n===\n\nsecond\n---\n',
  'paragraph lines merge into one text': 'first line\nsecond line  \nthird\\\nfourth\n   indented continuation\n',
  'hard breaks, trailing and escaped': 'a  \nb\\\nc\n',
  'fenced code: info, meta, tabs, blank lines': '```js title="x"\n\tindented\n\n  two\n```\n\n  ~~~\n  \tin\n ~~~\n\n```\nunclosed\n',
  'fenced code at the end, empty': '```\n```',
  'html flow and text': '<div>\nblock\n</div>\n\ntext <b>bold</b><br>after <!-- lint disable -->\n',
  'html comment over lines': '<!--\nnote\n-->\n\nx <!-- a\nb --> y\n',
  'links: titles, angle destinations, escapes, empty': '[a](b.md) [c](<d e.md> "t") [f](g \'h\') [i\\]](j\\(k\\).md) [](x) [l](<>)\n',
  'links across lines, with emphasis inside': '[a\nb *c*](d.md)\n',
  'emphasis and strong': '*a* _b_ **c** __d__ ***e*** *f\ng*\n',
  'code text, in and out of tables': '`a` `` b`c `` `\\|`\n\n| h |\n| - |\n| `x\\|y` `\\\\|` |\n',
  'character escapes': '\\* \\_ \\# \\\\ \\| \\<\n',
  'thematic breaks': '***\n\n- - -\n\n___\n',
  'tables: alignment, empty cells, escaped pipes, ragged rows': '| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 |  | 3 |\n| x \\| y | [l](p.md) | <br> | 4 | 5 |\n\ntext\n| a |\n| - |\n',
  'table without body, then paragraph': '| a | b |\n| - | - |\nnot a row\n',
  'CRLF and CR line endings': '# A\r\n\r\npara\r\nline\r\n\r\n| a |\r\n| - |\r\n| b |\r\n\rlast\r',
  'NUL and BOM': '\uFEFF# A\0B\n\ntext\0\n',
  'tabs in text and cells': 'a\tb\n\n|\ta\t|\n|-|\n|\tb |\n',
  'empty page': '',
  'blank lines only': '\n\n\n'
}

/** Pages with tokens the module leaves to the library. */
const declined: Record<string, string> = {
  list: '- a\n- b\n',
  'ordered list': '1. a\n2. b\n',
  'block quote': '> a\n',
  'reference link and definition': '[a][b]\n\n[b]: c.md\n',
  'shortcut reference': '[a]\n\n[a]: b\n',
  image: '![a](b.png)\n',
  autolink: '<https://example.com>\n',
  'character reference': 'a &amp; b\n',
  'indented code': '    code\n'
}

function assertSame(text: string): void {
  const ours = parseMarkdown(text)
  const library = parseMarkdownWithLibrary(text)
  // toEqual would accept an `undefined` field where the library has none; this does not.
  if (!isDeepStrictEqual(ours, library)) expect(ours).toStrictEqual(library)
}

describe('tree-from-events', () => {
  for (const [name, text] of Object.entries(covered)) {
    it(`builds the library's tree: ${name}`, () => {
      expect(treeFromEvents(markdownEvents(text)), 'covered').toBeDefined()
      assertSame(text)
    })
  }

  for (const [name, text] of Object.entries(declined)) {
    it(`declines, and the library parses: ${name}`, () => {
      expect(treeFromEvents(markdownEvents(text))).toBeUndefined()
      assertSame(text)
    })
  }

  it('builds the library’s tree for every fixture page', () => {
    let built = 0
    for (const file of markdownFiles(fixturesRoot)) {
      const text = fs.readFileSync(file, 'utf8')
      if (treeFromEvents(markdownEvents(text))) built++
      assertSame(text)
    }
    expect(built).toBeGreaterThan(50)
  })

  it('builds the library’s tree for random pages of Markdown pieces', () => {
    const pieces = [
      '\n', '\n\n', '\r\n', '\r', ' ', '  ', '\t', '\0', '|', '\\|', '| a | b |\n|---|:-:|\n', '| x |', '---', ':-', '#', '# ', '=',
      '-', '*', '_', '**', '`', '```', '~~~', '\\', '[', ']', '](', ')', '(', '<', '>', '<br>', '<b>', '</b>', '<!--', '-->',
      '"', "'", 'a', 'word', 'x.md', '&amp;', '1.', '![', '<https://x>', '    '
    ]
    let built = 0
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({maxLength: 3})), {maxLength: 60}), (parts) => {
        const text = parts.join('')
        if (treeFromEvents(markdownEvents(text))) built++
        assertSame(text)
      }),
      {numRuns: 3000}
    )
    // Most random pages must take the module's path, or this test shows nothing.
    expect(built).toBeGreaterThan(1000)
  })
})
