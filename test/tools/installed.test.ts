/**
 * content-lint as its users install it: the package is packed (`npm pack`), the tarball
 * installed into a temporary content repository with its own `package.json` (`npm init
 * -y`: CommonJS) and `.remarkrc.mjs` (the README's), and everything is run from that
 * repository's `node_modules/.bin`: the CLI, remark-cli with the preset, the language
 * server over stdio, and a commit hook. The unit tests drive the code from inside the
 * checkout, where a missing `bin` or `exports` entry goes unnoticed.
 *
 * One repository is packed and installed for the whole file (a minute: npm fetches the
 * dependencies). The tests on the 2021 snapshot (`../shared`) say so when they skip.
 */
import {execFile, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Diagnostic} from 'vscode-languageserver-protocol/node.js'
import {LspSession} from '../helpers/lsp-client.js'
import {cleanTemps, git, positionOf, repo, tempDir} from '../helpers/usage-helpers.js'
import {fixturesRoot} from '../helpers/harness.js'

const run = promisify(execFile)
const sharedCorpus = path.resolve(repo, '..', 'shared', 'corpus', 'content-doc-2021-11-11')
const sharedAttack = path.resolve(repo, '..', 'shared', 'attack')
const haveSnapshot = fs.existsSync(sharedCorpus) && fs.existsSync(sharedAttack)
if (!haveSnapshot) console.warn(`SKIPPED the installed package's tests on the 2021 snapshot: no ${sharedCorpus} or ${sharedAttack}`)

/** The README's `.remarkrc.mjs`, with ATT&CK data from the repository's `attack/` folder. */
const remarkrc = (attack: string) => `import {fileURLToPath} from 'node:url'
import contentLint, {remarkContentLint} from 'content-lint/preset'

export default {
  plugins: [
    contentLint,
    [remarkContentLint, {attack: ${attack}}]
  ]
}
`

interface JsonMessage {
  ruleId: string
  reason: string
  fatal: boolean | null
  note?: string
  place: {start: {line: number; column: number}; end: {line: number; column: number}}
}

/** A CLI finding as the language server must give it: LSP positions are 0-based. */
function asDiagnostic(m: JsonMessage) {
  return {
    range: {start: {line: m.place.start.line - 1, character: m.place.start.column - 1}, end: {line: m.place.end.line - 1, character: m.place.end.column - 1}},
    code: m.ruleId,
    severity: m.fatal ? 1 : 2,
    message: m.note ? `${m.reason}\n${m.note}` : m.reason
  }
}

const comparable = (d: Diagnostic) => ({range: d.range, code: d.code, severity: d.severity, message: d.message})
const byPlace = <T extends {range: Diagnostic['range']; code?: unknown; message: string}>(list: T[]) =>
  [...list].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code)) || a.message.localeCompare(b.message))

let content = ''
let env: NodeJS.ProcessEnv = {}
const bin = (name: string) => path.join(content, 'node_modules', '.bin', name)

/** The installed CLI's JSON report: relative path → messages. */
async function cliFindings(cwd: string, args: string[]): Promise<Map<string, JsonMessage[]>> {
  const result = await run(bin('content-lint'), ['--format', 'json', ...args], {cwd, env, maxBuffer: 1 << 28}).catch((error: {stdout: string}) => error)
  const files = JSON.parse(result.stdout || '[]') as Array<{path: string; messages: JsonMessage[]}>
  return new Map(files.map((file) => [file.path, file.messages]))
}

beforeAll(async () => {
  const packed = tempDir('content-lint-pack-')
  // `npm test` has just built dist/; packing runs no script (a second build would
  // rewrite dist/ under the tests running beside this one).
  const {stdout} = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', packed], {cwd: repo})
  const tarball = path.join(packed, stdout.trim().split('\n').pop()!)
  content = tempDir('content-lint-installed-')
  fs.cpSync(path.join(fixturesRoot, 'usage'), content, {recursive: true})
  env = {...process.env, XDG_CACHE_HOME: tempDir('content-lint-installed-cache-')}
  await run('npm', ['init', '-y'], {cwd: content, env})
  const remarkCli = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {devDependencies: Record<string, string>}).devDependencies['remark-cli']
  await run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', tarball, `remark-cli@${remarkCli}`], {cwd: content, env, maxBuffer: 1 << 26})
  fs.mkdirSync(path.join(content, 'attack'))
  fs.copyFileSync(path.join(repo, 'test', 'data', 'attack', 'enterprise-attack-2.0.json'), path.join(content, 'attack', 'enterprise-attack.json'))
  fs.writeFileSync(path.join(content, '.remarkrc.mjs'), remarkrc(`fileURLToPath(new URL('attack/enterprise-attack.json', import.meta.url))`))
  git(content, 'init', '-q', '-b', 'main')
  fs.writeFileSync(path.join(content, '.gitignore'), 'node_modules/\n')
  git(content, 'add', '-A')
  git(content, 'commit', '-q', '-m', 'content repository')
}, 600_000)

afterAll(() => cleanTemps())

const widget = 'DataSources/Acme/Widget/ds_acme_widget.md'
const useCase = 'UseCases/uc_account_manipulation.md'

/** The fixture's defects, located here independently of the tool. */
function knownFindings(): string[] {
  const product = fs.readFileSync(path.join(content, widget), 'utf8')
  const next = positionOf(product, '[Next Page -->>](2_ds_acme_widget.md)')
  const text = fs.readFileSync(path.join(content, useCase), 'utf8')
  const strays = [1, 2].map((nth) => positionOf(text, '</li></li>', nth))
  return [
    `${widget} ${next.line}:1-${next.line}:${next.column + '[Next Page -->>](2_ds_acme_widget.md)'.length} table-shape`,
    ...strays.map((at) => `${useCase} ${at.line}:${at.column + 5}-${at.line}:${at.column + 10} cell-html`)
  ]
}

describe('the package installed from its tarball', () => {
  it('runs the CLI from node_modules/.bin, with the configuration and ATT&CK data of .remarkrc.mjs', async () => {
    const {stdout: version} = await run(bin('content-lint'), ['--version'], {cwd: content, env})
    expect(version.trim()).toBe((JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {version: string}).version)
    const found = await cliFindings(content, ['.'])
    const list = [...found].flatMap(([file, messages]) => messages.map((m) => `${file} ${m.place.start.line}:${m.place.start.column}-${m.place.end.line}:${m.place.end.column} ${m.ruleId}`))
    expect(list).toEqual(knownFindings())
    // `npx content-lint`, as the README says: the one line about the run is which ATT&CK
    // data it checked against, the file .remarkrc.mjs names (no note that data is missing).
    const viaNpx = await run('npx', ['content-lint', '.'], {cwd: content, env})
    expect(viaNpx.stderr).toMatch(/^content-lint: checked against ATT&CK v\S+ \(file attack\/enterprise-attack\.json\)\n$/)
    expect(viaNpx.stdout).toContain('table-shape')
  })

  it('runs a rule of the content repository that imports defineRule from content-lint', async () => {
    fs.writeFileSync(
      path.join(content, 'widget-rule.mjs'),
      `import {defineRule, noOptions} from 'content-lint'
export default defineRule(
  {id: 'no-widget', description: 'No page names the Widget', defaultSeverity: 'warn', fixable: false, options: noOptions},
  ({page, report}) => {
    for (const heading of page.headings) if (heading.text.includes('Widget')) report({reason: 'A heading names the Widget', span: heading.span})
  }
)
`
    )
    fs.writeFileSync(path.join(content, 'own-rule.mjs'), `import contentLint from 'content-lint/preset'\nimport widget from './widget-rule.mjs'\nexport default {plugins: [contentLint, widget]}\n`)
    try {
      const found = await cliFindings(content, ['--config', 'own-rule.mjs', widget])
      expect(found.get(widget)?.map((m) => m.ruleId)).toEqual(['no-widget', 'table-shape'])
    } finally {
      fs.rmSync(path.join(content, 'widget-rule.mjs'))
      fs.rmSync(path.join(content, 'own-rule.mjs'))
    }
  })

  it('gives remark-cli with the preset the same findings as the CLI', async () => {
    const result = await run(bin('remark'), ['.', '--quiet', '--no-stdout', '--no-color'], {cwd: content, env}).catch((error: {stdout: string; stderr: string}) => error)
    // remark-cli's report: a file name line, then `line:column-line:column  warning  reason  rule  source`.
    let file = ''
    const list: string[] = []
    for (const line of result.stderr.split('\n')) {
      const finding = /^\s*(\d+:\d+-\d+:\d+)\s+(?:warning|error)\s.*\s(\S+)\s+content-lint$/.exec(line)
      if (finding) list.push(`${file} ${finding[1]} ${finding[2]}`)
      else if (/\.md$/.test(line.trim())) file = line.trim()
    }
    expect(list).toEqual(knownFindings())
  })

  it('runs the language server as the README’s editor settings start it: the CLI’s diagnostics, quick fixes applied, edits checked again', async () => {
    const expected = await cliFindings(content, [useCase, widget])
    // `npx --no-install content-lint-language-server --stdio`, in the workspace, with no cache yet.
    const session = await LspSession.start('npx', ['--no-install', 'content-lint-language-server'], content, {...env, XDG_CACHE_HOME: tempDir('content-lint-installed-cache-')})
    try {
      for (const page of [useCase, widget]) {
        const uri = pathToFileURL(path.join(content, page)).href
        await session.open(uri, fs.readFileSync(path.join(content, page), 'utf8'))
        const {diagnostics} = await session.diagnostics(uri)
        expect(byPlace(diagnostics.map(comparable))).toEqual(byPlace(expected.get(page)!.map(asDiagnostic)))
        expect(diagnostics.every((d) => d.source === 'content-lint')).toBe(true)
      }
      // Fix the first stray `</li>` by its quick fix; the page is checked again.
      const uri = pathToFileURL(path.join(content, useCase)).href
      const [first] = (await session.diagnostics(uri)).diagnostics
      const actions = await session.quickFixes(uri, first!)
      expect(actions.map((a) => [a.title, a.isPreferred])).toEqual([['Remove `</li>`', true]])
      await session.apply(uri, actions[0]!)
      const after = await session.diagnostics(uri)
      expect(after.diagnostics.map((d) => d.code)).toEqual(['cell-html'])
      // An edit that makes a finding: a misspelt technique name, fixed by its quick fix.
      const text = session.document(uri).getText()
      await session.change(uri, text.replace('T1098 - Account Manipulation', 'T1098 - Acount Manipulation'))
      const misspelt = (await session.diagnostics(uri)).diagnostics.find((d) => d.code === 'attack-technique')!
      expect(misspelt.message).toMatch(/Acount Manipulation/)
      const fix = await session.quickFixes(uri, misspelt)
      expect(fix.map((a) => a.title)).toEqual(['Replace `Acount Manipulation` with `Account Manipulation`'])
      await session.apply(uri, fix[0]!)
      expect((await session.diagnostics(uri)).diagnostics.map((d) => d.code)).toEqual(['cell-html'])
      // Nothing logged about a processor it could not find, and nothing on stderr.
      expect(session.logs.filter((line) => /Cannot find/.test(line))).toEqual([])
      expect(session.stderr).toBe('')
    } finally {
      await session.stop()
    }
  })
})

describe('the package installed from its tarball, as a commit hook', () => {
  const commit = (message: string) => {
    const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', 'commit', '-m', message], {cwd: content, env, encoding: 'utf8'})
    return {status: result.status, output: result.stdout + result.stderr}
  }
  const edit = (page: string, from: string, to: string) => {
    const file = path.join(content, page)
    const text = fs.readFileSync(file, 'utf8')
    expect(text).toContain(from)
    fs.writeFileSync(file, text.replace(from, to))
    git(content, 'add', page)
  }
  const last = () => git(content, 'log', '--format=%s', '-1').trim()
  const hookScenarios = async () => {
    const start = git(content, 'rev-parse', 'HEAD').trim()
    try {
      await scenarios()
    } finally {
      // Whatever failed, the next test starts from the same commit and a clean tree.
      git(content, 'reset', '-q', '--hard', start)
    }
  }
  const scenarios = async () => {
    // A whitespace-only change to a page with a finding from before: committed, with no baseline file.
    edit(widget, 'Product: Widget\n', 'Product: Widget \n')
    const spaces = commit('trailing space')
    expect(spaces.status, spaces.output).toBe(0)
    expect(last()).toBe('trailing space')
    // A misspelt technique name: blocked, the finding shown.
    edit('UseCases/uc_malware.md', 'T1204 - User Execution', 'T1204 - User Exection')
    const misspelt = commit('misspelt technique')
    expect(misspelt.status).toBe(1)
    // The reason says what is wrong; the name as written is in the finding's note and range.
    expect(misspelt.output).toMatch(/UseCases\/uc_malware\.md\n\s*\d+:\d+-\d+:\d+\s+error\s+Misspelt name of T1204\b.*attack-technique/)
    expect(last()).toBe('trailing space')
    git(content, 'checkout', 'HEAD', '--', 'UseCases/uc_malware.md')
    // A changed count: blocked (warnings block with --max-warnings=0).
    edit(widget, '|   3   |   1    |', '|   4   |   1    |')
    const count = commit('count')
    expect(count.status).toBe(1)
    expect(count.output).toMatch(/Rules says 4\b.*summary-count/)
    expect(last()).toBe('trailing space')
    git(content, 'checkout', 'HEAD', '--', widget)
    git(content, 'reset', '-q', '--hard', 'HEAD~1')
  }

  it('a git hook running `npx content-lint --staged --max-warnings=0` (husky) blocks what a commit breaks, and only that', async () => {
    const hook = path.join(content, '.git', 'hooks', 'pre-commit')
    fs.writeFileSync(hook, '#!/bin/sh\nnpx content-lint --staged --max-warnings=0\n', {mode: 0o755})
    try {
      await hookScenarios()
    } finally {
      fs.rmSync(hook)
    }
  })

  const havePreCommit = spawnSync('pre-commit', ['--version'], {stdio: 'ignore'}).status === 0
  if (!havePreCommit) console.warn('SKIPPED the pre-commit `repo: local` test: pre-commit is not installed (apt-get install pre-commit)')

  it.skipIf(!havePreCommit)('pre-commit with the README’s `repo: local` hook does the same', async () => {
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8')
    const config = /```yaml\n(# \.pre-commit-config\.yaml[^\n]*\nrepos:\n {2}- repo: local\n[\s\S]*?)```/.exec(readme)?.[1]
    expect(config, 'the README shows a `repo: local` .pre-commit-config.yaml').toBeDefined()
    fs.writeFileSync(path.join(content, '.pre-commit-config.yaml'), config!)
    git(content, 'add', '.pre-commit-config.yaml')
    git(content, 'commit', '-q', '--no-verify', '-m', 'pre-commit configuration')
    const hooksEnv = {...env, PRE_COMMIT_HOME: tempDir('content-lint-pre-commit-home-')}
    await run('pre-commit', ['install'], {cwd: content, env: hooksEnv})
    const saved = env
    env = hooksEnv
    try {
      await hookScenarios()
    } finally {
      env = saved
      fs.rmSync(path.join(content, '.git', 'hooks', 'pre-commit'))
    }
  })
})

describe.skipIf(!haveSnapshot)('the installed language server on the 2021 snapshot', () => {
  const windows = 'DataSources/Microsoft/Windows/ds_microsoft_windows.md'
  const malware = 'UseCases/uc_malware.md'
  let library = ''

  beforeAll(() => {
    // The snapshot as a content repository using the content-lint installed above.
    library = tempDir('content-lint-installed-snapshot-')
    fs.cpSync(sharedCorpus, library, {recursive: true})
    for (const file of fs.readdirSync(library, {recursive: true, encoding: 'utf8'})) fs.chmodSync(path.join(library, file), fs.statSync(path.join(library, file)).isDirectory() ? 0o755 : 0o644)
    fs.copyFileSync(path.join(content, 'package.json'), path.join(library, 'package.json'))
    fs.symlinkSync(path.join(content, 'node_modules'), path.join(library, 'node_modules'))
    fs.writeFileSync(path.join(library, '.remarkrc.mjs'), remarkrc(JSON.stringify(sharedAttack)))
  }, 600_000)

  it('gives the CLI’s diagnostics for the largest product page and the largest use-case page (hundreds of findings), and checks an edit', async () => {
    const expected = await cliFindings(library, [windows, malware])
    expect(expected.get(windows)!.length).toBeGreaterThan(100)
    expect(expected.get(malware)!.length).toBeGreaterThan(100)
    // The CLI's cache is there now: the server reads linked pages and the library from it.
    const session = await LspSession.start(bin('content-lint-language-server'), [], library, env)
    try {
      for (const page of [windows, malware]) {
        const uri = pathToFileURL(path.join(library, page)).href
        await session.open(uri, fs.readFileSync(path.join(library, page), 'utf8'))
        const first = await session.firstDiagnostics(uri, 300_000)
        const complete = await session.diagnostics(uri, 600_000)
        console.log(`${page}: first diagnostics ${(first.at / 1000).toFixed(1)} s after the server started, complete ${(complete.at / 1000).toFixed(1)} s (${complete.diagnostics.length})`)
        expect(byPlace(complete.diagnostics.map(comparable))).toEqual(byPlace(expected.get(page)!.map(asDiagnostic)))
      }
      // An edit: a link in the wrong letter case appended to the product page is found,
      // then its quick fix (the file it means) applied and checked again.
      const uri = pathToFileURL(path.join(library, windows)).href
      const before = session.document(uri).getText()
      // After a blank line: a paragraph, not a row of the table the page ends with.
      const broken = before.trimEnd() + '\n\nSee [the Windows page](DS_Microsoft_Windows.md).\n'
      await session.change(uri, broken)
      const dead = (await session.diagnostics(uri)).diagnostics.find((d) => d.code === 'no-dead-link')!
      const at = positionOf(broken, 'DS_Microsoft_Windows.md')
      expect(dead.range).toEqual({start: {line: at.line - 1, character: at.column - 1}, end: {line: at.line - 1, character: at.column - 1 + 'DS_Microsoft_Windows.md'.length}})
      const fixes = await session.quickFixes(uri, dead)
      expect(fixes.map((a) => a.title)).toEqual(['Replace `DS_Microsoft_Windows.md` with `ds_microsoft_windows.md`'])
      await session.apply(uri, fixes[0]!)
      const fixed = await session.diagnostics(uri)
      expect(fixed.diagnostics.filter((d) => d.code === 'no-dead-link')).toEqual([])
      expect(fixed.diagnostics.length).toBe(expected.get(windows)!.length)
      // And back to the page as it is on disk: the CLI's diagnostics again.
      await session.change(uri, before)
      expect(byPlace((await session.diagnostics(uri)).diagnostics.map(comparable))).toEqual(byPlace(expected.get(windows)!.map(asDiagnostic)))
      expect(session.stderr).toBe('')
    } finally {
      await session.stop()
    }
  })
})
