/**
 * ## cell-html
 *
 * Malformed inline HTML inside a table cell: a closing tag with nothing open to close
 * (`<ul><li>x</li></li></ul>`), an element left open (`<b>RULE-ID: text`), or one
 * closed by the wrong tag (`<b>x</i>`).
 *
 * ## Why
 *
 * The cells build lists and bold rule IDs from inline HTML. Browsers and GitHub repair
 * broken HTML each their own way, so a stray `</li>` or an open `<b>` can swallow or
 * restyle the rest of a cell.
 *
 * ## Fixes
 *
 * - stray closing tag: `expected` is empty (remove it), unless an unfinished `<` right
 *   before it would make a new tag of what follows (`<</ul>/ul>`): then no fix;
 * - unclosed element: the range runs from the open tag to the end of its cell line
 *   (before the next `<br>`), `expected` is the same text with the closing tag added;
 * - wrong closing tag: `expected` is the right closing tag.
 *
 * ## Example
 *
 *     | Event Types |
 *     |---|
 *     | <ul><li>file-read</li></li></ul> |
 *
 * gives `3:24-3:29: Stray \`</li>\`: no \`<li>\` is open here` with `expected: ['']`.
 */
import type {CellHtmlTag} from '../src/model/types.js'
import {defineRule, noOptions} from '../src/lint/rule.js'

/** Elements that never take a closing tag. */
const voidElements = new Set(['br', 'hr', 'img', 'wbr', 'input', 'meta', 'link', 'area', 'col', 'embed', 'source', 'track'])

export default defineRule(
  {
    id: 'cell-html',
    description: 'Malformed inline HTML inside a table cell',
    defaultSeverity: 'warn',
    fixable: true,
    options: noOptions
  },
  ({page, report, textOf}) => {
    for (const cell of page.cellHtml) {
      const open: CellHtmlTag[] = []
      // Close an element at the end of the cell line it was opened on.
      const unclosed = (tag: CellHtmlTag, before?: number) => {
        const lineEnd = cell.lineEnds.find((end) => end >= tag.span.end) ?? cell.span.end
        const end = before !== undefined && before < lineEnd ? before : lineEnd
        const span = {start: tag.span.start, end}
        const text = textOf(span)
        report({reason: `Unclosed \`<${tag.name}>\``, span, expected: [text + `</${tag.name}>`]})
      }
      for (const tag of cell.tags) {
        if (voidElements.has(tag.name) || tag.selfClosing) continue
        if (!tag.closing) {
          open.push(tag)
          continue
        }
        const top = open[open.length - 1]
        if (top && top.name === tag.name) {
          open.pop()
          continue
        }
        const at = open.map((t) => t.name).lastIndexOf(tag.name)
        if (at >= 0) {
          // Elements opened after the one this tag closes were never closed.
          for (const inner of open.splice(at).slice(1).reverse()) unclosed(inner, tag.span.start)
          continue
        }
        if (top && open.length === 1 && !cell.tags.some((t) => t !== tag && t.closing && t.name === top.name)) {
          report({
            reason: `\`${tag.raw}\` closes \`<${top.name}>\``,
            span: tag.span,
            expected: [`</${top.name}>`]
          })
          open.pop()
          continue
        }
        // Removing the tag must not join an unfinished `<…` before it with what follows
        // into a new tag (`<</ul>/ul>` would become `</ul>`, found by the fuzzer): then
        // no fix is offered.
        const joins = /<[^>]*$/.test(textOf({start: cell.span.start, end: tag.span.start}))
        report({reason: `Stray \`${tag.raw}\`: no \`<${tag.name}>\` is open here`, span: tag.span, expected: joins ? undefined : ['']})
      }
      for (const tag of open.reverse()) unclosed(tag)
    }
  }
)
