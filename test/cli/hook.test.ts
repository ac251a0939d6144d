/**
 * Hook and CI modes: `--staged`, `--since <ref>`, `--dependents`. Only the changed
 * pages and the pages that link to them are checked; facts come from the whole tree.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {cleanTemps, git, gitLibrary, notes} from '../helpers/usage-helpers.js'

afterEach(() => {
  cleanTemps()
  resetCorpusIndexes()
})

interface JsonFile {
  path: string
  messages: Array<{ruleId: string}>
}

/** The files a run checked (`--verbose` lists them all) and the rules that fired in each. */
async function checked(dir: string, args: string[]) {
  const result = await runCli(['--format', 'json', '--verbose', ...args], dir)
  const files = JSON.parse(result.stdout || '[]') as JsonFile[]
  return {result, files: files.map((f) => f.path).sort(), findings: files.flatMap((f) => f.messages.map((m) => `${f.path} ${m.ruleId}`))}
}

const widget = 'DataSources/Acme/Widget'
const gizmo = 'DataSources/Acme/Gizmo'

describe('--staged', () => {
  it('checks nothing, and passes, when no Markdown file is staged', async () => {
    const dir = gitLibrary()
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a page\n')
    git(dir, 'add', 'notes.txt')
    const {result, files} = await checked(dir, ['--staged'])
    expect(files).toEqual([])
    expect(result.code).toBe(0)
  })

  it('checks a staged page and the pages that link to it, not the rest of the library', async () => {
    const dir = gitLibrary()
    const page = path.join(dir, 'UseCases', 'uc_malware.md')
    fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace('<li>app-login</li>', '<li>app-login</li></li>'))
    git(dir, 'add', 'UseCases/uc_malware.md')
    // An unstaged defect elsewhere is not reported.
    fs.appendFileSync(path.join(dir, gizmo, 'RM', 'r_m_acme_gizmo_Malware.md'), '| extra |\n')
    const {files, findings} = await checked(dir, ['--staged'])
    // `grep -l uc_malware.md` over the fixture: the pages that link to the use case.
    expect(files).toEqual([
      `${gizmo}/RM/r_m_acme_gizmo_Malware.md`,
      `${gizmo}/ds_acme_gizmo.md`,
      `${widget}/2_ds_acme_widget.md`,
      `${widget}/RM/r_m_acme_widget_Malware.md`,
      'UseCases/uc_malware.md'
    ])
    // The gizmo RM page is checked as it is in the working tree (the hook framework
    // stashes unstaged changes first; run by hand, the tree is what is read), against
    // HEAD: its unstaged defect is new too.
    expect(findings).toEqual([`${gizmo}/RM/r_m_acme_gizmo_Malware.md table-shape`, 'UseCases/uc_malware.md cell-html'])
  })

  it('re-checks the pages that link to a changed parser page', async () => {
    const dir = gitLibrary()
    const parser = path.join(dir, widget, 'Ps', 'pC_acmewidgetlogin.md')
    fs.writeFileSync(parser, fs.readFileSync(parser, 'utf8').replace('TimeFormat = "yyyy', 'TimeFormat = "YYYY'))
    git(dir, 'add', '-A')
    const {files, findings, result} = await checked(dir, ['--staged'])
    expect(files).toEqual([`${widget}/2_ds_acme_widget.md`, `${widget}/Ps/pC_acmewidgetlogin.md`, `${widget}/ds_acme_widget.md`])
    // The product page's own defect, there before the change, is not reported by
    // default; with --all-findings it shows: the page depends on the changed one.
    expect(findings).toEqual([])
    expect(result.code).toBe(0)
    expect((await runCli(['--staged', '--max-warnings', '0'], dir)).code).toBe(0)
    const all = await checked(dir, ['--staged', '--all-findings'])
    expect(all.findings).toEqual([`${widget}/ds_acme_widget.md table-shape`])
    expect((await runCli(['--staged', '--all-findings', '--max-warnings', '0'], dir)).code).toBe(1)
  })

  it('re-checks the pages that linked to a deleted page', async () => {
    const dir = gitLibrary()
    git(dir, 'rm', '-q', `${widget}/Ps/pC_acmewidgetpwchange.md`)
    const {files} = await checked(dir, ['--staged'])
    expect(files).toEqual([`${widget}/ds_acme_widget.md`])
  })

  it('limits the staged files to the paths given', async () => {
    const dir = gitLibrary()
    fs.appendFileSync(path.join(dir, gizmo, 'Ps', 'pC_acmegizmoprocess.md'), '\n')
    fs.appendFileSync(path.join(dir, 'UseCases', 'uc_malware.md'), '\n')
    git(dir, 'add', '-A')
    const {files} = await checked(dir, ['--staged', 'UseCases'])
    expect(files).toContain('UseCases/uc_malware.md')
    expect(files).not.toContain(`${gizmo}/Ps/pC_acmegizmoprocess.md`)
  })
})

describe('--since and --dependents', () => {
  it('--since checks what a branch changed against the merge base, and its dependents', async () => {
    const dir = gitLibrary()
    git(dir, 'checkout', '-q', '-b', 'change')
    fs.appendFileSync(path.join(dir, gizmo, 'Ps', 'pC_acmegizmoprocess.md'), '\n')
    git(dir, 'commit', '-q', '-am', 'touch the gizmo parser')
    const {files, result} = await checked(dir, ['--since', 'main'])
    expect(files).toEqual([`${gizmo}/Ps/pC_acmegizmoprocess.md`, `${gizmo}/ds_acme_gizmo.md`])
    expect(result.code).toBe(0)
    const wrong = await runCli(['--since', 'no-such-branch'], dir)
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/^content-lint: git diff/)
  })

  it('--dependents adds the pages that link to the files given (what the pre-commit hook runs)', async () => {
    const dir = gitLibrary()
    const {files} = await checked(dir, ['--dependents', `${widget}/Ps/pC_acmewidgetpwchange.md`])
    expect(files).toEqual([`${widget}/Ps/pC_acmewidgetpwchange.md`, `${widget}/ds_acme_widget.md`])
  })

  it('--dependents leaves out linking pages the ignore files list, as a run on the folder does', async () => {
    const dir = gitLibrary()
    const parser = `${widget}/Ps/pC_acmewidgetpwchange.md`
    fs.writeFileSync(path.join(dir, widget, '.remarkignore'), 'ds_acme_widget.md\n')
    const {files} = await checked(dir, ['--dependents', parser])
    expect(files).toEqual([parser])
  })

  it('--dependents with a cache finds the linking pages from recorded link names, and reads a page changed since', async () => {
    const dir = gitLibrary()
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-hook-cache-'))
    try {
      // Link names are recorded only for files unchanged for two seconds (see `settled` in cache.ts).
      await new Promise((resolve) => setTimeout(resolve, 2100))
      await runCli(['--format', 'json', '--cache-location', cache, '.'], dir)
      const recorded = JSON.parse(fs.readFileSync(path.join(cache, 'links.json'), 'utf8')) as {pages: Record<string, [string, string[]]>}
      expect(recorded.pages[path.join(dir, widget, 'ds_acme_widget.md')]?.[1]).toContain('pc_acmewidgetpwchange.md')
      const parser = `${widget}/Ps/pC_acmewidgetpwchange.md`
      resetCorpusIndexes()
      const before = await checked(dir, ['--cache-location', cache, '--dependents', parser])
      expect(before.files).toEqual([parser, `${widget}/ds_acme_widget.md`])
      // Gizmo's product page now links to the parser page too: its recorded names are
      // of its old text (another stat), so it is read and found.
      fs.appendFileSync(path.join(dir, gizmo, 'ds_acme_gizmo.md'), '\n[see also](../Widget/Ps/pC_acmewidgetpwchange.md)\n')
      resetCorpusIndexes()
      const after = await checked(dir, ['--cache-location', cache, '--dependents', parser])
      expect(after.files).toEqual([`${gizmo}/ds_acme_gizmo.md`, parser, `${widget}/ds_acme_widget.md`])
      resetCorpusIndexes()
      expect(after.files).toEqual((await checked(dir, ['--no-cache', '--dependents', parser])).files)
    } finally {
      fs.rmSync(cache, {recursive: true, force: true})
    }
  })

  it('--staged outside a git repository is a usage error', async () => {
    const dir = gitLibrary()
    fs.rmSync(path.join(dir, '.git'), {recursive: true})
    const result = await runCli(['--staged'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n').length).toBe(1)
  })
})

/** A STIX bundle of the test data's release 2.0 (T1204 User Execution, T1078 Valid Accounts, …). */
const attack = path.join(import.meta.dirname, '..', 'data', 'attack', 'enterprise-attack-2.0.json')

describe('only the findings a change brings (hook and CI modes)', () => {
  const product = `${widget}/ds_acme_widget.md`
  const edit = (dir: string, page: string, from: string, to: string) => {
    const file = path.join(dir, page)
    const text = fs.readFileSync(file, 'utf8')
    expect(text).toContain(from)
    fs.writeFileSync(file, text.replace(from, to))
    git(dir, 'add', '-A')
  }

  it('passes a whitespace-only change to a page with old findings, and says how many it left out', async () => {
    const dir = gitLibrary()
    // The Widget product page has a finding from before (the Next Page link read as a row).
    edit(dir, product, 'Product: Widget\n', 'Product: Widget  \n')
    const result = await runCli(['--staged', '--max-warnings', '0'], dir)
    expect(result.stdout).toBe('')
    expect(result.code).toBe(0)
    // The use-case page linking to it is checked too, with its two stray `</li>`.
    expect(notes(result.stderr)).toBe('content-lint: 3 findings were there before the change and are not reported (--all-findings shows them)\n')
    const all = await checked(dir, ['--staged', '--all-findings'])
    expect(all.findings).toEqual(['DataSources/Acme/Widget/ds_acme_widget.md table-shape', 'UseCases/uc_account_manipulation.md cell-html', 'UseCases/uc_account_manipulation.md cell-html'])
  })

  it('blocks a changed count and a misspelt technique name, and reports only those', async () => {
    const dir = gitLibrary()
    edit(dir, product, '|   3   |   1    |', '|   4   |   1    |')
    edit(dir, 'UseCases/uc_malware.md', 'T1204 - User Execution<br>', 'T1204 - User Exection<br>')
    const {result, findings} = await checked(dir, ['--staged', '--attack', attack])
    expect(findings).toEqual([`${product} summary-count`, 'UseCases/uc_malware.md attack-technique'])
    expect(result.code).toBe(1) // attack-technique is an error
  })

  it('matches old findings whatever lines were added above them, and counts them', async () => {
    const dir = gitLibrary()
    const page = 'UseCases/uc_account_manipulation.md'
    const before = fs.readFileSync(path.join(dir, page), 'utf8')
    // The page's row has two stray `</li>` (cell-html); lines added above move them down,
    // and a third in the same row is one new finding.
    const at = before.indexOf('</li></li>')
    const moved = 'A line of introduction.\n\n' + before.slice(0, at) + '</li></li></li>' + before.slice(at + '</li></li>'.length)
    fs.writeFileSync(path.join(dir, page), moved)
    git(dir, 'add', '-A')
    const {findings, result} = await checked(dir, ['--staged'])
    expect(findings).toEqual([`${page} cell-html`])
    const all = await checked(dir, ['--staged', '--all-findings'])
    // The product page linking to the use case is checked too, with its old finding.
    expect(all.findings).toEqual([`${product} table-shape`, `${page} cell-html`, `${page} cell-html`, `${page} cell-html`])
    expect(notes(result.stderr)).toMatch(/^content-lint: 3 findings were there before the change/)
  })

  it('reports what a change to a linked page brings to the pages that read it', async () => {
    const dir = gitLibrary()
    // The parser page's Name no longer matches its link text on the product pages.
    edit(dir, `${widget}/Ps/pC_acmewidgetlogin.md`, 'Name = acme-widget-login', 'Name = acme-widget-signin')
    const {findings} = await checked(dir, ['--staged'])
    expect(findings.filter((f) => f.endsWith('parser-name')).sort()).toEqual(
      [`${widget}/2_ds_acme_widget.md parser-name`, `${widget}/Ps/pC_acmewidgetlogin.md parser-name`, `${product} parser-name`].sort()
    )
    expect(findings).not.toContain(`${product} table-shape`)
  })

  it('reports the dead links a deleted page leaves, the linking pages read as they were before', async () => {
    const dir = gitLibrary()
    git(dir, 'rm', '-q', `${widget}/Ps/pC_acmewidgetpwchange.md`)
    const {findings, result} = await checked(dir, ['--staged'])
    expect(findings).toContain(`${product} no-dead-link`)
    expect(findings).not.toContain(`${product} table-shape`)
    expect(result.code).toBe(1)
  })

  it('--since compares with the merge base; --dependents with HEAD', async () => {
    const dir = gitLibrary()
    git(dir, 'checkout', '-q', '-b', 'change')
    fs.appendFileSync(path.join(dir, product), '\n')
    git(dir, 'commit', '-q', '-am', 'whitespace')
    const since = await checked(dir, ['--since', 'main'])
    expect(since.findings).toEqual([])
    expect((await checked(dir, ['--since', 'main', '--all-findings'])).findings).toContain(`${product} table-shape`)
    // What a hook framework passes: the files, compared with HEAD.
    edit(dir, product, '|   3   |   1    |', '|   4   |   1    |')
    expect((await checked(dir, ['--dependents', product])).findings).toEqual([`${product} summary-count`])
  })

  it('--all-findings goes with hook and CI modes only', async () => {
    const dir = gitLibrary()
    const result = await runCli(['--all-findings', '.'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('content-lint: --all-findings goes with --staged, --since or --dependents\n')
  })
})
