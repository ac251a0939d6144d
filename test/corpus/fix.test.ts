/**
 * `--fix` over a temp copy of the whole 2021 snapshot (never the shared one):
 * every fixable finding is fixed, a second run changes nothing, and every changed
 * byte is a finding's range replaced by its `expected[0]`.
 *
 * The findings compared with are those of plain runs without --fix, never the
 * fixer's own report: first the corpus run of setup.ts; then, because one fix can
 * reveal another (a revoked technique's ID is replaced by its successor's, whose name
 * the page does not carry yet), a plain run over the pages as the first findings
 * leave them, whose fixable findings must account for every remaining change.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {rules} from '../../src/preset/rules.js'
import {corpusRoot, corpusRun, findingsOf, type ReportedMessage} from './report.js'
import {attackRoot} from './setup.js'

const run = corpusRun()
const fixable = rules.filter((rule) => rule.meta.fixable).map((rule) => rule.meta.id)

interface Finding {
  start: number
  end: number
  actual: string
  expected: string
  rule: string
}

/** Fixable findings of the plain corpus run, by page (relative to the corpus root). */
function fixableFindings(): Map<string, Finding[]> {
  const byPage = new Map<string, Finding[]>()
  for (const rule of fixable) {
    for (const {page, message} of findingsOf(rule)) {
      const place = message.place as {start: {offset: number}; end: {offset: number}}
      if (!message.expected?.length) continue
      const list = byPage.get(page) ?? []
      list.push({start: place.start.offset, end: place.end.offset, actual: message.actual ?? '', expected: message.expected[0]!, rule})
      byPage.set(page, list)
    }
  }
  return byPage
}

/** `before` with each finding's range replaced by its expected text (findings must not overlap). */
function applyFindings(page: string, before: string, findings: readonly Finding[]): string {
  let out = ''
  let at = 0
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    expect(f.start >= at, `${page}: findings overlap at ${f.start}`).toBe(true)
    expect(before.slice(f.start, f.end), `${page}@${f.start}`).toBe(f.actual)
    out += before.slice(at, f.start) + f.expected
    at = f.end
  }
  return out + before.slice(at)
}

/** Fixable findings with a replacement in a JSON report, by page relative to `root`. */
function fixableIn(report: Array<{path: string; messages: ReportedMessage[]}>, root: string, cwd: string): Map<string, Finding[]> {
  const byPage = new Map<string, Finding[]>()
  for (const file of report) {
    const page = path.relative(root, path.resolve(cwd, file.path)).split(path.sep).join('/')
    for (const message of file.messages) {
      if (!message.ruleId || !fixable.includes(message.ruleId) || !message.expected?.length) continue
      const place = message.place as {start: {offset: number}; end: {offset: number}}
      const list = byPage.get(page) ?? []
      list.push({start: place.start.offset, end: place.end.offset, actual: message.actual ?? '', expected: message.expected[0]!, rule: message.ruleId})
      byPage.set(page, list)
    }
  }
  return byPage
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024
  })
}

describe.skipIf(!run)('--fix on a copy of the 2021 snapshot', () => {
  let copy = ''
  let first: Awaited<ReturnType<typeof runCli>>
  let second: Awaited<ReturnType<typeof runCli>>
  let afterFirst = ''
  /** Pages as the plain run's fixable findings leave them. */
  const intermediate = new Map<string, string>()
  /** Fixable findings of a plain run over the intermediate pages that --fix changed further. */
  let revealed = new Map<string, Finding[]>()

  beforeAll(async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-fix-corpus-'))
    copy = path.join(parent, path.basename(corpusRoot))
    fs.cpSync(corpusRoot, copy, {recursive: true})
    // A git repository, so git itself says what changed.
    git(copy, 'init', '-q')
    git(copy, 'add', '-A')
    git(copy, 'commit', '-q', '-m', 'snapshot')
    // With the cache on, as users run it: the second run re-checks only what the
    // first changed and what depends on it (and must still change nothing).
    const args = ['--fix', '--format', 'json', '--cache-location', path.join(parent, 'cache'), '--attack', attackRoot, copy]
    first = await runCli(args, parent)
    afterFirst = git(copy, 'diff', '--numstat')
    second = await runCli(args, parent)
    // How many findings --fix resolved, per rule (for the record).
    console.log(first.stderr.trim())

    // The library as the plain run's findings leave it, in a second copy; a plain run
    // (fixable rules only: the others fix nothing) over the pages --fix took further.
    const staged = path.join(parent, 'intermediate', path.basename(corpusRoot))
    fs.cpSync(corpusRoot, staged, {recursive: true})
    const further: string[] = []
    for (const [page, findings] of fixableFindings()) {
      const text = applyFindings(page, fs.readFileSync(path.join(corpusRoot, page), 'utf8'), findings)
      intermediate.set(page, text)
      fs.writeFileSync(path.join(staged, page), text)
      if (fs.readFileSync(path.join(copy, page), 'utf8') !== text) further.push(path.join(staged, page))
    }
    if (further.length > 0) {
      const off = rules.filter((rule) => !rule.meta.fixable).flatMap((rule) => ['--rule', `${rule.meta.id}=off`])
      const plain = await runCli(['--format', 'json', '--no-cache', '--attack', attackRoot, ...off, ...further], parent)
      revealed = fixableIn(JSON.parse(plain.stdout || '[]'), staged, parent)
    }
  }, 3_600_000)

  afterAll(() => {
    if (copy) fs.rmSync(path.dirname(copy), {recursive: true, force: true})
  })

  it('fixes every fixable finding the plain runs reported, and reports it per rule', () => {
    const byRule: Record<string, number> = {}
    for (const found of [fixableFindings(), revealed]) {
      for (const list of found.values()) for (const f of list) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1
    }
    const total = Object.values(byRule).reduce((a, b) => a + b, 0)
    const files = new Set([...fixableFindings().keys(), ...revealed.keys()]).size
    const perRule = Object.entries(byRule)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([rule, n]) => `${rule} ${n.toLocaleString('en-US')}`)
      .join(', ')
    const passes = revealed.size > 0 ? ' in 2 passes' : ''
    expect(first.stderr.split('\n')[0]).toBe(`content-lint: fixed ${total.toLocaleString('en-US')} findings in ${files.toLocaleString('en-US')} files (${perRule})${passes}`)
    // None left that --fix could apply.
    const report = JSON.parse(first.stdout || '[]') as Array<{messages: Array<{ruleId: string; expected?: string[]}>}>
    const left = report.flatMap((f) => f.messages).filter((m) => fixable.includes(m.ruleId) && m.expected?.length)
    expect(left).toEqual([])
  })

  it('changes nothing on a second run', () => {
    expect(second.stderr.split('\n')[0]).toBe('content-lint: fixed 0 findings in 0 files')
    expect(git(copy, 'diff', '--numstat')).toBe(afterFirst)
  })

  it('loses, adds and truncates no file: git sees only modified pages, exactly those with fixable findings', () => {
    const status = git(copy, 'status', '--porcelain', '-z', '--untracked-files=all').split('\0').filter(Boolean)
    for (const entry of status) expect(entry.slice(0, 3)).toBe(' M ')
    const changed = status.map((entry) => entry.slice(3)).sort()
    expect(changed).toEqual([...fixableFindings().keys()].sort())
  })

  it('changes only the findings’ ranges, each to its expected text', () => {
    // Every page the findings do not explain in one step is one the second plain run
    // found more to fix on (the revoked techniques' names, see above).
    for (const [page, text] of intermediate) {
      const after = fs.readFileSync(path.join(copy, page), 'utf8')
      const more = revealed.get(page)
      expect(after === (more ? applyFindings(page, text, more) : text), `${page}: only the findings' ranges changed`).toBe(true)
    }
  })
})
