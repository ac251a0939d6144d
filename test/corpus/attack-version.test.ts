/**
 * `--attack-version`: the same pages checked against an older target release.
 *
 * Runs the CLI over `DataSources/Microsoft` (1,817 pages, a sixth of the snapshot; it
 * holds all 22 renamed names) with `--attack-version 10.1`, and compares with the
 * whole-snapshot run against 18.1 (setup.ts) on the same pages.
 *
 * Counted without content-lint, with the Python script described in
 * attack-technique.test.ts restricted to `DataSources/Microsoft/`: against 18.1, 674
 * mentions of 22 renamed names; against 10.1, 20 mentions of 2 names, the ones 10.1
 * itself no longer uses (`Man-in-the-Middle` 16, `Group Policy Modification` 4: the
 * other 20 names are 10.1's own). The garbled names (233) and placeholders (495) are
 * the same for both; T1574.002 is revoked only after 10.1 (40 mentions against 18.1,
 * none against 10.1), T1064 (40), T1175 (32) and T1043 (3) are deprecated in both.
 *
 * Pinned to 10.1, the 20 names that are 10.1's own but renamed since (654 mentions) and
 * T1574.002's later revocation (40) are warnings without a fix.
 *
 * And attack-tactic against 6.3 on `DataSources/Microsoft/Windows`: the script finds
 * T1484 under Privilege Escalation, a tactic 6.3 does not give it (6.3: defense-evasion
 * only), once on `ds_microsoft_windows.md`.
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {corpusRun, findingsOf, type ReportedMessage} from './report.js'
import {attackRoot, corpusRoot} from './setup.js'

const run = corpusRun()
const subset = path.join(corpusRoot, 'DataSources', 'Microsoft')

async function check(args: string[]): Promise<Array<{page: string; message: ReportedMessage}>> {
  const result = await runCli(['--format', 'json', '--attack', attackRoot, ...args], path.dirname(corpusRoot))
  const version = args[args.indexOf('--attack-version') + 1]
  // What the run says of its ATT&CK data; besides it only the summary column the 2021
  // library leaves unchecked (summary-count.test.ts).
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines[0]).toBe(`content-lint: checked against ATT&CK v${version} (pinned by attackVersion) (folder ${path.relative(path.dirname(corpusRoot), attackRoot)}, releases v6.3–v18.1)`)
  expect(lines.slice(1).every((line) => line.startsWith('content-lint: summary-count: Parsers on product pages not checked'))).toBe(true)
  const report = JSON.parse(result.stdout) as Array<{path: string; messages: ReportedMessage[]}>
  return report.flatMap((file) =>
    file.messages.map((message) => ({page: path.relative(corpusRoot, path.resolve(path.dirname(corpusRoot), file.path)).split(path.sep).join('/'), message}))
  )
}

const renamedIn = (findings: Array<{message: ReportedMessage}>) => {
  const out: Record<string, number> = {}
  for (const {message} of findings) {
    if (message.ruleId !== 'attack-technique' || !/^Former name of |a release after the target/.test(message.reason)) continue
    out[message.actual!] = (out[message.actual!] ?? 0) + 1
  }
  return out
}

const count = (findings: Array<{message: ReportedMessage}>, pattern: RegExp) =>
  findings.filter((f) => f.message.ruleId === 'attack-technique' && pattern.test(f.message.reason)).length

describe.skipIf(!run || !fs.existsSync(subset))('--attack-version on DataSources/Microsoft', () => {
  it('against 10.1 reports only the names 10.1 no longer uses', {timeout: 900_000}, async () => {
    const against18 = findingsOf('attack-technique').filter((f) => f.page.startsWith('DataSources/Microsoft/'))
    const renamed18 = renamedIn(against18)
    expect(Object.keys(renamed18).length).toBe(22)
    expect(Object.values(renamed18).reduce((a, b) => a + b, 0)).toBe(674)

    const against10 = await check(['--attack-version', '10.1', subset])
    expect(renamedIn(against10)).toEqual({'Man-in-the-Middle': 16, 'Group Policy Modification': 4})
    expect(against10.find((f) => f.message.actual === 'Group Policy Modification')?.message.expected).toEqual(['Domain Policy Modification'])
    for (const [findings, revoked] of [
      [against18, 40],
      [against10, 0]
    ] as const) {
      expect(count(findings, /^Misspelt name of /)).toBe(233)
      expect(count(findings, /^Placeholder name/)).toBe(495)
      expect(count(findings, /is revoked in/)).toBe(revoked)
      expect(count(findings, /is deprecated in/)).toBe(40 + 32 + 3)
    }
    expect(against10.filter((f) => f.message.ruleId === 'attack-tactic')).toEqual([])
    // Pinned to 10.1, what later releases change is said without a fix: the 20 renamed
    // names that are 10.1's own (674 - 20 mentions), and T1574.002's revocation (40).
    const later = (pattern: RegExp) => against10.filter((f) => f.message.ruleId === 'attack-technique' && pattern.test(f.message.reason))
    const laterRenames = later(/^ATT&CK v\d+\.\d+ renames T\d{4}(\.\d{3})?, after the pinned v10\.1$/)
    expect(laterRenames.length).toBe(674 - 20)
    expect(new Set(laterRenames.map((f) => f.message.actual)).size).toBe(20)
    const laterRevoked = later(/^ATT&CK v\d+\.\d+ revokes T1574\.002, replaced by T1574\.001, after the pinned v10\.1$/)
    expect(laterRevoked.length).toBe(40)
    expect([...laterRenames, ...laterRevoked].every((f) => f.message.fatal === false && (f.message.expected ?? []).length === 0)).toBe(true)
  })

  it('attack-tactic against 6.3 finds T1484 under Privilege Escalation', {timeout: 600_000}, async () => {
    const findings = await check(['--attack-version', '6.3', '--rule', 'attack-technique=off', path.join(subset, 'Windows', 'ds_microsoft_windows.md')])
    expect(findings.filter((f) => f.message.ruleId === 'attack-tactic').map((f) => `${f.page} ${f.message.actual}: ${f.message.reason} | ${f.message.note}`)).toEqual([
      'DataSources/Microsoft/Windows/ds_microsoft_windows.md [Group Policy Modification](https://attack.mitre.org/techniques/T1484): T1484 does not belong to Privilege Escalation in ATT&CK v6.3 | T1484 (`Group Policy Modification`) belongs to Defense Evasion in ATT&CK v6.3.'
    ])
  })
})
