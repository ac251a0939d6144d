/**
 * Baselines (`--baseline-write`, `--baseline`) and inline `<!-- lint … -->` comments:
 * the two ways a team keeps known findings out of its reports.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {contextOf} from '../../src/cli/baseline.js'
import {runCli} from '../../src/cli/cli.js'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {cleanTemps, library, notes} from '../helpers/usage-helpers.js'

afterEach(() => {
  cleanTemps()
  resetCorpusIndexes()
})

const useCase = path.join('UseCases', 'uc_account_manipulation.md')
const product = path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')

interface JsonFile {
  path: string
  messages: Array<{ruleId: string; line: number; actual: string}>
}
const findings = (stdout: string) => (JSON.parse(stdout || '[]') as JsonFile[]).flatMap((f) => f.messages.map((m) => `${f.path}:${m.line} ${m.ruleId} ${m.actual}`))

describe('contextOf', () => {
  it('is the nearest heading and the first cell of the row', () => {
    const text = 'Title\n=====\n\n### Vendor: Acme\n| Product | Types |\n| --- | --- |\n| [Widget](w.md) | <li>a</li></li> |\n\nplain text\n'
    expect(contextOf(text, text.indexOf('</li></li>') + 5)).toBe('Vendor: Acme › [Widget](w.md)')
    expect(contextOf(text, text.indexOf('plain'))).toBe('Vendor: Acme')
    expect(contextOf(text, 0)).toBe('Title')
    // An escaped pipe stays inside the first cell.
    expect(contextOf('| a \\| b | c |\n', 10)).toBe('a \\| b')
  })
})

describe('content-lint --baseline', () => {
  it('records today’s findings, then reports none of them', async () => {
    const dir = library()
    const write = await runCli(['--baseline-write', 'content-lint-baseline.json', '.'], dir)
    expect(write.code).toBe(0)
    expect(notes(write.stderr)).toBe('content-lint: recorded 3 findings in content-lint-baseline.json\n')
    const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'content-lint-baseline.json'), 'utf8'))
    // The two stray `</li>` of one row share a key: one entry counted twice.
    expect(baseline).toEqual({
      tool: 'content-lint',
      version: 1,
      findings: [
        {file: 'DataSources/Acme/Widget/ds_acme_widget.md', rule: 'table-shape', actual: '[Next Page -->>](2_ds_acme_widget.md)', context: 'Product: Widget', count: 1},
        {file: 'UseCases/uc_account_manipulation.md', rule: 'cell-html', actual: '</li>', context: 'Vendor: Acme › [Widget](../DataSources/Acme/Widget/ds_acme_widget.md)', count: 2}
      ]
    })
    const run = await runCli(['--baseline', 'content-lint-baseline.json', '--format', 'json', '.'], dir)
    expect(run.code).toBe(0)
    expect(findings(run.stdout)).toEqual([])
    expect(notes(run.stderr)).toBe('content-lint: baseline content-lint-baseline.json: 3 known findings not reported, 0 fixed since it was written\n')
  })

  it('keeps known findings known when lines move, and reports a new one', async () => {
    const dir = library()
    await runCli(['--baseline-write', 'baseline.json', '.'], dir)
    const file = path.join(dir, useCase)
    const text = fs.readFileSync(file, 'utf8')
    // Lines added above the table, and a new row with a new stray </li>.
    const moved = text.replace('### Vendor: Acme\n', 'Some words about this use case.\n\nMore words.\n\n### Vendor: Acme\n')
    const row = '| [Gizmo](../DataSources/Acme/Gizmo/ds_acme_gizmo.md) | <ul><li>process-created</li></li></ul> | T1204 - User Execution<br> | [<ul><li>1 Rules</li></ul><ul><li>0 Models</li></ul>](../DataSources/Acme/Gizmo/RM/r_m_acme_gizmo_Malware.md) |\n'
    fs.writeFileSync(file, moved + row)
    const run = await runCli(['--baseline', 'baseline.json', '--format', 'json', '.'], dir)
    expect(findings(run.stdout)).toEqual([`${useCase}:12 cell-html </li>`])
    expect(run.code).toBe(0) // a warning
    expect(run.stderr).toMatch(/3 known findings not reported, 0 fixed since/)
  })

  it('counts findings of one key: a third stray </li> in the same row is new', async () => {
    const dir = library()
    await runCli(['--baseline-write', 'baseline.json', '.'], dir)
    const file = path.join(dir, useCase)
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('</ul> | T1098', '</li></ul> | T1098'))
    const run = await runCli(['--baseline', 'baseline.json', '--format', 'json', '.'], dir)
    expect(findings(run.stdout)).toEqual([`${useCase}:7 cell-html </li>`])
  })

  it('says how many baselined findings were fixed since, counting only the files checked', async () => {
    const dir = library()
    await runCli(['--baseline-write', 'baseline.json', '.'], dir)
    await runCli(['--fix', '--fix-rule', 'cell-html', '.'], dir)
    const all = await runCli(['--baseline', 'baseline.json', '.'], dir)
    expect(notes(all.stderr)).toBe('content-lint: baseline baseline.json: 1 known finding not reported, 2 fixed since it was written (run --baseline-write to shrink it)\n')
    const one = await runCli(['--baseline', 'baseline.json', product], dir)
    expect(notes(one.stderr)).toBe('content-lint: baseline baseline.json: 1 known finding not reported, 0 fixed since it was written\n')
  })

  it('exits 2 on a file that is not a baseline', async () => {
    const dir = library()
    fs.writeFileSync(path.join(dir, 'other.json'), '{"findings": []}')
    for (const name of ['other.json', 'missing.json']) {
      const run = await runCli(['--baseline', name, '.'], dir)
      expect(run.code).toBe(2)
      expect(notes(run.stderr)).toMatch(/^content-lint: .*\n$/)
    }
  })
})

describe('inline comments (remark-lint’s message control)', () => {
  it('lint disable / enable / ignore turn content-lint rules off where they say', async () => {
    const dir = library()
    const file = path.join(dir, useCase)
    const text = fs.readFileSync(file, 'utf8')
    // Disabled around the table: none of its two findings.
    fs.writeFileSync(file, text.replace('### Vendor: Acme\n', '### Vendor: Acme\n\n<!-- lint disable cell-html -->\n\n').replace(/\|\n$/, '|\n\n<!-- lint enable cell-html -->\n'))
    const productFile = path.join(dir, product)
    // `ignore` covers the next node only: the use-case table, not the rest of the page.
    fs.writeFileSync(productFile, fs.readFileSync(productFile, 'utf8').replace('|    Use-Case', '<!-- lint ignore table-shape -->\n\n|    Use-Case'))
    const run = await runCli(['--format', 'json', '.'], dir)
    expect(findings(run.stdout)).toEqual([])

    // Another rule's name in the comment does not silence cell-html (row 7 is now line 10: three lines added).
    fs.writeFileSync(file, text.replace('### Vendor: Acme\n', '### Vendor: Acme\n\n<!-- lint disable table-shape -->\n\n'))
    const other = await runCli(['--format', 'json', useCase], dir)
    expect(findings(other.stdout)).toEqual([`${useCase}:10 cell-html </li>`, `${useCase}:10 cell-html </li>`])
  })
})
