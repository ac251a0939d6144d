/**
 * Messages fit a line (issue #20), on both snapshots: a finding's reason is one short
 * sentence of at most `reasonWidth` (120) characters, the width at which the stylish
 * report cuts it; the evidence is in its `note`. Before this was checked, 8,906 of the
 * 2021 snapshot's 12,697 attack-technique reasons were longer (up to 249 characters:
 * both names of a renamed technique and the releases of each), 17,966 of 22,625 in 2025;
 * no-dead-link, parser-name and page-shape quoted whole paths (up to 229).
 *
 * test/rules/messages.test.ts checks the same on the fixture libraries.
 */
import {describe, expect, it} from 'vitest'
import {reasonWidth} from '../../src/cli/formats/stylish.js'
import {corpusRun, findingsOf, type Snapshot} from './report.js'

for (const snapshot of ['2021', '2025'] as const satisfies readonly Snapshot[]) {
  const run = corpusRun(snapshot)
  describe.skipIf(!run)(`messages on the ${snapshot} snapshot`, () => {
    const all = () => run!.report.flatMap((file) => file.messages)

    it(`gives no reason longer than ${reasonWidth} characters, or over lines`, () => {
      const checked = all()
      // Tens of thousands of findings of the other rules: the check is not vacuous.
      expect(checked.length).toBeGreaterThan(15_000)
      const long = checked.filter((m) => m.reason.length > reasonWidth || m.reason.includes('\n'))
      expect(long.map((m) => `${m.ruleId}: ${m.reason}`).slice(0, 20)).toEqual([])
    })

    it('gives attack-technique\'s evidence in the note: the name as written and the target\'s name', () => {
      const findings = findingsOf('attack-technique', snapshot)
      expect(findings.length).toBeGreaterThan(10_000)
      for (const {message} of findings) {
        expect(message.note, message.reason).toBeTruthy()
        // A name finding's fix is the target's name, and the note says it.
        if (message.expected && !/^T\d{4}/.test(message.expected[0]!)) {
          expect(message.note).toMatch(/ATT&CK v18\.1 \(the target\) names T\d{4}(\.\d{3})? `/)
          expect(message.note!.endsWith(` \`${message.expected[0]}\`.`), message.note).toBe(true)
          if (!message.reason.startsWith('Placeholder')) expect(message.note!.startsWith(`\`${message.actual}\` `), message.note).toBe(true)
        }
      }
    })

    it('gives the paths of no-dead-link and parser-name findings in the note', () => {
      const links = findingsOf('no-dead-link', snapshot).filter((f) => !f.message.reason.endsWith('it is not followed'))
      expect(links.length).toBeGreaterThan(30)
      for (const {message} of links) expect(message.note).toMatch(/^`[^`]+\.md` does not exist/)
      const parsers = findingsOf('parser-name', snapshot)
      expect(parsers.length).toBeGreaterThan(5)
      for (const {message} of parsers) expect(message.note).toMatch(/its product page `(DataSources|DS)\/[^`]+\.md`/)
    })
  })
}
