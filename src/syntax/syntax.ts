/**
 * The syntax layer (`src/syntax/`): Markdown text to mdast trees, and nothing about
 * what the pages mean. It owns the parser configuration (this module), the fast tree
 * builders for generated pages (`tree-from-lines.ts`, `tree-from-events.ts`) and the
 * editor's incremental re-parse (`incremental-parse.ts`). It may import `core/` only.
 *
 * The Markdown syntax content-lint needs: CommonMark (remark-parse) plus GFM tables.
 *
 * Only the table extension is added, not all of remark-gfm: the library's cells are
 * single lines of up to a megabyte, and GFM autolink-literal scanning over them costs
 * time while giving the model nothing (every link it needs is an explicit `[..](..)`).
 * A content repo that configures remark-gfm gets the same table nodes.
 */
import type {Root} from 'mdast'
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table'
import {parse, postprocess, preprocess} from 'micromark'
import {gfmTable} from 'micromark-extension-gfm-table'
import remarkParse from 'remark-parse'
import {unified, type Processor} from 'unified'
import {treeFromEvents} from './tree-from-events.js'
import {treeFromLines} from './tree-from-lines.js'

/** unified plugin: register GFM table syntax on the processor (idempotent). */
export function remarkTables(this: Processor): void {
  const data = this.data() as {
    micromarkExtensions?: unknown[]
    fromMarkdownExtensions?: unknown[]
  }
  const micromark = (data.micromarkExtensions ??= [])
  const fromMarkdown = (data.fromMarkdownExtensions ??= [])
  if ((data as Record<string, unknown>).contentLintTables) return
  ;(data as Record<string, unknown>).contentLintTables = true
  micromark.push(gfmTable())
  fromMarkdown.push(gfmTableFromMarkdown())
}

const parser = unified().use(remarkParse).use(remarkTables).freeze()
const micromarkOptions = {extensions: [gfmTable()]}

/**
 * Parse a page the way the lint pipeline does, fastest path first, each giving the tree
 * remark-parse gives:
 * 1. tree-from-lines.ts reads the tree straight off the lines of a page made only of
 *    what generators write (11,230 of the snapshot's 11,234 pages; 30 times faster than
 *    micromark on them);
 * 2. else micromark with GFM tables, and the tree built by tree-from-events.ts where it
 *    covers the page's tokens (half the time of the library's compile);
 * 3. else remark-parse, which tokenizes the page again (mdast-util-from-markdown takes
 *    text, not events): one page of the snapshot pays that.
 */
export function parseMarkdown(text: string): Root {
  return treeFromLines(text) ?? treeFromEvents(markdownEvents(text)) ?? parser.parse(text)
}

/** micromark's events for `text`, as remark-parse makes them with this module's syntax. */
export function markdownEvents(text: string) {
  return postprocess(parse(micromarkOptions).document().write(preprocess()(text, undefined, true)))
}

/** Parse with the library only (remark-parse + GFM tables): what parseMarkdown must equal. */
export function parseMarkdownWithLibrary(text: string): Root {
  return parser.parse(text)
}
