/**
 * The on-disk cache: a warm run reports what a cold run reports without parsing; a
 * change to a page, or to a page its findings depend on, re-checks it; a broken or
 * raced cache is rebuilt, never trusted.
 */
import {execFile} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {createLint} from '../../src/engine/lint.js'
import {lintFiles} from '../../src/engine/runner.js'
import {VFile} from 'vfile'
import {factsStore, RunCache} from '../../src/facts/cache.js'
import {corpusIndexFor, resetCorpusIndexes, setUpNewIndexes} from '../../src/library/corpus-index.js'
import {processor} from '../../src/preset/processor.js'
import {resolveSettings} from '../../src/core/settings.js'
import {extractPage} from '../../src/model/extract.js'
import {parseMarkdown} from '../../src/syntax/syntax.js'
import {toolFingerprint} from '../../src/core/version.js'
import {fixturesRoot} from '../helpers/harness.js'
import {removeTemps, temp} from '../helpers/temp-dirs.js'

afterEach(() => {
  removeTemps()
})

/**
 * A library from the page-shape fixture, configured with the preset and a rule of
 * this test that reads linked pages: it reports the kind of the page each use-case
 * row's Content cell links to, so its findings depend on those pages.
 */
function library(): {dir: string; cache: string} {
  const dir = temp('content-lint-cache-lib-')
  fs.cpSync(path.join(fixturesRoot, 'page-shape'), dir, {recursive: true})
  fs.mkdirSync(path.join(dir, '.git'))
  const dist = (file: string) => new URL(`../../dist/${file}`, import.meta.url).href
  fs.writeFileSync(
    path.join(dir, 'linked-summary.mjs'),
    `import {defineRule, noOptions} from '${dist('src/lint/rule.js')}'
export default defineRule({id: 'linked-summary', description: 'test', defaultSeverity: 'warn', fixable: false, options: noOptions}, (context) => {
  for (const row of context.page.product?.rows ?? []) {
    if (!row.content?.link) continue
    const linked = context.linkedPage(row.content.link)
    const rules = linked?.rulesAndModels?.summary?.counts.find((c) => c.key === 'rules')?.value
    context.report({reason: linked ? 'links a page saying ' + rules + ' rules' : 'links nothing', span: row.content.link.urlSpan})
  }
})
`
  )
  fs.writeFileSync(
    path.join(dir, '.remarkrc.mjs'),
    `import preset from '${dist('src/preset/preset.js')}'\nimport linked from './linked-summary.mjs'\nexport default {plugins: [preset, linked]}\n`
  )
  return {dir, cache: temp('content-lint-cache-')}
}

/** The findings files of a cache (shards by a hash of each page's path). */
function findingsFiles(cache: string): string[] {
  const folder = path.join(cache, 'findings')
  return fs.readdirSync(folder).filter((name) => name.endsWith('.json')).map((name) => path.join(folder, name))
}

const reasons = (stdout: string) =>
  (JSON.parse(stdout) as Array<{path: string; messages: Array<{reason: string; ruleId: string}>}>)
    .flatMap((f) => f.messages.map((m) => `${f.path} ${m.ruleId} ${m.reason}`))
    .sort()

describe('the cache', () => {
  it('serves a warm run from the cache with the same report', async () => {
    const {dir, cache} = library()
    const args = ['--format', 'json', '--cache-location', cache, '.']
    const cold = await runCli(args, dir)
    const warm = await runCli(args, dir)
    expect(cold.run!.fromCache).toBe(0)
    expect(cold.run!.parsed).toBeGreaterThan(0)
    expect(warm.run).toEqual({fromCache: 13, fromStore: 0, parsed: 0, reused: 0})
    expect(warm.stdout).toBe(cold.stdout)
    expect(warm.kinds).toEqual(cold.kinds)
    expect(reasons(cold.stdout)).toContain('DataSources/Acme/Widget/ds_acme_widget.md linked-summary links a page saying 3 rules')
    const nocache = await runCli(['--format', 'json', '--no-cache', '.'], dir)
    expect(nocache.stdout).toBe(cold.stdout)
  })

  it('shares file stats within one run only: a page changed after a run is seen by the next', async () => {
    const {dir, cache} = library()
    const lint = createLint({cwd: dir, detectConfig: true, cache: new RunCache(cache), version: 'test'})
    const product = path.join(dir, 'DataSources/Acme/Widget/ds_acme_widget.md')
    const rm = path.join(dir, 'DataSources/Acme/Widget/RM/r_m_acme_widget_Account_Manipulation.md')
    const said = (files: VFile[]) => files.flatMap((file) => file.messages.map((m) => m.reason)).filter((reason) => reason.startsWith('links a page saying'))
    // Content hashes are recorded by stat for files unchanged for 2 s (`settled`): let
    // the copied pages settle, so that a stale stat would find the old page's hash.
    await new Promise((resolve) => setTimeout(resolve, 2100))
    // As `--dependents` does: the settings and the search take stats the run then shares.
    await lint.settingsOf([rm])
    expect(said(await lint([product]))).toContain('links a page saying 3 rules')
    // Same size: only the stat's times tell the change; a stat kept from the run before
    // would match the recorded hash, and the cached findings would be served.
    fs.writeFileSync(rm, fs.readFileSync(rm, 'utf8').replace('|   3   |   1    |', '|   7   |   1    |'))
    expect(said(await lint([product]))).toContain('links a page saying 7 rules')
  })

  it('re-checks a page when a page it depends on changes, and reads unchanged pages from cached facts', async () => {
    const {dir, cache} = library()
    // Rules that read library-wide statistics re-check every page on any change (see
    // the next test); here only page-level dependencies are at play.
    const libraryWide = ['event-type-parser', 'attack-technique', 'summary-count', 'page-shape'].flatMap((id) => ['--rule', `${id}=off`])
    const args = ['--format', 'json', ...libraryWide, '--cache-location', cache, '.']
    await runCli(args, dir)
    const rm = path.join(dir, 'DataSources/Acme/Widget/RM/r_m_acme_widget_Account_Manipulation.md')
    fs.writeFileSync(rm, fs.readFileSync(rm, 'utf8').replace('|   3   |   1    |', '|   7   |   1    |'))
    // A new process: nothing of the first run's facts is left in memory.
    resetCorpusIndexes()
    const after = await runCli(args, dir)
    // The RM page changed (parsed again); the product page and the use-case page link to
    // it (the product's rows, the use-case page's Content cell) and are re-checked
    // from their cached facts; the other 10 pages' findings come from the cache.
    expect(after.run!.fromCache).toBe(10)
    expect(after.run!.parsed).toBe(1)
    expect(after.run!.fromStore).toBe(2)
    expect(reasons(after.stdout)).toContain('DataSources/Acme/Widget/ds_acme_widget.md linked-summary links a page saying 7 rules')
    expect(after.stdout).toBe((await runCli(['--format', 'json', ...libraryWide, '--no-cache', '.'], dir)).stdout)
  })

  it('keeps the facts worker threads build in the store, and serves them after a change', async () => {
    const {dir, cache} = library()
    const pages = fs.readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).map((name) => path.join(dir, name))
    const run = async (workers: number, location: string | null) => {
      resetCorpusIndexes()
      const stats = {fromCache: 0, fromStore: 0, parsed: 0}
      const files = await lintFiles({
        cwd: dir,
        files: pages,
        workers,
        configuration: {cwd: dir, rcName: '.remarkrc', packageField: 'remarkConfig', pluginPrefix: 'remark', detectConfig: true},
        cache: location === null ? null : new RunCache(location),
        version: 'test',
        stats
      })
      return {stats, report: files.map((file) => `${file.path} ${file.messages.map((m) => `${m.ruleId}:${m.reason}`).join('|')}`)}
    }
    const cold = await run(2, cache)
    // The facts went to disk from the worker threads: one store entry per page.
    const stored = fs.readdirSync(path.join(cache, 'facts'), {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.v8'))
    expect(stored).toHaveLength(pages.length)
    expect(cold.report).toEqual((await run(0, null)).report)
    const rm = path.join(dir, 'DataSources/Acme/Widget/RM/r_m_acme_widget_Account_Manipulation.md')
    fs.writeFileSync(rm, fs.readFileSync(rm, 'utf8').replace('|   3   |   1    |', '|   7   |   1    |'))
    const after = await run(2, cache)
    // The changed page is parsed; the pages that read it are checked again from stored facts.
    expect(after.stats.parsed).toBe(1)
    expect(after.stats.fromStore).toBeGreaterThanOrEqual(2)
    expect(after.report).toEqual((await run(0, null)).report)
  })

  it('stores facts whole, and reads their bulky parts only when asked for', () => {
    const location = temp('content-lint-cache-facts-')
    const cache = new RunCache(location)
    const settings = resolveSettings(undefined)
    const pages = [
      'DataSources/Acme/Widget/RM/r_m_acme_widget_Malware.md',
      'DataSources/Acme/Widget/ds_acme_widget.md',
      'UseCases/uc_malware.md'
    ]
    for (const page of pages) {
      const text = fs.readFileSync(path.join(fixturesRoot, 'usage', page), 'utf8')
      const facts = extractPage(parseMarkdown(text), text, page, settings)
      cache.writeFacts(page, {facts, tree: {type: 'root', children: []}})
      const read = cache.readFacts(page)!.facts
      // What a linked page is mostly read for is at hand; the rest is not read yet.
      const loaded = (field: string, target: object = read) => Object.getOwnPropertyDescriptor(target, field)?.get === undefined
      expect(read.kind).toBe(facts.kind)
      expect(read.rulesAndModels?.summary ?? null).toEqual(facts.rulesAndModels?.summary ?? null)
      expect(read.headings).toEqual(facts.headings)
      expect(loaded('links')).toBe(false)
      // Any bulky field reads them all; the facts equal what was stored, field for field.
      expect(read.links).toEqual(facts.links)
      expect(loaded('links')).toBe(true)
      expect(loaded('cellHtml')).toBe(true)
      expect(JSON.parse(JSON.stringify(read))).toEqual(JSON.parse(JSON.stringify(facts)))
      expect(Object.keys(read).sort()).toEqual(Object.keys(facts).sort())
    }
    // The RM page's rows come with the bulk too.
    const rm = cache.readFacts(pages[0]!)!.facts
    expect(Object.getOwnPropertyDescriptor(rm.rulesAndModels!, 'rows')?.get).toBeDefined()
    expect(rm.rulesAndModels!.rows.length).toBeGreaterThan(0)
  })

  it('trusts a recorded content hash only while size, times and inode are unchanged', async () => {
    const {dir, cache} = library()
    const libraryWide = ['event-type-parser', 'attack-technique', 'summary-count', 'page-shape'].flatMap((id) => ['--rule', `${id}=off`])
    const args = ['--format', 'json', ...libraryWide, '--cache-location', cache, '.']
    const rm = path.join(dir, 'DataSources/Acme/Widget/RM/r_m_acme_widget_Account_Manipulation.md')
    // A modification time that survives being set again exactly (whole seconds).
    const mtime = 1_700_000_000
    fs.utimesSync(rm, mtime, mtime)
    // Hashes of files changed in the last two seconds are not recorded (see `settled`):
    // let the library's files settle, so that this run records them.
    await new Promise((resolve) => setTimeout(resolve, 2100))
    await runCli(args, dir)
    const recorded = JSON.parse(fs.readFileSync(path.join(cache, 'hashes.json'), 'utf8')) as {files: Record<string, [string, string]>}
    expect(recorded.files[rm]?.[1]).toMatch(/^[0-9a-f]{40}$/)
    // The same size, and the modification time set back to what it was: only the
    // change time (and the content) tell the page changed.
    const before = fs.statSync(rm)
    fs.writeFileSync(rm, fs.readFileSync(rm, 'utf8').replace('|   3   |   1    |', '|   7   |   1    |'))
    fs.utimesSync(rm, mtime, mtime)
    expect(fs.statSync(rm).size).toBe(before.size)
    expect(fs.statSync(rm).mtimeMs).toBe(before.mtimeMs)
    resetCorpusIndexes()
    const after = await runCli(args, dir)
    expect(after.run!.parsed).toBe(1)
    expect(reasons(after.stdout)).toContain('DataSources/Acme/Widget/ds_acme_widget.md linked-summary links a page saying 7 rules')
    expect(after.stdout).toBe((await runCli(['--format', 'json', ...libraryWide, '--no-cache', '.'], dir)).stdout)
    // The page changed less than two seconds ago: its new hash is not recorded (a write
    // within the same timestamp tick could follow), so the next run reads it again.
    const now = JSON.parse(fs.readFileSync(path.join(cache, 'hashes.json'), 'utf8')) as {files: Record<string, [string, string]>}
    expect(now.files[rm]).toEqual(recorded.files[rm])
    // A hashes file of the wrong shape is ignored: pages are read and hashed.
    fs.writeFileSync(path.join(cache, 'hashes.json'), JSON.stringify({format: 2, files: {[rm]: ['x', 5]}}))
    resetCorpusIndexes()
    expect((await runCli(args, dir)).stdout).toBe(after.stdout)
  })

  it('re-checks pages whose findings read the whole library when any page changes', async () => {
    const {dir, cache} = library()
    const args = ['--format', 'json', '--cache-location', cache, '.']
    await runCli(args, dir)
    fs.appendFileSync(path.join(dir, 'README.md'), '\nOne more line.\n')
    const after = await runCli(args, dir)
    // README.md changed; the product, continuation and use-case pages hold technique
    // mentions or parser listings read against the library, so they are re-checked too.
    expect(after.run!.fromCache).toBeLessThan(12)
    expect(after.stdout).toBe((await runCli(['--format', 'json', '--no-cache', '.'], dir)).stdout)
  })

  it('re-checks a page whose dead link comes to life', async () => {
    const {dir, cache} = library()
    const args = ['--format', 'json', '--cache-location', cache, '.']
    const rm = path.join(dir, 'DataSources/Acme/Widget/RM/r_m_acme_widget_Account_Manipulation.md')
    const text = fs.readFileSync(rm)
    fs.rmSync(rm)
    const before = await runCli(args, dir)
    expect(reasons(before.stdout).join('\n')).toContain('DataSources/Acme/Widget/ds_acme_widget.md linked-summary links nothing')
    fs.writeFileSync(rm, text)
    const after = await runCli(args, dir)
    expect(reasons(after.stdout).join('\n')).toContain('DataSources/Acme/Widget/ds_acme_widget.md linked-summary links a page saying 3 rules')
    expect(after.stdout).toBe((await runCli(['--format', 'json', '--no-cache', '.'], dir)).stdout)
  })

  it('ignores and rebuilds a corrupt or truncated cache', async () => {
    const {dir, cache} = library()
    const args = ['--format', 'json', '--cache-location', cache, '.']
    const cold = await runCli(args, dir)
    for (const file of findingsFiles(cache)) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 100))
    const facts = fs.readdirSync(path.join(cache, 'facts'), {recursive: true, withFileTypes: true}).filter((e) => e.isFile())
    for (const entry of facts) fs.writeFileSync(path.join(entry.parentPath, entry.name), 'garbage')
    const again = await runCli(args, dir)
    expect(again.run!.fromCache).toBe(0)
    expect(again.stdout).toBe(cold.stdout)
    const warm = await runCli(args, dir)
    expect(warm.run!.fromCache).toBe(13)
    expect(warm.stdout).toBe(cold.stdout)
  })

  it('gives the same reports when two runs share a cache at once', async () => {
    const {dir, cache} = library()
    const args = ['--format', 'json', '--cache-location', cache, '.']
    const [a, b] = await Promise.all([runCli(args, dir), runCli(args, dir)])
    expect(a.stdout).toBe(b.stdout)
    const warm = await runCli(args, dir)
    expect(warm.stdout).toBe(a.stdout)
    expect(fs.readdirSync(cache, {recursive: true}).filter((name) => String(name).endsWith('.tmp'))).toEqual([])
  })

  it('is not served across builds: the cache key includes a hash of the code', async () => {
    const {dir, cache} = library()
    await runCli(['--format', 'json', '--cache-location', cache, '.'], dir)
    for (const file of findingsFiles(cache)) {
      const findings = JSON.parse(fs.readFileSync(file, 'utf8')) as {entries: Record<string, {configKey: string}>}
      for (const entry of Object.values(findings.entries)) entry.configKey = 'another build'
      fs.writeFileSync(file, JSON.stringify(findings))
    }
    const run = await runCli(['--format', 'json', '--cache-location', cache, '.'], dir)
    expect(run.run!.fromCache).toBe(0)
  })

  it('rebuilds a findings file of random bytes, truncated anywhere, or valid JSON of the wrong shape', async () => {
    const {dir, cache} = library()
    const args = ['--format', 'json', '--cache-location', cache, '.']
    const cold = await runCli(args, dir)
    const files = findingsFiles(cache)
    expect(files.length).toBeGreaterThan(1)
    const goods = new Map(files.map((file) => [file, fs.readFileSync(file, 'utf8')]))
    type Shard = {format: number; libraryHashes: unknown; entries: Record<string, Record<string, unknown>>}
    /** What each shard file becomes, from its good content. */
    const broken: Array<[string, (good: string) => string | Buffer]> = [
      ['random bytes', () => randomBytes(4096)],
      ['cut at a third', (good) => good.slice(0, Math.floor(good.length / 3))],
      ['cut one byte short', (good) => good.slice(0, -1)],
      ['empty', () => ''],
      ['null', () => 'null'],
      ['an array', () => '[]'],
      ['no entries', (good) => JSON.stringify({...(JSON.parse(good) as Shard), entries: undefined})]
    ]
    /** Each entry keeps its real hash and key (so it would be used) but one field of the wrong type. */
    const reshaped = (name: string, change: (entry: Record<string, unknown>) => void) =>
      broken.push([
        name,
        (good) => {
          const data = JSON.parse(good) as Shard
          for (const entry of Object.values(data.entries)) change(entry)
          return JSON.stringify(data)
        }
      ])
    reshaped('dependencies null', (e) => (e.dependencies = null))
    reshaped('dependency hash a number', (e) => (e.dependencies = {'x.md': 5}))
    reshaped('messages a string', (e) => (e.messages = 'x'))
    reshaped('messages holding null', (e) => (e.messages = [null]))
    reshaped('a message without reason', (e) => (e.messages = [{place: {line: 1, column: 1}}]))
    reshaped('a place that is a string', (e) => (e.messages = [{reason: 'r', place: 'zz'}]))
    reshaped('expected not a list', (e) => (e.messages = [{reason: 'r', expected: 'x'}]))
    for (const [name, content] of broken) {
      for (const [file, good] of goods) fs.writeFileSync(file, content(good))
      const again = await runCli(args, dir)
      expect(again.code, name).toBe(cold.code)
      expect(again.run!.fromCache, name).toBe(0)
      expect(again.stdout, name).toBe(cold.stdout)
      // Rebuilt: the next run is served from the cache again.
      const warm = await runCli(args, dir)
      expect(warm.run!.fromCache, name).toBe(13)
      expect(warm.stdout, name).toBe(cold.stdout)
    }
  })

  it('ignores facts files of random bytes or cut short, and a cache location that is a file', async () => {
    const {dir, cache} = library()
    const args = ['--format', 'json', '--cache-location', cache, '.']
    const cold = await runCli(args, dir)
    fs.rmSync(path.join(cache, 'findings'), {recursive: true})
    const facts = fs.readdirSync(path.join(cache, 'facts'), {recursive: true, withFileTypes: true}).filter((e) => e.isFile())
    expect(facts.length).toBeGreaterThan(0)
    facts.forEach((entry, i) => {
      const file = path.join(entry.parentPath, entry.name)
      fs.writeFileSync(file, i % 2 === 0 ? randomBytes(200) : fs.readFileSync(file).subarray(0, 40))
    })
    const again = await runCli(args, dir)
    expect(again.stdout).toBe(cold.stdout)
    expect(again.run!.fromStore).toBe(0)
    // A cache location that cannot be a folder: the run works, without a cache.
    const file = path.join(temp('content-lint-cache-file-'), 'a-file')
    fs.writeFileSync(file, 'not a folder')
    const nowhere = await runCli(['--format', 'json', '--cache-location', file, '.'], dir)
    expect(nowhere.stdout).toBe(cold.stdout)
    expect(fs.readFileSync(file, 'utf8')).toBe('not a folder')
  })

  it('two CLI processes started at once on one cache report what one run reports, and so does a third', async () => {
    const {dir, cache} = library()
    const bin = new URL('../../dist/src/cli/cli.js', import.meta.url).pathname
    const cli = (...args: string[]) =>
      new Promise<{stdout: string; stderr: string}>((resolve, reject) => {
        execFile(process.execPath, [bin, '--format', 'json', ...args, '.'], {cwd: dir, timeout: 60_000}, (error, stdout, stderr) => {
          // Exit 1 (errors found) is expected; anything else is not.
          if (error && (error as {code?: number}).code !== 1) reject(new Error(`${error.message}\n${stderr}`))
          else resolve({stdout, stderr})
        })
      })
    const alone = await cli('--no-cache')
    expect(JSON.parse(alone.stdout).length).toBeGreaterThan(0)
    const [a, b] = await Promise.all([cli('--cache-location', cache, '--stats'), cli('--cache-location', cache, '--stats')])
    expect(a.stdout).toBe(alone.stdout)
    expect(b.stdout).toBe(alone.stdout)
    const third = await cli('--cache-location', cache, '--stats')
    expect(third.stdout).toBe(alone.stdout)
    expect(third.stderr).toMatch(/Findings of 13 pages from the cache/)
    const leftovers = fs.readdirSync(cache, {recursive: true}).filter((name) => String(name).endsWith('.tmp'))
    expect(leftovers).toEqual([])
  })
})

describe('the language server’s facts', () => {
  it('reads linked and library pages from the facts the CLI cached, parsing only the open page', async () => {
    const {dir, cache} = library()
    await runCli(['--format', 'json', '--cache-location', cache, '.'], dir)
    // A new process, as the language server is: with the CLI's facts store, and without.
    const page = path.join(dir, 'DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')
    const check = async () => {
      resetCorpusIndexes()
      const file = new VFile({path: page, cwd: dir, value: fs.readFileSync(page, 'utf8')})
      await processor.run(processor.parse(file), file)
      return {parsed: corpusIndexFor(dir, resolveSettings(undefined)).parsed, messages: file.messages.map((m) => `${m.ruleId} ${m.reason}`).sort()}
    }
    const fresh = await check()
    setUpNewIndexes((index, settings) => (index.store = factsStore(new RunCache(cache), settings, toolFingerprint())))
    try {
      const stored = await check()
      expect(fresh.parsed).toBeGreaterThan(3) // the library-wide rules read every page
      expect(stored.parsed).toBe(0)
      expect(stored.messages).toEqual(fresh.messages)
    } finally {
      setUpNewIndexes(null)
    }
  })
})

describe('library-wide statistics on disk', () => {
  it('are read for the library as it is, and built again when a page changes', async () => {
    const dir = temp('content-lint-cache-etp-')
    fs.cpSync(path.join(fixturesRoot, 'event-type-parser'), dir, {recursive: true})
    fs.mkdirSync(path.join(dir, '.git'))
    const cache = temp('content-lint-cache-')
    const page = path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')
    const args = ['--format', 'json', '--cache-location', cache]
    const full = await runCli([...args, '.'], dir)
    const stored = () => {
      const folder = path.join(cache, 'library')
      return fs.readdirSync(folder).map((name) => fs.readFileSync(path.join(folder, name)).toString('base64'))
    }
    const first = stored()
    // Two library-wide values: event-type-parser's statistics and summary-count's votes.
    expect(first.length).toBe(2)
    const ofPage = (stdout: string) => reasons(stdout).filter((line) => line.startsWith(page))
    expect(ofPage(full.stdout).some((line) => line.includes('event-type-parser'))).toBe(true)

    // A new process checking one page: the same findings, from the statistics on disk
    // (read, not written again).
    resetCorpusIndexes()
    const one = await runCli([...args, page], dir)
    expect(ofPage(one.stdout)).toEqual(ofPage(full.stdout))
    expect(stored()).toEqual(first)

    // Another product's parser page changes: the library is not what they describe any
    // more, so they are built again (and stored anew), and the findings are still those
    // of a run without any cache.
    const parser = path.join(dir, 'DataSources', 'Hooli', 'Signal', 'Ps', 'pC_hoolialert.md')
    fs.appendFileSync(parser, '\n')
    resetCorpusIndexes()
    const again = await runCli([...args, page], dir)
    expect(stored()).not.toEqual(first)
    resetCorpusIndexes()
    expect(ofPage(again.stdout)).toEqual(ofPage((await runCli(['--format', 'json', '--no-cache', page], dir)).stdout))
  })
})
