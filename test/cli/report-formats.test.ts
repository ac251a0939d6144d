/**
 * The reports people read and the CI formats added with them: `--format markdown`,
 * `junit` (validated with xmllint against a JUnit XSD), `codequality` (validated with
 * ajv against GitLab's documented format), `html` without a browser (what it embeds and
 * links; `html-report.test.ts` opens it in Chromium), `--output`, the stylish report's
 * cut reasons and rule list, `content-lint explain`, and the docs URL in SARIF.
 *
 * Expected counts come from the JSON report of the same run (vfile-reporter-json), not
 * from the code under test.
 */
import fs from 'node:fs'
import path from 'node:path'
import addFormatsModule from 'ajv-formats'
import {Ajv} from 'ajv'
import {afterEach, describe, expect, it} from 'vitest'
import {validateXML} from 'xmllint-wasm'
import {runCli} from '../../src/cli/cli.js'
import {VFile} from 'vfile'
import {formatCodeQuality} from '../../src/cli/formats/codequality.js'
import {escapeData, formatGithub} from '../../src/cli/formats/github.js'
import {formatHtml} from '../../src/cli/formats/html.js'
import {formatJunit, xml} from '../../src/cli/formats/junit.js'
import {formatSarif} from '../../src/cli/formats/sarif.js'
import {formatStylish} from '../../src/cli/formats/stylish.js'
import {reasonWidth} from '../../src/cli/formats/stylish.js'
import {reportData, vendorOf} from '../../src/cli/formats/report-data.js'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {cleanTemps, git, repo, tempDir} from '../helpers/usage-helpers.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void
const schemas = path.join(repo, 'test', 'data', 'report-schemas')

afterEach(() => {
  cleanTemps()
  resetCorpusIndexes()
})

/** A temp copy of the example library (deliberate defects of nine rules). */
function example(): string {
  const dir = tempDir()
  fs.cpSync(path.join(repo, 'examples', 'library'), dir, {recursive: true})
  return dir
}

interface JsonFile {
  path: string
  messages: Array<{ruleId: string; fatal: boolean | null; reason: string; line: number; column: number; note?: string}>
}

/** The findings of a run as vfile-reporter-json reports them. */
async function jsonReport(dir: string, args: string[] = []): Promise<JsonFile[]> {
  return JSON.parse((await runCli(['--format', 'json', ...args, '.'], dir)).stdout) as JsonFile[]
}

const all = (files: JsonFile[]) => files.flatMap((file) => file.messages.map((m) => ({...m, path: file.path})))

describe('--format markdown', () => {
  it('sums up the run: counts by severity and rule, the pages with findings, links to the rules’ pages', async () => {
    const dir = example()
    const findings = all(await jsonReport(dir))
    const errors = findings.filter((f) => f.fatal === true).length
    const warnings = findings.filter((f) => f.fatal === false).length
    const pages = new Set(findings.map((f) => f.path))
    const result = await runCli(['--format', 'markdown', '.'], dir)
    const md = result.stdout
    expect(md.split('\n')[0]).toBe(`## content-lint: ${errors} errors, ${warnings} warnings in ${pages.size} of 19 pages`)
    for (const rule of new Set(findings.map((f) => f.ruleId))) {
      const mine = findings.filter((f) => f.ruleId === rule)
      const e = mine.filter((f) => f.fatal === true).length
      expect(md).toContain(`| [\`${rule}\`](https://github.com/content-lint/content-lint/blob/main/docs/rules/${rule}.md) | ${e} | ${mine.length - e} |`)
    }
    for (const page of pages) expect(md).toContain(`| \`${page}\` | ${findings.filter((f) => f.path === page).length} |`)
  })

  it('with a baseline: how many are new and fixed, the new ones listed, the fixed ones folded', async () => {
    const dir = example()
    await runCli(['--baseline-write', 'baseline.json', '.'], dir)
    // Fix the stray </li> of one use-case page; make a new one in another.
    const fixedPage = path.join(dir, 'UseCases', 'uc_brute_force_attack.md')
    const before = fs.readFileSync(fixedPage, 'utf8')
    fs.writeFileSync(fixedPage, before.replace('</li></li>', '</li>'))
    const newPage = path.join(dir, 'UseCases', 'uc_malware.md')
    fs.writeFileSync(newPage, fs.readFileSync(newPage, 'utf8').replace('</li>', '</li></li>'))
    const md = (await runCli(['--format', 'markdown', '--baseline', 'baseline.json', '.'], dir)).stdout
    expect(md).toContain('### New and fixed against the baseline baseline.json\n\n1 new, 1 fixed.')
    expect(md).toMatch(/<details><summary>New findings<\/summary>\n\n- `UseCases\/uc_malware\.md:\d+:\d+` warning Stray `<\/li>`: no `<li>` is open here `cell-html`\n/)
    expect(md).toContain('| `UseCases/uc_brute_force_attack.md` | `cell-html` | `</li>` | 1 |')
  })

  it('with --since: new and fixed against the merge base, only the new ones listed as new', async () => {
    const dir = example()
    git(dir, 'init', '-q', '-b', 'main')
    git(dir, 'add', '-A')
    git(dir, 'commit', '-q', '-m', 'library')
    const fixedPage = path.join(dir, 'UseCases', 'uc_brute_force_attack.md')
    fs.writeFileSync(fixedPage, fs.readFileSync(fixedPage, 'utf8').replace('</li></li>', '</li>'))
    const newPage = path.join(dir, 'UseCases', 'uc_malware.md')
    fs.writeFileSync(newPage, fs.readFileSync(newPage, 'utf8').replace('</li>', '</li></li>'))
    const md = (await runCli(['--format', 'markdown', '--since', 'main', '.'], dir)).stdout
    expect(md).toMatch(/### New and fixed against the merge base with main \([0-9a-f]{12}\)\n\n1 new, 1 fixed\./)
    // uc_malware.md also has a placeholder technique, known at the merge base: not listed as new.
    const listed = md.split('<summary>New findings</summary>')[1]!.split('</details>')[0]!
    expect(listed.match(/^- /gm)?.length).toBe(1)
    expect(listed).toContain('Stray')
    expect(md).toContain('| `UseCases/uc_brute_force_attack.md` | `cell-html` | `</li>` | 1 |')
    const html = (await runCli(['--format', 'html', '--since', 'main', '.'], dir)).stdout
    const data = JSON.parse(/<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!)
    expect(data.comparison).toEqual({newFindings: 1, fixedCount: 1})
    expect(data.findings.filter((f: unknown[]) => f[12] === 1).length).toBe(1)
  })

  it('escapes what pages say: a pipe in a finding’s text does not break the table', async () => {
    const dir = example()
    const product = path.join(dir, 'DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')
    fs.renameSync(product, path.join(path.dirname(product), 'ds_acme|widget.md'))
    const md = (await runCli(['--format', 'markdown', '.'], dir)).stdout
    const row = md.split('\n').find((line) => line.includes('ds_acme\\|widget.md'))
    expect(row, md).toBeDefined()
    // Three cells: the pipe in the name is escaped, not a fourth cell.
    expect(row!.replace(/\\\|/g, '').split('|').length).toBe(5)
  })
})

describe('--format junit', () => {
  const xsd = () => fs.readFileSync(path.join(schemas, 'junit.xsd'), 'utf8')
  const validate = async (xmlText: string) => validateXML({xml: [{fileName: 'report.xml', contents: xmlText}], schema: [{fileName: 'junit.xsd', contents: xsd()}]})

  it('is valid by the JUnit schema, one failing testcase per finding and a passing one per clean page', async () => {
    const dir = example()
    const findings = all(await jsonReport(dir))
    const report = (await runCli(['--format', 'junit', '.'], dir)).stdout
    const result = await validate(report)
    expect(result.errors, JSON.stringify(result.errors)).toEqual([])
    expect(result.valid).toBe(true)
    expect(report.match(/<failure /g)?.length).toBe(findings.length)
    const clean = 19 - new Set(findings.map((f) => f.path)).size
    expect(report).toContain(`<testsuites name="content-lint" tests="${findings.length + clean}" failures="${findings.length}"`)
    expect(report.match(/<testcase [^>]*\/>/g)?.length).toBe(clean)
    // The schema check is live: a testcase without a name fails it.
    expect((await validate(report.replace(/<testcase name="[^"]*"/, '<testcase'))).valid).toBe(false)
    // A failure carries the note in full.
    const noted = findings.find((f) => f.note)
    if (noted) expect(report).toContain(xml(`note: ${noted.note}`))
  })

  it('writes characters XML cannot hold as U+FFFD and escapes markup', () => {
    expect(xml('a\u0000b\u001Fc <&>"\'')).toBe('a\uFFFDb\uFFFDc &lt;&amp;&gt;&quot;&apos;')
    expect(xml('lone \uD800 high, pair \uD83D\uDE00')).toBe('lone \uFFFD high, pair \uD83D\uDE00')
  })
})

describe('--format codequality', () => {
  it('is valid by GitLab’s format, one issue per finding with its lines and a unique fingerprint', async () => {
    const dir = example()
    const findings = all(await jsonReport(dir))
    const issues = JSON.parse((await runCli(['--format', 'codequality', '.'], dir)).stdout)
    const ajv = new Ajv({allErrors: true, strict: false})
    addFormats(ajv)
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(schemas, 'codequality.schema.json'), 'utf8')))
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true)
    expect(issues.length).toBe(findings.length)
    expect(new Set(issues.map((i: {fingerprint: string}) => i.fingerprint)).size).toBe(issues.length)
    for (const f of findings) {
      expect(issues).toContainEqual(expect.objectContaining({check_name: f.ruleId, location: expect.objectContaining({path: f.path, lines: expect.objectContaining({begin: f.line})})}))
    }
    // The schema check is live.
    expect(validate([{...issues[0], severity: 'loud'}])).toBe(false)
  })
})

describe('--format html without a browser', () => {
  it('is one file that loads nothing from elsewhere, with the data of every finding', async () => {
    const dir = example()
    const findings = all(await jsonReport(dir))
    const html = (await runCli(['--format', 'html', '.'], dir)).stdout
    expect(html.startsWith('<!doctype html>')).toBe(true)
    // No script, style sheet, font or image from elsewhere (html-report.test.ts also blocks the network).
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img/i)
    expect(html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')).not.toMatch(/@import|url\(/)
    const data = JSON.parse(/<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!)
    expect(data.findings.length).toBe(findings.length)
    expect(html).toContain('Chart.js v4')
  })

  it('cannot be broken out of by what a page says', async () => {
    const dir = example()
    const page = path.join(dir, 'UseCases', 'uc_malware.md')
    fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace('</li>', '</li></script><script>window.owned=1</script></li>'))
    const html = (await runCli(['--format', 'html', '.'], dir)).stdout
    expect(html).not.toContain('<script>window.owned')
    const data = JSON.parse(/<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!)
    expect(data.findings.some((f: unknown[]) => f[8] === '</script>')).toBe(true)
  })
})

describe('a finding’s note (its evidence)', () => {
  it('is carried in full by SARIF, GitHub, JUnit, Code Quality, HTML and verbose stylish', async () => {
    const dir = tempDir()
    const file = new VFile({path: path.join(dir, 'DataSources', 'Acme', 'Widget', 'ds_acme_widget.md'), cwd: dir, value: '| a |\n|---|\n| b |\n'})
    const note = 'Library statistics: 41 of 52 products pair `file-read` with `file-write` (0.79);\nreadings: `a` 0.40, `b` 0.35. ' + 'x'.repeat(300)
    const message = file.message('Short reason', {place: {start: {line: 3, column: 3, offset: 12}, end: {line: 3, column: 4, offset: 13}}, ruleId: 'cell-html', source: 'content-lint'})
    message.fatal = false
    message.note = note
    const sarif = JSON.parse(formatSarif([file], dir, {version: 'test'}))
    expect(sarif.runs[0].results[0].message.text).toBe(`Short reason\n\n${note}`)
    expect(formatGithub([file], dir)).toContain(escapeData(`\nnote: ${note}`))
    const data = reportData([file], {cwd: dir, version: 'test'})
    expect(data.findings[0]!.note).toBe(note)
    expect(formatJunit(data)).toContain(xml(`note: ${note}`))
    expect(JSON.parse(formatCodeQuality([file], dir))[0].content.body).toBe(note)
    expect(formatHtml(data)).toContain(JSON.stringify(note).slice(1, 40))
    expect(formatStylish([file], {verbose: true})).toContain(note.split('\n')[1]!)
  })
})

describe('the vendor of a page', () => {
  const settings = {dataSourcesDirs: ['DataSources', 'DS'], useCasesDirs: ['UseCases']}
  it('is the folder under the data sources folder (2021 and today’s layouts); use-case and root pages are groups', () => {
    expect(vendorOf('DataSources/Microsoft/Azure/ds_microsoft_azure.md', settings)).toBe('Microsoft')
    expect(vendorOf('DS/Cisco/ASA/ds_cisco_asa.md', settings)).toBe('Cisco')
    expect(vendorOf('UseCases/uc_malware.md', settings)).toBe('(use-case pages)')
    expect(vendorOf('README.md', settings)).toBe('(other pages)')
    expect(vendorOf('DataSources/README.md', settings)).toBe('(other pages)')
    // The product with an empty vendor keeps its RM and parser pages in the data sources folder itself.
    expect(vendorOf('DS/RM/r_m___Malware.md', settings)).toBe('(other pages)')
  })
})

describe('--output', () => {
  it('writes the report to the file, nothing on stdout; a folder that is not there is one clear line, exit 2', async () => {
    const dir = example()
    const result = await runCli(['--format', 'markdown', '--output', 'summary.md', '.'], dir)
    expect(result.stdout).toBe('')
    expect(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8')).toMatch(/^## content-lint: /)
    const bad = await runCli(['--format', 'html', '--output', 'missing/report.html', '.'], dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^content-lint: Cannot write the report to missing\/report\.html: ENOENT/)
  })
})

describe('--format stylish', () => {
  it('lists each rule once with its count and URL; the example library gives no reason over the width', async () => {
    const dir = example()
    const findings = all(await jsonReport(dir))
    // Every rule's reason fits (issue #20): nothing is cut.
    expect(findings.filter((f) => f.reason.length > reasonWidth).map((f) => f.reason)).toEqual([])
    const report = (await runCli(['.'], dir)).stdout
    const lines = report.split('\n')
    const longest = Math.max(...findings.map((f) => f.reason.length))
    for (const line of lines) expect(line.length).toBeLessThan(longest + 80)
    expect(report).not.toContain('cut at')
    for (const rule of new Set(findings.map((f) => f.ruleId))) {
      const count = findings.filter((f) => f.ruleId === rule).length
      expect(lines.filter((line) => line.includes(`docs/rules/${rule}.md`))).toEqual([expect.stringMatching(new RegExp(`^  ${rule} +${count}  https://`))])
    }
  })

  it('cuts a longer reason (another plugin may give one) at the width and says so; --verbose keeps it whole', () => {
    const dir = tempDir()
    const file = new VFile({path: path.join(dir, 'README.md'), cwd: dir, value: 'x\n'})
    const reason = `A reason of another plugin, ${'far too long '.repeat(20)}for one line`
    const message = file.message(reason, {place: {line: 1, column: 1}, ruleId: 'other-plugin-rule', source: 'other-plugin'})
    message.fatal = false
    const report = formatStylish([file], {})
    expect(report).not.toContain(reason)
    expect(report).toContain(reason.slice(0, reasonWidth - 1).trimEnd() + '…')
    expect(report).toContain(`1 reason was cut at ${reasonWidth} characters`)
    expect(formatStylish([file], {verbose: true})).toContain(reason)
  })
})

describe('content-lint explain', () => {
  it('prints the rule’s page; an unknown rule is one line, exit 2', async () => {
    const page = await runCli(['explain', 'cell-html'])
    expect(page.code).toBe(0)
    expect(page.stdout).toBe(fs.readFileSync(path.join(repo, 'docs', 'rules', 'cell-html.md'), 'utf8').replace(/^<!--.*-->\n\n/, ''))
    const unknown = await runCli(['explain', 'no-such-rule'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/^content-lint: Unknown rule `no-such-rule`; rules: page-shape, /)
  })
})

describe('rule documentation links', () => {
  it('SARIF names each rule’s page as helpUri and carries it as help', async () => {
    const log = JSON.parse((await runCli(['--format', 'sarif', '.'], example())).stdout)
    const rule = log.runs[0].tool.driver.rules.find((r: {id: string}) => r.id === 'cell-html')
    expect(rule.helpUri).toBe('https://github.com/content-lint/content-lint/blob/main/docs/rules/cell-html.md')
    expect(rule.help.markdown).toContain('# cell-html')
  })
})
