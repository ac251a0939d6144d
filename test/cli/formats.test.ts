/**
 * CI output: `--format github` (workflow commands), `--format sarif` (validated against
 * the official SARIF 2.1.0 schema that Microsoft's SARIF Multitool ships, with ajv, and
 * by the Multitool's own validator), `--max-warnings`.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {Ajv2020} from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import {afterEach, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {escapeData, escapeProperty} from '../../src/cli/formats/github.js'
import {cleanTemps, library, notes, positionOf, tempDir} from '../helpers/usage-helpers.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void

afterEach(() => {
  cleanTemps()
  resetCorpusIndexes()
})

const productRel = 'DataSources/Acme/Widget/ds_acme_widget.md'
const useCaseRel = 'UseCases/uc_account_manipulation.md'

describe('--format github', () => {
  it('escapes data and properties as GitHub documents', () => {
    expect(escapeData('50% of\r\nrows: a, b')).toBe('50%25 of%0D%0Arows: a, b')
    expect(escapeProperty('50% of\r\nrows: a, b')).toBe('50%25 of%0D%0Arows%3A a%2C b')
  })

  it('prints one workflow command per finding with its exact range', async () => {
    const dir = library()
    const product = fs.readFileSync(path.join(dir, productRel), 'utf8')
    const useCase = fs.readFileSync(path.join(dir, useCaseRel), 'utf8')
    const next = positionOf(product, '[Next Page -->>](2_ds_acme_widget.md)')
    const stray1 = positionOf(useCase, '</li></li>')
    const stray2 = positionOf(useCase, '</li></li>', 2)
    const result = await runCli(['--format', 'github', '.'], dir)
    expect(result.code).toBe(0)
    const link = '[Next Page -->>](2_ds_acme_widget.md)'
    expect(result.stdout).toBe(
      `::warning file=${productRel},line=${next.line},col=${next.column},endLine=${next.line},endColumn=${next.column + link.length},title=table-shape::` +
        'The `Next Page` link is read as a row of the table above it; put a blank line before it%0Aexpected: "\\n[Next Page -->>](2_ds_acme_widget.md)"\n' +
        // The stray tag is the second `</li>` of each pair: 5 columns on.
        `::warning file=${useCaseRel},line=${stray1.line},col=${stray1.column + 5},endLine=${stray1.line},endColumn=${stray1.column + 10},title=cell-html::` +
        'Stray `</li>`: no `<li>` is open here%0Aexpected: ""\n' +
        `::warning file=${useCaseRel},line=${stray2.line},col=${stray2.column + 5},endLine=${stray2.line},endColumn=${stray2.column + 10},title=cell-html::` +
        'Stray `</li>`: no `<li>` is open here%0Aexpected: ""\n'
    )
  })

  it('escapes a file name with a comma and a colon, and prints errors as ::error', async () => {
    const dir = library()
    const odd = path.join(dir, 'UseCases', 'uc_a,b:c.md')
    fs.copyFileSync(path.join(dir, useCaseRel), odd)
    const result = await runCli(['--format', 'github', '--rule', 'cell-html=error', odd], dir)
    expect(result.code).toBe(1)
    const lines = result.stdout.trim().split('\n')
    expect(lines.length).toBe(2)
    for (const line of lines) expect(line).toMatch(/^::error file=UseCases\/uc_a%2Cb%3Ac\.md,line=7,col=\d+,endLine=7,endColumn=\d+,title=cell-html::Stray/)
  })
})

/** The official SARIF 2.1.0 schema, as the Multitool package for this platform ships it. */
function multitoolFolder(): string | null {
  const require = createRequire(import.meta.url)
  for (const platform of ['linux', 'darwin', 'win32']) {
    try {
      return path.dirname(require.resolve(`@microsoft/sarif-multitool-${platform}/package.json`))
    } catch {
      // Not this platform's package.
    }
  }
  return null
}

describe('--format sarif', () => {
  const folder = multitoolFolder()

  async function sarifOf(dir: string, args: string[] = []) {
    const result = await runCli(['--format', 'sarif', ...args, '.'], dir)
    return {result, log: JSON.parse(result.stdout)}
  }

  it('is valid SARIF 2.1.0 by the official schema (ajv)', async () => {
    expect(folder, '@microsoft/sarif-multitool is a dev dependency').not.toBeNull()
    const schema = JSON.parse(fs.readFileSync(path.join(folder!, 'sarif-2.1.0.json'), 'utf8'))
    expect(schema.title).toMatch(/SARIF\) Version 2\.1\.0/)
    const ajv = new Ajv2020({allErrors: true, strict: false})
    addFormats(ajv)
    const validate = ajv.compile(schema)
    const dir = library()
    // A name with a space and an ampersand: the artifact URI must be encoded.
    fs.renameSync(path.join(dir, 'DataSources', 'Acme', 'Widget'), path.join(dir, 'DataSources', 'Acme', 'Widget & Co'))
    const {log} = await sarifOf(dir)
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true)
    // The schema check is live: a broken log fails it.
    const broken = structuredClone(log)
    broken.runs[0].results[0].level = 'loud'
    expect(validate(broken)).toBe(false)
  })

  it('says in the run properties which ATT&CK release the checks used', async () => {
    const {log} = await sarifOf(library())
    expect(log.runs[0].properties['content-lint/attack']).toEqual([
      {
        version: '18.1',
        date: '2025-11-12',
        source: 'built-in',
        where: null,
        downloaded: null,
        releases: ['6.3', '7.2', '8.2', '9.0', '10.1', '11.3', '12.1', '13.1', '14.1', '15.1', '16.1', '17.1', '18.1'],
        pinned: false
      }
    ])
    const pinned = await sarifOf(library(), ['--attack-version', '15.1'])
    expect(pinned.log.runs[0].properties['content-lint/attack'][0]).toMatchObject({version: '15.1', pinned: true})
    const none = await sarifOf(library(), ['--attack', 'none'])
    expect(none.log.runs[0].properties['content-lint/attack']).toEqual([])
  })

  it('passes the SARIF Multitool’s validator', async () => {
    expect(folder).not.toBeNull()
    const tool = path.join(folder!, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool')
    const out = tempDir()
    const {log} = await sarifOf(library())
    const validateFile = (name: string, data: unknown) => {
      const input = path.join(out, name + '.sarif')
      fs.writeFileSync(input, JSON.stringify(data))
      execFileSync(tool, ['validate', input, '--output', path.join(out, name + '.result.sarif'), '--log', 'ForceOverwrite', '--level', 'Error;Warning'], {stdio: 'pipe'})
      return JSON.parse(fs.readFileSync(path.join(out, name + '.result.sarif'), 'utf8')).runs[0].results as Array<{ruleId: string; level: string}>
    }
    expect(validateFile('ours', log)).toEqual([])
    // The validator is live: a log without the tool's name is reported.
    const broken = structuredClone(log)
    delete broken.runs[0].tool.driver.name
    expect(validateFile('broken', broken).map((r) => r.ruleId)).toContain('JSON1002')
  })

  it('carries rule, level, exact region, fix and a fingerprint that survives line shifts', async () => {
    const dir = library()
    const {log} = await sarifOf(dir)
    const run = log.runs[0]
    expect(run.tool.driver.name).toBe('content-lint')
    expect(run.tool.driver.rules.map((r: {id: string}) => r.id)).toEqual(expect.arrayContaining(['cell-html', 'page-shape', 'table-shape']))
    const useCase = fs.readFileSync(path.join(dir, useCaseRel), 'utf8')
    const stray = positionOf(useCase, '</li></li>')
    const result = run.results.find((r: {ruleId: string}) => r.ruleId === 'cell-html')
    expect(result.level).toBe('warning')
    expect(result.locations[0].physicalLocation).toMatchObject({
      artifactLocation: {uri: useCaseRel},
      region: {startLine: stray.line, startColumn: stray.column + 5, endLine: stray.line, endColumn: stray.column + 10, charOffset: stray.offset + 5, charLength: 5}
    })
    expect(result.fixes[0].artifactChanges[0].replacements[0]).toEqual({deletedRegion: {charOffset: stray.offset + 5, charLength: 5}, insertedContent: {text: ''}})
    // Lines added above: same fingerprints, other lines.
    fs.writeFileSync(path.join(dir, useCaseRel), useCase.replace('### Vendor', 'A note.\n\n### Vendor'))
    const moved = (await sarifOf(dir)).log.runs[0].results.filter((r: {ruleId: string}) => r.ruleId === 'cell-html')
    const before = run.results.filter((r: {ruleId: string}) => r.ruleId === 'cell-html')
    expect(moved.map((r: {partialFingerprints: unknown}) => r.partialFingerprints)).toEqual(before.map((r: {partialFingerprints: unknown}) => r.partialFingerprints))
    expect(moved[0].locations[0].physicalLocation.region.startLine).toBe(stray.line + 2)
  })
})

describe('--max-warnings', () => {
  it('fails when there are more warnings than allowed', async () => {
    const dir = library() // 3 warnings, no errors
    expect((await runCli(['--max-warnings', '3', '.'], dir)).code).toBe(0)
    const over = await runCli(['--max-warnings', '2', '.'], dir)
    expect(over.code).toBe(1)
    expect(notes(over.stderr)).toBe('content-lint: 3 warnings, more than --max-warnings 2\n')
    expect((await runCli(['--max-warnings', 'some', '.'], dir)).code).toBe(2)
  })
})
