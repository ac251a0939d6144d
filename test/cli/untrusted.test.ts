/**
 * Untrusted content, through the real CLI (`node dist/src/cli/cli.js`): a pull request may
 * add pages whose links, or symbolic links, lead out of the content root. Each such
 * link is a finding and its target is never opened; symbolic link loops are not
 * followed; nothing from outside the root shows in the report.
 *
 * "Never opened" is proven two ways: the outside targets are FIFOs (opening one for
 * reading blocks until a writer comes, so the run would hang and be killed by the
 * timeout), and parser pages whose `Name` is a distinctive word that parser-name
 * would quote if it had read them.
 */
import {execFile, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

const repo = path.resolve(import.meta.dirname, '..', '..')
const bin = path.join(repo, 'dist', 'src', 'cli', 'cli.js')
const temps: string[] = []

afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, {recursive: true, force: true})
})

interface Run {
  code: number | null
  signal: string | null
  stdout: string
  stderr: string
}

/** Run the built CLI; a run that blocks on a FIFO is killed after `timeout`. */
function cli(args: readonly string[], cwd: string, timeout = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], {cwd, timeout, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
      const failed = error as (Error & {code?: number; signal?: string}) | null
      resolve({code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0, signal: failed?.signal ?? null, stdout, stderr})
    })
  })
}

const secretName = 'SECRET-OUTSIDE-NAME-7f3a'
const parserPage = (name: string) =>
  `#### Parser Content\n\`\`\`Java\n{\nName = ${name}\n  Vendor = Acme\n  Product = Widget\n  DataType = "app-login"\n}\n\`\`\`\n`

/**
 * `<tmp>/root` (the content root, a git checkout) and `<tmp>/outside` next to it,
 * holding a parser page with a distinctive name, a FIFO, and a folder with both.
 */
function layout(): {top: string; root: string; outside: string; widget: string} {
  const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-untrusted-')))
  temps.push(top)
  const root = path.join(top, 'root')
  const outside = path.join(top, 'outside')
  const widget = path.join(root, 'DataSources', 'Acme', 'Widget')
  fs.mkdirSync(path.join(widget, 'Ps'), {recursive: true})
  fs.mkdirSync(path.join(root, 'UseCases'))
  fs.mkdirSync(path.join(root, '.git'))
  fs.mkdirSync(path.join(outside, 'dir'), {recursive: true})
  fs.writeFileSync(path.join(outside, 'pC_secret.md'), parserPage(secretName))
  fs.writeFileSync(path.join(outside, 'dir', 'pC_secret.md'), parserPage(secretName))
  fs.writeFileSync(path.join(outside, 'dir', 'ds_acme_dir.md'), `Vendor: ${secretName}\n`)
  fs.writeFileSync(path.join(outside, 'passwd'), `root:x:0:0:${secretName}:/root:/bin/sh\n`)
  for (const fifo of [path.join(outside, 'fifo.md'), path.join(outside, 'dir', 'ds_fifo.md')]) mkfifo(fifo)
  fs.writeFileSync(path.join(widget, 'Ps', 'pC_acmewidgetlogin.md'), parserPage('acme-widget-login'))
  fs.writeFileSync(
    path.join(root, 'UseCases', 'uc_account_manipulation.md'),
    'Use Case: Account Manipulation\n==============================\n'
  )
  return {top, root, outside, widget}
}

function mkfifo(file: string): void {
  // Node has no mkfifo; `mkfifo` is POSIX (coreutils, busybox).
  const result = spawnSync('mkfifo', [file])
  if (result.status !== 0) throw new Error(`mkfifo ${file} failed`)
}

/** A product page whose use-case rows each list one parser link `[label](destination)`. */
function productPage(links: ReadonlyArray<readonly [string, string]>): string {
  const head = [
    'Vendor: Acme',
    '============',
    'Product: Widget',
    '---------------',
    '| Rules | Models | MITRE TTPs | Event Types | Parsers |',
    '|:-----:|:------:|:----------:|:-----------:|:-------:|',
    `|   0   |   0    |     1      |      1      |    ${links.length}    |`,
    '',
    '|    Use-Case    | Event Types/Parsers    | MITRE TTP    | Content    |',
    '|:----:| ---- | ---- | ---- |'
  ]
  const rows = links.map(([label, url]) => `| [Account Manipulation](../../../UseCases/uc_account_manipulation.md) |  app-login<br> ↳[${label}](${url})<br> | T1098 - Account Manipulation<br> | |`)
  return [...head, ...rows, ''].join('\n')
}

interface JsonFile {
  path: string
  messages: Array<{reason: string; ruleId: string; line: number; column: number; note?: string}>
}

describe('untrusted content, through the CLI', () => {
  it('reports every link out of the root, opens none of them, and shows nothing from outside', async () => {
    const {root, outside, widget} = layout()
    // Symbolic links inside the root: to a file and a folder outside, to a FIFO
    // outside, a loop (a → b → a), folders linking to their parent and to themselves.
    fs.symlinkSync(path.join(outside, 'pC_secret.md'), path.join(widget, 'Ps', 'pC_out.md'))
    fs.symlinkSync(path.join(outside, 'fifo.md'), path.join(widget, 'Ps', 'pC_fifo.md'))
    fs.symlinkSync('pC_b.md', path.join(widget, 'Ps', 'pC_a.md'))
    fs.symlinkSync('pC_a.md', path.join(widget, 'Ps', 'pC_b.md'))
    fs.symlinkSync(path.join(outside, 'dir'), path.join(widget, 'OutDir'), 'dir')
    fs.symlinkSync(path.join(outside, 'dir'), path.join(root, 'DataSources', 'Evil'), 'dir')
    fs.symlinkSync('..', path.join(widget, 'Ps', 'parent'), 'dir')
    fs.symlinkSync('..', path.join(widget, 'up'), 'dir')
    fs.symlinkSync('.', path.join(widget, 'here'), 'dir')
    const outsideUrl = outside.split(path.sep).map(encodeURIComponent).join('/')
    // label → destination, and the reason no-dead-link must give (written out here).
    const cases: Array<[string, string, string]> = [
      ['file-link', 'Ps/pC_out.md', 'Link is a symbolic link out of the content root; it is not followed'],
      ['fifo-link', 'Ps/pC_fifo.md', 'Link is a symbolic link out of the content root; it is not followed'],
      ['loop', 'Ps/pC_a.md', 'Link is a symbolic link that loops; it is not followed'],
      ['dir-link', 'OutDir/pC_secret.md', 'Link is a symbolic link out of the content root; it is not followed'],
      ['dir-link-fifo', 'OutDir/ds_fifo.md', 'Link is a symbolic link out of the content root; it is not followed'],
      ['missing-under-dir-link', 'OutDir/nothing.md', 'Link is a symbolic link out of the content root; it is not followed'],
      ['parent-loop', 'Ps/parent/Ps/parent/Ps/pC_out.md', 'Link is a symbolic link out of the content root; it is not followed'],
      ['dot-dot', '../../../../outside/pC_secret.md', 'Link leaves the content root; it is not followed'],
      ['dot-dot-fifo', '../../../../outside/fifo.md', 'Link leaves the content root; it is not followed'],
      ['etc-passwd', '../../../../../../../../../../etc/passwd', 'Link leaves the content root; it is not followed'],
      ['absolute', '/etc/passwd', 'Link is an absolute path; it is not followed'],
      ['absolute-outside', `${outsideUrl}/pC_secret.md`, 'Link is an absolute path; it is not followed'],
      ['file-url', `file://${outsideUrl}/pC_secret.md`, 'Link is a `file:` URL; it is not followed'],
      ['file-url-fifo', `file:${outsideUrl}/fifo.md`, 'Link is a `file:` URL; it is not followed'],
      ['encoded-dots', '%2e%2e/%2e%2e/%2e%2e/%2e%2e/outside/fifo.md', 'Link leaves the content root; it is not followed'],
      ['encoded-slashes', '..%2F..%2F..%2F..%2Foutside%2FpC_secret.md', 'Link leaves the content root; it is not followed'],
      ['encoded-all', '%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Foutside%2Ffifo.md', 'Link leaves the content root; it is not followed'],
      // `\\` in a Markdown destination is one backslash.
      ['backslashes', '..\\\\..\\\\..\\\\..\\\\outside\\\\fifo.md', 'Link leaves the content root (`\\` read as `/`); it is not followed'],
      ['encoded-backslashes', '..%5C..%5C..%5C..%5Coutside%5CpC_secret.md', 'Link leaves the content root (`\\` read as `/`); it is not followed']
    ]
    const links: Array<[string, string]> = [['acme-widget-login', 'Ps/pC_acmewidgetlogin.md'], ...cases.map(([label, url]) => [label, url] as [string, string])]
    const text = productPage(links)
    fs.writeFileSync(path.join(widget, 'ds_acme_widget.md'), text)
    const lines = text.split('\n')

    const json = await cli(['--no-cache', '--format', 'json', '.'], root)
    expect(json.signal, json.stderr).toBe(null) // not killed: no FIFO was opened
    expect(json.code).toBe(1)
    const files = JSON.parse(json.stdout) as JsonFile[]
    const product = files.find((f) => f.path === path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md'))!
    for (const [label, , reason] of cases) {
      const line = lines.findIndex((l) => l.includes(`[${label}](`)) + 1
      const found = product.messages.filter((m) => m.line === line && m.ruleId === 'no-dead-link').map((m) => m.reason)
      expect(found, label).toEqual([reason])
    }
    // The one link inside the root was followed: its page was read (parser-name
    // compares the link text with its Name and finds them equal: no finding).
    const loginLine = lines.findIndex((l) => l.includes('[acme-widget-login](')) + 1
    expect(product.messages.filter((m) => m.line === loginLine && m.ruleId !== 'no-dead-link')).toEqual([])
    // Only pages of the root were checked (symbolic links are not walked into).
    expect(files.map((f) => f.path).every((p) => !p.startsWith('..') && !path.isAbsolute(p) && !p.startsWith('DataSources/Evil'))).toBe(true)

    const stylish = await cli(['--no-cache', '--no-color', '.'], root)
    expect(stylish.signal).toBe(null)
    expect(stylish.code).toBe(1)
    for (const output of [json.stdout + json.stderr, stylish.stdout + stylish.stderr]) {
      expect(output).not.toContain(secretName) // no outside content
      expect(output).not.toContain('root:x:0:0')
    }
    // Absolute paths outside the root: in no reason (the report repeats the page's own
    // text in `actual`, where two links write the outside path themselves).
    for (const file of files) for (const m of file.messages) expect(`${m.reason} ${m.note ?? ''}`).not.toContain(outside)
    expect(stylish.stdout + stylish.stderr).not.toContain(outside)
  })

  it('with the cache on, does not open a dependency that became a symbolic link to an outside FIFO', async () => {
    const {root, outside, widget} = layout()
    const cache = path.join(root, '..', 'cache')
    const login = path.join(widget, 'Ps', 'pC_acmewidgetlogin.md')
    fs.writeFileSync(path.join(widget, 'ds_acme_widget.md'), productPage([['acme-widget-login', 'Ps/pC_acmewidgetlogin.md']]))
    // Rules reading library-wide facts re-check every page when any page changes (the
    // swapped page drops out of the library): off, so the dependency itself is compared.
    const args = ['--format', 'json', '--rule', 'event-type-parser=off', '--rule', 'attack-technique=off', '--cache-location', cache, '.']
    const first = await cli(args, root)
    expect(first.signal).toBe(null)
    const reasons = (run: Run) => (JSON.parse(run.stdout) as JsonFile[]).flatMap((f) => f.messages.map((m) => m.reason))
    expect(reasons(first).filter((r) => /symbolic link/.test(r))).toEqual([])
    // The product page's findings depend on the parser page; it is swapped for a link
    // to a FIFO outside. The cache must not hash it to see whether it changed.
    fs.rmSync(login)
    fs.symlinkSync(path.join(outside, 'fifo.md'), login)
    const second = await cli(args, root, 20_000)
    expect(second.signal, 'the run hung (opened the FIFO)').toBe(null)
    expect(reasons(second)).toContain('Link is a symbolic link out of the content root; it is not followed')
  })

  it('does not follow folder links to a parent: the run over a tree full of them ends quickly', async () => {
    const {root, widget} = layout()
    fs.writeFileSync(path.join(widget, 'ds_acme_widget.md'), productPage([['acme-widget-login', 'Ps/pC_acmewidgetlogin.md']]))
    // Four links to parent folders per level: walking through them would visit
    // 4^40 folders before the kernel's 40-link limit stops a path.
    for (const name of ['a', 'b']) fs.symlinkSync('..', path.join(widget, name), 'dir')
    for (const name of ['c', 'd']) fs.symlinkSync('.', path.join(widget, name), 'dir')
    const started = Date.now()
    const run = await cli(['--no-cache', '--format', 'json', '.'], root, 30_000)
    expect(run.signal).toBe(null)
    expect(run.code).not.toBe(2)
    expect(Date.now() - started).toBeLessThan(30_000)
  })

  it('does not read ignore files that are symbolic links (one to an outside FIFO would block the run)', async () => {
    const {root, outside, widget} = layout()
    fs.writeFileSync(path.join(widget, 'ds_acme_widget.md'), productPage([['acme-widget-login', 'Ps/pC_acmewidgetlogin.md']]))
    fs.symlinkSync(path.join(outside, 'fifo.md'), path.join(root, 'UseCases', '.remarkignore'))
    // An outside file that, if read, would ignore every page.
    fs.writeFileSync(path.join(outside, 'ignore-all'), '*\n')
    fs.symlinkSync(path.join(outside, 'ignore-all'), path.join(widget, '.gitignore'))
    const run = await cli(['--no-cache', '--format', 'json', '--verbose', '.'], root, 20_000)
    expect(run.signal, 'the run hung (read the FIFO)').toBe(null)
    const checked = (JSON.parse(run.stdout) as JsonFile[]).map((f) => f.path)
    expect(checked).toContain(path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md'))
    expect(checked).toContain(path.join('UseCases', 'uc_account_manipulation.md'))
  })
})
