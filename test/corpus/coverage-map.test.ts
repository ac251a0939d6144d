/**
 * coverage-map on both snapshots. The 2021 one has no matrix page (`MitreMap.md`), so
 * nothing is checked there (its `resources/mitre_map.json` goes unchecked: see the
 * rule's doc comment).
 *
 * Counted without content-lint by Python scripts over the raw files
 * (`coverage_map.py`, `coverage_matrix.py`): the RM pages' rule cells split at each
 * `<b>T…`/`<b>TA… - …</b>` group header, the `↳ <b>ID</b>` rules after it collected
 * per ID; `MitreMap.md`'s tables split on `|` (its matrix is one row of 12 columns, 164
 * technique links, 142 distinct; its `TTP Code` table 200 rows: 95 techniques, 96
 * sub-techniques, 9 tactics); the layer read with `json`. They give:
 * - `MITRE Techniques: 104` against the map's 95 distinct techniques (the table's 9
 *   tactic rows make up the rest); `MITRE Sub-techniques: 96` is right;
 * - 49 table rows whose technique the matrix lacks (exactly the rows whose link text
 *   is the bare ID), none the pages map and the map lacks, none in the map no page maps;
 * - 21 `Rules` numbers that differ from the distinct rules the RM pages list (179 of
 *   200 agree);
 * - 8 layer IDs no page maps, none the pages map and the layer lacks, no score below
 *   the pages' distinct rules (the score is above them on 180 of 208: see the rule).
 *
 * Checked by hand, 10 of the 79 findings, with grep over the pages (each agreed):
 * the total (95 technique rows and 9 `TA` rows in the table); T1003.001 and T1580
 * absent from the matrix row (T1003 and T1003/006 are its only T1003 links);
 * `Rules` of T1140 (3; the RM pages list A-Base64-CommandLine and
 * A-CertUtil-Suspicious-Usage under it, 37 pages each), T1218.010 (9; 7 rules listed),
 * T1562.006 (2; only A-ETW-Trace-Disable), T1078 (222; 224 listed) and TA0004 (36; 37
 * listed); T1030 and T1571 in the layer and on no page of `DS/` or `UseCases/`.
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf} from './report.js'

/** Each finding's check, by the start of its reason. */
function byCheck(reason: string): string {
  if (/^The map lists \d+ distinct/.test(reason)) return 'total'
  if (/is in the table, but not in the matrix/.test(reason)) return 'table not matrix'
  if (/^The RM pages list \d+ distinct rules/.test(reason)) return 'rules'
  if (/^`resources\/mitre_map\.json` has .*, which no page maps$/.test(reason)) return 'layer, no page'
  return reason
}

describe.skipIf(!corpusRun('2025'))('coverage-map on the 2025 snapshot', () => {
  const findings = findingsOf('coverage-map', '2025')

  it('finds the counted defects, all on MitreMap.md', () => {
    const counts: Record<string, number> = {}
    for (const {page, message} of findings) {
      expect(page).toBe('MitreMap.md')
      const check = byCheck(message.reason)
      counts[check] = (counts[check] ?? 0) + 1
    }
    expect(counts).toEqual({total: 1, 'table not matrix': 49, rules: 21, 'layer, no page': 8})
  })

  it('gives the map\'s count of techniques as the total, on the written number', () => {
    const total = findings.find((f) => byCheck(f.message.reason) === 'total')!.message
    expect(total.actual).toBe('104')
    expect(total.expected).toEqual(['95'])
    expect(total.line).toBe(3)
  })

  it('names the 8 layer IDs no page maps', () => {
    const ids = findings.filter((f) => byCheck(f.message.reason) === 'layer, no page').map((f) => /has (\S+),/.exec(f.message.reason)![1]).sort()
    expect(ids).toEqual(['T1030', 'T1056', 'T1056.004', 'T1071.003', 'T1102.002', 'T1102.003', 'T1547.006', 'T1571'])
  })

  it('puts each Rules finding on the number, as the pages count it', () => {
    const t1078 = findings.find((f) => f.message.reason.includes('under T1078,'))!.message
    expect(t1078.reason).toBe('The RM pages list 224 distinct rules under T1078, not 222')
    expect(t1078.actual).toBe('222')
  })
})

describe.skipIf(!corpusRun('2021'))('coverage-map on the 2021 snapshot', () => {
  it('finds nothing: the snapshot has no matrix page', () => {
    expect(findingsOf('coverage-map', '2021')).toEqual([])
  })
})
