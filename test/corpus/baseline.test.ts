/**
 * Baselines at the scale of the 2021 snapshot, over the findings of the corpus run in
 * setup.ts (no second run): every finding is recorded and then suppressed, the keys
 * survive a line shift on every page that has findings, and no two findings share one.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {afterAll, describe, expect, it} from 'vitest'
import {applyBaseline, writeBaseline} from '../../src/cli/baseline.js'
import {corpusRoot, corpusRun} from './report.js'

const run = corpusRun()
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-baseline-corpus-'))
afterAll(() => fs.rmSync(temp, {recursive: true, force: true}))

/** The report's files as vfiles with their findings; `shift` lines added at the top of each page. */
function reported(shift = ''): VFile[] {
  return run!.report.map((entry) => {
    const file = path.resolve(path.dirname(corpusRoot), entry.path)
    const vfile = new VFile({path: file, value: shift + fs.readFileSync(file, 'utf8')})
    for (const m of entry.messages) {
      const place = m.place as {start: {line: number; column: number; offset: number}; end: {line: number; column: number; offset: number}}
      const lines = shift.split('\n').length - 1
      const move = (p: typeof place.start) => ({line: p.line + lines, column: p.column, offset: p.offset + shift.length})
      const message = new VFileMessage(m.reason, {place: {start: move(place.start), end: move(place.end)}, ruleId: m.ruleId ?? undefined, source: m.source ?? undefined})
      message.actual = m.actual
      message.fatal = m.fatal
      vfile.messages.push(message)
    }
    return vfile
  })
}

describe.skipIf(!run)('baselines on the 2021 snapshot', () => {
  it('records every finding and suppresses every one of them, also after lines move', async () => {
    const total = run!.report.reduce((n, f) => n + f.messages.length, 0)
    const file = path.join(temp, 'baseline.json')
    expect(await writeBaseline(reported(), file)).toBe(total)
    const same = reported()
    expect(applyBaseline(same, file)).toEqual({suppressed: total, fixedSince: 0, fixed: []})
    expect(same.flatMap((f) => f.messages)).toEqual([])
    // Two lines added at the top of every page: nothing becomes new.
    const moved = reported('<!-- a note -->\n\n')
    expect(applyBaseline(moved, file)).toEqual({suppressed: total, fixedSince: 0, fixed: []})
    // One entry per finding: no two findings share a key. Counted with python over
    // UseCases/: 5,330 table rows hold `</li></li>`, none of them twice, so each stray
    // tag has its own row (first cell); the 186 Next Page lines are on 186 pages, the
    // 110 tables written on one line on 110 pages (`grep -c`, see foundation.test.ts).
    // (Other rules may repeat a finding in a row; their entries then count more than one.)
    const findings = JSON.parse(fs.readFileSync(file, 'utf8')).findings as Array<{rule: string; count: number}>
    const entries = findings.length
    for (const rule of ['cell-html', 'table-shape']) {
      const ofRule = findings.filter((f) => f.rule === rule)
      expect(ofRule.every((f) => f.count === 1), rule).toBe(true)
    }
    expect(findings.filter((f) => f.rule === 'cell-html').length).toBe(5330)
    expect(findings.filter((f) => f.rule === 'table-shape').length).toBe(186 + 110)
    console.log(`baseline of the snapshot: ${total} findings in ${entries} entries, ${fs.statSync(file).size} bytes`)
  })
})
