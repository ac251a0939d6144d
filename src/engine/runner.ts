/**
 * The CLI's run: configuration per file (unified-engine's `Configuration`, so files are
 * configured exactly as remark-cli configures them), facts of every page built once in
 * worker threads, then the rules run per page in this thread over those facts.
 *
 * Why not unified-engine's own pipeline: it parses each file in one thread, and the
 * rules compare pages with the pages they link to, which would parse those again.
 * Here each page is parsed once, on all cores, and the corpus index is filled with
 * every page's facts before the first rule runs.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {Worker} from 'node:worker_threads'
import type {Root} from 'mdast'
import remarkParse from 'remark-parse'
import {type Processor, unified} from 'unified'
import {Configuration} from 'unified-engine'
import {VFile} from 'vfile'
import {type CorpusIndex, corpusIndexFor, findContentRoot} from '../library/corpus-index.js'
import {attackFor} from '../library/attack/load.js'
import {type CachedMessage, factsStore, RunCache, settled, statKey} from '../facts/cache.js'
import {contentHash, type FactsJob, type FactsResult, LARGE_PAGE, runFactsJob} from '../facts/facts-job.js'
import {libraryPages, statMemo} from '../core/files.js'
import {linkFileNames} from '../library/dependents.js'
import {contentLintSeverity, remarkContentLint} from '../lint/plugin.js'
import type {PageFacts} from '../model/types.js'
import {seedPageState} from '../lint/rule.js'
import {type ContentLintSettings, resolveSettings} from '../core/settings.js'

export type ConfigurationOptions = ConstructorParameters<typeof Configuration>[0]

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
 * A configuration or data problem: the CLI prints its message as one line (exit 2),
 * and the original error's stack only with `--debug`.
 */
export class ConfigurationError extends Error {
  constructor(message: string, options?: {cause?: unknown}) {
    // One line whatever the parser said (YAML errors quote the source over lines).
    super(message.replace(/\s*\n\s*/g, ' ').trim(), options)
  }
}

/**
 * The message of an error with its causes: unified-engine wraps a failed import as
 * `Cannot parse file` → `Cannot import` → the real error, which is what the user needs
 * (the syntax error, or what the file threw).
 */
function withCauses(error: Error): string {
  const parts: string[] = []
  for (let current: unknown = error; current instanceof Error && parts.length < 5; current = current.cause) {
    if (!parts.includes(current.message)) parts.push(current.message)
  }
  return parts.join(': ')
}

/**
 * The pruned tree (see facts-job.ts) of facts built by a run: a later run in the same
 * process (`--fix` re-checking the pages that read a fixed page, an editor) reuses
 * facts the index still holds for an unchanged page, and needs its tree with them.
 */
const prunedTrees = new WeakMap<PageFacts, Root>()

interface Configured {
  processor: Processor<Root, Root, Root>
  settings: ContentLintSettings
  /** The configuration has plugins other than content-lint's: they get a real tree. */
  foreign: boolean
  plugins: Array<[unknown, unknown]>
  /** Cache key of findings under this configuration (set when a cache is used). */
  key?: string
}

type ConfigResult = {filePath: string | undefined; plugins: Array<[unknown, unknown]>; settings: Record<string, unknown>}

function isOwnPlugin(plugin: unknown): boolean {
  if (typeof plugin !== 'function') return false
  // By name as well as identity: a content repository may load its own copy of content-lint.
  const names = ['remarkContentLint', 'contentLintSeverity', 'remarkLint']
  return plugin === remarkContentLint || plugin === contentLintSeverity || 'meta' in plugin || names.includes(plugin.name)
}

/** Load each file's configuration and build one processor per distinct configuration. */
async function configure(options: RunOptions): Promise<Map<string, Configured>> {
  const configuration = new Configuration(options.configuration)
  const built = new Map<ConfigResult | string, Configured>()
  const byFile = new Map<string, Configured>()
  // unified-engine gives a configuration file's result as one object per file found,
  // but builds a new result for every file that has none (the preset): one
  // processor per page then, each loading the ATT&CK data and computing its own
  // cache key (1.8 s of a 9 s warm run over 11k pages). Results without a file are
  // built from the same default and given plugins, so they are one configuration.
  const keyOf = (result: ConfigResult): ConfigResult | string => (result.filePath === undefined ? '\0default' : result)
  // unified-engine finds a file's configuration from its folder alone (FindUp searches
  // from the file's dirname), and without a configuration file builds the default anew
  // for every file: asked once per folder (1,936 for 11k pages) rather than per file,
  // and for all folders at once, since each asks the file system for eight file names
  // (one after the other, the main thread waited 0.45 s of a warm run).
  const byFolder = new Map<string, Promise<ConfigResult>>()
  for (const file of options.files) {
    const folder = path.dirname(file)
    if (byFolder.has(folder)) continue
    const result = new Promise<ConfigResult>((resolve, reject) => {
      configuration.load(file, (error, value) => {
        if (error) reject(error)
        else resolve(value as unknown as ConfigResult)
      })
    })
    // Awaited below, in file order; until then a failure must not count as unhandled.
    result.catch(() => {})
    byFolder.set(folder, result)
  }
  for (const file of options.files) {
    const result = await byFolder.get(path.dirname(file))!.catch((error: Error) => {
      throw new ConfigurationError(withCauses(error), {cause: error})
    })
    let configured = built.get(keyOf(result))
    if (!configured) {
      const processor = unified().use(remarkParse).data('settings', result.settings)
      let settingsOption: unknown
      for (const [plugin, value] of result.plugins) {
        if (plugin === remarkContentLint) settingsOption = value
        try {
          processor.use(plugin as never, ...(value === undefined ? [] : [value]))
        } catch (error) {
          throw new ConfigurationError((error as Error).message, {cause: error})
        }
      }
      try {
        processor.freeze()
      } catch (error) {
        // Bad ATT&CK data is about the run, not a configuration file: its message says it all.
        const where = result.filePath && (error as Error).name !== 'AttackDataError' ? ` (in ${path.relative(options.cwd, result.filePath) || result.filePath})` : ''
        throw new ConfigurationError(`${(error as Error).message}${where}`, {cause: error})
      }
      configured = {
        processor: processor as unknown as Processor<Root, Root, Root>,
        settings: resolveSettings(settingsOption),
        foreign: result.plugins.some(([plugin]) => !isOwnPlugin(plugin)),
        plugins: result.plugins
      }
      built.set(keyOf(result), configured)
    }
    byFile.set(file, configured)
  }
  return byFile
}

/** Build the facts of every page, on worker threads when there are many. */
async function buildFacts(jobs: FactsJob[], options: RunOptions): Promise<FactsResult[]> {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length
  const workers = Math.min(options.workers ?? (jobs.length < 200 ? 0 : cores), jobs.length)
  const progress = options.onProgress ?? (() => {})
  if (workers <= 0) {
    const results: FactsResult[] = []
    for (const job of jobs) {
      results.push(runFactsJob(job))
      progress(results.length, jobs.length)
    }
    return results
  }
  // vitest runs the TypeScript sources; threads need the built worker either way.
  const here = import.meta.url
  const workerUrl = new URL(here.endsWith('.ts') ? '../../dist/src/facts/worker.js' : '../facts/worker.js', here)
  const results = new Map<string, FactsResult>()
  // The large pages (see LARGE_PAGE) are parsed by one worker, one after the other and
  // first (while the main thread holds few facts), so that two of them are never in
  // memory at once. The other workers take the rest in batches.
  const sizes = new Map<FactsJob, number>()
  for (const job of jobs) {
    let size = job.text?.length ?? 0
    try {
      if (job.text === undefined) size = fs.statSync(job.file).size
    } catch {
      // Unreadable: the worker reports it.
    }
    sizes.set(job, size)
  }
  const large = jobs.filter((job) => sizes.get(job)! > LARGE_PAGE).sort((a, b) => sizes.get(b)! - sizes.get(a)!)
  const rest = jobs.filter((job) => sizes.get(job)! <= LARGE_PAGE)
  let next = 0
  const batchSize = 8
  await Promise.all(
    Array.from({length: workers}, (_, lane) =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerUrl)
        // Two batches in flight: the worker starts the next while this thread takes in
        // the last one's results (with one, each worker idled 10% of a cold run).
        let inFlight = 0
        let ended = false
        const send = () => {
          if (lane === 0 && large.length > 0) {
            worker.postMessage([large.shift()!])
          } else if (next < rest.length) {
            worker.postMessage(rest.slice(next, next + batchSize))
            next += batchSize
          } else {
            if (inFlight === 0 && !ended) {
              ended = true
              void worker.terminate().then(() => resolve())
            }
            return
          }
          inFlight++
        }
        worker.on('message', (batch: FactsResult[]) => {
          inFlight--
          for (const result of batch) results.set(result.file, result)
          progress(results.size, jobs.length)
          send()
        })
        worker.on('error', reject)
        send()
        send()
      })
    )
  )
  return jobs.map((job) => results.get(job.file)!)
}

/** What the cache key of findings is made of: everything that changes a page's findings but the pages. */
function configKeyOf(configured: Configured, version: string): string {
  const plugins = configured.plugins.map(([plugin, value]) => {
    const name = typeof plugin === 'function' ? ((plugin as {meta?: {id: string}}).meta?.id ?? plugin.name) : String(plugin)
    return [name, value]
  })
  return contentHash(JSON.stringify({version, plugins, settings: configured.settings, attack: attackIdentity(configured.settings)}))
}

/** Which ATT&CK data the rules read: release files with their stat, and the target release. */
function attackIdentity(settings: ContentLintSettings): string {
  try {
    const data = attackFor(settings)
    if (!data) return 'none'
    const files = data.releases.map((release) => {
      const stat = fs.statSync(release.source)
      return `${release.version}:${release.source}:${stat.mtimeMs}:${stat.size}`
    })
    return `${files.join('|')}>${data.target.version}`
  } catch (error) {
    return `error: ${(error as Error).message}`
  }
}

function restore(file: VFile, messages: CachedMessage[]): void {
  // A VFileMessage is an Error: V8 records a stack trace for each, which vfile-message
  // then drops (its `stack` is ''). 27k findings of a warm run paid 0.15 s for them.
  const stackTraceLimit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    for (const cached of messages) {
      const message = file.message(cached.reason, {place: cached.place as never, ruleId: cached.ruleId ?? undefined, source: cached.source ?? undefined})
      message.fatal = cached.fatal ?? undefined
      if (cached.actual !== undefined) message.actual = cached.actual
      if (cached.expected !== undefined) message.expected = cached.expected
      if (cached.note !== undefined) message.note = cached.note
      if (cached.url !== undefined) message.url = cached.url
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit
  }
}

function toCached(file: VFile): CachedMessage[] {
  return file.messages.map((m) => ({
    reason: m.reason,
    place: m.place,
    ruleId: m.ruleId,
    source: m.source,
    fatal: m.fatal,
    actual: m.actual,
    expected: m.expected,
    note: m.note,
    url: m.url
  }))
}

/** Give an index what it reads from the cache: stored facts, library-wide values, recorded link names. */
function useCache(index: CorpusIndex, cache: RunCache, settings: ContentLintSettings, version: string): NonNullable<CorpusIndex['store']> {
  const store = (index.store ??= factsStore(cache, settings, version))
  if (index.aggregates) return store
  // Keyed by the tool's version and the root: a value tells itself which pages it
  // was built from (library-stats.ts checks each product's listing against the
  // state of the pages it read), so a change to a few pages leaves the rest usable.
  const prefix = `${index.root}\0`
  index.aggregates = {read: (name: string) => cache.readAggregate(prefix + name, version), write: (name: string, value: unknown) => cache.writeAggregate(prefix + name, version, value)}
  // The stat is taken when asked (`--dependents` asks before or after a run).
  index.linkNames = (absolute: string) => {
    const stat = index.statOf ? index.statOf(absolute) : fs.statSync(absolute, {throwIfNoEntry: false})
    return stat ? cache.knownLinks(absolute, statKey(stat)) : undefined
  }
  return store
}

/**
 * The content-lint settings of each file under its configuration (absolute path →
 * settings), nothing linted; the files' indexes are given the cache, as a run does.
 */
export async function settingsOfFiles(options: RunOptions): Promise<Map<string, ContentLintSettings>> {
  const configured = await configure(options)
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

/** Lint files; resolves to one VFile per file with its messages, in the order given. */
export async function lintFiles(options: RunOptions): Promise<VFile[]> {
  const configured = await configure(options)
  const version = options.version ?? 'dev'
  // The content root depends on the file's folder (and its configuration) only; asked
  // several times per page, it costs path arithmetic and a settings key each time
  // (0.3 s of a warm run over 11k pages), so it is answered once per folder.
  const roots = new Map<Configured, Map<string, {root: string; index: ReturnType<typeof corpusIndexFor>}>>()
  const placeOf = (file: string) => {
    const conf = configured.get(file)!
    let byFolder = roots.get(conf)
    if (!byFolder) roots.set(conf, (byFolder = new Map()))
    const folder = path.dirname(file)
    let place = byFolder.get(folder)
    if (!place) {
      const root = findContentRoot(file, options.cwd, conf.settings)
      place = {root, index: corpusIndexFor(root, conf.settings)}
      byFolder.set(folder, place)
    }
    return place
  }
  const rootOf = (file: string) => placeOf(file).root
  const indexOf = (file: string) => placeOf(file).index
  // Indexes live as long as the process (a language server, tests): files may have
  // come and gone since their last run.
  const indexes = new Set(options.files.map(indexOf))
  for (const index of indexes) {
    index.refresh()
    // Library-wide values on disk are keyed by this run's view of the library (set below).
    index.aggregates = null
    index.linkNames = null
  }
  // The indexes live on between runs: count only what this run parsed.
  const parsedBefore = [...indexes].reduce((n, index) => n + index.parsed, 0)

  // Pages read from unsaved text (`--fix` between passes): findings on disk's terms
  // would be wrong for the pages that read them, so the findings cache sits out.
  const cache = [...indexes].some((index) => index.hasUnsaved()) ? null : (options.cache ?? null)
  // Each file's stat, taken once per run: the library's hash, the content hashes, the
  // library statistics and the recorded links share them (with the dependents search
  // before this, when the caller ran one).
  const statOf = options.statOf ?? statMemo()
  for (const index of indexes) index.statOf = statOf
  // Content hashes, once per run: of the pages checked, and of pages they depend on;
  // from the cache when the file's stat is what it was when last hashed.
  const hashes = new Map<string, string | undefined>()
  // Text of the pages checked, read once for their hash and kept until their facts
  // come from the cache's store (so a page is not read twice).
  const checked = new Set(options.files)
  const texts = new Map<string, string>()
  const hashOfFile = (absolute: string): string | undefined => {
    if (!hashes.has(absolute)) {
      // Taken before the file is read: a change in between is seen next run.
      const stat = cache ? statOf(absolute) : null
      const known = stat ? cache!.knownHash(absolute, statKey(stat)) : undefined
      if (known) {
        hashes.set(absolute, known)
        return known
      }
      try {
        const text = fs.readFileSync(absolute, 'utf8')
        const hash = contentHash(text)
        hashes.set(absolute, hash)
        if (checked.has(absolute)) texts.set(absolute, text)
        if (stat && settled(stat)) cache!.recordHash(absolute, statKey(stat), hash)
      } catch {
        hashes.set(absolute, undefined)
      }
    }
    return hashes.get(absolute)
  }
  // A dependency may have become a symbolic link out of the root or a FIFO since it
  // was recorded: read it only as the index would (a FIFO would block the run).
  // Once per page and run: a parser page is a dependency of many pages, and whether it
  // is readable costs a realpath and a stat (0.8 s of a warm run when asked per page).
  const dependencyHashes = new Map<string, string>()
  const dependencyHash = (index: ReturnType<typeof indexOf>, absolute: string): string => {
    const key = index.root + '\0' + absolute
    let hash = dependencyHashes.get(key)
    if (hash === undefined) {
      hash = index.readable(absolute) ? (hashOfFile(absolute) ?? 'missing') : 'missing'
      dependencyHashes.set(key, hash)
    }
    return hash
  }
  const libraryHashes = new Map<string, string>()
  const libraryHash = (root: string): string => {
    let hash = libraryHashes.get(root)
    if (!hash) {
      // By each page's stat (size, times, inode), as ESLint's cache validates files by
      // default: a run on a few pages must not read all 11k to learn that nothing
      // changed. (Each page's own findings are still keyed by its content hash.)
      const pages = libraryPages(root)
      const state = (page: string) => {
        const stat = statOf(page)
        return stat ? statKey(stat) : 'missing'
      }
      hash = contentHash(pages.map((page) => `${path.relative(root, page)}\0${state(page)}`).join('\n'))
      libraryHashes.set(root, hash)
    }
    return hash
  }

  const files = new Map<string, VFile>()
  const toCheck: FactsJob[] = []
  const fromStore = new Map<string, FactsResult>()
  const reused = new Map<string, FactsResult>()
  for (const file of options.files) {
    // Paths relative to the working directory, as remark-cli reports them.
    const vfile = new VFile({path: path.relative(options.cwd, file) || file, cwd: options.cwd})
    files.set(file, vfile)
    const conf = configured.get(file)!
    const index = indexOf(file)
    const relative = index.contains(file) ? index.relative(file) : path.basename(file)
    ;(vfile.data as {contentLintSettings?: ContentLintSettings}).contentLintSettings = conf.settings
    const given = options.texts?.get(file)
    if (given !== undefined) {
      toCheck.push({file, relative, settings: conf.settings, text: given})
      continue
    }
    // Facts this process built for the page as it is on disk (an earlier run of `--fix`
    // or of an editor), when its findings must be computed again.
    const reuse = (text: string | undefined): boolean => {
      const known = index.known(file)
      const tree = known && prunedTrees.get(known.facts)
      if (!known || !tree) return false
      try {
        reused.set(file, {file, ok: true, text: text ?? fs.readFileSync(file, 'utf8'), ...known, tree})
        return true
      } catch {
        return false
      }
    }
    if (cache) {
      conf.key ??= configKeyOf(conf, version)
      const store = useCache(index, cache, conf.settings, version)
      let hash = hashOfFile(file)
      const root = rootOf(file)
      const entry = hash
        ? cache.findingsFor(file, hash, conf.key, (dep) => dependencyHash(index, path.join(root, dep)), () => libraryHash(root))
        : null
      let text = texts.get(file)
      texts.delete(file)
      if (entry) {
        restore(vfile, entry.messages)
        const data = vfile.data as {contentLintKind?: string; contentLintDependencies?: string[]}
        data.contentLintKind = entry.kind
        // `--fix` re-checks the pages that read a fixed page's facts: a cached page's too.
        data.contentLintDependencies = Object.keys(entry.dependencies)
        if (options.keepText) vfile.value = text ?? fs.readFileSync(file, 'utf8')
        continue
      }
      if (reuse(text)) continue
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
          fromStore.set(file, {file, ok: true, text, hash, mtimeMs: stat.mtimeMs, size: stat.size, facts: stored.facts, tree: stored.tree})
          continue
        } catch {
          // Read it the ordinary way below.
        }
      }
      toCheck.push({file, relative, settings: conf.settings, store: store.target?.(`${relative}\0`)})
      continue
    } else if (reuse(undefined)) {
      continue
    }
    toCheck.push({file, relative, settings: conf.settings})
  }
  const built = await buildFacts(toCheck, options)
  const results = new Map<string, FactsResult>([...fromStore, ...reused, ...built.map((r) => [r.file, r] as const)])

  // Every page's facts go into the index before any rule asks for a linked page.
  for (const result of results.values()) {
    if (!result.ok) continue
    if (options.texts?.has(result.file)) {
      indexOf(result.file).rememberUnsaved(result.file, result.text, result.facts)
      continue
    }
    prunedTrees.set(result.facts, result.tree)
    if (cache) {
      // Which file names the page links to, for finding the pages that link to a changed
      // page without reading every page. The stat was taken before the page was read.
      const stat = statOf(result.file)
      if (stat && settled(stat)) cache.recordLinks(result.file, statKey(stat), linkFileNames(result.file, result.facts.links))
    }
    if (reused.has(result.file)) continue
    const index = indexOf(result.file)
    index.seed(result.file, result.hash, result, result.facts)
    if (cache && !fromStore.has(result.file) && !result.stored) index.store?.write(`${index.relative(result.file)}\0${result.hash}`, {facts: result.facts, tree: result.tree})
  }

  for (const file of options.files) {
    const result = results.get(file)
    if (!result) continue
    const vfile = files.get(file)!
    if (!result.ok) {
      const message = vfile.message(`Cannot read this page: ${result.error}`, {ruleId: 'unreadable', source: 'content-lint'})
      message.fatal = true
      continue
    }
    vfile.value = result.text
    const conf = configured.get(file)!
    let tree = result.tree
    if (conf.foreign) {
      // Other plugins may read the whole tree: give them one.
      tree = conf.processor.parse(vfile)
    }
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
    if (cache && conf.key && !options.texts?.has(file)) {
      const data = vfile.data as {contentLintDependencies?: string[]; contentLintLibrary?: boolean; contentLintKind?: string}
      const root = rootOf(file)
      const dependencies: Record<string, string> = {}
      for (const dep of data.contentLintDependencies ?? []) dependencies[dep] = dependencyHash(indexOf(file), path.join(root, dep))
      const library = data.contentLintLibrary === true
      cache.storeFindings(file, {hash: result.hash, configKey: conf.key, dependencies, library, kind: data.contentLintKind, messages: toCached(vfile)}, library ? libraryHash(root) : undefined)
    }
    // The report needs the messages, not the text: let 67 MB of pages go (the result
    // held it too, until the last page was checked).
    if (!options.keepText) {
      vfile.value = ''
      result.text = ''
    }
  }
  cache?.save()
  // Files may change before the next run: its questions take fresh stats.
  for (const index of indexes) index.statOf = null
  if (options.stats) {
    options.stats.fromCache += options.files.length - results.size
    options.stats.fromStore += fromStore.size
    options.stats.reused = (options.stats.reused ?? 0) + reused.size
    options.stats.parsed += built.length + [...indexes].reduce((n, index) => n + index.parsed, 0) - parsedBefore
  }
  return options.files.map((file) => files.get(file)!)
}
