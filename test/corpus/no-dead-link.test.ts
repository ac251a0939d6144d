/**
 * no-dead-link on the 2021 snapshot.
 *
 * Counted without content-lint: a Python script (kept outside the repository) read
 * every `.md` file of the snapshot, skipped fenced code blocks, took every inline
 * link destination after `](` (up to the `)` that balances the parentheses opened
 * inside it, or the text between `<…>`), dropped those with a scheme (`https:`),
 * percent-decoded the rest, joined them to the page's folder and looked every
 * segment up in its folder's real listing (exact case; a case-insensitive match
 * counted apart). Of 145,338 relative destinations (880 of them holding
 * parentheses, on 262 pages; none with a `#fragment`), 37 reach no file and none
 * reaches a file only by ignoring case or leaves the content root:
 *
 * - 8 parser links `Ps/pC_syslogmysqldbquery2.md` under `Mysql/Mysql` (6 on the
 *   continuation page, 2 on the product page): that parser page does not exist and
 *   no file of `Ps/` is a near name of it (`…dbquery.md`, `…dbquery1.md` are
 *   other parsers), so no fix is proposed;
 * - 11 `../../../../UseCases/uc_enrichment.md` on `…_Enrichment.md` RM pages: there
 *   is no `uc_enrichment.md` anywhere in the library, so no fix either;
 * - 18 use-case links one `../` short from the nested `Proofpoint/Proofpoint_TAP/POD`
 *   folder (9 `../../../UseCases/…` on its product and continuation pages, 9
 *   `../../../../UseCases/…` on its RM pages), each reaching `DataSources/UseCases/`;
 *   `UseCases/<same file>` exists one level up, and the fix adds one `../`.
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf} from './report.js'

const run = corpusRun()

describe.skipIf(!run)('no-dead-link on the 2021 snapshot', () => {
  const findings = findingsOf('no-dead-link')

  it('finds the 37 dead links', () => {
    expect(findings.length).toBe(37)
  })

  it('reports the missing Mysql parser page without a guess', () => {
    const mysql = findings.filter((f) => f.page.startsWith('DataSources/Mysql/Mysql/'))
    expect(mysql.map((f) => f.page.split('/').pop()).sort()).toEqual([...Array(6).fill('2_ds_mysql_mysql.md'), 'ds_mysql_mysql.md', 'ds_mysql_mysql.md'])
    for (const {message} of mysql) {
      expect(message.actual).toBe('Ps/pC_syslogmysqldbquery2.md')
      expect(message.expected).toBeUndefined()
    }
  })

  it('reports uc_enrichment.md, which no folder holds', () => {
    const enrichment = findings.filter((f) => f.message.actual === '../../../../UseCases/uc_enrichment.md')
    expect(enrichment.length).toBe(11)
    for (const {page, message} of enrichment) {
      expect(page).toMatch(/\/RM\/r_m_[^/]+_Enrichment\.md$/)
      expect(message.expected).toBeUndefined()
    }
  })

  it('fixes the use-case links one ../ short from the nested POD folder', () => {
    const pod = findings.filter((f) => f.page.startsWith('DataSources/Proofpoint/Proofpoint_TAP/POD/'))
    expect(pod.length).toBe(18)
    expect(pod.filter((f) => f.page.includes('/RM/')).length).toBe(9)
    for (const {message} of pod) {
      expect(message.actual).toMatch(/^(\.\.\/){3,4}UseCases\/uc_[a-z_]+\.md$/)
      expect(message.expected).toEqual(['../' + message.actual])
      expect(message.reason).toMatch(/one `\.\.\/` too few/)
    }
  })

  it('reads destinations with balanced parentheses as the links they are', () => {
    // 880 destinations hold parentheses (`…_(vSEC)/ds_…_(vsec).md`); all resolve.
    expect(findings.filter((f) => (f.message.actual ?? '').includes('('))).toEqual([])
  })
})

/**
 * On the 2025 snapshot, counted the same way: 97,348 relative destinations; 236 reach
 * no file and 42 leave the content root (the use-case links `../../../UseCases/…` of the
 * product with an empty vendor and product, `DS/ds__.md`, `DS/2_ds__.md` and `DS/RM/`,
 * written for a page two folders deeper). 5 of the 236 hold a space
 * (`UseCases/uc_brute_force_attack, lateral_movement.md` in the correlation rules
 * catalogue): CommonMark reads no link there, the page shows the brackets as text, so
 * 231 dead links. No fix is proposed for any: no existing file is a near name.
 */
describe.skipIf(!corpusRun('2025'))('no-dead-link on the 2025 snapshot', () => {
  const findings = findingsOf('no-dead-link', '2025')

  it('finds the 231 dead links and the 42 that leave the root', () => {
    expect(findings.filter((f) => f.message.reason.startsWith('Dead link')).length).toBe(231)
    const outside = findings.filter((f) => f.message.reason.startsWith('Link leaves the content root'))
    expect(outside.length).toBe(42)
    // Grouped as the script groups them: 22 under DS/ (20 product pages, written for a
    // folder deeper, and the 2 pages of DS/CR/), 20 RM pages.
    const group = (page: string) => page.split('/')[0] + (page.includes('/RM/') ? '/RM' : '')
    const counts = new Map<string, number>()
    for (const f of outside) counts.set(group(f.page), (counts.get(group(f.page)) ?? 0) + 1)
    expect(Object.fromEntries(counts)).toEqual({DS: 22, 'DS/RM': 20})
    expect(findings.every((f) => f.message.expected === undefined)).toBe(true)
  })

  it('reports uc_enrichment.md, which no folder holds, on the 32 Enrichment RM pages', () => {
    expect(findings.filter((f) => f.message.actual === '../../../../UseCases/uc_enrichment.md').length).toBe(32)
  })
})
