/**
 * The whole 2021 snapshot through the CLI (run once in setup.ts): no crash,
 * every page classified, the foundation rules' findings counted.
 *
 * The expected numbers come from the snapshot itself, counted without content-lint
 * (see shared/docs/content-format.md and the comments below), not from its output.
 */
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {reporterJson} from 'vfile-reporter-json'
import {runCli} from '../../src/cli/cli.js'
import {corpusRoot, corpusRun, findingsOf} from './report.js'

const run = corpusRun()

describe.skipIf(!run)('the 2021 snapshot', () => {
  it('is checked without a crash or a configuration error', () => {
    expect(run!.code === 0 || run!.code === 1).toBe(true)
    // Only what every run says about its ATT&CK data (and that the table is old, once it is).
    const lines = run!.stderr.trimEnd().split('\n')
    expect(lines[0]).toBe('content-lint: checked against ATT&CK v18.1 (built-in, releases v6.3–v18.1)')
    expect(lines.slice(1).every((line) => line.startsWith('content-lint: the built-in ATT&CK data ends with v18.1 of 2025-11-12, more than a year ago'))).toBe(true)
    const crashes = run!.report.flatMap((f) => f.messages.filter((m) => !m.ruleId || /crashed/.test(m.reason)))
    expect(crashes).toEqual([])
  })

  it('classifies every page', () => {
    // `find -name 'ds_*.md'` etc. over the snapshot: 549 product pages, 186
    // continuation pages (`2_ds_*`), 5,341 RM pages, 5,130 parser pages, 22 use-case
    // pages; index pages: the 3 at the top and the README.md of DataSources/,
    // UseCases/ and resources/. 11,234 in all.
    expect(run!.kinds).toEqual({
      product: 549,
      continuation: 186,
      'rules-and-models': 5341,
      parser: 5130,
      'use-case': 22,
      index: 6
    })
  })

  it('finds no page-shape problem on pages of the documented shape', () => {
    // Every page of the snapshot has its kind's parts (two parser pages name the
    // parser by the HOCON key `box-activity = {` instead of `Name =`, which is read).
    expect(findingsOf('page-shape').map((f) => `${f.page}: ${f.message.reason}`)).toEqual([])
  })

  it('counts the stray </li> of the use-case pages', () => {
    // `grep -o '</li></li>'` over UseCases/: 5,330 occurrences in the 22 use-case pages,
    // and none elsewhere; every other tag in cells is balanced.
    const findings = findingsOf('cell-html')
    expect(findings.length).toBe(5330)
    expect(new Set(findings.map((f) => f.page)).size).toBe(22)
    for (const {page, message} of findings) {
      expect(page).toMatch(/^UseCases\/uc_/)
      expect(message.actual).toBe('</li>')
      expect(message.expected).toEqual([''])
    }
  })

  it('finds the Next Page link read as a table row on every page with a continuation', () => {
    // 186 continuation pages, each linked by a `[Next Page -->>]` line written right
    // under its product page's table; no other table row is short or long.
    const findings = findingsOf('table-shape')
    expect(findings.length).toBe(186)
    for (const {page, message} of findings) {
      expect(page).toMatch(/\/ds_[^/]+\.md$/)
      // The destination may hold balanced parentheses (`2_ds_f5_…_(waf).md`).
      expect(message.actual).toMatch(/^\[Next Page -->>\]\(2_ds_.+\.md\)$/)
      expect(message.expected).toEqual(['\n' + message.actual])
    }
  })

  it('prints valid vfile-reporter-json for the Azure folder', async () => {
    const azure = path.join(corpusRoot, 'DataSources', 'Microsoft', 'Azure')
    // One folder still needs the whole library's facts (library-wide rules): minutes.
    const result = await runCli(['--format', 'json', '--no-cache', azure], path.dirname(corpusRoot))
    const files = JSON.parse(result.stdout) as Array<{path: string; messages: Array<Record<string, unknown>>}>
    expect(files.length).toBeGreaterThan(0)
    // Exactly what vfile-reporter-json prints for the same data: re-serialise and compare.
    expect(result.stdout.trim()).toBe(reporterJson(files as never))
    for (const file of files) {
      expect(path.resolve(path.dirname(corpusRoot), file.path).startsWith(azure)).toBe(true)
      for (const message of file.messages) {
        expect(message).toMatchObject({source: 'content-lint'})
        expect(typeof message.ruleId).toBe('string')
        expect(message.place).toHaveProperty('start.offset')
      }
    }
  }, 900_000)
})
