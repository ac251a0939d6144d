/**
 * summary-count on the 2021 snapshot.
 *
 * Every expected number below was counted without content-lint, by a Python script
 * over the raw pages: the summary row is the line two below `| Rules | Models |`, split
 * on `|`; a product page's use-case table rows (and those of the page its
 * `[Next Page -->>](2_ds_….md)` link names) are split on `|` and their cells on `<br>`:
 * in `Event Types/Parsers`, a line with `↳` holds parser links (`[name](…)`, counted by
 * name), any other non-empty line is an event type; in `MITRE TTP`, `T\d{4}(.\d{3})? - `
 * starts a technique. On RM pages, in the `| Event Type | Rules | Models |` rows split on
 * `<br>`, `<b>T…. - …</b>` is a technique header, ` ↳ <b>ID</b>` a rule, ` • <b>ID</b>`
 * a model. A product's RM pages are the targets of its rows' Content links.
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf} from './report.js'

const run = corpusRun()

const kindOf = (page: string) => (/\/RM\/r_m_[^/]+\.md$/.test(page) ? 'rules-and-models' : /\/ds_[^/]+\.md$/.test(page) ? 'product' : 'other')
const columnOf = (reason: string) => reason.slice(0, reason.indexOf(' says '))

describe.skipIf(!run)('summary-count on the 2021 snapshot', () => {
  const findings = findingsOf('summary-count')
  const at = (page: string, column: string) => findings.filter((f) => f.page === page && columnOf(f.message.reason) === column)

  it('reports the counted number of findings per page kind and column', () => {
    const totals: Record<string, number> = {}
    for (const {page, message} of findings) {
      const key = `${kindOf(page)} ${columnOf(message.reason)}`
      totals[key] = (totals[key] ?? 0) + 1
    }
    expect(totals).toEqual({
      // Of 549 product pages, the written number differs from the count on:
      // 26 (distinct event type lines, both pages; always one short, e.g. Azure 29/30),
      'product Event Types': 26,
      // 69 (distinct technique IDs of the MITRE TTP cells; the page always lists more),
      'product MITRE TTPs': 69,
      // 336 (distinct parser names; 213 pages agree, and Parsers equals Event Types on all 549),
      'product Parsers': 336,
      // 48 (distinct model IDs over the RM pages; the pages always list more),
      'product Models': 48,
      // 16 (number below the distinct rule IDs over the RM pages, or above that plus
      // Σ max(0, RM page's Rules − distinct rules it lists); all 16 are below).
      'product Rules': 16,
      // Of 5,341 RM pages: 600 state another number of rules than the distinct rule IDs
      // they list (the 415 `Other` pages, which list none, and 185 others),
      'rules-and-models Rules': 600,
      // 28 list one model more than they state,
      'rules-and-models Models': 28,
      // 70 state one technique more than they have technique headers.
      'rules-and-models MITRE TTPs': 70
      // Event Types and Parsers: every RM page repeats its product page's numbers
      // (5,341 of 5,341, the product page found by the `### Product: [..](..)` link), so none.
    })
  })

  it('finds the Azure product page Parsers (29 written, 60 listed) and Event Types (29 written, 30 listed)', () => {
    // ds_microsoft_azure.md line 7 `|  836  |  202   |    121     |     29      |   29    |`:
    // Event Types `29` at columns 37–38, Parsers `29` at 49–50 (python `line.index`).
    // The Python count: 60 distinct parser names and 30 distinct event types over the
    // 2 rows of the page and the 17 of 2_ds_microsoft_azure.md.
    const page = 'DataSources/Microsoft/Azure/ds_microsoft_azure.md'
    const [parsers] = at(page, 'Parsers')
    expect(parsers?.message.reason).toBe('Parsers says 29, the use-case table and its continuation page list 60 distinct parsers')
    expect(parsers?.message.actual).toBe('29')
    expect(parsers?.message.expected).toBeUndefined()
    expect(parsers?.message.place).toMatchObject({start: {line: 7, column: 49}, end: {line: 7, column: 51}})
    const [eventTypes] = at(page, 'Event Types')
    expect(eventTypes?.message.reason).toBe('Event Types says 29, the use-case table and its continuation page list 30 distinct event types')
    expect(eventTypes?.message.place).toMatchObject({start: {line: 7, column: 37}, end: {line: 7, column: 39}})
    // Rules 836 is not reported: the 19 RM pages list 730 distinct rule IDs and the Other
    // page counts 118 it does not list, so the number may be anything from 730 to 848.
    expect(at(page, 'Rules')).toEqual([])
  })

  it('finds the Azure Other RM page stating 118 rules and listing none', () => {
    // r_m_microsoft_azure_Other.md line 8 `|  118  |   7    |     0      |     29      |   29    |`:
    // `118` at columns 4–6; `grep -c '↳ <b>'` on the page: 0 rules; its 7 models are listed.
    const found = at('DataSources/Microsoft/Azure/RM/r_m_microsoft_azure_Other.md', 'Rules')
    expect(found.map((f) => [f.message.reason, f.message.actual, f.message.expected])).toEqual([['Rules says 118, the page lists no rule', '118', undefined]])
    expect(found[0]!.message.place).toMatchObject({start: {line: 8, column: 4}, end: {line: 8, column: 7}})
    expect(at('DataSources/Microsoft/Azure/RM/r_m_microsoft_azure_Other.md', 'Models')).toEqual([])
  })

  it('finds Account Manipulation stating 53 rules and listing 54', () => {
    // r_m_microsoft_azure_Account_Manipulation.md line 8 `|  53   |   26   | …`: `53` at
    // columns 4–5; the page lists 54 distinct IDs after ` ↳ <b>`.
    const found = at('DataSources/Microsoft/Azure/RM/r_m_microsoft_azure_Account_Manipulation.md', 'Rules')
    expect(found.map((f) => [f.message.reason, f.message.actual, f.message.expected])).toEqual([['Rules says 53, the page lists 54 distinct rules', '53', undefined]])
    expect(found[0]!.message.place).toMatchObject({start: {line: 8, column: 4}, end: {line: 8, column: 6}})
  })

  it('reports product Rules only below what the RM pages list (the 16 pages of the snapshot)', () => {
    // The Python count: on 16 product pages the number is below the distinct rule IDs
    // over the RM pages (Badge/Badge: 12 written, 15 listed), on none above the bound.
    const rules = findings.filter((f) => kindOf(f.page) === 'product' && columnOf(f.message.reason) === 'Rules')
    expect(rules.length).toBe(16)
    for (const {message} of rules) {
      const [, written, listed] = /^Rules says (\d+), the product's \d+ RM pages list (\d+) distinct rules$/.exec(message.reason) ?? []
      expect(Number(listed)).toBeGreaterThan(Number(written))
    }
    const badge = at('DataSources/Badge/Badge/ds_badge_badge.md', 'Rules')
    expect(badge.map((f) => f.message.reason)).toEqual(["Rules says 12, the product's 3 RM pages list 15 distinct rules"])
  })

  it('puts every finding on the number it quotes, with what was counted in the message and no fix', () => {
    for (const {message} of findings) {
      const [, written, rest] = /^[^,]+ says (\d+), (.*)$/.exec(message.reason) ?? []
      expect(message.actual).toBe(written)
      // The last number of the message is what was counted (or the bound it passes).
      const counted = rest?.match(/\d+|\bno\b/g)?.at(-1)
      expect(counted).toBeDefined()
      expect(counted).not.toBe(written)
      // Not fixable: which side is wrong is not known, so no replacement is offered.
      expect(message.expected).toBeUndefined()
      const place = message.place as {start: {line: number; column: number}; end: {line: number; column: number}}
      expect(place.end.column - place.start.column).toBe(written!.length)
    }
  })
})
