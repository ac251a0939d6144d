/**
 * The engine layer: a lint run over many pages (this module), and the run the CLI's
 * modes repeat (`lint.ts`). It owns the order of a run and its state: configuration,
 * content roots and indexes, what the cache already knows, facts built on worker
 * threads, the rules, the store, the report. It may import every layer below it
 * (core, syntax, model, facts, library, lint, the rules and the preset); the CLI and the
 * editor import it, never the other way round.
 *
 * Why not unified-engine's own pipeline: it parses each file in one thread, and the
 * rules compare pages with the pages they link to, which would parse those again.
 * Here each page is parsed once, on all cores, and the corpus index is filled with
 * every page's facts before the first rule runs. Configuration is still
 * unified-engine's (`configure.ts`), so files are configured exactly as remark-cli
 * configures them.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {statMemo} from '../core/files.js'
import type {ContentLintSettings} from '../core/settings.js'
import {type RunCache, settled, statKey} from '../facts/cache.js'
import {contentHash, type FactsJob, type FactsResult} from '../facts/facts-job.js'
import {type CorpusIndex, corpusIndexFor, findContentRoot} from '../library/corpus-index.js'
import {linkFileNames} from '../library/dependents.js'
import {seedPageState} from '../lint/rule.js'
import type {PageFacts} from '../model/types.js'
import {cachedMessages, restoreMessages, useCache} from './cached-findings.js'
import {configKeyOf, configure, type Configured, type ConfigurationOptions} from './configure.js'
import {RunHashes} from './hashes.js'
import {buildFacts} from './workers.js'
import {TimeSlice} from './time-slice.js'

export {ConfigurationError, type ConfigurationOptions} from './configure.js'

export interface RunOptions {
  cwd: string
  files: readonly string[]
  configuration: ConfigurationOptions
  /**
   * File stats of this run so far (`statMemo`): `settingsOfFiles` and the `lintFiles`
   * after it share them when they are one run (the dependents search between them).
   */
  statOf?: (absolute: string) => fs.Stats | null
  /** Worker threads for the fact phase; 0 builds facts in this thread. Default: one per core, none for few files. */
  workers?: number
  /** Called as pages are read (done, total). */
  onProgress?: (done: number, total: number) => void
  /** The on-disk cache, or null for none. */
  cache?: RunCache | null
  /** The tool's version: part of every cache key. */
  version?: string
  /** Filled with what the run did (added to: one stats object may count several runs). */
  stats?: RunStats
  /**
   * absolute path → the text to check instead of the file's (`--fix` lints fixed pages
   * before it writes them). Such pages bypass the cache and are not added to the index:
   * pages that read their facts see them only through `CorpusIndex.setUnsaved`.
   */
  texts?: ReadonlyMap<string, string>
  /** Keep each file's text in `vfile.value` (`--fix` and baselines read it); else it is let go. */
  keepText?: boolean
}

export interface RunStats {
  /** Pages whose findings came from the cache. */
  fromCache: number
  /** Pages checked with facts from the cache's facts store. */
  fromStore: number
  /** Pages parsed (by the fact phase and by the corpus index for linked pages). */
  parsed: number
  /** Pages checked again with facts an earlier run in this process built (`--fix`'s later passes). */
  reused?: number
}

/**
 * The pruned tree (see facts-job.ts) of facts built by a run: a later run in the same
 * process (`--fix` re-checking the pages that read a fixed page, an editor) reuses
 * facts the index still holds for an unchanged page, and needs its tree with them.
 */
const prunedTrees = new WeakMap<PageFacts, Root>()

/** What a check leaves on a page's vfile for the run (and the cache keeps with its findings). */
interface RunData {
  contentLintKind?: string
  contentLintDependencies?: string[]
  contentLintLibrary?: boolean
  contentLintNotices?: string[]
  contentLintChecks?: string[]
  contentLintRows?: number
}

/** Where a page belongs: its content root and the index of that root. */
interface Place {
  root: string
  index: CorpusIndex
}

/**
 * The content root and index of each page. The root depends on the file's folder (and
 * its configuration) only; asked several times per page, it costs path arithmetic and
 * a settings key each time (0.3 s of a warm run over 11k pages), so it is answered once
 * per folder.
 */
class Places {
  private readonly byConfiguration = new Map<Configured, Map<string, Place>>()

  constructor(
    private readonly configured: ReadonlyMap<string, Configured>,
    private readonly cwd: string
  ) {}

  of(file: string): Place {
    const conf = this.configured.get(file)!
    let byFolder = this.byConfiguration.get(conf)
    if (!byFolder) this.byConfiguration.set(conf, (byFolder = new Map()))
    const folder = path.dirname(file)
    let place = byFolder.get(folder)
    if (!place) {
      const root = findContentRoot(file, this.cwd, conf.settings)
      place = {root, index: corpusIndexFor(root, conf.settings)}
      byFolder.set(folder, place)
    }
    return place
  }
}

/** Where the facts of a page come from in this run, when its findings are not cached. */
interface FactsSources {
  /** Pages to read and parse (on worker threads). */
  toBuild: FactsJob[]
  /** Pages whose facts the cache's store holds for their content. */
  fromStore: Map<string, FactsResult>
  /** Pages whose facts an earlier run in this process built (`--fix`, an editor). */
  reused: Map<string, FactsResult>
}

/** One run of `lintFiles`: its phases in order, its state in one place. */
class LintRun {
  private readonly places: Places
  private readonly indexes: Set<CorpusIndex>
  private readonly parsedBefore: number
  private readonly cache: RunCache | null
  /** Whether findings are read from and written to the cache (not while pages read other text than the files'). */
  private readonly findingsCached: boolean
  private readonly statOf: (absolute: string) => fs.Stats | null
  private readonly hashes: RunHashes
  private readonly version: string
  private readonly files = new Map<string, VFile>()
  private readonly sources: FactsSources = {toBuild: [], fromStore: new Map(), reused: new Map()}
  /** Pages the facts phase read and parsed. */
  private built = 0

  constructor(
    private readonly options: RunOptions,
    private readonly configured: ReadonlyMap<string, Configured>
  ) {
    this.version = options.version ?? 'dev'
    this.places = new Places(configured, options.cwd)
    this.indexes = new Set(options.files.map((file) => this.places.of(file).index))
    // Indexes live as long as the process (a language server, tests): files may have
    // come and gone since their last run, and only what this run parsed is counted.
    for (const index of this.indexes) {
      index.refresh()
      // Library-wide values on disk are keyed by this run's view of the library (see useCache).
      index.aggregates = null
      index.linkNames = null
    }
    this.parsedBefore = [...this.indexes].reduce((n, index) => n + index.parsed, 0)
    // Pages read from unsaved text (`--fix` between passes, another version of the
    // library): findings on disk's terms would be wrong for the pages that read them, so
    // the findings cache sits out. Facts are keyed by content and still serve.
    this.cache = options.cache ?? null
    this.findingsCached = ![...this.indexes].some((index) => index.hasUnsaved())
    // Each file's stat, taken once per run: the library's hash, the content hashes, the
    // library statistics and the recorded links share them (with the dependents search
    // before this, when the caller ran one).
    this.statOf = options.statOf ?? statMemo()
    for (const index of this.indexes) index.statOf = this.statOf
    this.hashes = new RunHashes(this.cache, this.statOf, new Set(options.files))
  }

  async run(): Promise<VFile[]> {
    const slice = new TimeSlice()
    for (const file of this.options.files) {
      this.lookUp(file)
      await slice.pause()
    }
    const results = await this.buildFacts()
    this.seedIndexes(results)
    for (const file of this.options.files) {
      const result = results.get(file)
      if (result) await this.check(file, result)
      await slice.pause()
    }
    this.finish(results.size)
    return this.options.files.map((file) => this.files.get(file)!)
  }

  /**
   * What the cache already knows of a page: its findings (restored on its vfile), else
   * where its facts come from (`sources`).
   */
  private lookUp(file: string): void {
    // Paths relative to the working directory, as remark-cli reports them.
    const vfile = new VFile({path: path.relative(this.options.cwd, file) || file, cwd: this.options.cwd})
    this.files.set(file, vfile)
    const conf = this.configured.get(file)!
    const {index} = this.places.of(file)
    const relative = index.contains(file) ? index.relative(file) : path.basename(file)
    ;(vfile.data as {contentLintSettings?: ContentLintSettings}).contentLintSettings = conf.settings
    // The reports say which rules ran, pages without findings included.
    ;(vfile.data as {contentLintRules?: Record<string, 'warn' | 'error'>}).contentLintRules = conf.rules
    const given = this.options.texts?.get(file)
    if (given !== undefined) {
      this.sources.toBuild.push({file, relative, settings: conf.settings, text: given})
    } else if (this.cache) {
      this.lookUpCached(file, vfile, conf, relative)
    } else if (!this.reuse(file, undefined)) {
      this.sources.toBuild.push({file, relative, settings: conf.settings})
    }
  }

  /** `lookUp` with a cache: cached findings, reused facts, stored facts, or facts to build. */
  private lookUpCached(file: string, vfile: VFile, conf: Configured, relative: string): void {
    const cache = this.cache!
    const {index, root} = this.places.of(file)
    conf.key ??= configKeyOf(conf, this.version)
    const store = useCache(index, cache, conf.settings, this.version)
    let hash = this.hashes.of(file)
    const entry = hash && this.findingsCached
      ? cache.findingsFor(file, hash, conf.key, (dep) => this.hashes.ofDependency(index, path.join(root, dep)), () => this.hashes.ofLibrary(root))
      : null
    let text = this.hashes.takeText(file)
    if (entry) {
      restoreMessages(vfile, entry.messages)
      const data = vfile.data as RunData
      data.contentLintKind = entry.kind
      if (entry.notices) data.contentLintNotices = [...entry.notices]
      if (entry.checks) data.contentLintChecks = [...entry.checks]
      if (entry.rows !== undefined) data.contentLintRows = entry.rows
      // `--fix` re-checks the pages that read a fixed page's facts: a cached page's too.
      data.contentLintDependencies = Object.keys(entry.dependencies)
      if (this.options.keepText) vfile.value = text ?? fs.readFileSync(file, 'utf8')
      return
    }
    if (this.reuse(file, text)) return
    if (hash && text === undefined) {
      // The hash came from the file's stat: read the text now that it is needed.
      try {
        text = fs.readFileSync(file, 'utf8')
        hash = contentHash(text)
      } catch {
        // Read it the ordinary way below.
      }
    }
    const stored = hash ? store.read(`${relative}\0${hash}`) : null
    if (stored && hash && text !== undefined) {
      try {
        const stat = fs.statSync(file)
        this.sources.fromStore.set(file, {file, ok: true, text, hash, mtimeMs: stat.mtimeMs, size: stat.size, facts: stored.facts, tree: stored.tree})
        return
      } catch {
        // Read it the ordinary way below.
      }
    }
    this.sources.toBuild.push({file, relative, settings: conf.settings, store: store.target?.(`${relative}\0`)})
  }

  /**
   * Use the facts this process built for the page as it is on disk (an earlier run of
   * `--fix` or of an editor), when its findings must be computed again.
   */
  private reuse(file: string, text: string | undefined): boolean {
    const known = this.places.of(file).index.known(file)
    const tree = known && prunedTrees.get(known.facts)
    if (!known || !tree) return false
    try {
      this.sources.reused.set(file, {file, ok: true, text: text ?? fs.readFileSync(file, 'utf8'), ...known, tree})
      return true
    } catch {
      return false
    }
  }

  /** The facts phase: build what the cache and this process do not hold, on worker threads. */
  private async buildFacts(): Promise<Map<string, FactsResult>> {
    const built = await buildFacts(this.sources.toBuild, this.options)
    this.built = built.length
    return new Map<string, FactsResult>([...this.sources.fromStore, ...this.sources.reused, ...built.map((r) => [r.file, r] as const)])
  }

  /** Every page's facts go into its index before any rule asks for a linked page. */
  private seedIndexes(results: ReadonlyMap<string, FactsResult>): void {
    for (const result of results.values()) {
      if (!result.ok) continue
      const {index} = this.places.of(result.file)
      if (this.options.texts?.has(result.file)) {
        index.rememberUnsaved(result.file, result.text, result.facts)
        continue
      }
      prunedTrees.set(result.facts, result.tree)
      if (this.cache) {
        // Which file names the page links to, for finding the pages that link to a changed
        // page without reading every page. The stat was taken before the page was read.
        const stat = this.statOf(result.file)
        if (stat && settled(stat)) this.cache.recordLinks(result.file, statKey(stat), linkFileNames(result.file, result.facts.links))
      }
      if (this.sources.reused.has(result.file)) continue
      index.seed(result.file, result.hash, result, result.facts)
      if (this.cache && !this.sources.fromStore.has(result.file) && !result.stored) {
        index.store?.write(`${index.relative(result.file)}\0${result.hash}`, {facts: result.facts, tree: result.tree})
      }
    }
  }

  /** The rules phase for one page, then its findings to the cache. */
  private async check(file: string, result: FactsResult): Promise<void> {
    const vfile = this.files.get(file)!
    if (!result.ok) {
      const message = vfile.message(`Cannot read this page: ${result.error}`, {ruleId: 'unreadable', source: 'content-lint'})
      message.fatal = true
      return
    }
    vfile.value = result.text
    const conf = this.configured.get(file)!
    // Other plugins may read the whole tree: give them one.
    const tree = conf.foreign ? conf.processor.parse(vfile) : result.tree
    seedPageState(tree, vfile, result.facts, conf.settings)
    try {
      await conf.processor.run(tree, vfile)
    } catch (error) {
      // unified-lint-rule turns a rule's error into a message; anything else lands here.
      if (!vfile.messages.includes(error as never)) {
        const message = vfile.message(`Checking this page failed: ${(error as Error).message}`, {source: 'content-lint', ruleId: 'internal'})
        message.fatal = true
      }
    }
    this.storeFindings(file, vfile, conf, result.hash)
    // The report needs the messages, not the text: let 67 MB of pages go (the result
    // held it too, until the last page was checked).
    if (!this.options.keepText) {
      vfile.value = ''
      result.text = ''
    }
  }

  /** The store phase for one page: its findings, keyed by what they were computed from. */
  private storeFindings(file: string, vfile: VFile, conf: Configured, hash: string): void {
    if (!this.cache || !this.findingsCached || !conf.key || this.options.texts?.has(file)) return
    const data = vfile.data as RunData
    const {root, index} = this.places.of(file)
    const dependencies: Record<string, string> = {}
    for (const dep of data.contentLintDependencies ?? []) dependencies[dep] = this.hashes.ofDependency(index, path.join(root, dep))
    const library = data.contentLintLibrary === true
    const entry = {hash, configKey: conf.key, dependencies, library, kind: data.contentLintKind, notices: data.contentLintNotices, checks: data.contentLintChecks, rows: data.contentLintRows, messages: cachedMessages(vfile)}
    this.cache.storeFindings(file, entry, library ? this.hashes.ofLibrary(root) : undefined)
  }

  /** Save the cache, let go of this run's stats, and count what the run did. */
  private finish(withFacts: number): void {
    this.cache?.save()
    // Files may change before the next run: its questions take fresh stats.
    for (const index of this.indexes) index.statOf = null
    const stats = this.options.stats
    if (!stats) return
    stats.fromCache += this.options.files.length - withFacts
    stats.fromStore += this.sources.fromStore.size
    stats.reused = (stats.reused ?? 0) + this.sources.reused.size
    stats.parsed += this.built + [...this.indexes].reduce((n, index) => n + index.parsed, 0) - this.parsedBefore
  }
}

/** Lint files; resolves to one VFile per file with its messages, in the order given. */
export async function lintFiles(options: RunOptions): Promise<VFile[]> {
  const configured = await configure(options.files, options.configuration, options.cwd)
  return new LintRun(options, configured).run()
}

/**
 * The content-lint settings of each file under its configuration (absolute path →
 * settings), nothing linted; the files' indexes are given the cache, as a run does.
 */
export async function settingsOfFiles(options: RunOptions): Promise<Map<string, ContentLintSettings>> {
  const configured = await configure(options.files, options.configuration, options.cwd)
  const settings = new Map<string, ContentLintSettings>()
  for (const [file, conf] of configured) {
    settings.set(file, conf.settings)
    const index = corpusIndexFor(findContentRoot(file, options.cwd, conf.settings), conf.settings)
    // The stats the caller's next step takes (the dependents search) are the run's.
    if (options.statOf) index.statOf = options.statOf
    if (options.cache) useCache(index, options.cache, conf.settings, options.version ?? 'dev')
  }
  return settings
}
