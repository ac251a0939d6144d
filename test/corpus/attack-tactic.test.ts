/**
 * attack-tactic on the 2021 snapshot with ATT&CK 18.1 as the target.
 *
 * Counted without content-lint: a Python script outside the repository read, on each
 * of the 549 product pages, the table under `ATT&CK Matrix for Enterprise` (536 pages
 * have one; 13 have the heading and no table), split its header and its one row at
 * `|`, and took the links with a regular expression. All 536 × 12 header cells are
 * tactic names of 18.1 (`Initial Access` … `Impact`); each of the 12,287 links names a
 * technique whose `kill_chain_phases` in 18.1 include its column's tactic; no column
 * lists an ID twice. So the rule must find nothing here. (Against older releases it
 * does: see attack-version.test.ts, where 6.3 does not yet put T1484 under Privilege
 * Escalation.)
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf} from './report.js'

const run = corpusRun()

describe.skipIf(!run)('attack-tactic on the 2021 snapshot (ATT&CK 18.1)', () => {
  it('finds no misplaced technique, no stray column header and no duplicate', () => {
    expect(findingsOf('attack-tactic').map((f) => `${f.page}: ${f.message.reason}`)).toEqual([])
  })
})
