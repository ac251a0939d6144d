/**
 * summary-count on both snapshots.
 *
 * Every expected number below was counted without content-lint, by a Python script
 * (kept outside the repository) over the raw pages: the summary row is the line two
 * below `| Rules | Models |`, split on `|`; a product page's use-case table rows (and
 * those of the page its `[Next Page -->>](2_ds_….md)` link names) are split on `|` and
 * their cells on `<br>`: in the event type cell, a line with `↳` holds parser links
 * (counted by the file they lead to), any other non-empty line is an event type (the
 * name in parentheses since 2023, `user-delete:success (account-deleted)`); in the MITRE
 * TTP cell, `T\d{4}(.\d{3})? - ` starts a technique and `TA\d{4} - ` a tactic. On RM
 * pages, in the `| Event Type | Rules | Models |` rows split on `<br>`, `<b>T…`/`<b>TA…`
 * is a group header, ` ↳ <b>ID</b>` a rule, ` • <b>ID</b>` a model. A product's RM pages
 * are the targets of its rows' Content links (balanced parentheses in them).
 *
 * The script computed every candidate reading of every column (the rule's doc comment
 * lists them), took as holding those that agree on at least two thirds of the pages
 * where they can be computed (no column of either snapshot has a best reading between
 * one half and two thirds, where the rule also takes a clear leader), and counted the numbers that agree with no holding
 * reading. Its agreements equal the rule's on both snapshots (2021: 533/549 product
 * Rules, 5,341/5,341 RM MITRE TTPs by the product row, …), and so do its findings, but
 * for the product page with an empty vendor and product of 2025 (`DS/ds__.md`), which
 * the script counts and the rule leaves to page-shape (4 findings).
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf, type Snapshot} from './report.js'

const kindOf = (page: string) => (/\/RM\/r_m_[^/]+\.md$/.test(page) ? 'rules-and-models' : /\/ds_[^/]+\.md$/.test(page) ? 'product' : 'other')
const columnOf = (reason: string) => reason.slice(0, reason.indexOf(' says '))

function totals(snapshot: Snapshot): Record<string, number> {
  const out: Record<string, number> = {}
  for (const {page, message} of findingsOf('summary-count', snapshot)) {
    const key = `${kindOf(page)} ${columnOf(message.reason)}`
    out[key] = (out[key] ?? 0) + 1
  }
  return out
}

/** Every finding sits on the number it quotes, with no `expected` (which side is wrong is not known) and its evidence in `note`. */
function checkPlacement(snapshot: Snapshot): void {
  for (const {message} of findingsOf('summary-count', snapshot)) {
    const written = /^[^;]+ says (\d+);/.exec(message.reason)?.[1]
    expect(message.actual).toBe(written)
    expect(message.expected).toBeUndefined()
    expect((message as {note?: string}).note).toMatch(/ of this library/)
    const place = message.place as {start: {line: number; column: number}; end: {line: number; column: number}}
    expect(place.end.column - place.start.column).toBe(written!.length)
  }
}

describe.skipIf(!corpusRun('2021'))('summary-count on the 2021 snapshot', () => {
  const findings = findingsOf('summary-count')
  const at = (page: string, column: string) => findings.filter((f) => f.page === page && columnOf(f.message.reason) === column)

  it('reports the counted number of findings per page kind and column', () => {
    expect(totals('2021')).toEqual({
      // Of 549 product pages, the written number differs from the reading that holds on:
      // 26 (distinct event types of the use-case table, both pages; always one short),
      'product Event Types': 26,
      // 62 (the techniques of the MITRE TTP cells, 480 pages agree, or those heading the
      // RM pages' groups, 466: a number agreeing with either is no defect),
      'product MITRE TTPs': 62,
      // 48 (distinct model IDs over the RM pages; the pages always list more),
      'product Models': 48,
      // 16 (below the distinct rule IDs over the RM pages; none above the bound),
      'product Rules': 16,
      // Of 5,341 RM pages: 600 state another number of rules than the distinct rule IDs
      // they list (the 415 `Other` pages, which list none, and 185 others),
      'rules-and-models Rules': 600,
      // 28 list one model more than they state.
      'rules-and-models Models': 28
      // MITRE TTPs: every RM page states the techniques of its product row's MITRE TTP
      // cell (5,341 of 5,341); the 70 that state one more than their group headers are
      // right by it. Event Types and Parsers repeat the product page's numbers (5,341 of
      // 5,341). Product Parsers holds no reading (below).
    })
  })

  it('does not check product Parsers, which holds no reading, and says so once', () => {
    // Parsers equals Event Types on all 549 product pages (the generator's defect); the
    // distinct parser pages of the use-case table agree on 213. Parsers are counted by
    // the page a link leads to (a typo in a link's text makes no second parser), so a
    // page with a dead parser link has no reading: 548 pages, as a separate script
    // reading the pages as plain text counts them (the one product page whose
    // use-case table links a missing parser page or has a row of the wrong cell count
    // is `Mysql/Mysql/ds_mysql_mysql.md`, `Ps/pC_syslogmysqldbquery2.md` and others).
    expect(at('DataSources/Microsoft/Azure/ds_microsoft_azure.md', 'Parsers')).toEqual([])
    const notices = corpusRun('2021')!.stderr.split('\n').filter((line) => line.startsWith('content-lint: summary-count:'))
    expect(notices).toEqual([
      "content-lint: summary-count: Parsers on product pages not checked: no reading agrees on a clear majority of this library's pages (distinct parser pages linked in the use-case table: 213 of 548 pages)"
    ])
  })

  it('finds the Azure product page Event Types (29 written, 30 listed)', () => {
    // ds_microsoft_azure.md line 7 `|  836  |  202   |    121     |     29      |   29    |`:
    // Event Types `29` at columns 37–38. The Python count: 30 distinct event types over
    // the 2 rows of the page and the 17 of 2_ds_microsoft_azure.md.
    const page = 'DataSources/Microsoft/Azure/ds_microsoft_azure.md'
    const [eventTypes] = at(page, 'Event Types')
    expect(eventTypes?.message.reason).toBe('Event Types says 29; distinct event types in the use-case table: 30')
    expect(eventTypes?.message.place).toMatchObject({start: {line: 7, column: 37}, end: {line: 7, column: 39}})
    // Rules 836 is not reported: the 19 RM pages list 730 distinct rule IDs and the Other
    // page counts 118 it does not list, so the number may be anything from 730 to 848.
    expect(at(page, 'Rules')).toEqual([])
  })

  it('finds the Azure Other RM page stating 118 rules and listing none', () => {
    // r_m_microsoft_azure_Other.md line 8 `|  118  |   7    |     0      |     29      |   29    |`:
    // `118` at columns 4–6; `grep -c '↳ <b>'` on the page: 0 rules; its 7 models are listed.
    const found = at('DataSources/Microsoft/Azure/RM/r_m_microsoft_azure_Other.md', 'Rules')
    expect(found.map((f) => [f.message.reason, f.message.actual])).toEqual([['Rules says 118; distinct rules the page lists: 0', '118']])
    expect(found[0]!.message.place).toMatchObject({start: {line: 8, column: 4}, end: {line: 8, column: 7}})
    expect(at('DataSources/Microsoft/Azure/RM/r_m_microsoft_azure_Other.md', 'Models')).toEqual([])
  })

  it('finds Account Manipulation stating 53 rules and listing 54', () => {
    // r_m_microsoft_azure_Account_Manipulation.md line 8 `|  53   |   26   | …`: `53` at
    // columns 4–5; the page lists 54 distinct IDs after ` ↳ <b>`.
    const found = at('DataSources/Microsoft/Azure/RM/r_m_microsoft_azure_Account_Manipulation.md', 'Rules')
    expect(found.map((f) => f.message.reason)).toEqual(['Rules says 53; distinct rules the page lists: 54'])
    expect(found[0]!.message.place).toMatchObject({start: {line: 8, column: 4}, end: {line: 8, column: 6}})
  })

  it('reports product Rules only below what the RM pages list (the 16 pages of the snapshot)', () => {
    // Badge/Badge: 12 written, 15 distinct rules listed over its 3 RM pages, none counted unlisted.
    const badge = at('DataSources/Badge/Badge/ds_badge_badge.md', 'Rules')
    expect(badge.map((f) => f.message.reason)).toEqual(["Rules says 12; distinct rules over the product's RM pages (up to those they count without listing): 15"])
  })

  it('puts every finding on the number it quotes, with its evidence in the note', () => {
    checkPlacement('2021')
  })
})

describe.skipIf(!corpusRun('2025'))('summary-count on the 2025 snapshot', () => {
  const findings = findingsOf('summary-count', '2025')

  it('reports the counted number of findings per page kind and column', () => {
    expect(totals('2025')).toEqual({
      // 582 product pages with a summary (583 but DS/ds__.md, left to page-shape):
      // 185 below their RM pages' distinct rules (397 agree),
      'product Rules': 185,
      // 25 with another number of distinct models over their RM pages (557 agree),
      'product Models': 25,
      // 29 Activity Types other than their distinct event types or activity types,
      'product Activity Types': 29,
      // 69 Parsers other than the distinct parser pages of their use-case table (513 agree),
      'product Parsers': 69,
      // 5 MITRE ATT&CK® TTPs other than the techniques and tactics heading their RM
      // pages' rule groups (577 agree: the TTP cells alone agree on 271 only),
      'product MITRE ATT&CK® TTPs': 5,
      // Of 4,858 RM pages: 170 state another number of rules than they list,
      'rules-and-models Rules': 170,
      // 56 another number of models,
      'rules-and-models Models': 56,
      // 119 another number of event types than their own rows (4,739 agree; the product
      // page's number agrees on 1,690 only: the 2021 meaning no longer holds),
      'rules-and-models Activity Types': 119,
      // 550 fewer parsers than the product row linking to them lists (4,308 agree).
      'rules-and-models Parsers': 550
      // MITRE ATT&CK® TTPs: the product row's techniques and tactics, 4,858 of 4,858.
    })
  })

  it('says nothing is left unchecked', () => {
    expect(corpusRun('2025')!.stderr).not.toMatch(/summary-count: .* not checked/)
  })

  it('puts every finding on the number it quotes, with its evidence in the note', () => {
    checkPlacement('2025')
    expect(findings.length).toBe(1208)
  })
})
