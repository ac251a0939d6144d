/**
 * `--fix` over a temp copy of the whole 2021 snapshot (never the shared one):
 * every fixable finding is fixed, a second run changes nothing, and every changed
 * byte is a finding's range replaced by its `expected[0]`.
 *
 * The findings compared with are those of the corpus run in setup.ts, a plain run
 * without --fix: the fixer's own report is not the reference.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli.js'
import {rules} from '../../src/rules.js'
import {corpusRoot, corpusRun, findingsOf} from './report.js'
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

  beforeAll(async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-fix-corpus-'))
    copy = path.join(parent, path.basename(corpusRoot))
    fs.cpSync(corpusRoot, copy, {recursive: true})
    // A git repository, so git itself says what changed.
    git(copy, 'init', '-q')
    git(copy, 'add', '-A')
    git(copy, 'commit', '-q', '-m', 'snapshot')
    first = await runCli(['--fix', '--format', 'json', '--no-cache', '--attack', attackRoot, copy], parent)
    afterFirst = git(copy, 'diff', '--numstat')
    second = await runCli(['--fix', '--format', 'json', '--no-cache', '--attack', attackRoot, copy], parent)
    // How many findings --fix resolved, per rule (for the record).
    console.log(first.stderr.trim())
  }, 3_600_000)

  afterAll(() => {
    if (copy) fs.rmSync(path.dirname(copy), {recursive: true, force: true})
  })

  it('fixes every fixable finding the plain run reported, and reports it per rule', () => {
    const byRule: Record<string, number> = {}
    for (const list of fixableFindings().values()) for (const f of list) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1
    const total = Object.values(byRule).reduce((a, b) => a + b, 0)
    const files = fixableFindings().size
    const perRule = Object.entries(byRule)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([rule, n]) => `${rule} ${n.toLocaleString('en-US')}`)
      .join(', ')
    expect(first.stderr.split('\n')[0]).toBe(`content-lint: fixed ${total.toLocaleString('en-US')} findings in ${files} files (${perRule})`)
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
    for (const [page, findings] of fixableFindings()) {
      const before = fs.readFileSync(path.join(corpusRoot, page), 'utf8')
      const after = fs.readFileSync(path.join(copy, page), 'utf8')
      // Walk the page: between findings the text is the same, each range holds
      // `actual` before and `expected` after.
      let at = 0
      let pos = 0
      for (const f of [...findings].sort((a, b) => a.start - b.start)) {
        expect(f.start >= at, `${page}: findings overlap at ${f.start}`).toBe(true)
        expect(before.slice(f.start, f.end), `${page}@${f.start}`).toBe(f.actual)
        const same = before.slice(at, f.start)
        expect(after.slice(pos, pos + same.length) === same, `${page}: unchanged text before offset ${f.start}`).toBe(true)
        pos += same.length
        expect(after.slice(pos, pos + f.expected.length), `${page}@${f.start}`).toBe(f.expected)
        pos += f.expected.length
        at = f.end
      }
      expect(after.slice(pos) === before.slice(at), `${page}: unchanged text after the last finding`).toBe(true)
      expect(after.length).toBe(pos + before.length - at)
    }
  })
})
