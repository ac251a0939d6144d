/**
 * The library layer (`src/library/`): what the pages say together. It owns the corpus
 * index of one content root (this module: links resolved, facts of linked pages), the
 * library-wide statistics and judgements built on them (`library-stats.ts`,
 * `event-type-fit.ts`, `activity.ts`, `link-candidates.ts`, `product-page.ts`), which
 * pages depend on which (`dependents.ts`) and the ATT&CK data (`attack/`). It may
 * import `core/`, `syntax/`, `model/` and `facts/`.
 *
 * The corpus index: resolves links between pages and gives the facts of linked pages.
 *
 * One index serves one content root. It reads pages on demand, never outside the root,
 * and keeps their facts keyed by path and content hash, so that:
 * - a page the lint pipeline already parsed is not parsed again when another page
 *   links to it (the pipeline registers its facts with `remember`);
 * - an editor that lints one open page gets facts of unopened pages from disk, and
 *   a changed file on disk is read again (its stat changes);
 * - facts can later be stored on disk under the same key and built in workers.
 */
import fs from 'node:fs'
import path from 'node:path'
import {extractPage, tooLargePage} from '../model/extract.js'
import {contentHash, pruneTree} from '../facts/facts-job.js'
import type {Root} from 'mdast'
import type {PageFacts} from '../model/types.js'
import type {ContentLintSettings} from '../core/settings.js'
import {parseMarkdown} from '../syntax/syntax.js'
import type {StoreTarget} from '../facts/cache.js'
import {encodingProblem, readPageText} from '../facts/page-text.js'

/** Where a link goes. */
export type LinkTarget =
  /** A URL with a scheme (`https:`, `mailto:`) or protocol-relative: not checked here. */
  | {kind: 'external'; url: string}
  /** `#fragment` on the same page. */
  | {kind: 'same-page'; fragment: string}
  /** Leaves the content root, is absolute, or escapes it through a symlink: never read. */
  | {kind: 'outside'; reason: string}
  | {
      kind: 'file'
      /** Absolute path of the target as written (after percent-decoding). */
      path: string
      /** Path relative to the root, `/`-separated. */
      relative: string
      exists: boolean
      /** When it only exists with other letter case: the real relative path. */
      caseMismatch: string | null
      fragment: string | null
    }

interface FolderListing {
  entries: string[]
  exact: Set<string>
  /** Lower-cased name → the entry spelt so. */
  lower: Map<string, string>
}

interface CachedStat {
  mtimeMs: number
  size: number
  key: string
}

export class CorpusIndex {
  readonly root: string
  private readonly realRoot: string
  private readonly settings: ContentLintSettings
  /** relative path + NUL + content hash → facts. */
  private readonly facts = new Map<string, PageFacts>()
  /** absolute path → stat and key of the facts last read from disk. */
  private readonly stats = new Map<string, CachedStat>()
  /**
   * absolute folder → its entries, for exact-case existence checks, also as a set and
   * by lower case (a page links hundreds of parsers in one folder); null when none.
   */
  private readonly folders = new Map<string, FolderListing | null>()
  /**
   * Answers that only change when files come or go, kept until `refresh()`: a large
   * product page links the same few hundred parser pages tens of thousands of times,
   * and each answer costs path arithmetic, directory look-ups and a realpath call.
   */
  private readonly resolved = new Map<string, LinkTarget>()
  private readonly inside = new Map<string, boolean>()
  private readonly looked = new Map<string, {exists: boolean; caseMismatch: string | null}>()
  /**
   * Answers of `page()`, kept until `refresh()` or a change to that page through this
   * index: a product page asks for each of its parser pages once per row it lists them
   * in, and each answer otherwise costs a stat and path checks.
   */
  private readonly answered = new Map<string, PageFacts | null>()
  /** How many pages the index parsed itself (for measuring). */
  parsed = 0
  /**
   * absolute path → text not yet written to disk (`--fix` between passes), read instead
   * of the file; or, for another version of the library (`setVersion`), the text a page
   * had then, null when it did not exist then.
   */
  private readonly unsaved = new Map<string, {text: string | null; facts?: PageFacts}>()
  /** The pages of `unsaved` that `setVersion` put there. */
  private readonly versionPages = new Set<string>()
  /** Folder → names another version adds (true) or takes away (false), from `unsaved`; null when to be worked out. */
  private versionNames: Map<string, Map<string, boolean>> | null = null
  /**
   * Values derived from the whole library, kept on disk by the tool's version (the CLI
   * sets this when its cache is on); each value records the state of the pages it was
   * built from and is checked against them when read: library-wide statistics are
   * read from it rather than rebuilt from every page's facts on a run over a few pages.
   */
  aggregates: {read(name: string): unknown; write(name: string, value: unknown): void} | null = null
  /**
   * The lower-cased file names the links of a page lead to (see `linkFileNames` in
   * dependents.ts), when recorded for the page as it is on disk now (the CLI's cache
   * sets this); undefined when unknown. Finding the pages that link to a changed page
   * reads only the pages that may.
   */
  linkNames: ((absolute: string) => readonly string[] | undefined) | null = null
  /**
   * File stats taken once for the length of a run (see `statMemo` in files.ts), set by
   * the runner; null between runs, when each question takes a fresh stat.
   */
  statOf: ((absolute: string) => fs.Stats | null) | null = null
  /**
   * Set while the library-wide values (statistics, how each technique is written across
   * the library) are built elsewhere: an editor's first check does not wait for them.
   * Rules that need them are left out of checks meanwhile (see `dependOnLibrary` in
   * rule.ts); the language server checks the open pages again once they are there.
   */
  libraryPending = false
  /** An on-disk store of facts by key (the CLI's cache), consulted before parsing. */
  store: {
    read(key: string): {facts: PageFacts; tree: Root} | null
    write(key: string, value: {facts: PageFacts; tree: Root}): void
    /** Where a worker thread may write the facts of `key` itself (see cache.ts). */
    target?(key: string): StoreTarget
  } | null = null

  constructor(root: string, settings: ContentLintSettings) {
    this.root = path.resolve(root)
    this.settings = settings
    let real = this.root
    try {
      real = fs.realpathSync(this.root)
    } catch {
      // A root that does not exist has no pages; every look-up will miss.
    }
    this.realRoot = real
  }

  /** Whether an absolute path lies inside the content root (lexically). */
  contains(absolute: string): boolean {
    const rel = path.relative(this.root, absolute)
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
  }

  /** Path relative to the root with `/` separators. */
  relative(absolute: string): string {
    return path.relative(this.root, absolute).split(path.sep).join('/')
  }

  /** Resolve a link destination written on page `fromFile` (absolute path). */
  resolveLink(fromFile: string, url: string): LinkTarget {
    const key = path.dirname(fromFile) + '\0' + url
    let target = this.resolved.get(key)
    if (!target) {
      target = this.resolveUncached(fromFile, url)
      this.resolved.set(key, target)
    }
    return target
  }

  private resolveUncached(fromFile: string, url: string): LinkTarget {
    // A `file:` URL names a file on the reader's machine, never one of the library.
    if (/^file:/i.test(url)) return {kind: 'outside', reason: 'is a `file:` URL'}
    const destination = splitDestination(url)
    if (!destination) return {kind: 'external', url}
    const {rawPath, decoded, fragment} = destination
    if (rawPath === '') return {kind: 'same-page', fragment: fragment ?? ''}
    if (decoded.includes('\0')) return {kind: 'outside', reason: 'contains a NUL byte'}
    if (path.isAbsolute(decoded) || /^[a-z]:[\\/]/i.test(decoded) || decoded.startsWith('\\')) {
      return {kind: 'outside', reason: 'is an absolute path'}
    }
    // Browsers (GitHub's pages) and Windows read `\` as `/`: `..\..\x` climbs as `../../x` does.
    if (decoded.includes('\\') && !this.contains(path.resolve(path.dirname(fromFile), decoded.replace(/\\/g, '/')))) {
      return {kind: 'outside', reason: 'leaves the content root (`\\` read as `/`)'}
    }
    const target = path.resolve(path.dirname(fromFile), decoded)
    if (!this.contains(target)) return {kind: 'outside', reason: 'leaves the content root'}
    const relative = this.relative(target)
    const {exists, caseMismatch} = this.lookUp(relative)
    // A folder on the way that is a symbolic link out of the root is not listed (see
    // `entries`), so the target looks missing: say where it would lead instead.
    const escape = exists ? this.escape(target) : this.escapeOnTheWay(relative)
    if (escape) return {kind: 'outside', reason: escape}
    return {kind: 'file', path: target, relative, exists, caseMismatch, fragment}
  }

  /**
   * Whether `relative` exists with exactly this case. File systems that ignore case
   * would open it anyway; Linux and GitHub would not, so each segment is compared
   * with its folder's real entries.
   */
  lookUp(relative: string): {exists: boolean; caseMismatch: string | null} {
    let found = this.looked.get(relative)
    if (!found) {
      found = this.lookUpUncached(relative)
      this.looked.set(relative, found)
    }
    return found
  }

  private lookUpUncached(relative: string): {exists: boolean; caseMismatch: string | null} {
    const parts = relative.split('/').filter((p) => p !== '' && p !== '.')
    let folder = this.root
    const real: string[] = []
    let mismatch = false
    for (const part of parts) {
      const names = this.listing(folder)
      if (!names) return {exists: false, caseMismatch: null}
      let name = names.exact.has(part) ? part : undefined
      if (!name) {
        name = names.lower.get(part.toLowerCase())
        if (!name) return {exists: false, caseMismatch: null}
        mismatch = true
      }
      real.push(name)
      folder = path.join(folder, name)
    }
    return mismatch ? {exists: false, caseMismatch: real.join('/')} : {exists: true, caseMismatch: null}
  }

  /** Entries of a folder inside the root (cached), or null when it is none. */
  entries(folder: string): string[] | null {
    return this.listing(folder)?.entries ?? null
  }

  /**
   * Other entries of a page's folder whose names differ from its name in letter case
   * only (`A_parsers.md` beside `a_parsers.md`): on a case-insensitive file system
   * (macOS, Windows) one of them overwrites the other on checkout.
   */
  caseTwins(absolute: string): string[] {
    const name = path.basename(absolute)
    const lower = name.toLowerCase()
    return (this.entries(path.dirname(absolute)) ?? []).filter((entry) => entry !== name && entry.toLowerCase() === lower)
  }

  private listing(folder: string): FolderListing | null {
    let listing = this.folders.get(folder)
    if (listing === undefined) {
      listing = null
      try {
        // Never list a folder outside the root, also not through a symbolic link.
        if (this.contains(folder) && this.escape(folder) === null) {
          const entries = this.withVersion(folder, fs.existsSync(folder) ? fs.readdirSync(folder) : [])
          listing = {entries, exact: new Set(entries), lower: new Map()}
          // The first entry of a name in any case wins, as a search of the listing would give.
          for (const entry of entries) if (!listing.lower.has(entry.toLowerCase())) listing.lower.set(entry.toLowerCase(), entry)
        }
      } catch {
        listing = null
      }
      this.folders.set(folder, listing)
    }
    return listing
  }

  /** A folder's entries on disk, with what another version adds or takes away (see `setVersion`). */
  private withVersion(folder: string, entries: string[]): string[] {
    const names = this.unsaved.size > 0 ? this.versionNamesIn(folder) : undefined
    if (!names) return entries
    const kept = entries.filter((name) => names.get(name) !== false)
    const on = new Set(kept)
    for (const [name, present] of names) if (present && !on.has(name)) kept.push(name)
    return kept
  }

  /** Whether a path, with its symbolic links followed, is still inside the root. */
  private staysInside(absolute: string): boolean {
    let answer = this.inside.get(absolute)
    if (answer === undefined) {
      answer = this.escape(absolute) === null
      this.inside.set(absolute, answer)
    }
    return answer
  }

  /**
   * Why a path that exists is not safe to read (a symbolic link out of the root, one
   * that loops or leads nowhere), or null when it is. Only resolves links: opens nothing.
   */
  escape(absolute: string): string | null {
    let real: string
    try {
      real = fs.realpathSync.native(absolute)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ELOOP') return 'is a symbolic link that loops'
      // A page (or a folder on the way to one) of another version, not on disk: safe
      // where the part of its path that is on disk is.
      if (code === 'ENOENT' && this.inVersion(absolute)) return this.escape(path.dirname(absolute))
      // A dangling link (its target is missing) or an unreadable folder on the way.
      return code === 'ENOENT' ? 'is a symbolic link to nothing' : 'cannot be resolved'
    }
    const rel = path.relative(this.realRoot, real)
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)) ? null : 'is a symbolic link out of the content root'
  }

  /** Whether another version has a page at `absolute`, or a folder holding one. */
  private inVersion(absolute: string): boolean {
    if (this.unsaved.size === 0 || !this.contains(absolute) || absolute === this.root) return false
    return this.versionNamesIn(path.dirname(absolute))?.get(path.basename(absolute)) === true
  }

  /** For a missing target: whether a folder on its way is a symbolic link out of the root (or a loop). */
  private escapeOnTheWay(relative: string): string | null {
    const parts = relative.split('/').filter((p) => p !== '' && p !== '.')
    let current = this.root
    for (const part of parts.slice(0, -1)) {
      current = path.join(current, part)
      let stat: fs.Stats
      try {
        stat = fs.lstatSync(current)
      } catch {
        return null
      }
      if (stat.isSymbolicLink()) {
        const escape = this.escape(current)
        if (escape) return escape
      }
    }
    return null
  }

  /**
   * Whether `absolute` may be read: inside the root, with no symbolic link out of it,
   * and a regular file (a FIFO or device would block or never end).
   */
  readable(absolute: string): boolean {
    const version = this.unsaved.get(absolute)
    if (version) return version.text !== null && this.contains(absolute)
    if (!this.contains(absolute) || this.escape(absolute) !== null) return false
    try {
      return fs.statSync(absolute).isFile()
    } catch {
      return false
    }
  }

  /**
   * The text of a file of the library that is not a page (a JSON layer the pages
   * describe), read as `page` reads pages: never outside the root, never through a
   * symbolic link out of it, only a regular file; null otherwise or when unreadable.
   */
  readText(absolute: string): string | null {
    // Exact letter case too: GitHub serves the layer only under its own name.
    if (!this.contains(absolute) || !this.lookUp(this.relative(absolute)).exists || !this.readable(absolute)) return null
    const pending = this.unsaved.get(absolute)
    if (pending) return pending.text
    try {
      return fs.readFileSync(absolute, 'utf8')
    } catch {
      return null
    }
  }

  /** Key of a page's facts: its place and its content. */
  private key(relative: string, text: string): string {
    return relative + '\0' + contentHash(text)
  }

  /**
   * Record facts built elsewhere (the CLI's worker threads) for a page as it is on
   * disk now: `hash` is the sha1 of its text, `stat` what was read with it.
   */
  seed(absolute: string, hash: string, stat: {mtimeMs: number; size: number}, facts: PageFacts): void {
    if (!this.contains(absolute)) return
    this.answered.delete(absolute)
    const key = this.relative(absolute) + '\0' + hash
    this.facts.set(key, facts)
    this.stats.set(absolute, {mtimeMs: stat.mtimeMs, size: stat.size, key})
  }

  /**
   * Facts already built for the page at `absolute` with exactly this text (by the
   * index, or remembered from the pipeline), so the pipeline need not build them again.
   */
  cached(absolute: string, text: string): PageFacts | undefined {
    if (!this.contains(absolute)) return undefined
    return this.facts.get(this.key(this.relative(absolute), text))
  }

  /**
   * Record the facts the lint pipeline built for a page it is checking, so pages that
   * link to it do not parse it again.
   */
  remember(absolute: string, text: string, facts: PageFacts): void {
    if (!this.contains(absolute)) return
    this.answered.delete(absolute)
    this.facts.set(this.key(this.relative(absolute), text), facts)
  }

  /**
   * Facts of the page at `absolute`, read from disk (or from what the pipeline
   * remembered for the same content). Null when the page is missing, unreadable, not
   * Markdown, or outside the root; nothing outside the root is ever opened.
   */
  page(absolute: string): PageFacts | null {
    let answer = this.answered.get(absolute)
    if (answer === undefined) {
      answer = this.pageUncached(absolute)
      this.answered.set(absolute, answer)
    }
    return answer
  }

  private pageUncached(absolute: string): PageFacts | null {
    if (!this.contains(absolute) || !/\.md$/i.test(absolute)) return null
    const relative = this.relative(absolute)
    if (!this.lookUp(relative).exists || !this.staysInside(absolute)) return null
    const pending = this.unsaved.get(absolute)
    // Kept with the text: a product page asks for its RM pages' facts once per row.
    if (pending !== undefined) return pending.text === null ? null : (pending.facts ??= this.factsOf(relative, pending.text))
    let stat: fs.Stats
    try {
      stat = fs.statSync(absolute)
    } catch {
      return null
    }
    if (!stat.isFile()) return null
    const cached = this.stats.get(absolute)
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      const facts = this.facts.get(cached.key)
      if (facts) return facts
    }
    let text: string
    try {
      text = readPageText(absolute)
    } catch {
      return null
    }
    const key = this.key(relative, text)
    let facts = this.facts.get(key) ?? this.store?.read(key)?.facts
    if (!facts && text.length > this.settings.maxPageSize) facts = tooLargePage(text, relative, this.settings)
    if (!facts) {
      const tree = parseMarkdown(text)
      facts = extractPage(tree, text, relative, this.settings)
      const encoding = encodingProblem(absolute, text)
      if (encoding) facts.shapeProblems.push(encoding)
      this.parsed++
      this.store?.write(key, {facts, tree: pruneTree(tree)})
    }
    this.facts.set(key, facts)
    this.stats.set(absolute, {mtimeMs: stat.mtimeMs, size: stat.size, key})
    return facts
  }

  /** Facts built elsewhere (the CLI's workers) for the unsaved text of a page, so the index need not parse it again. */
  rememberUnsaved(absolute: string, text: string, facts: PageFacts): void {
    const pending = this.unsaved.get(absolute)
    if (pending && pending.text === text) pending.facts ??= facts
  }

  /** Whether some page is read from unsaved text (so what is on disk is not what the rules see). */
  hasUnsaved(): boolean {
    return this.unsaved.size > 0
  }

  /** Whether the page at `absolute` is read from unsaved text (or is taken away by another version). */
  isUnsaved(absolute: string): boolean {
    return this.unsaved.has(absolute)
  }

  /**
   * Facts recorded (seeded or read) for the page at `absolute` as it is on disk now,
   * with the content hash and stat they were recorded with, without reading or parsing
   * it; undefined when there are none or it changed since.
   */
  known(absolute: string): {facts: PageFacts; hash: string; mtimeMs: number; size: number} | undefined {
    if (this.unsaved.has(absolute)) return undefined
    const cached = this.stats.get(absolute)
    if (!cached) return undefined
    try {
      const stat = fs.statSync(absolute)
      const facts = this.facts.get(cached.key)
      if (!facts || stat.mtimeMs !== cached.mtimeMs || stat.size !== cached.size) return undefined
      // The key is the relative path and the content hash (see `key`).
      return {facts, hash: cached.key.slice(cached.key.lastIndexOf('\0') + 1), mtimeMs: stat.mtimeMs, size: stat.size}
    } catch {
      return undefined
    }
  }

  /** Facts of a page's text, parsed once per content. */
  private factsOf(relative: string, text: string): PageFacts {
    const key = this.key(relative, text)
    let facts = this.facts.get(key)
    if (!facts && text.length > this.settings.maxPageSize) facts = tooLargePage(text, relative, this.settings)
    if (!facts) {
      facts = extractPage(parseMarkdown(text), text, relative, this.settings)
      this.parsed++
    }
    this.facts.set(key, facts)
    return facts
  }

  /**
   * Read `text` as the content of the existing page at `absolute` until it is set
   * back to null: `--fix` lints the pages that depend on a fixed page against the
   * fixed text before anything is written.
   */
  setUnsaved(absolute: string, text: string | null): void {
    this.answered.delete(absolute)
    if (text === null) this.unsaved.delete(absolute)
    else this.unsaved.set(absolute, {text})
  }

  /**
   * Read the library as another version of it (the base of a change, from git): each
   * page of `pages` as its text then, or as absent when null (a page the change added),
   * pages not listed as they are on disk; until called again with an empty map. Pages
   * absent on disk (a page the change deleted) are listed in their folders, and folders
   * on their way too.
   */
  setVersion(pages: ReadonlyMap<string, string | null>): void {
    for (const absolute of this.versionPages) this.unsaved.delete(absolute)
    this.versionPages.clear()
    for (const [absolute, text] of pages) {
      if (!this.contains(absolute)) continue
      this.unsaved.set(absolute, {text})
      this.versionPages.add(absolute)
    }
    this.versionNames = null
    this.answered.clear()
    this.refresh()
  }

  /** Names another version adds to (true) or takes from (false) a folder's listing. */
  private versionNamesIn(folder: string): Map<string, boolean> | undefined {
    if (!this.versionNames) {
      this.versionNames = new Map()
      for (const [absolute, {text}] of this.unsaved) {
        // A page of the other version, and the folders on its way from the root.
        for (let child = absolute, present = text !== null; this.contains(path.dirname(child)) && child !== this.root; child = path.dirname(child)) {
          const names = this.versionNames.get(path.dirname(child)) ?? new Map<string, boolean>()
          this.versionNames.set(path.dirname(child), names)
          if (!present) {
            names.set(path.basename(child), false)
            break
          }
          names.set(path.basename(child), true)
        }
      }
    }
    return this.versionNames.get(folder)
  }

  /** Forget directory listings and page answers (before each run, and an editor's each check). */
  /**
   * Bumped by `refresh()`: values derived from the whole library (see
   * `summary-readings.ts`) are measured again for each run.
   */
  generation = 0

  refresh(): void {
    this.generation++
    this.answered.clear()
    this.folders.clear()
    this.resolved.clear()
    this.inside.clear()
    this.looked.clear()
  }
}

/**
 * A link destination's path as written (fragment and query cut), percent-decoded, and
 * its fragment; null for a URL with a scheme or a protocol-relative one, which never
 * leads to a page of the library.
 */
export function splitDestination(url: string): {rawPath: string; decoded: string; fragment: string | null} | null {
  if (/^[a-z][a-z\d+.-]*:/i.test(url) || url.startsWith('//')) return null
  const hashAt = url.indexOf('#')
  const rawPath = (hashAt >= 0 ? url.slice(0, hashAt) : url).replace(/\?.*$/, '')
  const fragment = hashAt >= 0 ? url.slice(hashAt + 1) : null
  let decoded = rawPath
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    // A stray `%` is kept as written: a file may really be named so.
  }
  return {rawPath, decoded, fragment}
}

/** Shared through `globalThis` for the same reason as page states (see rule.ts). */
const indexes: Map<string, CorpusIndex> = ((globalThis as Record<symbol, unknown>)[Symbol.for('content-lint.corpus-indexes')] ??= new Map()) as Map<string, CorpusIndex>

/** The shared index for a root and settings (one per run or editor session). */
export function corpusIndexFor(root: string, settings: ContentLintSettings): CorpusIndex {
  const key = path.resolve(root) + '\0' + JSON.stringify(settings)
  let index = indexes.get(key)
  if (!index) {
    index = new CorpusIndex(root, settings)
    indexes.set(key, index)
    indexSetup.current?.(index, settings)
  }
  return index
}

/** Shared through `globalThis` like the indexes: the language server may load the workspace's copy of the rules. */
const indexSetup: {current: ((index: CorpusIndex, settings: ContentLintSettings) => void) | null} = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('content-lint.index-setup')
] ??= {current: null}) as never

/**
 * Set up each index created from now on (the language server: the facts the CLI
 * cached, so opening a page does not parse the whole library first, and the library's
 * values built in the background).
 */
export function setUpNewIndexes(setup: ((index: CorpusIndex, settings: ContentLintSettings) => void) | null): void {
  indexSetup.current = setup
}

/** Forget the directory listings of every shared index (files created or deleted since). */
export function refreshCorpusIndexes(): void {
  for (const index of indexes.values()) index.refresh()
}

/** Drop every shared index (tests, and a language server between workspace changes). */
export function resetCorpusIndexes(): void {
  indexes.clear()
}

/**
 * The content root for a file: the configured root, else the folder above the file's
 * `DataSources`/`UseCases` segment, else the file's own folder when it holds one of
 * those (an index page), else the working directory.
 */
export function findContentRoot(filePath: string, cwd: string, settings: ContentLintSettings): string {
  if (settings.root) return path.resolve(cwd, settings.root)
  const absolute = path.resolve(cwd, filePath)
  const parts = absolute.split(path.sep)
  const folders = [...settings.dataSourcesDirs, ...settings.useCasesDirs]
  // The folder above the nearest data sources or use-cases segment of the path.
  let at = -1
  for (const folder of folders) at = Math.max(at, parts.lastIndexOf(folder, parts.length - 2))
  if (at > 0) return parts.slice(0, at).join(path.sep) || path.sep
  // A page outside those folders (a root page, `ParsersLegacy/…`): the nearest folder
  // above it that holds one of them.
  for (let dir = path.dirname(absolute); ; dir = path.dirname(dir)) {
    if (folders.some((folder) => isDirectory(path.join(dir, folder)))) return dir
    if (path.dirname(dir) === dir) break
  }
  return path.resolve(cwd)
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory()
  } catch {
    return false
  }
}
