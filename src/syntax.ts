/**
 * The Markdown syntax content-lint needs: CommonMark (remark-parse) plus GFM tables.
 *
 * Only the table extension is added, not all of remark-gfm: the library's cells are
 * single lines of up to a megabyte, and GFM autolink-literal scanning over them costs
 * time while giving the model nothing (every link it needs is an explicit `[..](..)`).
 * A content repo that configures remark-gfm gets the same table nodes.
 */
import type {Root} from 'mdast'
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table'
import {gfmTable} from 'micromark-extension-gfm-table'
import remarkParse from 'remark-parse'
import {unified, type Processor} from 'unified'

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

/** Parse a page the way the lint pipeline does. */
export function parseMarkdown(text: string): Root {
  return parser.parse(text)
}
