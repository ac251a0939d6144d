/**
 * ATT&CK data through the CLI: `--attack`, `--attack-version`, bad bundles (exit 2,
 * one line), the notice when there is no data, the severities of the findings, and
 * `content-lint attack update` against a local HTTP server.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {resetAttackCache} from '../../src/library/attack/load.js'
import {runCli} from '../../src/cli/cli.js'
import {updateAttackCache} from '../../src/library/attack/update.js'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import attackTechnique from '../../rules/attack-technique.js'
import {fixturesRoot, runFixture} from '../helpers/harness.js'

const dataDir = path.resolve(import.meta.dirname, '..', 'data', 'attack')
const sharedAttack = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'attack')
const library = path.join(fixturesRoot, 'attack-technique')

interface JsonMessage {
  ruleId: string | null
  reason: string
  fatal: boolean | null
  note?: string
}

function temporaryDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-attack-'))
}

/** Every test starts with an empty cache folder of its own, so a real user cache never counts. */
let savedCacheDir: string | undefined
beforeEach(() => {
  savedCacheDir = process.env.CONTENT_LINT_CACHE_DIR
  process.env.CONTENT_LINT_CACHE_DIR = temporaryDir()
  resetAttackCache()
  resetCorpusIndexes()
})
afterEach(() => {
  if (savedCacheDir === undefined) delete process.env.CONTENT_LINT_CACHE_DIR
  else process.env.CONTENT_LINT_CACHE_DIR = savedCacheDir
})

async function lint(args: string[]): Promise<{code: number; stderr: string; messages: JsonMessage[]}> {
  const result = await runCli(['--no-config', '--format', 'json', ...args], fixturesRoot)
  const report = result.stdout ? (JSON.parse(result.stdout) as Array<{messages: JsonMessage[]}>) : []
  return {code: result.code, stderr: result.stderr, messages: report.flatMap((f) => f.messages)}
}

describe('--attack and --attack-version', () => {
  it('checks names against the newest release; renamed and deprecated are warnings, garbled names errors', async () => {
    const {code, stderr, messages} = await lint(['--attack', dataDir, library])
    expect(code).toBe(1)
    expect(stderr).toBe(`content-lint: checked against ATT&CK v2.0 (folder ${path.relative(fixturesRoot, dataDir)}, releases v1.0–v2.0)\n`)
    const oneFile = path.join(dataDir, 'enterprise-attack-2.0.json')
    expect((await lint(['--attack', oneFile, library])).stderr).toBe(`content-lint: checked against ATT&CK v2.0 (file ${path.relative(fixturesRoot, oneFile)})\n`)
    const attack = messages.filter((m) => m.ruleId === 'attack-technique')
    const renamed = attack.filter((m) => /^Former name of |^Name of T[\d.]+ mixes parts/.test(m.reason))
    // Two `Man-in-the-Middle`, `Indicator Removal on Host: File Deletion`, the parent-renamed link.
    expect(renamed.length).toBe(4)
    expect(renamed.every((m) => m.fatal === false)).toBe(true)
    expect(attack.filter((m) => /deprecated|revoked/.test(m.reason)).every((m) => m.fatal === false)).toBe(true)
    const garbled = attack.filter((m) => /^Misspelt name of |Placeholder|Unknown technique/.test(m.reason))
    // The fixture pages state 8 such findings (7 on the Gizmo product page, 1 on its RM page).
    expect(garbled.length).toBe(8)
    expect(garbled.every((m) => m.fatal === true)).toBe(true)
  })

  it('with --attack-version 1.0, names of release 1.0 are right and 2.0 names are newer than the target', async () => {
    const {code, messages} = await lint(['--attack', dataDir, '--attack-version', '1.0', library])
    expect(code).toBe(1)
    const reasons = messages.filter((m) => m.ruleId === 'attack-technique').map((m) => m.reason)
    const notes = (pattern: RegExp) => messages.filter((m) => m.ruleId === 'attack-technique' && pattern.test(m.reason)).map((m) => m.note)
    expect(notes(/^Name of T1557\.002 mixes parts from different ATT&CK releases$/)).toEqual([
      '`Man-in-the-Middle: ARP Cache Poisoning` uses `ARP Cache Poisoning`, T1557.002\'s name in ATT&CK v2.0. ATT&CK v1.0 (the target) names T1557.002 `Man-in-the-Middle: ARP Poisoning`.'
    ])
    expect(notes(/^Name of T1557 from ATT&CK v2\.0, a release after the target v1\.0$/)).toContain(
      '`Adversary-in-the-Middle` is the name of T1557 in ATT&CK v2.0. ATT&CK v1.0 (the target) names T1557 `Man-in-the-Middle`.'
    )
    // T1064 is deprecated only in 2.0, T1574.002 revoked only in 2.0: said as what the later release does.
    // (T1557.002 is written `Man-in-the-Middle: ARP Cache Poisoning`, a mixed name reported above, not 1.0's.)
    expect(reasons.filter((r) => /deprecated|revoked/.test(r))).toEqual([])
    const later = messages.filter((m) => m.ruleId === 'attack-technique' && m.reason.endsWith('after the pinned v1.0'))
    expect(new Set(later.map((m) => m.reason))).toEqual(
      new Set([
        'ATT&CK v2.0 renames T1557, after the pinned v1.0',
        'ATT&CK v2.0 renames T1070.004, after the pinned v1.0',
        'ATT&CK v2.0 revokes T1574.002, replaced by T1574.001, after the pinned v1.0',
        'ATT&CK v2.0 deprecates T1064, after the pinned v1.0'
      ])
    )
    expect(later.every((m) => m.fatal === false)).toBe(true)
  })

  it('turns a broken or empty bundle into exit 2 with one line', async () => {
    const dir = temporaryDir()
    const broken = path.join(dir, 'broken.json')
    fs.writeFileSync(broken, '{"type": "bundle", "objects": [')
    const empty = path.join(dir, 'empty.json')
    fs.writeFileSync(empty, '{"type": "bundle", "id": "bundle--1", "objects": []}')
    for (const [file, reason] of [
      [broken, `ATT&CK data ${broken} is not valid JSON (`],
      [empty, `ATT&CK data ${empty} holds no ATT&CK Enterprise techniques`]
    ] as const) {
      const result = await runCli(['--no-config', '--attack', file, library], fixturesRoot)
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr.startsWith(`content-lint: ${reason}`)).toBe(true)
      expect(result.stderr.trimEnd().split('\n').length).toBe(1)
    }
    const wrongVersion = await runCli(['--no-config', '--attack', dataDir, '--attack-version', '9.9', library], fixturesRoot)
    expect(wrongVersion).toMatchObject({code: 2, stderr: `content-lint: ATT&CK release 9.9 is not in ${dataDir} (it holds v1.0, v2.0)\n`})
  })

  it('with --attack none, says once that names were not checked, and still finds what needs no data', async () => {
    const {code, stderr, messages} = await lint(['--attack', 'none', path.join(fixturesRoot, 'attack-technique-without-data')])
    expect(code).toBe(1)
    expect(stderr).toBe('content-lint: ATT&CK data is turned off (--attack none), so technique and tactic names were not checked against ATT&CK\n')
    expect(messages.filter((m) => m.ruleId === 'attack-technique').length).toBe(7)
    const withData = await lint(['--attack', dataDir, path.join(fixturesRoot, 'attack-technique-without-data')])
    expect(withData.stderr).toBe(`content-lint: checked against ATT&CK v2.0 (folder ${path.relative(fixturesRoot, dataDir)}, releases v1.0–v2.0)\n`)
    const pinnedWithout = await runCli(['--no-config', '--attack', 'none', '--attack-version', '2.0', library], fixturesRoot)
    expect(pinnedWithout).toMatchObject({code: 2, stderr: 'content-lint: ATT&CK release 2.0 was asked for, but ATT&CK data is turned off (attack: none)\n'})
  })

  it('without --attack, checks against the built-in table and says so, and that it is old once it is', async () => {
    const {stderr, messages} = await lint([library])
    const lines = stderr.trimEnd().split('\n')
    expect(lines[0]).toBe('content-lint: checked against ATT&CK v18.1 (built-in, releases v6.3–v18.1)')
    // The built-in table's newest release is 18.1 of 2025-11-12 (its newest object's date).
    const old = Date.now() - Date.parse('2025-11-12T00:00:00Z') > 365 * 24 * 3600 * 1000
    expect(lines.slice(1)).toEqual(old ? ["content-lint: the built-in ATT&CK data ends with v18.1 of 2025-11-12, more than a year ago: `content-lint attack update` adds MITRE's newest release"] : [])
    // With the whole name history built in, a 1.0 name of the test releases is no ATT&CK name at all, and the
    // misspelt `Interperter` of the Gizmo page is found with no flag.
    const said = messages.map((m) => `${m.reason} | ${m.note}`)
    expect(said).toContain(
      'Misspelt name of T1059: no loaded ATT&CK release (v6.3–v18.1) names it so | `Command and Scripting Interperter` is not a name of T1059 in any loaded ATT&CK release (v6.3–v18.1). ATT&CK v18.1 (the target) names T1059 `Command and Scripting Interpreter`.'
    )
    expect(said).toContain(
      'Former name of T1557 (ATT&CK v7.2–v9.0), renamed since | `Man-in-the-Middle` is the name of T1557 in ATT&CK v7.2–v9.0. ATT&CK v18.1 (the target) names T1557 `Adversary-in-the-Middle`.'
    )
  })

  it('the renamed option: error makes renamed names errors, off leaves them out', async () => {
    const errors = await runFixture('attack-technique', [[attackTechnique, ['error', {renamed: 'off'}]]], {attack: dataDir})
    const reasons = errors.flatMap((r) => r.actual)
    expect(reasons.filter((r) => /^\S+ attack-technique (Former name of |Name of T[\d.]+ (mixes parts|from ATT&CK))/.test(r))).toEqual([])
    // Two `T1204.001 - T1204.001` (product page, RM page).
    expect(reasons.filter((r) => r.includes('Placeholder')).length).toBe(2)
    expect(() => attackTechnique.meta.options({renamed: 'sometimes'})).toThrow('`renamed` must be "warn", "error" or "off"')
    expect(() => attackTechnique.meta.options({rename: 'off'})).toThrow('unknown option `rename`, expected `renamed`')
  })
})

describe('the fixture library without ATT&CK data', () => {
  it('gives exactly the findings each page states', async () => {
    const {default: attackTactic} = await import('../../rules/attack-tactic.js')
    const results = await runFixture(
      'attack-technique-without-data',
      [
        [attackTechnique, 'warn'],
        [attackTactic, 'warn']
      ],
      {attack: 'none'}
    )
    expect(results.length).toBeGreaterThan(0)
    for (const result of results) {
      expect([...result.actual].sort(), result.page).toEqual([...result.expected].sort())
      expect(result.contractBreaks, result.page).toEqual([])
    }
  })
})

/**
 * `content-lint attack update` against a server on 127.0.0.1 that serves a release of
 * the shared snapshot's bundles (read at test time, never copied), the same bundle
 * made into a release 19.0 that renames one technique (made here, in memory), a cut
 * connection, a body that is not JSON, a bundle stating no release, and a 404.
 */
describe.skipIf(!fs.existsSync(sharedAttack))('content-lint attack update', () => {
  let server: http.Server
  let base: string
  let bundle: Buffer
  let newer: Buffer
  let unnumbered: Buffer

  /** The 18.1 bundle as a release 19.0 that renames T1557 (or with no release number). */
  function madeRelease(version: string | null): Buffer {
    const made = JSON.parse(bundle.toString('utf8')) as {objects: Array<Record<string, any>>}
    for (const object of made.objects) {
      if (object.type === 'x-mitre-collection') {
        if (version === null) delete object.x_mitre_version
        else object.x_mitre_version = version
      }
      if (object.type === 'attack-pattern' && object.name === 'Adversary-in-the-Middle') object.name = 'Adversary in the Middle'
    }
    return Buffer.from(JSON.stringify(made))
  }

  function serve(response: http.ServerResponse, body: Buffer, pieces = 8): void {
    response.writeHead(200, {'content-type': 'application/json', 'content-length': body.length})
    // In pieces, so the progress line has something to show.
    const size = Math.ceil(body.length / pieces)
    for (let i = 0; i < pieces; i++) response.write(body.subarray(i * size, (i + 1) * size))
    response.end()
  }

  beforeAll(async () => {
    bundle = fs.readFileSync(path.join(sharedAttack, 'enterprise-attack-18.1.json'))
    newer = madeRelease('19.0')
    unnumbered = madeRelease(null)
    server = http.createServer((request, response) => {
      if (request.url === '/enterprise-attack.json') serve(response, bundle)
      else if (request.url === '/newer.json') serve(response, newer)
      else if (request.url === '/unnumbered.json') serve(response, unnumbered, 1)
      else if (request.url === '/cut') {
        response.writeHead(200, {'content-type': 'application/json', 'content-length': bundle.length})
        response.write(bundle.subarray(0, Math.floor(bundle.length / 2)), () => response.socket?.destroy())
      } else if (request.url === '/cut-chunked') {
        response.writeHead(200, {'content-type': 'application/json'})
        response.write(bundle.subarray(0, Math.floor(bundle.length / 3)), () => response.socket?.destroy())
      } else if (request.url === '/not-json') {
        const body = bundle.subarray(0, 1000)
        response.writeHead(200, {'content-type': 'application/json', 'content-length': body.length})
        response.end(body)
      } else {
        response.writeHead(404)
        response.end('not here')
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

  it('saves a release the table lacks, with its provenance, and a progress line on a terminal only', async () => {
    const cache = temporaryDir()
    const progress: string[] = []
    const result = await runCli(['attack', 'update', '--url', `${base}/newer.json`, '--cache-dir', cache], fixturesRoot, true, {progress: (t) => progress.push(t)})
    expect(result).toMatchObject({code: 0, stderr: ''})
    const sha256 = createHash('sha256').update(newer).digest('hex')
    const saved = path.join(cache, 'attack', 'enterprise-attack-19.0.json')
    expect(result.stdout).toMatch(new RegExp(`^Saved ATT&CK Enterprise v19\\.0 of 2025-11-12 \\(835 techniques, [\\d.]+ MB, SHA-256 ${sha256}\\) to ${escape(saved)}\\n$`))
    expect(fs.readFileSync(saved).equals(newer)).toBe(true)
    const provenance = JSON.parse(fs.readFileSync(path.join(cache, 'attack-provenance.json'), 'utf8'))
    expect(provenance['19.0']).toMatchObject({version: '19.0', date: '2025-11-12', url: `${base}/newer.json`, bytes: newer.length, sha256})
    expect(Date.now() - Date.parse(provenance['19.0'].downloaded)).toBeLessThan(60_000)
    expect(fs.readdirSync(cache).sort()).toEqual(['attack', 'attack-provenance.json'])
    expect(progress.length).toBeGreaterThan(1)
    expect(progress[0]).toMatch(/^\rDownloading ATT&CK Enterprise: [\d.]+ of [\d.]+ MB \(\d+%\)$/)
    expect(progress[progress.length - 2]).toMatch(/\(100%\)$/)
    expect(progress[progress.length - 1]).toBe('\n')

    const quiet: string[] = []
    const again = await runCli(['attack', 'update', '--url', `${base}/newer.json`, '--cache-dir', cache], fixturesRoot, false, {progress: (t) => quiet.push(t)})
    expect(again.code).toBe(0)
    expect(quiet).toEqual([])
  })

  it('saves nothing for a release built in already', async () => {
    const cache = temporaryDir()
    const result = await runCli(['attack', 'update', '--url', `${base}/enterprise-attack.json`, '--cache-dir', cache], fixturesRoot)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^ATT&CK Enterprise v18\.1 of 2025-11-12 \(835 techniques, [\d.]+ MB, SHA-256 [0-9a-f]{64}\) is built into content-lint already; nothing saved\n$/)
    expect(fs.readdirSync(cache)).toEqual([])
  })

  it('keeps the cache byte for byte when the download breaks, is not a bundle, or fails its checksum', async () => {
    const cache = temporaryDir()
    const ok = await runCli(['attack', 'update', '--url', `${base}/newer.json`, '--cache-dir', cache], fixturesRoot)
    expect(ok.code).toBe(0)
    const saved = path.join(cache, 'attack', 'enterprise-attack-19.0.json')
    const provenance = fs.readFileSync(path.join(cache, 'attack-provenance.json'))
    const wrongSum = '0'.repeat(64)
    for (const [args, reason] of [
      [['--url', `${base}/cut`], /the download from \S+ broke off after \d+ bytes/],
      [['--url', `${base}/cut-chunked`], /the download from \S+ broke off after \d+ bytes/],
      [['--url', `${base}/not-json`], /ATT&CK data \S+ is not valid JSON/],
      [['--url', `${base}/missing`], /answered HTTP 404/],
      [['--url', `${base}/unnumbered.json`], /the bundle from \S+ states no release number/],
      [['--url', `${base}/newer.json`, '--sha256', wrongSum], new RegExp(`has SHA-256 [0-9a-f]{64}, not the ${wrongSum} given`)]
    ] as const) {
      const result = await runCli(['attack', 'update', ...args, '--cache-dir', cache], fixturesRoot)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr, args.join(' ')).toMatch(reason)
      expect(result.stderr, args.join(' ')).toMatch(new RegExp(`^content-lint attack update: .*; the cache in ${escape(cache)} is unchanged\\n$`))
      expect(fs.readFileSync(saved).equals(newer)).toBe(true)
      expect(fs.readFileSync(path.join(cache, 'attack-provenance.json')).equals(provenance)).toBe(true)
      expect(fs.readdirSync(path.join(cache, 'attack'))).toEqual(['enterprise-attack-19.0.json'])
    }
    const right = createHash('sha256').update(newer).digest('hex')
    expect((await runCli(['attack', 'update', '--url', `${base}/newer.json`, '--sha256', right.toUpperCase(), '--cache-dir', cache], fixturesRoot)).code).toBe(0)
    expect((await runCli(['attack', 'update', '--sha256', 'abc', '--cache-dir', cache], fixturesRoot)).stderr).toBe('content-lint attack update: --sha256 expects 64 hexadecimal digits, got `abc`\n')
  })

  it('refuses a download larger than an ATT&CK bundle may be, before and while reading it', async () => {
    const cache = temporaryDir()
    await expect(updateAttackCache({url: `${base}/newer.json`, cacheDir: cache, maxBytes: 1000})).rejects.toThrow(/announces \d+ bytes, more than the 1000 an ATT&CK bundle may have/)
    await expect(updateAttackCache({url: `${base}/cut-chunked`, cacheDir: cache, maxBytes: 1000})).rejects.toThrow(/passed 1000 bytes, more than an ATT&CK bundle may have/)
    expect(fs.readdirSync(cache)).toEqual([])
  })

  it('later runs without --attack check against the downloaded release, with the built-in name history', async () => {
    const cache = process.env.CONTENT_LINT_CACHE_DIR!
    const update = await runCli(['attack', 'update', '--url', `${base}/newer.json`], fixturesRoot)
    expect(update.code).toBe(0)
    const {stderr, messages} = await lint([library])
    expect(stderr.split('\n')[0]).toBe(`content-lint: checked against ATT&CK v19.0 (downloaded ${new Date().toISOString().slice(0, 10)} from ${base}/newer.json by \`attack update\`, releases v6.3–v19.0)`)
    // No old-table notice: the newest release loaded is not the built-in one.
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(messages.map((m) => `${m.reason} | ${m.note}`)).toContain(
      'Former name of T1557 (ATT&CK v10.1–v18.1), renamed since | `Adversary-in-the-Middle` is the name of T1557 in ATT&CK v10.1–v18.1. ATT&CK v19.0 (the target) names T1557 `Adversary in the Middle`.'
    )
    // Pinned to a built-in release, the downloaded one gives the later rename.
    const pinned = await lint(['--attack-version', '18.1', library])
    expect(pinned.messages.map((m) => `${m.reason} | ${m.note?.split('. ')[0]}`)).toContain('ATT&CK v19.0 renames T1557, after the pinned v18.1 | ATT&CK v19.0 names T1557 `Adversary in the Middle`')
    expect(fs.existsSync(path.join(cache, 'attack', 'enterprise-attack-19.0.json'))).toBe(true)
  })

  it('refuses other subcommands', async () => {
    const result = await runCli(['attack', 'download'], fixturesRoot)
    expect(result).toMatchObject({code: 2, stderr: 'content-lint attack: expected `content-lint attack update` or `content-lint attack diff`, got `attack download`\n'})
  })
})
