/**
 * Library-wide statistics of which event types the library lists parsers under.
 *
 * A rule checking one product page sometimes needs to know what the whole library does:
 * how often parsers of one DataType are listed under an event type across all
 * products, and which event types exist at all. These come from the facts of every
 * product page (with its continuation page) and of the parser pages they link to.
 *
 * They are built once per corpus index, on first use, by walking the content root's
 * `DataSources` folder through the index (which caches facts by path and content hash,
 * so pages the lint run has already read are not parsed again, and pages read here are
 * not parsed again by the run). The same statistics serve a run over the whole tree and
 * an editor checking one page. They describe the library as it was on disk when first
 * asked; `forgetLibraryStats` drops them (an editor calls it when files change).
 */
import fs from 'node:fs'
import path from 'node:path'
import type {CorpusIndex} from './corpus-index.js'
import {kindFromPath} from '../model/classify.js'
import type {PageFacts, UseCaseRow} from '../model/types.js'
import type {ContentLintSettings} from '../core/settings.js'
import {activityOfType, parserFamily} from './parser-family.js'

/** One parser as listed on a product: where its link goes and what its page says. */
export interface ListedParser {
  /** The link target relative to the content root, or the destination as written when it resolves to no page. */
  key: string
  /** `Name` of the parser page, null when there is no page or no name. */
  name: string | null
  /** `DataType` of the parser page, null when there is none. */
  dataType: string | null
  /** The strings of its `Conditions`, empty when there is no page. */
  conditions: string[]
  /** Whether the link leads to a page (a dead link's parser is known by its text alone). */
  hasPage: boolean
  /** The text of the first link to it. */
  written: string
}

/** The event-type groups of one product, over its product page and its continuation pages. */
export interface ProductListing {
  /** Event type → keys of the parsers listed under it (in any row of any of the pages). */
  parsersOf: Map<string, Set<string>>
  /** Parser key → event types it is listed under. */
  eventTypesOf: Map<string, Set<string>>
  /** Parser key → what is known of it. */
  parsers: Map<string, ListedParser>
  /** The activities of the event type lines (`user-delete` of `user-delete:success (account-deleted)`; none before 2023). */
  activities: Set<string>
  /** Group line (`lineKey`) → rows listing it. */
  rowsWithLine: Map<string, number>
  /** Group line → parser key → rows listing the parser under that line. */
  parserRows: Map<string, Map<string, number>>
}

function emptyListing(): ProductListing {
  return {parsersOf: new Map(), eventTypesOf: new Map(), parsers: new Map(), activities: new Set(), rowsWithLine: new Map(), parserRows: new Map()}
}

/** A group's line as rows repeat it: its activity type line (since 2023) and its event type. */
export function lineKey(activityType: string | null | undefined, eventType: string): string {
  return `${activityType ?? ''}\0${eventType}`
}

const increment = (counts: Map<string, number>, key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by)

/**
 * Rows of the product listing `line`, less those where the line holds a dead link that
 * is no parser of the product (at most: a row with two counts twice): such a row does
 * not say which parsers the line has, the link may be any of them, misspelt.
 */
export function rowsSayingParsersOf(listing: ProductListing, line: string): number {
  let dead = 0
  for (const [key, rows] of listing.parserRows.get(line) ?? []) if (listing.parsers.get(key)?.hasPage === false) dead += rows
  return (listing.rowsWithLine.get(line) ?? 0) - dead
}

/**
 * The use-case rows of a product or continuation page whose event types can be read:
 * a row with another number of cells than its header may hold another column's text
 * in its Event Types cell (`table-shape` reports it), so it lists nothing.
 */
export function useCaseRowsOf(page: PageFacts): UseCaseRow[] {
  return (page.product?.rows ?? page.continuation?.rows ?? []).filter((row) => !row.misshapen)
}

/** The parser behind a link of a page, as the library-wide tables key it. `onRead` hears of the page it reads (relative), before it is read. */
export function listedParser(index: CorpusIndex, pageFile: string, url: string, text: string, onRead?: (relative: string) => void): ListedParser {
  const target = index.resolveLink(pageFile, url)
  // A missing target is a dependency too: the listing changes when it comes to be.
  if (target.kind === 'file') onRead?.(target.relative)
  if (target.kind !== 'file' || !target.exists) return {key: url, name: null, dataType: null, conditions: [], hasPage: false, written: text}
  const parser = index.page(target.path)?.parser
  const conditions = parser?.conditions ?? []
  return {key: target.relative, name: parser?.name?.text ?? null, dataType: parser?.dataType?.text ?? null, conditions, hasPage: true, written: text}
}

/**
 * Count a dead parser link as the live parser whose Name is its text, where the
 * product lists one: one wrong destination (`no-dead-link` reports it) must not make
 * the parser look listed under fewer event types, or a second parser.
 */
export function mergeDeadLinks(listing: ProductListing): void {
  const byName = new Map<string, ListedParser>()
  for (const parser of listing.parsers.values()) if (parser.hasPage && parser.name) byName.set(parser.name, parser)
  for (const [key, dead] of listing.parsers) {
    const live = dead.hasPage ? undefined : byName.get(dead.written)
    if (!live) continue
    listing.parsers.set(key, live)
    for (const byParser of listing.parserRows.values()) {
      const rows = byParser.get(dead.key)
      if (rows === undefined) continue
      byParser.delete(dead.key)
      increment(byParser, live.key, rows)
    }
    for (const eventType of listing.eventTypesOf.get(dead.key) ?? []) {
      listing.parsersOf.get(eventType)!.delete(dead.key)
      listing.parsersOf.get(eventType)!.add(live.key)
      listing.eventTypesOf.get(live.key)!.add(eventType)
    }
    listing.eventTypesOf.delete(dead.key)
  }
}

/** Add one page's groups to a product listing. */
export function addToListing(listing: ProductListing, index: CorpusIndex, pageFile: string, page: PageFacts, onRead?: (relative: string) => void): void {
  for (const row of useCaseRowsOf(page)) {
    // Each line, and each parser under it, once per row (`rowsWithLine`, `parserRows`).
    const lines = new Map<string, Set<string>>()
    for (const group of row.eventTypeGroups) {
      if (group.activityType) listing.activities.add(activityOfType(group.activityType.text))
      const eventType = group.eventType.text
      const line = lineKey(group.activityType?.text, eventType)
      let parsersHere = lines.get(line)
      if (!parsersHere) lines.set(line, (parsersHere = new Set()))
      let parsers = listing.parsersOf.get(eventType)
      if (!parsers) listing.parsersOf.set(eventType, (parsers = new Set()))
      for (const link of group.parsers) {
        let parser = listing.parsers.get(link.url + '\0' + pageFile)
        if (!parser) {
          parser = listedParser(index, pageFile, link.url, link.text, onRead)
          // Cached by destination and page: rows repeat the same links many times.
          listing.parsers.set(link.url + '\0' + pageFile, parser)
          listing.parsers.set(parser.key, parser)
        }
        parsers.add(parser.key)
        parsersHere.add(parser.key)
        let eventTypes = listing.eventTypesOf.get(parser.key)
        if (!eventTypes) listing.eventTypesOf.set(parser.key, (eventTypes = new Set()))
        eventTypes.add(eventType)
      }
    }
    for (const [line, keys] of lines) {
      increment(listing.rowsWithLine, line)
      let byParser = listing.parserRows.get(line)
      if (!byParser) listing.parserRows.set(line, (byParser = new Map()))
      for (const key of keys) increment(byParser, key)
    }
  }
}

export class LibraryStats {
  /** Product folder (relative to the root) → relative paths of its product and continuation pages. */
  private readonly productPages = new Map<string, string[]>()
  /** Product folder → its listing, as read from disk. */
  private readonly listings = new Map<string, ProductListing>()
  /** Family → event type → number of products listing a parser of that family under it. */
  private readonly pairs = new Map<string, Map<string, number>>()
  /** Family → number of products listing a parser of that family at all. */
  private readonly familyProducts = new Map<string, number>()
  /** Product folder → family → the event types it lists parsers of that family under (what it adds to the counts). */
  private readonly contributions = new Map<string, Map<string, Set<string>>>()
  /** Event type → number of products listing some parser under it. */
  private readonly eventTypeProducts = new Map<string, number>()
  /** Every event type any product lists. */
  readonly eventTypes = new Set<string>()
  /** Every activity any product's event type lines name (`user-delete`; none before 2023). */
  readonly activityTypes = new Set<string>()
  /** Number of products read. */
  products = 0

  /** Product folders whose listing this instance built, and those it took from `saved` (for measuring and tests). */
  readonly built: string[] = []
  readonly reused: string[] = []
  /** Product folder → the pages its listing read, with their state then (see `pageState`). */
  private readonly reads = new Map<string, Map<string, string>>()

  /**
   * `saved`: listings an earlier run stored (see `snapshot`). A product folder's
   * listing is taken from it when the folder has the same product pages and every page
   * the listing read (those pages and the parser pages they link to, present or not)
   * is in the state it was read in; the others are built again from the pages' facts.
   * A change to ten pages so reads the facts of their products only, not of the whole
   * library (3.3 s of an 8 s run when every listing was built again). The counts are
   * sums over the listings: they are summed again whatever was reused.
   */
  constructor(
    private readonly index: CorpusIndex,
    private readonly settings: ContentLintSettings,
    saved?: LibraryStatsData
  ) {
    for (const folder of settings.dataSourcesDirs) this.walk(path.join(index.root, folder))
    const states = new Map<string, string>()
    const stateOf = (relative: string) => {
      let state = states.get(relative)
      if (state === undefined) states.set(relative, (state = pageState(index, relative)))
      return state
    }
    for (const [folder, pages] of this.productPages) {
      const old = saved?.folders.get(folder)
      let listing: ProductListing
      let reads: Map<string, string>
      if (old && isSavedFolder(old) && sameList(old.pages, pages) && [...old.reads].every(([relative, state]) => stateOf(relative) === state)) {
        listing = old.listing
        reads = old.reads
        this.reused.push(folder)
      } else {
        listing = emptyListing()
        reads = new Map()
        // The state is taken before the page is read: a page that changes in between
        // is recorded as it was, so the next run builds this listing again.
        const onRead = (relative: string) => {
          if (!reads.has(relative)) reads.set(relative, stateOf(relative))
        }
        for (const relative of pages) {
          const file = path.join(index.root, relative)
          onRead(relative)
          const facts = index.page(file)
          if (facts) addToListing(listing, index, file, facts, onRead)
        }
        mergeDeadLinks(listing)
        this.built.push(folder)
      }
      this.listings.set(folder, listing)
      this.reads.set(folder, reads)
    }
    // Families are read off names with the whole library's activity and event types:
    // every listing first, then the counts.
    for (const listing of this.listings.values()) {
      for (const eventType of listing.parsersOf.keys()) this.eventTypes.add(eventType)
      for (const activity of listing.activities) this.activityTypes.add(activity)
    }
    for (const [folder, listing] of this.listings) this.count(folder, listing)
  }

  /** Whether the listings differ from those given to the constructor (built anew, or a product folder gone). */
  changedFrom(saved: LibraryStatsData | undefined): boolean {
    return !saved || this.built.length > 0 || saved.folders.size !== this.reused.length
  }

  /** The listings as plain data (Maps and Sets), with what each was built from, to be stored and given back to the constructor. */
  snapshot(): LibraryStatsData {
    const folders = new Map<string, SavedFolder>()
    for (const [folder, pages] of this.productPages) {
      folders.set(folder, {pages, reads: this.reads.get(folder)!, listing: this.listings.get(folder)!})
    }
    return {format: savedFormat, folders}
  }

  /** Find product and continuation pages under `folder` (through the index's cached listings). */
  private walk(folder: string): void {
    for (const name of this.index.entries(folder) ?? []) {
      const child = path.join(folder, name)
      if (/\.md$/i.test(name)) {
        const kind = kindFromPath(this.index.relative(child), this.settings)
        if (kind === 'product' || kind === 'continuation') {
          const product = this.index.relative(folder)
          const pages = this.productPages.get(product) ?? []
          pages.push(this.index.relative(child))
          this.productPages.set(product, pages)
        }
      } else if (name !== 'Ps' && name !== 'RM' && name !== 'CR' && !isSymbolicLink(child)) {
        // Folders reached through a symbolic link are not walked: a link to a parent
        // folder (or two) would make this walk loop or grow without end.
        // Product folders hold `Ps/`, `RM/` and `CR/` (parser, RM and correlation-rule pages, no product pages)
        // and may nest one level deeper (`Proofpoint_TAP/POD`). `walk` of a file lists nothing.
        this.walk(child)
      }
    }
  }

  private count(folder: string, listing: ProductListing): void {
    this.products++
    this.countRepeatedLines(listing)
    const seen = new Map<string, Set<string>>()
    for (const [eventType, keys] of listing.parsersOf) {
      for (const key of keys) {
        const parser = listing.parsers.get(key)
        const family = parser ? this.familyOf(parser) : null
        if (!family) continue
        let types = seen.get(family)
        if (!types) seen.set(family, (types = new Set()))
        types.add(eventType)
      }
    }
    this.contributions.set(folder, seen)
    for (const eventType of listing.parsersOf.keys()) increment(this.eventTypeProducts, eventType)
    for (const [family, types] of seen) {
      increment(this.familyProducts, family)
      let row = this.pairs.get(family)
      if (!row) this.pairs.set(family, (row = new Map()))
      for (const eventType of types) increment(row, eventType)
    }
  }

  /** Lines listed in two rows or more of their product, and of those, lines with other parsers in some row. */
  private readonly repeatedLines = {lines: 0, differing: 0}

  private countRepeatedLines(listing: ProductListing): void {
    for (const [line, rows] of listing.rowsWithLine) {
      if (rows < 2) continue
      this.repeatedLines.lines++
      if ([...(listing.parserRows.get(line)?.values() ?? [])].some((withIt) => withIt < rows)) this.repeatedLines.differing++
    }
  }

  /**
   * Whether this library's products list the same parsers under a line in every row
   * that has it, as the generator of 2021 and 2025 does (no exception among the 1,931
   * and 2,120 lines repeated in two rows or more): at most one in ten such lines
   * differ, or five in a small library. A release whose rows differ on purpose would
   * make every difference look like a slip; slips are far fewer (60 planted parsers
   * in 2,120 lines are 3%; one in a hundred turned the check off under them).
   */
  rowsRepeatLines(): boolean {
    const {lines, differing} = this.repeatedLines
    return differing <= Math.max(5, lines / 10)
  }

  private readonly families = new Map<string, string | null>()

  /** A parser's family (`parser-family.ts`): its DataType, else the activity or event type its name spells out. */
  familyOf(parser: ListedParser): string | null {
    if (!parser.hasPage) return null
    const key = `${parser.name ?? ''}\0${parser.dataType ?? ''}`
    let family = this.families.get(key)
    if (family === undefined) this.families.set(key, (family = parserFamily(parser.name ?? '', parser.dataType, this)))
    return family
  }

  /** Products listing some parser of `family` under `eventType`, and products listing parsers of `family` at all. */
  pairing(family: string, eventType: string): {products: number; of: number} {
    return {products: this.pairs.get(family)?.get(eventType) ?? 0, of: this.familyProducts.get(family) ?? 0}
  }

  /**
   * `pairing` over the other products: what the library says of a pair on one product
   * must not count that product's own listing (a parser copied in from elsewhere under
   * a foreign event type would vouch for itself).
   */
  pairingElsewhere(family: string, eventType: string, folder: string): {products: number; of: number} {
    const {products, of} = this.pairing(family, eventType)
    const own = this.contributions.get(folder)?.get(family)
    return {products: products - (own?.has(eventType) ? 1 : 0), of: of - (own ? 1 : 0)}
  }

  /** How many other products list some parser under `eventType`. */
  eventTypeElsewhere(eventType: string, folder: string): number {
    const own = this.listings.get(folder)?.parsersOf.has(eventType) ? 1 : 0
    return (this.eventTypeProducts.get(eventType) ?? 0) - own
  }

  /**
   * How many event types at least two other products list parsers of `family` under: a
   * family fanned out to many is generic (`app-activity`). Two, so that the slips of
   * single products (2021: `nac-logon` parsers under 14 event types, 5 of them by two
   * products or more) do not make a family generic.
   */
  spreadElsewhere(family: string, folder: string): number {
    const row = this.pairs.get(family)
    if (!row) return 0
    const own = this.contributions.get(folder)?.get(family)
    let spread = 0
    for (const [eventType, products] of row) if (products - (own?.has(eventType) ? 1 : 0) >= 2) spread++
    return spread
  }

  /** Event type → family → number of products listing a parser of that family under it (`pairs` turned round; built when first asked). */
  private byEventType: Map<string, Map<string, number>> | null = null

  /**
   * How many families at least two other products list parsers of under `eventType`: an
   * event type that takes many (`app-activity`) is a catch-all. Two, so that one
   * product's slip does not make an event type take a family.
   */
  familiesUnderElsewhere(eventType: string, folder: string): number {
    if (!this.byEventType) {
      this.byEventType = new Map()
      for (const [family, row] of this.pairs) {
        for (const [type, products] of row) {
          let families = this.byEventType.get(type)
          if (!families) this.byEventType.set(type, (families = new Map()))
          families.set(family, products)
        }
      }
    }
    const own = this.contributions.get(folder)
    let count = 0
    for (const [family, products] of this.byEventType.get(eventType) ?? []) {
      if (products - (own?.get(family)?.has(eventType) ? 1 : 0) >= 2) count++
    }
    return count
  }

  /** The product folder of a product or continuation page. */
  folderOf(pageFile: string): string {
    return this.index.relative(path.dirname(pageFile))
  }

  /** Product folders (relative to the root) with their product and continuation pages. */
  productFolders(): string[] {
    return [...this.productPages.keys()]
  }

  /** The listing of a product folder as read from disk. */
  listing(folder: string): ProductListing | undefined {
    return this.listings.get(folder)
  }

  /** The share of products with `dataType` parsers that list one under `eventType` (0 when none). */
  share(dataType: string, eventType: string): number {
    const {products, of} = this.pairing(dataType, eventType)
    return of === 0 ? 0 : products / of
  }

  /**
   * The listing of the product a page belongs to: its sibling product and continuation
   * pages as on disk, with the page itself as given (an editor's unsaved text wins).
   */
  listingFor(pageFile: string, page: PageFacts): ProductListing {
    const folder = this.index.relative(path.dirname(pageFile))
    // The page as on disk is the page being checked (a lint run over the tree): the
    // listing built at the start holds.
    const built = this.listings.get(folder)
    if (built && this.index.page(pageFile) === page) return built
    const listing = emptyListing()
    for (const relative of this.productPages.get(folder) ?? []) {
      if (relative === page.path) continue
      const file = path.join(this.index.root, relative)
      const facts = this.index.page(file)
      if (facts) addToListing(listing, this.index, file, facts)
    }
    addToListing(listing, this.index, pageFile, page)
    mergeDeadLinks(listing)
    return listing
  }
}

/** Bump when the stored shape changes. */
const savedFormat = 6

/** One product folder's listing as stored, with what it was built from. */
export interface SavedFolder {
  /** Its product and continuation pages (relative to the root), in the order found. */
  pages: string[]
  /** Relative path → state (`pageState`) of every page the listing read when it was built. */
  reads: Map<string, string>
  listing: ProductListing
}

export interface LibraryStatsData {
  format: number
  /** Product folder (relative to the root) → its listing. */
  folders: Map<string, SavedFolder>
}

/**
 * What a listing depends on of a page: whether it exists with exactly this name (a
 * link to it resolves so), and its size, modification and change times and inode, by
 * which ESLint's cache and git's index tell an unchanged file (hashing every parser
 * page to check would cost about what building the listings costs).
 */
export function pageState(index: CorpusIndex, relative: string): string {
  const {exists, caseMismatch} = index.lookUp(relative)
  if (!exists) return caseMismatch === null ? 'missing' : `case ${caseMismatch}`
  try {
    const absolute = path.join(index.root, relative)
    // The run's stat when there is one (the library's hash took it too).
    const stat = index.statOf ? index.statOf(absolute) : fs.statSync(absolute)
    return stat ? `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}` : 'missing'
  } catch {
    return 'missing'
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function isListing(value: unknown): value is ProductListing {
  const listing = value as Partial<ProductListing> | null
  return (
    typeof listing === 'object' &&
    listing !== null &&
    listing.parsersOf instanceof Map &&
    listing.eventTypesOf instanceof Map &&
    listing.parsers instanceof Map &&
    listing.activities instanceof Set
  )
}

/** A stored folder of the right shape (the file may come from another version, or be damaged). */
function isSavedFolder(value: unknown): value is SavedFolder {
  const folder = value as Partial<SavedFolder> | null
  return (
    typeof folder === 'object' &&
    folder !== null &&
    Array.isArray(folder.pages) &&
    folder.pages.every((page) => typeof page === 'string') &&
    folder.reads instanceof Map &&
    [...folder.reads].every(([k, v]) => typeof k === 'string' && typeof v === 'string') &&
    isListing(folder.listing)
  )
}

function isLibraryStatsData(value: unknown): value is LibraryStatsData {
  const data = value as Partial<LibraryStatsData> | null
  return typeof data === 'object' && data !== null && data.format === savedFormat && data.folders instanceof Map
}

const cache = new WeakMap<CorpusIndex, LibraryStats>()

/**
 * The statistics of the library behind `index`, built on first use from the listings
 * on the index's on-disk aggregates that still hold (see the constructor) and the
 * facts of the products whose pages changed; stored again when any was built anew.
 */
export function libraryStats(index: CorpusIndex, settings: ContentLintSettings): LibraryStats {
  let stats = cache.get(index)
  if (!stats) {
    const name = 'library-stats\0' + JSON.stringify(settings)
    const value = index.aggregates?.read(name)
    const saved = isLibraryStatsData(value) ? value : undefined
    stats = new LibraryStats(index, settings, saved)
    if (stats.changedFrom(saved)) index.aggregates?.write(name, stats.snapshot())
    cache.set(index, stats)
  }
  return stats
}

/**
 * Take statistics built elsewhere for the library behind `index` (an editor builds them
 * on a worker thread, from another index of the same root): each product's listing is
 * kept while the pages it read are as they were then, and built again from this index
 * where they changed since.
 */
export function adoptLibraryStats(index: CorpusIndex, settings: ContentLintSettings, built: LibraryStatsData): void {
  cache.set(index, new LibraryStats(index, settings, isLibraryStatsData(built) ? built : undefined))
}

/** Drop the statistics of `index` (they are built again on next use). */
export function forgetLibraryStats(index: CorpusIndex): void {
  cache.delete(index)
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink()
  } catch {
    return false
  }
}
