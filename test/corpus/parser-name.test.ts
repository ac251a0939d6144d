/**
 * parser-name on the 2021 snapshot.
 *
 * Counted without content-lint, by a Python script kept outside the repository:
 *
 * - Link text: every `↳[text](destination)` on the 549 product and 186 continuation
 *   pages (112,563 parser links, all into the page's own `Ps/` folder), its
 *   destination joined to the page's folder, the target's `Name = …` (or the HOCON key
 *   `name = {` of the two pages that have no `Name`) read from its code block: 8 links
 *   reach no page (the missing Mysql parser, no-dead-link's finding) and every other
 *   link text equals its page's Name. So no finding.
 * - File name: `pC_` + Name without dashes + `.md` against the file name of all 5,130
 *   parser pages: 13 differ, each only in letter case (`cef-O365-dlp-email-in` in
 *   `pC_cefo365dlpemailin.md`): the generator writes file names in lower case, which
 *   the rule accepts by default. So no finding.
 * - Vendor/Product: `Vendor = …` and `Product = …` of every parser page against the
 *   setext headings `Vendor: …` and `Product: …` of the one `ds_*.md` page of the
 *   folder above its `Ps/` (every product folder has exactly one). 26 pages write no
 *   Vendor (nothing to compare); 12 values on 11 pages differ: 10 parser pages write
 *   the product's name as Vendor (`Vendor = X Y` beside `Product = X Y` on the product
 *   page of vendor `X`, product `X Y`), and one parser page of a Box product names
 *   `Vendor = Dropbox`, `Product = Dropbox` (its fields also capture `Dropbox`). No
 *   parser name is found under two product folders, so none of these is a parser
 *   shared by products.
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf} from './report.js'

const run = corpusRun()

describe.skipIf(!run)('parser-name on the 2021 snapshot', () => {
  const findings = findingsOf('parser-name')

  it('finds no parser link text that differs from its parser page', () => {
    expect(findings.filter((f) => /^Parser link text/.test(f.message.reason))).toEqual([])
  })

  it('finds no parser file name off the convention (letter case aside)', () => {
    expect(findings.filter((f) => /^Parser file name/.test(f.message.reason))).toEqual([])
  })

  it('finds the parser pages naming another Vendor or Product than their product page', () => {
    expect(findings.length).toBe(12)
    expect(new Set(findings.map((f) => f.page)).size).toBe(11)
    const vendor = findings.filter((f) => /^Parser Vendor/.test(f.message.reason))
    const product = findings.filter((f) => /^Parser Product/.test(f.message.reason))
    expect(vendor.length).toBe(11)
    expect(product.length).toBe(1)
    expect(vendor.filter((f) => f.message.reason.endsWith(': it is the product name')).length).toBe(10)
    for (const {page, message} of findings) {
      expect(page).toMatch(/^DataSources\/.+\/Ps\/pC_[^/]+\.md$/)
      // The range is the written value that the note quotes first.
      expect(message.note).toMatch(/^The parser says `(Vendor|Product) = [^`]+`; its product page `DataSources\/[^`]+\.md` names the (vendor|product) `[^`]+`\.$/)
      expect(message.note!.startsWith(`The parser says \`${/^Parser (\w+)/.exec(message.reason)![1]} = ${message.actual}\``)).toBe(true)
      expect(message.expected).toBeUndefined()
    }
  })
})

/**
 * On the 2025 snapshot (a Python script over the raw pages): no parser link text other
 * than its page's `Name`, no file name off `pC_<name without dashes>.md`, and 7 parser
 * pages whose `Vendor =` is not their product page's vendor (the parser pages of the
 * product with an empty vendor, `DS/Ps/`, are no product's: left alone).
 */
describe.skipIf(!corpusRun('2025'))('parser-name on the 2025 snapshot', () => {
  it('finds the 7 parser pages naming another vendor than their product page', () => {
    const found = findingsOf('parser-name', '2025').map(({page, message}) => `${page.split('/').slice(0, 3).join('/')} ${message.actual}`)
    const tally: Record<string, number> = {}
    for (const line of found) tally[line] = (tally[line] ?? 0) + 1
    expect(tally).toEqual({
      'DS/CA_Technologies/ca_privileged_access_manager_server_control MasterSAM': 2,
      'DS/Honeywell/honeywell_pro-watch Mvision': 1,
      'DS/Microsoft/event_viewer_-_application Claroty': 1,
      'DS/Microsoft/event_viewer_-_system Claroty': 1,
      'DS/Unix/unix Wiz': 2
    })
  })
})
