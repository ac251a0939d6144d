/**
 * The CLI as its users run it: configuration found like remark-cli, ignore files,
 * formats, severity overrides and exit codes. Each test works on a temp copy of
 * fixture pages.
 */
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterEach, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {rulesById} from '../../src/preset/rules.js'
import {fixturesRoot} from '../helpers/harness.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
const temps: string[] = []

/** A temp folder holding a copy of a fixture library (plus a `.git` so ignore files stop there). */
function library(fixture: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-cli-'))
  temps.push(dir)
  fs.cpSync(path.join(fixturesRoot, fixture), dir, {recursive: true})
  fs.mkdirSync(path.join(dir, '.git'))
  return dir
}

afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, {recursive: true, force: true})
})

interface JsonFile {
  path: string
  cwd: string
  history: string[]
  messages: Array<Record<string, unknown>>
}

const json = (stdout: string) => JSON.parse(stdout) as JsonFile[]

/** `--rule id=off` for every rule but these: each test looks at the rules of its fixture. */
function only(...ids: string[]): string[] {
  return [...rulesById.keys()].filter((id) => !ids.includes(id)).flatMap((id) => ['--rule', `${id}=off`])
}
const ruleIds = (files: JsonFile[]) => files.flatMap((f) => f.messages.map((m) => m.ruleId)).sort()

describe('content-lint CLI', () => {
  it('prints vfile-reporter-json with source, ruleId, place, actual and expected', async () => {
    const dir = library('cell-html')
    const result = await runCli(['--format', 'json', ...only('cell-html'), '.'], dir)
    expect(result.code).toBe(0) // cell-html warns by default: no errors
    const files = json(result.stdout)
    expect(files.length).toBe(2) // only pages with findings (the fixture has two)
    for (const file of files) {
      expect(Object.keys(file)).toEqual(['path', 'cwd', 'history', 'messages'])
      for (const message of file.messages) {
        expect(message.source).toBe('content-lint')
        expect(message.ruleId).toBe('cell-html')
        expect(message.place).toHaveProperty('start.line')
        expect(message.place).toHaveProperty('end.column')
        expect(typeof message.actual).toBe('string')
        expect(Array.isArray(message.expected)).toBe(true)
        expect(message.fatal).toBe(false)
      }
    }
  })

  it('exits 1 when a rule reports an error, 0 when only warnings or nothing', async () => {
    expect((await runCli([...only('page-shape'), '.'], library('page-shape'))).code).toBe(1)
    expect((await runCli([...only('table-shape'), '.'], library('table-shape'))).code).toBe(0)
    const clean = library('page-shape')
    fs.rmSync(path.join(clean, 'DataSources', 'Acme', 'Gadget'), {recursive: true})
    fs.rmSync(path.join(clean, 'UseCases', 'uc_malware.md'))
    const result = await runCli(['--verbose', ...only('page-shape'), '.'], clean)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/no issues found/)
  })

  it('exits 2 with one line on usage errors', async () => {
    const dir = library('cell-html')
    for (const args of [['--no-such-flag'], ['--format', 'xml', '.'], ['--rule', 'no-such-rule=off', '.'], ['--rule', 'cell-html=loud', '.'], ['missing-folder']]) {
      const result = await runCli(args, dir)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr.trim().split('\n').length, args.join(' ')).toBe(1)
      expect(result.stderr).toMatch(/^content-lint: /)
    }
  })

  it('overrides a rule severity from the command line, keeping the rest', async () => {
    const dir = library('page-shape')
    const off = await runCli(['--format', 'json', ...only(), '.'], dir)
    expect(off.code).toBe(0)
    expect(ruleIds(json(off.stdout))).toEqual([])
    const warn = await runCli(['--format', 'json', ...only('page-shape'), '--rule', 'page-shape=warn', '.'], dir)
    expect(warn.code).toBe(0)
    expect(ruleIds(json(warn.stdout)).length).toBe(7)
  })

  it('finds .remarkrc.json nearest to each file, like remark-cli', async () => {
    const dir = library('page-shape')
    // Only under Acme/Gadget is page-shape turned off.
    const gadget = path.join(dir, 'DataSources', 'Acme', 'Gadget')
    const presetUrl = new URL('../../dist/src/preset/preset.js', import.meta.url).href
    fs.writeFileSync(path.join(gadget, '.remarkrc.mjs'), `import preset, {rules} from '${presetUrl}'\nexport default {plugins: [preset, [rules.pageShape, 'off']]}\n`)
    const result = await runCli(['--format', 'json', ...only('page-shape'), '.'], dir)
    const pages = json(result.stdout).filter((f) => f.messages.length > 0).map((f) => path.relative(dir, path.resolve(dir, f.path)))
    expect(pages).toEqual([path.join('UseCases', 'uc_malware.md')])
  })

  it('reads package.json#remarkConfig', async () => {
    const dir = library('page-shape')
    const presetPath = path.join(repo, 'dist', 'src', 'preset', 'preset.js')
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({name: 'library', remarkConfig: {plugins: [presetPath, [path.join(repo, 'dist', 'rules', 'page-shape.js'), 'off']]}})
    )
    // Every other rule is off from the command line; page-shape only in package.json.
    const others = only('page-shape')
    const result = await runCli(['--format', 'json', ...others, '.'], dir)
    expect(result.code).toBe(0)
    expect(ruleIds(json(result.stdout))).toEqual([])
  })

  it('exits 2 naming the file when the configuration is malformed', async () => {
    const dir = library('page-shape')
    fs.writeFileSync(path.join(dir, '.remarkrc.json'), '{"plugins": [')
    const result = await runCli(['.'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n').length).toBe(1)
    expect(result.stderr).toMatch(/\.remarkrc\.json/)
  })

  it('exits 2 on an unknown rule option', async () => {
    const dir = library('page-shape')
    const rulePath = path.join(repo, 'dist', 'rules', 'page-shape.js')
    fs.writeFileSync(path.join(dir, '.remarkrc.json'), JSON.stringify({plugins: [[rulePath, ['error', {strict: true}]]]}))
    const result = await runCli(['.'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/Invalid options for content-lint rule `page-shape`/)
  })

  it('honours .gitignore and .remarkignore', async () => {
    const dir = library('page-shape')
    fs.writeFileSync(path.join(dir, '.gitignore'), 'DataSources/Acme/Gadget/\n')
    fs.writeFileSync(path.join(dir, 'UseCases', '.remarkignore'), 'uc_malware.md\n')
    const result = await runCli(['--format', 'json', ...only('page-shape'), '.'], dir)
    expect(result.code).toBe(0)
    expect(ruleIds(json(result.stdout))).toEqual([])
  })

  it('turns a rule that throws on a page into one fatal finding there, and goes on', async () => {
    const dir = library('page-shape')
    const rule = new URL('../../dist/src/lint/rule.js', import.meta.url).href
    const preset = new URL('../../dist/src/preset/preset.js', import.meta.url).href
    fs.writeFileSync(
      path.join(dir, 'breaks.mjs'),
      `import {defineRule, noOptions} from '${rule}'\nexport default defineRule({id: 'breaks-on-gadget', description: 'test', defaultSeverity: 'warn', fixable: false, options: noOptions}, ({page}) => {\n  if (page.path.includes('Gadget/ds_')) throw new Error('boom')\n})\n`
    )
    fs.writeFileSync(path.join(dir, '.remarkrc.mjs'), `import preset from '${preset}'\nimport breaks from './breaks.mjs'\nexport default {plugins: [preset, breaks]}\n`)
    const result = await runCli(['--format', 'json', ...only(), '.'], dir)
    expect(result.code).toBe(1)
    const crashes = json(result.stdout).flatMap((f) => f.messages.map((m) => ({path: f.path, ...m})))
    expect(crashes).toMatchObject([{path: path.join('DataSources', 'Acme', 'Gadget', 'ds_acme_gadget.md'), ruleId: 'breaks-on-gadget', fatal: true, reason: 'Rule `breaks-on-gadget` crashed on this page: boom'}])
  })

  it('honours <!-- lint disable/enable/ignore --> comments for content-lint findings', async () => {
    const dir = library('cell-html')
    const page = path.join(dir, 'UseCases', 'uc_malware.md')
    const text = fs.readFileSync(page, 'utf8')
    const before = await runCli(['--format', 'json', ...only('cell-html'), '.'], dir)
    expect(ruleIds(json(before.stdout)).length).toBe(4)
    // Disable cell-html for the use-case page's table; the RM page keeps its three.
    fs.writeFileSync(page, text.replace('### Vendor: Acme', '### Vendor: Acme\n\n<!-- lint disable cell-html -->\n'))
    const disabled = await runCli(['--format', 'json', ...only('cell-html'), '.'], dir)
    expect(ruleIds(json(disabled.stdout)).length).toBe(3)
    fs.writeFileSync(page, text.replace('### Vendor: Acme', '### Vendor: Acme\n\n<!-- lint ignore cell-html -->\n'))
    const ignored = await runCli(['--format', 'json', ...only('cell-html'), '.'], dir)
    expect(ruleIds(json(ignored.stdout)).length).toBe(3)
  })

  it('counts pages by kind with --stats', async () => {
    const result = await runCli(['--stats', '.'], library('page-shape'))
    const lines = result.stderr.split('\n')
    const kinds = lines.slice(lines.indexOf('Pages by kind:') + 1).filter((line) => line.startsWith('  ')).map((line) => line.trim().replace(/; checks: .*/, ''))
    // The fixture's pages, and the use-case rows of its two product pages (one row each;
    // the Next Page line read as a row is no use case), the continuation page's one row,
    // the RM pages' four event type rows, and the one use-case page with a product table.
    expect(kinds).toEqual([
      'continuation: 1 page, 1 table row',
      'index: 1 page',
      'parser: 3 pages',
      'product: 2 pages, 2 table rows',
      'rules-and-models: 3 pages, 4 table rows',
      'unknown: 1 page',
      'use-case: 2 pages, 1 table row'
    ])
    // Which checks ran on each kind: summary-count on product and RM pages only.
    const checksOf = (kind: string) => lines.find((line) => line.startsWith(`  ${kind}:`))!.replace(/.*; checks: /, '').split(', ')
    expect(checksOf('product')).toContain('summary-count')
    expect(checksOf('rules-and-models')).toContain('summary-count')
    expect(checksOf('parser')).not.toContain('summary-count')
    expect(checksOf('use-case')).not.toContain('event-type-parser')
  })

  it('runs as a bin: --version and --help', async () => {
    const run = promisify(execFile)
    const bin = path.join(repo, 'dist', 'src', 'cli', 'cli.js')
    const {stdout} = await run(process.execPath, [bin, '--version'])
    expect(stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version)
    const help = await run(process.execPath, [bin, '--help'])
    expect(help.stdout).toMatch(/^Usage: content-lint/)
    const failed = await run(process.execPath, [bin, '--bogus']).catch((error: {code: number; stderr: string}) => error)
    expect(failed).toMatchObject({code: 2})
  })
})

describe('a folder that is no content library', () => {
  const line = (n: number) =>
    `content-lint: no page of a content library among the ${n} Markdown file${n === 1 ? '' : 's'} checked: pages are recognised in DataSources/ and UseCases/ folders under the content root (--root)\n`

  it('says in one line that nothing was recognised, exit 0: an empty folder, a README only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-cli-'))
    temps.push(dir)
    expect(await runCli([], dir)).toMatchObject({code: 0, stdout: '', stderr: line(0)})
    fs.writeFileSync(path.join(dir, 'README.md'), '# Notes\n\nNot a library.\n')
    expect(await runCli([], dir)).toMatchObject({code: 0, stdout: '', stderr: line(1)})
  })

  it('exits 2 when a folder given holds no Markdown file', async () => {
    const dir = library('usage')
    fs.mkdirSync(path.join(dir, 'empty'))
    fs.writeFileSync(path.join(dir, 'empty', 'notes.txt'), 'text\n')
    expect(await runCli(['empty'], dir)).toMatchObject({code: 2, stdout: '', stderr: 'content-lint: No Markdown file to check in empty (none there, or all ignored)\n'})
    // A library says nothing of the kind.
    expect((await runCli(['--format', 'json', '.'], dir)).stderr).not.toMatch(/no page of a content library/)
  })
})

describe('the note that ATT&CK data is turned off', () => {
  it('is printed on warm runs as on cold ones, and before the report', async () => {
    const dir = library('usage')
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-cli-cache-'))
    temps.push(cache)
    const note = /^content-lint: ATT&CK data is turned off \(--attack none\), so technique and tactic names were not checked/m
    const cold = await runCli(['--attack', 'none', '--cache-location', cache, '.'], dir)
    const warm = await runCli(['--attack', 'none', '--cache-location', cache, '.'], dir)
    expect(warm.run?.fromCache).toBeGreaterThan(0)
    for (const run of [cold, warm]) expect(run.stderr).toMatch(note)
    // Through the built CLI with stdout and stderr on one pipe, as a hook framework reads them.
    const bin = path.join(repo, 'dist', 'src', 'cli', 'cli.js')
    const {stdout} = await promisify(execFile)('sh', ['-c', `"${process.execPath}" "${bin}" --attack none --cache-location "${cache}" . 2>&1; true`], {cwd: dir})
    expect(stdout).toMatch(note)
    expect(stdout.indexOf('DataSources/Acme/Widget/ds_acme_widget.md')).toBeGreaterThan(stdout.indexOf('ATT&CK data is turned off'))
  })
})

describe('the preset with remark-cli', () => {
  it('reports content-lint findings through a content repository’s own .remarkrc.js', async () => {
    const dir = library('cell-html')
    // The content repository has content-lint installed as a package.
    fs.mkdirSync(path.join(dir, 'node_modules'))
    fs.symlinkSync(repo, path.join(dir, 'node_modules', 'content-lint'), 'dir')
    // remark-cli loads `--report json` from the content repository's own packages.
    fs.symlinkSync(path.join(repo, 'node_modules', 'vfile-reporter-json'), path.join(dir, 'node_modules', 'vfile-reporter-json'), 'dir')
    fs.writeFileSync(path.join(dir, '.remarkrc.js'), "import contentLint from 'content-lint/preset'\nexport default {plugins: [contentLint]}\n")
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type": "module"}\n')
    const remark = path.join(repo, 'node_modules', 'remark-cli', 'cli.js')
    const run = promisify(execFile)
    const result = await run(process.execPath, [remark, '.', '--quiet', '--report', 'json'], {cwd: dir}).catch((error: {stdout: string; stderr: string}) => error)
    const files = JSON.parse(result.stderr) as JsonFile[]
    const ids = ruleIds(files).filter((id) => id === 'cell-html')
    expect(ids).toEqual(['cell-html', 'cell-html', 'cell-html', 'cell-html'])
  })
})
