/**
 * `content-lint attack diff --from 15.1 --to 18.1` over the 2021 snapshot: every
 * rename between the two releases whose 15.1 name the snapshot writes is listed, with
 * the pages and occurrences of that name counted here by plain string search over the
 * pages (a technique name appears in no other role in the snapshot), and T1574.002's
 * revocation with its 252 mentions (counted as in attack-technique.test.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {builtinReleases} from '../../src/library/attack/builtin.js'
import {corpusRoot} from './setup.js'

function pages(dir: string): string[] {
  return fs.readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).map((name) => path.join(dir, name))
}

describe.skipIf(!fs.existsSync(corpusRoot))('attack diff from 15.1 to 18.1 on the 2021 snapshot', () => {
  it('lists each rename the snapshot is hit by, and the revocation', {timeout: 900_000}, async () => {
    const result = await runCli(['attack', 'diff', '--no-config', '--from', '15.1', '--to', '18.1', '--format', 'json', corpusRoot], path.dirname(corpusRoot))
    expect(result).toMatchObject({code: 0, stderr: ''})
    const report = JSON.parse(result.stdout)
    const [from, to] = ['15.1', '18.1'].map((v) => builtinReleases().find((r) => r.version === v)!)
    const texts = pages(corpusRoot).map((file) => fs.readFileSync(file, 'utf8'))
    const hits = (name: string) => {
      const counts = texts.map((text) => text.split(name).length - 1)
      return {pages: counts.filter((n) => n > 0).length, occurrences: counts.reduce((a, b) => a + b, 0)}
    }
    const expected = [...from!.techniques.values()]
      .filter((t) => !t.revoked && !t.deprecated && to!.techniques.get(t.id) && to!.techniques.get(t.id)!.fullName !== t.fullName)
      .map((t) => ({id: t.id, from: t.fullName, to: to!.techniques.get(t.id)!.fullName, ...hits(t.fullName)}))
      .filter((r) => r.occurrences > 0)
    expect(expected.length).toBe(3)
    expect(report.renamed.filter((r: {occurrences: number}) => r.occurrences > 0)).toEqual(expected)
    expect(report.retired).toEqual([{id: 'T1574.002', name: 'Hijack Execution Flow: DLL Side-Loading', status: 'revoked', replacedBy: [{id: 'T1574.001', name: 'Hijack Execution Flow: DLL'}], pages: expect.any(Number), occurrences: 252}])
  })
})
