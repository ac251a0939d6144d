/**
 * The on-disk cache of the CLI, like ESLint's `--cache`:
 *
 * - findings of each page, valid while the page's content hash, the run's
 *   configuration key (tool version, plugins and their options, settings, ATT&CK
 *   release) and the content hash of every page its findings depend on are unchanged;
 *   a page whose rules read library-wide facts depends on the library as a whole;
 * - facts of each page, by path and content hash (and version and settings), so a run
 *   that must re-check a page whose neighbours did not change reads their facts
 *   instead of parsing them.
 *
 * Safe when broken or raced: every file is written to a temp name and renamed into
 * place; a file that does not read back (truncated, corrupt, another version) counts
 * as absent and is rebuilt. Two runs at once each write whole files; the last rename
 * wins, and either is a valid cache (each entry is checked against the pages it was
 * made from, so shards written by different runs mix safely).
 */
import {createHash, randomBytes} from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import v8 from 'node:v8'
import type {Root} from 'mdast'
import type {PageFacts} from '../model/types.js'
import type {ContentLintSettings} from '../core/settings.js'

/** A page's facts and the pruned tree that carries its lint comments. */
export interface CachedFacts {
  facts: PageFacts
  tree: Root
}

/** Where a page's facts go in a cache's store: the key lacks only the page's content hash. */
export interface StoreTarget {
  location: string
  key: string
}

/** Bump when the layout of cache files changes. */
const formatVersion = 2
/**
 * Findings live in 256 shard files (`findings/00.json` … `ff.json`, by a hash of the
 * page's path) rather than one `findings.json` (format 1): a run over 10 pages and
 * their dependents read and wrote all 22 MB of the snapshot's findings (0.9 s of a
 * 5.4 s run); now it reads and writes the twenty shards its pages fall in.
 */
const findingsFormat = 2

export interface CachedMessage {
  reason: string
  place: unknown
  ruleId?: string | null
  source?: string | null
  fatal?: boolean | null
  actual?: string
  expected?: string[]
  note?: string
  url?: string
}

export interface FindingsEntry {
  /** Content hash of the page. */
  hash: string
  /** The configuration the findings were made under (version, plugins, options, settings). */
  configKey: string
  /** Content hash of each page (relative to the root) the findings depend on. */
  dependencies: Record<string, string>
  /** Whether the findings depend on the whole library (library-wide statistics). */
  library: boolean
  /** The page's kind, as `--stats` counts it. */
  kind?: string
  /** An ATT&CK rule checked the page without ATT&CK data: a run serving these findings says so as one that computes them. */
  withoutAttackData?: boolean
  messages: CachedMessage[]
}

interface FindingsShard {
  format: number
  /** Content hash of the whole library (every page under the content root) per root. */
  libraryHashes: Record<string, string>
  entries: Record<string, FindingsEntry>
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isOptional = (value: unknown, type: string) => value === undefined || value === null || typeof value === type

/**
 * Whether a cached entry has the shape this version writes. A findings shard is JSON a
 * person or another tool may have edited: an entry of the right hash but the wrong
 * shape (`dependencies: null`) crashed the run; such an entry counts as absent.
 */
function isEntry(entry: unknown): entry is FindingsEntry {
  if (!isObject(entry) || typeof entry.hash !== 'string' || typeof entry.configKey !== 'string') return false
  if (typeof entry.library !== 'boolean' || !isOptional(entry.kind, 'string') || !isOptional(entry.withoutAttackData, 'boolean')) return false
  if (!isObject(entry.dependencies) || !Object.values(entry.dependencies).every((h) => typeof h === 'string')) return false
  return Array.isArray(entry.messages) && entry.messages.every((m: unknown) => isMessage(m))
}

/** A unist point (`{line, column}`) or position (`{start, end}` of points), as vfile-message takes. */
function isPlace(place: unknown): boolean {
  const isPoint = (p: unknown) => isObject(p) && typeof p.line === 'number' && typeof p.column === 'number'
  return isPoint(place) || (isObject(place) && isPoint(place.start) && isPoint(place.end))
}

function isMessage(m: unknown): m is CachedMessage {
  if (!isObject(m) || typeof m.reason !== 'string' || !(m.place === undefined || m.place === null || isPlace(m.place))) return false
  if (!isOptional(m.ruleId, 'string') || !isOptional(m.source, 'string') || !isOptional(m.fatal, 'boolean')) return false
  if (!isOptional(m.actual, 'string') || !isOptional(m.note, 'string') || !isOptional(m.url, 'string')) return false
  return m.expected === undefined || m.expected === null || (Array.isArray(m.expected) && m.expected.every((e) => typeof e === 'string'))
}

export function defaultCacheLocation(cwd: string): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache')
  const id = createHash('sha1').update(path.resolve(cwd)).digest('hex').slice(0, 16)
  return path.join(base, 'content-lint', 'runs', id)
}

/** Write a file so that readers see the old or the new content, never a part. */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), {recursive: true})
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    fs.writeFileSync(temp, data)
    fs.renameSync(temp, file)
  } catch (error) {
    fs.rmSync(temp, {force: true})
    throw error
  }
}

function factsFile(location: string, key: string): string {
  const name = createHash('sha1').update(key).digest('hex')
  return path.join(location, 'facts', name.slice(0, 2), name.slice(2) + '.v8')
}

/**
 * Write a page's facts into the store of the cache at `location`. Also called from the
 * CLI's worker threads (facts-job.ts), which write what they build: eleven thousand
 * files written by the main thread were five seconds of a cold run with the cores idle.
 */
export function writeStoredFacts(location: string, key: string, facts: CachedFacts): boolean {
  try {
    const {head, bulk, fields} = splitFacts(facts.facts)
    writeAtomic(factsFile(location, key), v8.serialize({format: formatVersion, key, facts: {facts: head, tree: facts.tree}, bulk: v8.serialize(bulk), fields}))
    return true
  } catch {
    // A cache that cannot be written only costs time next run.
    return false
  }
}

/**
 * The parts of a page's facts that are most of their size (every cell's tags, link and
 * row) and that a page linking to this one seldom reads: `linked-count` reads an RM
 * page's summary, `parser-name` a parser page's name, `no-dead-link` its headings. A
 * use-case page links to some 180 RM pages; re-checking four of them deserialized 800
 * pages' facts whole (0.6 s of a run on ten changed pages). These are stored as one
 * separate blob, deserialized when one of them is first read.
 */
const bulkFields = ['tables', 'cellHtml', 'links', 'techniqueMentions', 'product', 'continuation', 'useCase'] as const

function splitFacts(facts: PageFacts): {head: PageFacts; bulk: Record<string, unknown>; fields: string[]} {
  const head: Record<string, unknown> = {...facts}
  const bulk: Record<string, unknown> = {}
  for (const field of bulkFields) {
    if (!(field in head)) continue
    bulk[field] = head[field]
    delete head[field]
  }
  if (facts.rulesAndModels) {
    // Its summary stays at hand; its rows go with the bulk.
    const {rows, ...rest} = facts.rulesAndModels
    head.rulesAndModels = rest
    bulk.rulesAndModelsRows = rows
  }
  return {head: head as unknown as PageFacts, bulk, fields: Object.keys(bulk)}
}

/** `head` with the `fields` of `bulk` (serialized) read on first use, as plain data properties from then on. */
function withBulk(head: PageFacts, serialized: Uint8Array, fields: readonly string[]): PageFacts {
  const facts = head as unknown as Record<string, unknown>
  const ruleRows = head.rulesAndModels as unknown as Record<string, unknown> | undefined
  const homeOf = (field: string) => (field === 'rulesAndModelsRows' ? {target: ruleRows!, name: 'rows'} : {target: facts, name: field})
  let loaded = false
  const load = () => {
    if (loaded) return
    loaded = true
    const bulk = v8.deserialize(serialized) as Record<string, unknown>
    for (const field of fields) {
      const {target, name} = homeOf(field)
      Object.defineProperty(target, name, {value: bulk[field], writable: true, enumerable: true, configurable: true})
    }
  }
  for (const field of fields) {
    const {target, name} = homeOf(field)
    if (!target) continue
    Object.defineProperty(target, name, {
      get: () => {
        load()
        return target[name]
      },
      set: (value: unknown) => {
        load()
        target[name] = value
      },
      enumerable: true,
      configurable: true
    })
  }
  return head
}

export class RunCache {
  readonly location: string
  /** Shard name → its findings, read on first use. */
  private readonly shards = new Map<string, FindingsShard>()
  private readonly dirty = new Set<string>()
  /** Absolute path → [stat, content hash] (see `knownHash`). */
  private readonly hashes: ByStat<string>
  /** Absolute path → [stat, file names its links lead to] (see `knownLinks`). */
  private readonly links: ByStat<string[]>

  constructor(location: string) {
    this.location = location
    this.hashes = new ByStat(path.join(location, 'hashes.json'), 'files', (value) => typeof value === 'string')
    this.links = new ByStat(path.join(location, 'links.json'), 'pages', (value) => Array.isArray(value) && value.every((name: unknown) => typeof name === 'string'))
  }

  private shardPath(name: string): string {
    return path.join(this.location, 'findings', `${name}.json`)
  }

  /** The shard holding a page's findings (read from disk on first use). */
  private shardOf(file: string): {name: string; shard: FindingsShard} {
    const name = createHash('sha1').update(file).digest('hex').slice(0, 2)
    let shard = this.shards.get(name)
    if (!shard) {
      shard = this.readShard(name)
      this.shards.set(name, shard)
    }
    return {name, shard}
  }

  private readShard(name: string): FindingsShard {
    const empty: FindingsShard = {format: findingsFormat, libraryHashes: {}, entries: {}}
    try {
      const data = JSON.parse(fs.readFileSync(this.shardPath(name), 'utf8')) as FindingsShard
      const valid = data.format === findingsFormat && isObject(data.entries) && isObject(data.libraryHashes)
      if (!valid) return empty
      return data
    } catch {
      // Missing, truncated or corrupt: start afresh.
      return empty
    }
  }

  /**
   * Cached findings of a page, when still valid: same content, same dependencies'
   * content, and, for library-wide findings, the same library.
   */
  findingsFor(
    file: string,
    hash: string,
    configKey: string,
    hashOf: (relative: string) => string | undefined,
    libraryHash: () => string
  ): FindingsEntry | null {
    const {shard} = this.shardOf(file)
    const entry = shard.entries[file]
    if (!isEntry(entry) || entry.hash !== hash || entry.configKey !== configKey) return null
    if (entry.library && shard.libraryHashes[file] !== libraryHash()) return null
    for (const [relative, depHash] of Object.entries(entry.dependencies)) {
      if (hashOf(relative) !== depHash) return null
    }
    return entry
  }

  /**
   * The content hash recorded for a file when its stat (size, modification and change
   * times, inode: see `statKey`) was exactly `stat`, so that a warm run need not read
   * and hash all 67 MB of the snapshot to learn that nothing changed (0.5 s).
   */
  knownHash(file: string, stat: string): string | undefined {
    return this.hashes.known(file, stat)
  }

  /** Record a file's content hash as read with this stat, taken before it was read (see `settled`). */
  recordHash(file: string, stat: string, hash: string): void {
    this.hashes.record(file, stat, hash)
  }

  /**
   * The lower-cased file names a page's links lead to, recorded when its stat was
   * exactly `stat` (see `statKey`): finding the pages that link to ten changed pages
   * then reads only those that may, not all 11k (0.5 s).
   */
  knownLinks(file: string, stat: string): string[] | undefined {
    return this.links.known(file, stat)
  }

  /** Record the file names a page's links lead to, for the page with this stat (taken before it was read, and `settled`). */
  recordLinks(file: string, stat: string, names: string[]): void {
    this.links.record(file, stat, names)
  }

  /** `libraryHash` is given for findings that read library-wide facts. */
  storeFindings(file: string, entry: FindingsEntry, libraryHash?: string): void {
    const {name, shard} = this.shardOf(file)
    shard.entries[file] = entry
    if (libraryHash) shard.libraryHashes[file] = libraryHash
    this.dirty.add(name)
  }

  /**
   * A value derived from the whole library (library-wide statistics) under `name`,
   * when it was stored for exactly `key` (which holds the library's state); else null.
   * One file per name: a newer library state replaces the older one.
   */
  readAggregate(name: string, key: string): unknown {
    try {
      const value = v8.deserialize(fs.readFileSync(this.aggregatePath(name))) as {format: number; key: string; value: unknown}
      return value.format === formatVersion && value.key === key ? value.value : null
    } catch {
      return null
    }
  }

  writeAggregate(name: string, key: string, value: unknown): void {
    try {
      writeAtomic(this.aggregatePath(name), v8.serialize({format: formatVersion, key, value}))
    } catch {
      // A cache that cannot be written only costs time next run.
    }
  }

  private aggregatePath(name: string): string {
    return path.join(this.location, 'library', createHash('sha1').update(name).digest('hex') + '.v8')
  }

  /** Where the facts of a page with this key (settings, path, content) live. */
  readFacts(key: string): CachedFacts | null {
    try {
      const value = v8.deserialize(fs.readFileSync(factsFile(this.location, key))) as {format: number; key: string; facts: CachedFacts; bulk: Uint8Array; fields: string[]}
      if (value.format !== formatVersion || value.key !== key || !(value.bulk instanceof Uint8Array) || !Array.isArray(value.fields)) return null
      return {facts: withBulk(value.facts.facts, value.bulk, value.fields), tree: value.facts.tree}
    } catch {
      return null
    }
  }

  writeFacts(key: string, facts: CachedFacts): void {
    writeStoredFacts(this.location, key, facts)
  }

  /** Write what changed; a failure to write is not the run's failure. */
  save(): void {
    this.hashes.save()
    this.links.save()
    for (const name of this.dirty) {
      try {
        writeAtomic(this.shardPath(name), JSON.stringify(this.shards.get(name)))
      } catch {
        // Read-only cache location: the next run starts cold.
        return
      }
    }
    this.dirty.clear()
  }
}

/**
 * One cache file of values per page, each valid while the page's stat is what it was
 * when the value was recorded; read on first use, written by `save()` when changed.
 * Missing, truncated or corrupt, or holding values of the wrong shape: those count as
 * absent (the pages are read again).
 */
class ByStat<T> {
  private entries: Map<string, [string, T]> | null = null
  private dirty = false

  constructor(
    private readonly file: string,
    /** The JSON field holding the entries (`{format, [field]: {path: [stat, value]}}`). */
    private readonly field: string,
    private readonly isValue: (value: unknown) => boolean
  ) {}

  private read(): Map<string, [string, T]> {
    const entries = new Map<string, [string, T]>()
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, unknown>
      const stored = data[this.field]
      if (data.format !== findingsFormat || !isObject(stored)) return entries
      for (const [file, value] of Object.entries(stored)) {
        if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && this.isValue(value[1])) entries.set(file, value as [string, T])
      }
    } catch {
      // Absent: see above.
    }
    return entries
  }

  known(file: string, stat: string): T | undefined {
    this.entries ??= this.read()
    const known = this.entries.get(file)
    return known && known[0] === stat ? known[1] : undefined
  }

  record(file: string, stat: string, value: T): void {
    this.entries ??= this.read()
    const known = this.entries.get(file)
    if (known && known[0] === stat && JSON.stringify(known[1]) === JSON.stringify(value)) return
    this.entries.set(file, [stat, value])
    this.dirty = true
  }

  save(): void {
    if (!this.dirty || !this.entries) return
    try {
      writeAtomic(this.file, JSON.stringify({format: findingsFormat, [this.field]: Object.fromEntries(this.entries)}))
      this.dirty = false
    } catch {
      // Read-only cache location: pages are read again next run.
    }
  }
}

/**
 * A file's stat as `knownHash` compares it: size, modification and change times and
 * inode, by which git's index and ESLint's cache tell an unchanged file. The change
 * time cannot be set back by a tool, and any write moves it.
 */
export function statKey(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`
}

/**
 * Whether a stat is old enough to stand for the content read after it: a file written
 * again within the file system's timestamp granularity of the read could keep its
 * times and size (git's "racily clean" entries), so hashes of files changed in the
 * last two seconds are not recorded.
 */
export function settled(stat: fs.Stats, now = Date.now()): boolean {
  return now - Math.max(stat.mtimeMs, stat.ctimeMs) > 2000
}

/** The cache's facts store as the corpus index uses it: keys carry the tool version and the settings. */
export function factsStore(cache: RunCache, settings: ContentLintSettings, version: string) {
  const prefix = createHash('sha1').update(JSON.stringify({version, settings})).digest('hex') + '\0'
  return {
    read: (key: string) => cache.readFacts(prefix + key),
    write: (key: string, value: CachedFacts) => cache.writeFacts(prefix + key, value),
    /** Where a worker writes the facts it builds: `key` is completed with the page's content hash. */
    target: (key: string): StoreTarget => ({location: cache.location, key: prefix + key})
  }
}
