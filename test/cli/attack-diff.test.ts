/**
 * `content-lint attack diff` on the example library against the built-in releases,
 * and what follows a move: a pinned target's later changes as warnings without a fix,
 * and `--fix` with the new target applying the renames. Expected numbers are counted
 * here from the pages' text and the built-in table, not taken from the report.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {builtinReleases} from '../../src/library/attack/builtin.js'
import {resetAttackCache} from '../../src/library/attack/load.js'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')
const library = path.join(repoRoot, 'examples', 'library')

beforeEach(() => {
  resetAttackCache()
  resetCorpusIndexes()
})

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).map((name) => path.join(dir, name))
}

/** Occurrences of `text` in the library's pages (outside HTML comments, where fixture pages state findings), and the pages holding it. */
function occurrences(root: string, text: string): {pages: number; occurrences: number} {
  let pages = 0
  let count = 0
  for (const file of markdownFiles(root)) {
    const n = fs.readFileSync(file, 'utf8').replace(/<!--[^]*?-->/g, '').split(text).length - 1
    if (n > 0) pages++
    count += n
  }
  return {pages, occurrences: count}
}

function copyLibrary(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-diff-'))
  fs.cpSync(library, dir, {recursive: true})
  return dir
}

describe('content-lint attack diff', () => {
  it('lists the renames, tactic moves and new sub-techniques of moving 7.2 to 18.1, with pages and mentions', async () => {
    const result = await runCli(['attack', 'diff', '--no-config', '--from', '7.2', '--to', '18.1', '--format', 'json', library], repoRoot)
    expect(result).toMatchObject({code: 0, stderr: ''})
    const report = JSON.parse(result.stdout)
    const [v72, v181] = ['7.2', '18.1'].map((v) => builtinReleases().find((r) => r.version === v)!)
    // The example pages write T1557 with 7.2's name; 18.1 renamed it.
    expect(v72!.techniques.get('T1557')!.fullName).toBe('Man-in-the-Middle')
    expect(report.renamed).toEqual([{id: 'T1557', from: 'Man-in-the-Middle', to: v181!.techniques.get('T1557')!.fullName, ...occurrences(library, 'Man-in-the-Middle')}])
    expect(report.tactics.map((t: {id: string}) => t.id)).toEqual(['T1098'])
    expect(report.tactics[0].to).toEqual(['Persistence', 'Privilege Escalation'])
    // New sub-techniques: those of 18.1 under a technique the pages use that 7.2 lacks.
    const used = ['T1059', 'T1078', 'T1098', 'T1110', 'T1175', 'T1204', 'T1557']
    const expected = [...v181!.techniques.values()].filter((t) => t.parentId && used.includes(t.parentId) && !v72!.techniques.has(t.id) && !t.revoked && !t.deprecated)
    expect(report.newSubTechniques.map((s: {id: string}) => s.id)).toEqual(expected.map((t) => t.id).sort())
  })

  it('counts a sub-technique renamed with its parent as renamed (test releases 1.0 and 2.0)', async () => {
    const fixture = path.join(repoRoot, 'fixtures', 'attack-technique')
    const result = await runCli(['attack', 'diff', '--no-config', '--attack', path.join(repoRoot, 'test', 'data', 'attack'), '--from', '1.0', '--to', '2.0', '--format', 'json', fixture], repoRoot)
    const renamed = JSON.parse(result.stdout).renamed as Array<{id: string; from: string; pages: number; occurrences: number}>
    // T1070.004 keeps its own name `File Deletion`; its parent T1070 drops `on Host`.
    expect(renamed.find((r) => r.id === 'T1070.004')).toEqual({id: 'T1070.004', from: 'Indicator Removal on Host: File Deletion', to: 'Indicator Removal: File Deletion', ...occurrences(fixture, 'Indicator Removal on Host: File Deletion')})
    expect(occurrences(fixture, 'Indicator Removal on Host: File Deletion').occurrences).toBe(1)
  })

  it('prints the same as a terminal table and as Markdown for a pull request', async () => {
    const table = await runCli(['attack', 'diff', '--no-config', '--from', '7.2', '--to', '18.1', library], repoRoot)
    expect(table.stdout).toMatch(/\n {2}T1557 {2}Man-in-the-Middle {2}Adversary-in-the-Middle {2}3 {6}4\n/)
    const markdown = await runCli(['attack', 'diff', '--no-config', '--from', '7.2', '--to', '18.1', '--format', 'markdown', library], repoRoot)
    expect(markdown.stdout).toContain('## ATT&CK v7.2 → v18.1\n')
    expect(markdown.stdout).toContain('| T1557 | Man-in-the-Middle | Adversary-in-the-Middle | 3 | 4 |\n')
  })

  it("moves from the library's target by default, and says clearly what is wrong", async () => {
    const pinned = await runCli(['attack', 'diff', '--no-config', '--attack-version', '9.0', '--to', '10.1', '--format', 'json', library], repoRoot)
    expect(JSON.parse(pinned.stdout)).toMatchObject({from: '9.0', to: '10.1', renamed: [{id: 'T1557', ...occurrences(library, 'Man-in-the-Middle')}]})
    expect(await runCli(['attack', 'diff', '--no-config', '--to', '99.1', library], repoRoot)).toEqual({
      code: 2,
      stdout: '',
      stderr: "content-lint attack diff: --to 99.1 is not an ATT&CK release content-lint has (it has v6.3–v18.1; `content-lint attack update` adds MITRE's newest)\n"
    })
    expect((await runCli(['attack', 'diff', library], repoRoot)).stderr).toBe('content-lint attack diff: --to <version> is required\n')
    expect((await runCli(['attack', 'diff', '--no-config', '--to', '18.1', '--attack', 'none', library], repoRoot)).stderr).toBe('content-lint attack diff: ATT&CK data is turned off (attack: none)\n')
  })
})

describe('a pinned target release', () => {
  it('reports what later releases rename as warnings with no fix, on exactly the names', async () => {
    const result = await runCli(['--no-config', '--format', 'json', '--attack-version', '9.0', library], repoRoot)
    const messages = (JSON.parse(result.stdout) as Array<{messages: Array<{ruleId: string; reason: string; fatal: boolean; actual: string; expected?: string[]; note?: string}>}>).flatMap((f) => f.messages)
    const later = messages.filter((m) => m.ruleId === 'attack-technique' && m.reason.includes('after the pinned v9.0'))
    expect(later.map((m) => m.reason)).toEqual(Array(occurrences(library, 'Man-in-the-Middle').occurrences).fill('ATT&CK v10.1 renames T1557, after the pinned v9.0'))
    expect(later.every((m) => m.fatal === false && m.actual === 'Man-in-the-Middle' && (m.expected ?? []).length === 0 && m.note?.startsWith('ATT&CK v10.1 names T1557 `Adversary-in-the-Middle`. ') && m.note.includes('attack diff'))).toBe(true)
    expect(result.stderr.split('\n')[0]).toBe('content-lint: checked against ATT&CK v9.0 (pinned by attackVersion) (built-in, releases v6.3–v18.1)')
  })

  it('--fix with the new target applies the renames', async () => {
    const dir = copyLibrary()
    const before = occurrences(dir, 'Man-in-the-Middle').occurrences
    const after = occurrences(dir, 'Adversary-in-the-Middle').occurrences
    expect(before).toBeGreaterThan(0)
    const result = await runCli(['--no-config', '--no-cache', '--fix', '--fix-rule', 'attack-technique', '--attack-version', '18.1', dir], repoRoot)
    expect(result.code).toBeLessThan(2)
    expect(occurrences(dir, 'Man-in-the-Middle').occurrences).toBe(0)
    expect(occurrences(dir, 'Adversary-in-the-Middle').occurrences).toBe(after + before)
  })
})
