/**
 * correlation-rules on the 2025 snapshot (the 2021 one has no correlation-rule pages).
 *
 * Counted without content-lint, by a Python script over the raw pages: the rows of each
 * `CR/c_r_*.md` page's table, split on `|` and trimmed; 982 rows on 118 pages, 863 of
 * them equal to a row above them on their page, in 67 runs of consecutive repeats. Every
 * `MITRE Tactic` is a tactic name of ATT&CK 18.1, every `Activity Type` is an event type
 * its product page lists (in parentheses, `file-write:success (file-write)`), and every
 * page links its own folder's product page and its file name's use case.
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf} from './report.js'

describe.skipIf(!corpusRun('2025'))('correlation-rules on the 2025 snapshot', () => {
  const findings = findingsOf('correlation-rules', '2025')

  it('finds the 863 repeated rows as 67 runs, each removed by its fix', () => {
    expect(findings.length).toBe(67)
    let rows = 0
    for (const {page, message} of findings) {
      // DS/CR/ holds the pages of a product with an empty vendor and name.
      expect(page).toMatch(/^DS\/(.+\/)?CR\/c_r_[^/]+\.md$/)
      const n = /^These (\d+) rows/.exec(message.reason)?.[1] ?? (message.reason.startsWith('This row repeats') ? '1' : '0')
      rows += Number(n)
      expect(message.expected).toEqual([''])
      // From the line break before the first repeated row to the end of the last.
      expect(message.actual!.startsWith('\n|')).toBe(true)
      expect(message.actual!.split('\n').length - 1).toBe(Number(n))
    }
    expect(rows).toBe(863)
  })
})
