/**
 * Messages fit a line (issue #20): a finding's reason says what is wrong in one short
 * sentence, at most `reasonWidth` (120) characters, the width at which the stylish report
 * cuts it; the evidence (names as written and as ATT&CK writes them, releases, paths,
 * library statistics) goes in the finding's `note`, which JSON, SARIF, HTML, JUnit, Code
 * Quality, GitHub annotations, `--verbose` and the editor's hover show whole.
 *
 * Checked here on every rule's fixture library; test/corpus/messages.test.ts checks the
 * same on both snapshots.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import type {VFileMessage} from 'vfile-message'
import {reasonWidth} from '../../src/cli/formats/stylish.js'
import {rules} from '../../src/preset/rules.js'
import attackTechnique from '../../rules/attack-technique.js'
import pageShape from '../../rules/page-shape.js'
import {fixturesRoot, runFixture, runLibrary} from '../helpers/harness.js'

async function fixtureMessages(id: string): Promise<VFileMessage[]> {
  const rule = rules.find((r) => r.meta.id === id)!
  const configFile = path.join(fixturesRoot, id, 'fixture.json')
  const config = fs.existsSync(configFile) ? (JSON.parse(fs.readFileSync(configFile, 'utf8')) as {options?: unknown; settings?: Record<string, unknown>}) : {}
  return (await runFixture(id, [[rule, ['warn', config.options]]], config.settings)).flatMap((r) => r.messages)
}

describe('reasons fit a line on the fixture libraries', () => {
  for (const rule of rules) {
    it(`${rule.meta.id}: every reason is one line of at most ${reasonWidth} characters`, async () => {
      const messages = await fixtureMessages(rule.meta.id)
      expect(messages.length, 'the fixture library gives findings').toBeGreaterThan(0)
      expect(messages.filter((m) => m.reason.length > reasonWidth || m.reason.includes('\n')).map((m) => m.reason)).toEqual([])
    })
  }

  it('without ATT&CK data too (attack-technique-without-data)', async () => {
    const results = await runFixture('attack-technique-without-data', [[attackTechnique, 'warn']], {attack: 'none'})
    const messages = results.flatMap((r) => r.messages)
    expect(messages.some((m) => m.note)).toBe(true)
    expect(messages.filter((m) => m.reason.length > reasonWidth).map((m) => m.reason)).toEqual([])
  })
})

/** What a note must quote: the text in the finding's range (as written) or its fix. */
const quotes = (note: string | undefined, text: string) => (note ?? '').includes(`\`${text}\``)

describe('the evidence moved out of the reason is in the note', () => {
  it('attack-technique: every name finding quotes the target release\'s name; revoked and deprecated ones the technique\'s name', async () => {
    const messages = await fixtureMessages('attack-technique')
    const names = messages.filter((m) => m.expected && !/^T\d{4}/.test(m.expected[0]!))
    expect(names.length).toBeGreaterThanOrEqual(10)
    for (const m of names) {
      expect(m.note, m.reason).toMatch(/ATT&CK v\d+\.\d+ \(the target\) names T\d{4}(\.\d{3})? `/)
      expect(quotes(m.note, m.expected![0]!), `${m.reason}: ${m.note}`).toBe(true)
      // The name as written, except for a placeholder (an ID) or a name missing its parent.
      if (!/^(Placeholder|The ID|Sub-technique)/.test(m.reason)) expect(quotes(m.note, m.actual!), `${m.reason}: ${m.note}`).toBe(true)
    }
    const retired = messages.filter((m) => / is (revoked|deprecated) in ATT&CK/.test(m.reason))
    expect(retired.length).toBe(3)
    for (const m of retired) expect(m.note, m.reason).toMatch(/^T\d{4}(\.\d{3})? \(`[^`]+`\) is (revoked|deprecated) in ATT&CK v2\.0, (replaced by T\d{4}\.\d{3} \(`[^`]+`\)|with no replacement)\.$/)
  })

  it('no-dead-link: every finding about a file or heading names the destination as resolved', async () => {
    const messages = await fixtureMessages('no-dead-link')
    const about = messages.filter((m) => !/it is not followed$/.test(m.reason))
    expect(about.length).toBeGreaterThanOrEqual(10)
    for (const m of about) expect(m.note, m.reason).toMatch(/^(`[^`]+\.md`|This page) /)
    // The file that exists instead, whenever a fix names one.
    for (const m of messages.filter((x) => x.expected && /^Dead link|leaves the content root/.test(x.reason))) {
      expect(m.note, m.reason).toMatch(/`[^`]+\.md` (does|exists inside the content root)\.$/)
    }
  })

  it('parser-name: every finding quotes the text in its range and what it disagrees with', async () => {
    const messages = await fixtureMessages('parser-name')
    expect(messages.length).toBeGreaterThanOrEqual(5)
    for (const m of messages) {
      expect(m.note, m.reason).toBeDefined()
      // Link text and Vendor/Product findings cover the text quoted; a file name finding covers the Name.
      expect(m.note!.includes(m.reason.startsWith('Parser file name') ? `Name \`${m.actual}\`` : `${m.actual}\``), m.note).toBe(true)
      if (m.expected) expect(m.note).toContain(`Name = ${m.expected[0]}\``)
    }
  })

  describe('page-shape: file names differing only in letter case', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-twins-'))
    afterAll(() => fs.rmSync(root, {recursive: true, force: true}))

    it('each page names the other in the note', async () => {
      const page = '# Use Case: Malware\n\nNothing here.\n'
      fs.mkdirSync(path.join(root, 'UseCases'))
      fs.mkdirSync(path.join(root, 'DataSources'))
      fs.writeFileSync(path.join(root, 'UseCases', 'uc_malware.md'), page)
      fs.writeFileSync(path.join(root, 'UseCases', 'uc_Malware.md'), page)
      const results = await runLibrary(root, [[pageShape, 'warn']])
      const twins = results.flatMap((r) => r.messages.map((m) => [r.page, m.reason, m.note]))
      expect(twins.filter(([, reason]) => /letter case/.test(reason!))).toEqual([
        ['UseCases/uc_Malware.md', "Page's file name differs only in letter case from another file's in its folder", '`uc_malware.md` lies beside it: on a case-insensitive file system one overwrites the other.'],
        ['UseCases/uc_malware.md', "Page's file name differs only in letter case from another file's in its folder", '`uc_Malware.md` lies beside it: on a case-insensitive file system one overwrites the other.']
      ])
    })
  })
})
