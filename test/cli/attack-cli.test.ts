/**
 * ATT&CK data through the CLI: `--attack`, `--attack-version`, bad bundles (exit 2,
 * one line), the notice when there is no data, the severities of the findings, and
 * `content-lint attack update` against a local HTTP server.
 */
import fs from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {resetAttackCache} from '../../src/library/attack/load.js'
import {runCli} from '../../src/cli/cli.js'
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
    expect(stderr).toBe('')
    const attack = messages.filter((m) => m.ruleId === 'attack-technique')
    const renamed = attack.filter((m) => /renamed|'s name in ATT&CK/.test(m.reason))
    // Two `Man-in-the-Middle`, `Indicator Removal on Host: File Deletion`, the parent-renamed link.
    expect(renamed.length).toBe(4)
    expect(renamed.every((m) => m.fatal === false)).toBe(true)
    expect(attack.filter((m) => /deprecated|revoked/.test(m.reason)).every((m) => m.fatal === false)).toBe(true)
    const garbled = attack.filter((m) => /is not a name of|Placeholder|Unknown technique/.test(m.reason))
    // The fixture pages state 8 such findings (7 on the Gizmo product page, 1 on its RM page).
    expect(garbled.length).toBe(8)
    expect(garbled.every((m) => m.fatal === true)).toBe(true)
  })

  it('with --attack-version 1.0, names of release 1.0 are right and 2.0 names are newer than the target', async () => {
    const {code, messages} = await lint(['--attack', dataDir, '--attack-version', '1.0', library])
    expect(code).toBe(1)
    const reasons = messages.filter((m) => m.ruleId === 'attack-technique').map((m) => m.reason)
    expect(reasons.filter((r) => r.startsWith('`Man-in-the-Middle'))).toEqual([
      '`Man-in-the-Middle: ARP Cache Poisoning` uses `ARP Cache Poisoning`, T1557.002\'s name in ATT&CK v2.0; v1.0 writes T1557.002 `Man-in-the-Middle: ARP Poisoning`'
    ])
    expect(reasons.filter((r) => r.includes('after the target v1.0'))).toContain(
      '`Adversary-in-the-Middle` is the name of T1557 from ATT&CK v2.0, after the target v1.0, which names it `Man-in-the-Middle`'
    )
    // T1064 is deprecated only in 2.0, T1574.002 revoked only in 2.0.
    expect(reasons.filter((r) => /deprecated|revoked/.test(r))).toEqual([])
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

  it('without data, says once that canonical names were not checked, and still finds what needs no data', async () => {
    const {code, stderr, messages} = await lint([path.join(fixturesRoot, 'attack-technique-without-data')])
    expect(code).toBe(1)
    expect(stderr).toBe(
      'content-lint: no ATT&CK data, so technique and tactic names were not checked against ATT&CK: give --attack <bundle or folder>, or run `content-lint attack update` once\n'
    )
    expect(messages.filter((m) => m.ruleId === 'attack-technique').length).toBe(7)
    const withData = await lint(['--attack', dataDir, path.join(fixturesRoot, 'attack-technique-without-data')])
    expect(withData.stderr).toBe('')
  })

  it('the renamed option: error makes renamed names errors, off leaves them out', async () => {
    const errors = await runFixture('attack-technique', [[attackTechnique, ['error', {renamed: 'off'}]]], {attack: dataDir})
    const reasons = errors.flatMap((r) => r.actual)
    expect(reasons.filter((r) => r.includes('renamed') || r.includes("'s name in ATT&CK"))).toEqual([])
    // Two `T1204.001 - T1204.001` (product page, RM page).
    expect(reasons.filter((r) => r.includes('Placeholder')).length).toBe(2)
    expect(() => attackTechnique.meta.options({renamed: 'sometimes'})).toThrow('`renamed` must be "warn", "error" or "off"')
    expect(() => attackTechnique.meta.options({rename: 'off'})).toThrow('unknown option `rename`, expected `renamed`')
  })
})

describe('the fixture library without ATT&CK data', () => {
  it('gives exactly the findings each page states', async () => {
    const {default: attackTactic} = await import('../../rules/attack-tactic.js')
    const results = await runFixture('attack-technique-without-data', [
      [attackTechnique, 'warn'],
      [attackTactic, 'warn']
    ])
    expect(results.length).toBeGreaterThan(0)
    for (const result of results) {
      expect([...result.actual].sort(), result.page).toEqual([...result.expected].sort())
      expect(result.contractBreaks, result.page).toEqual([])
    }
  })
})

/**
 * `content-lint attack update` against a server on 127.0.0.1 that serves a release of
 * the shared snapshot's bundles (read at test time, never copied), a cut connection,
 * a body that is not JSON, and a 404.
 */
describe.skipIf(!fs.existsSync(sharedAttack))('content-lint attack update', () => {
  let server: http.Server
  let base: string
  let bundle: Buffer

  beforeAll(async () => {
    bundle = fs.readFileSync(path.join(sharedAttack, 'enterprise-attack-18.1.json'))
    server = http.createServer((request, response) => {
      if (request.url === '/enterprise-attack.json') {
        response.writeHead(200, {'content-type': 'application/json', 'content-length': bundle.length})
        // In pieces, so the progress line has something to show.
        const pieces = 8
        const size = Math.ceil(bundle.length / pieces)
        for (let i = 0; i < pieces; i++) response.write(bundle.subarray(i * size, (i + 1) * size))
        response.end()
      } else if (request.url === '/cut') {
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

  it('downloads into the cache folder, with a progress line on a terminal only', async () => {
    const cache = temporaryDir()
    const progress: string[] = []
    const result = await runCli(['attack', 'update', '--url', `${base}/enterprise-attack.json`, '--cache-dir', cache], fixturesRoot, true, {progress: (t) => progress.push(t)})
    expect(result).toMatchObject({code: 0, stderr: ''})
    expect(result.stdout).toMatch(new RegExp(`^Saved ATT&CK Enterprise v18\\.1 \\(835 techniques, [\\d.]+ MB\\) to ${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/enterprise-attack\\.json\\n$`))
    expect(fs.readFileSync(path.join(cache, 'enterprise-attack.json')).equals(bundle)).toBe(true)
    expect(fs.readdirSync(cache)).toEqual(['enterprise-attack.json'])
    expect(progress.length).toBeGreaterThan(1)
    expect(progress[0]).toMatch(/^\rDownloading ATT&CK Enterprise: [\d.]+ of [\d.]+ MB \(\d+%\)$/)
    expect(progress[progress.length - 2]).toMatch(/\(100%\)$/)
    expect(progress[progress.length - 1]).toBe('\n')

    const quiet: string[] = []
    const again = await runCli(['attack', 'update', '--url', `${base}/enterprise-attack.json`, '--cache-dir', cache], fixturesRoot, false, {progress: (t) => quiet.push(t)})
    expect(again.code).toBe(0)
    expect(quiet).toEqual([])
  })

  it('keeps the old cache byte for byte when the download breaks or is not a bundle', async () => {
    const cache = temporaryDir()
    const cached = path.join(cache, 'enterprise-attack.json')
    const old = fs.readFileSync(path.join(dataDir, 'enterprise-attack-2.0.json'))
    fs.writeFileSync(cached, old)
    for (const [url, reason] of [
      ['/cut', /the download from \S+ broke off after \d+ bytes/],
      ['/cut-chunked', /the download from \S+ broke off after \d+ bytes/],
      ['/not-json', /ATT&CK data \S+ is not valid JSON/],
      ['/missing', /answered HTTP 404/]
    ] as const) {
      const result = await runCli(['attack', 'update', '--url', base + url, '--cache-dir', cache], fixturesRoot)
      expect(result.code, url).toBe(2)
      expect(result.stderr, url).toMatch(reason)
      expect(result.stderr, url).toMatch(new RegExp(`^content-lint attack update: .*; the cache in ${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is unchanged\\n$`))
      expect(fs.readFileSync(cached).equals(old), url).toBe(true)
      expect(fs.readdirSync(cache), url).toEqual(['enterprise-attack.json'])
    }
  })

  it('later runs without --attack use the cached bundle', async () => {
    const cache = process.env.CONTENT_LINT_CACHE_DIR!
    const update = await runCli(['attack', 'update', '--url', `${base}/enterprise-attack.json`], fixturesRoot)
    expect(update.code).toBe(0)
    expect(fs.existsSync(path.join(cache, 'enterprise-attack.json'))).toBe(true)
    const {stderr, messages} = await lint([library])
    expect(stderr).toBe('')
    // The cache holds one release, so there is no name history: an old name reads as wrong.
    expect(messages.map((m) => m.reason)).toContain(
      '`Man-in-the-Middle` is not a name of T1557 in any loaded ATT&CK release (v18.1); v18.1 names it `Adversary-in-the-Middle`'
    )
  })

  it('refuses other subcommands', async () => {
    const result = await runCli(['attack', 'download'], fixturesRoot)
    expect(result).toMatchObject({code: 2, stderr: 'content-lint attack: expected `content-lint attack update`, got `attack download`\n'})
  })
})
