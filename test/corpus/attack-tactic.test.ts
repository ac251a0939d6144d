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

/**
 * On the 2025 snapshot, counted the same way (`MITRE ATT&CK® Framework for Enterprise`:
 * 551 of the 583 product pages have a table under it, the other 32 list no technique;
 * 12,327 links, every header a tactic of 18.1, every technique under one of its tactics,
 * none twice), and `grep -o 'TA[0-9]\{4\} - TA[0-9]\{4\}'`: 2,824 tactic mentions, each
 * a placeholder, its ID written where the name belongs (on RM pages as rule group
 * headers, in the MITRE TTP cells of product and use-case pages).
 */
describe.skipIf(!corpusRun('2025'))('attack-tactic on the 2025 snapshot (ATT&CK 18.1)', () => {
  const findings = findingsOf('attack-tactic', '2025')

  it('finds the 2,824 tactic placeholders, each with its tactic name as the fix', () => {
    expect(findings.length).toBe(2824)
    const byId: Record<string, number> = {}
    for (const {message} of findings) {
      expect(message.reason).toBe(`Placeholder name: the ID \`${message.actual}\` is written where the tactic's name belongs`)
      byId[`${message.actual} → ${message.expected?.join()}`] = (byId[`${message.actual} → ${message.expected?.join()}`] ?? 0) + 1
    }
    // `grep -o` per ID; the names are 18.1's (`x-mitre-tactic` objects of the bundle).
    expect(byId).toEqual({
      'TA0002 → Execution': 1400,
      'TA0010 → Exfiltration': 700,
      'TA0011 → Command and Control': 622,
      'TA0004 → Privilege Escalation': 37,
      'TA0008 → Lateral Movement': 35,
      'TA0009 → Collection': 18,
      'TA0007 → Discovery': 6,
      'TA0003 → Persistence': 3,
      'TA0001 → Initial Access': 3
    })
  })

  it('finds no matrix problem', () => {
    expect(findings.filter((f) => !f.message.reason.startsWith('Placeholder name'))).toEqual([])
  })
})
