/**
 * Both snapshots through the CLI (run once each in setup.ts): no crash, every page
 * classified, the foundation rules' findings counted.
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
    // Only what every run says about its ATT&CK data (and that the table is old, once it
    // is), and the column summary-count cannot check (summary-count.test.ts).
    const lines = run!.stderr.trimEnd().split('\n').filter((line) => line.startsWith('content-lint:'))
    expect(lines[0]).toBe('content-lint: checked against ATT&CK v18.1 (built-in, releases v6.3–v18.1)')
    const others = lines.slice(1).filter((line) => !line.startsWith('content-lint: summary-count: Parsers on product pages not checked'))
    expect(others.every((line) => line.startsWith('content-lint: the built-in ATT&CK data ends with v18.1 of 2025-11-12, more than a year ago'))).toBe(true)
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

  it('finds the Next Page link read as a table row on every page with a continuation, and the tables on one line', () => {
    // 186 continuation pages, each linked by a `[Next Page -->>]` line written right
    // under its product page's table; no other table row is short or long. And 110
    // tables written on one line (`grep -cE '^\\|.*\\|\\|( *:?-+:? *\\|)+ *$'`: the
    // `| Event Type | Rules | Models || --- |` of RM pages listing nothing).
    const findings = findingsOf('table-shape')
    const nextPage = findings.filter((f) => f.message.reason.startsWith('The `Next Page` link'))
    expect(nextPage.length).toBe(186)
    for (const {page, message} of nextPage) {
      expect(page).toMatch(/\/ds_[^/]+\.md$/)
      // The destination may hold balanced parentheses (`2_ds_f5_…_(waf).md`).
      expect(message.actual).toMatch(/^\[Next Page -->>\]\(2_ds_.+\.md\)$/)
      expect(message.expected).toEqual(['\n' + message.actual])
    }
    const oneLine = findings.filter((f) => f.message.reason.startsWith("The table's header and delimiter rows are on one line"))
    expect(oneLine.length).toBe(110)
    for (const {message} of oneLine) {
      expect(message.actual).toBe('||')
      expect(message.expected).toEqual(['|\n|'])
    }
    expect(findings.length).toBe(186 + 110)
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

describe.skipIf(!corpusRun('2025'))('the 2025 snapshot', () => {
  const run = corpusRun('2025')!

  it('is checked without a crash, and every column of every summary is checked', () => {
    expect(run.code === 0 || run.code === 1).toBe(true)
    const crashes = run.report.flatMap((f) => f.messages.filter((m) => !m.ruleId || /crashed/.test(m.reason)))
    expect(crashes).toEqual([])
    expect(run.stderr).not.toMatch(/not checked/)
  })

  it('classifies every page, by path or by structure', () => {
    // `find` over the snapshot (a Python script kept outside the repository): under DS/,
    // 583 `ds_*.md` (DS/ds__.md among them), 275 `2_ds_*.md`, 4,858 `RM/r_m_*`, 118
    // `CR/c_r_*`, 8,754 `Ps/pC_*`; 21 `UseCases/uc_*`. At the root: MitreMap.md (the
    // matrix), Exabeam Correlation Rules.md (the catalogue), README.md and 5 index pages
    // (Exabeam Data Sources, Use Cases, Product Categories, ParserNamesMatrix,
    // CorrelationRules_ChangeLog); 27 ParsersLegacy/ tables of old and new parser names
    // (y_parsers.md's only table is written on one line); resources/Metrics.md, an
    // internal metrics page of no library kind. 14,645 in all.
    expect(run.kinds).toEqual({
      product: 583,
      continuation: 275,
      'rules-and-models': 4858,
      'correlation-rules': 118,
      parser: 8754,
      'use-case': 21,
      'attack-map': 1,
      'correlation-catalogue': 1,
      index: 6,
      'parser-names': 27,
      unknown: 1
    })
  })

  it('reports the pages that are not of their kind\'s shape, and nothing else', () => {
    expect(
      findingsOf('page-shape', '2025')
        .map((f) => `${f.page}: ${f.message.reason}${f.message.note ? ` | ${f.message.note}` : ''}`)
        .sort()
    ).toEqual([
      "DS/ds__.md: The `Product:` heading names no product",
      "DS/ds__.md: The `Vendor:` heading names no vendor",
      "ParsersLegacy/A_parsers.md: Page's file name differs only in letter case from another file's in its folder | `a_parsers.md` lies beside it: on a case-insensitive file system one overwrites the other.",
      "ParsersLegacy/a_parsers.md: Page's file name differs only in letter case from another file's in its folder | `A_parsers.md` lies beside it: on a case-insensitive file system one overwrites the other.",
      'resources/Metrics.md: Page has no recognisable kind: its name fits no page kind of the library and its structure fits none either'
    ])
  })

  it('counts the table shapes: Next Page rows, tables on one line, two short rows', () => {
    // The same counts as for 2021: 275 `[Next Page -->>]` lines right under a table row,
    // 33 tables on one line (32 Enrichment RM pages and ParsersLegacy/y_parsers.md), and
    // README.md's two `Coverage Map` rows of 4 cells under a header of 5 (split at `|`).
    const findings = findingsOf('table-shape', '2025')
    expect(findings.filter((f) => f.message.reason.startsWith('The `Next Page` link')).length).toBe(275)
    expect(findings.filter((f) => f.message.reason.startsWith("The table's header")).length).toBe(33)
    expect(findings.filter((f) => f.message.reason.startsWith('Row has')).map((f) => `${f.page} ${f.message.line}`)).toEqual(['README.md 18', 'README.md 22'])
    expect(findings.length).toBe(310)
  })

  it('finds no stray </li> (`grep -c` finds none)', () => {
    expect(findingsOf('cell-html', '2025')).toEqual([])
  })
})
