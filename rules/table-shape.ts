/**
 * ## table-shape
 *
 * A table row with a different number of cells than its header, or a table whose
 * header and delimiter rows run together on one line.
 *
 * ## Why
 *
 * GFM renders a short row with empty cells and drops the cells of a long row, so a
 * missing or unescaped `|` silently loses content. The generator's
 * `[Next Page -->>](2_ds_….md)` line, written right under the use-case table with no
 * blank line, is read as a one-cell row of that table: the fix inserts the blank line.
 * A table written `| Event Type | Rules | Models || ---- | ---- | ---- |` (the
 * generator's empty tables, on RM and legacy parser names pages) is no table at all:
 * Markdown shows the line as text. The fix breaks the line where the delimiter row
 * starts.
 *
 * ## Example
 *
 *     | Rules | Models |
 *     |---|---|
 *     | 1 |
 *
 * gives `3:1-3:6: Row has 1 cell, the header has 2` on the row's last cell; a long
 * row's finding covers its cells past the header's count.
 *
 *     | Event Type | Rules | Models || --- | --- | --- |
 *
 * gives one finding on the `||` with `expected: ['|\n|']`.
 */
import {defineRule, noOptions} from '../src/lint/rule.js'

export default defineRule(
  {
    id: 'table-shape',
    description: 'A table row has a different number of cells than its header, or a table is written on one line',
    defaultSeverity: 'warn',
    fixable: true,
    options: noOptions
  },
  ({page, report, textOf}) => {
    for (const collapsed of page.collapsedTables) {
      report({
        reason: 'The table\'s header and delimiter rows are on one line, so it shows as text; break the line at `||`',
        span: {start: collapsed.splitAt - 1, end: collapsed.splitAt + 1},
        expected: ['|\n|']
      })
    }
    const nextPage = page.product?.nextPage
    for (const table of page.tables) {
      for (const row of table.rows) {
        if (row.cells === table.headerCells) continue
        const cells = (n: number) => `${n} cell${n === 1 ? '' : 's'}`
        // Only the table's last row: that is where the generator's line lands, and a
        // blank line before it then ends the table.
        const lastRow = row === table.rows[table.rows.length - 1]
        if (lastRow && nextPage && nextPage.span.start >= row.span.start && nextPage.span.end <= row.span.end) {
          const text = textOf(row.span)
          report({
            reason: 'The `Next Page` link is read as a row of the table above it; put a blank line before it',
            span: row.span,
            expected: ['\n' + text]
          })
          continue
        }
        // Point at the cells past the header's count, or at the last cell of a short row.
        const extra = row.cellSpans[table.headerCells]
        const last = row.cellSpans[row.cellSpans.length - 1]
        const span = extra ? {start: extra.start, end: row.span.end} : (last ?? row.span)
        report({reason: `Row has ${cells(row.cells)}, the header has ${table.headerCells}`, span})
      }
    }
  }
)
