/**
 * Content hashes of one run: of the pages checked and of the pages they depend on, and
 * one hash of the whole library's state. Each is taken once per run; a page's hash
 * comes from the cache when the file's stat is what it was when last hashed.
 */
import fs from 'node:fs'
import path from 'node:path'
import {libraryPages} from '../core/files.js'
import {type RunCache, settled, statKey} from '../facts/cache.js'
import {contentHash} from '../facts/facts-job.js'
import type {CorpusIndex} from '../library/corpus-index.js'

export class RunHashes {
  private readonly hashes = new Map<string, string | undefined>()
  /**
   * Text of the pages checked, read once for their hash and kept until their facts
   * come from the cache's store (so a page is not read twice).
   */
  private readonly texts = new Map<string, string>()
  private readonly dependencyHashes = new Map<string, string>()
  private readonly libraryHashes = new Map<string, string>()

  constructor(
    private readonly cache: RunCache | null,
    private readonly statOf: (absolute: string) => fs.Stats | null,
    /** The pages checked: their text is kept when read for the hash. */
    private readonly checked: ReadonlySet<string>
  ) {}

  /** The content hash of a file, undefined when it cannot be read. */
  of(absolute: string): string | undefined {
    if (this.hashes.has(absolute)) return this.hashes.get(absolute)
    // Taken before the file is read: a change in between is seen next run.
    const stat = this.cache ? this.statOf(absolute) : null
    const known = stat ? this.cache!.knownHash(absolute, statKey(stat)) : undefined
    if (known) {
      this.hashes.set(absolute, known)
      return known
    }
    try {
      const text = fs.readFileSync(absolute, 'utf8')
      const hash = contentHash(text)
      this.hashes.set(absolute, hash)
      if (this.checked.has(absolute)) this.texts.set(absolute, text)
      if (stat && settled(stat)) this.cache!.recordHash(absolute, statKey(stat), hash)
      return hash
    } catch {
      this.hashes.set(absolute, undefined)
      return undefined
    }
  }

  /** The text read for a checked page's hash, handed over once (undefined when the hash came from the stat). */
  takeText(absolute: string): string | undefined {
    const text = this.texts.get(absolute)
    this.texts.delete(absolute)
    return text
  }

  /**
   * The hash of a page another page depends on, `missing` when it cannot be read. A
   * dependency may have become a symbolic link out of the root or a FIFO since it was
   * recorded: read it only as the index would (a FIFO would block the run). Once per
   * page and run: a parser page is a dependency of many pages, and whether it is
   * readable costs a realpath and a stat (0.8 s of a warm run when asked per page).
   */
  ofDependency(index: CorpusIndex, absolute: string): string {
    const key = index.root + '\0' + absolute
    let hash = this.dependencyHashes.get(key)
    if (hash === undefined) {
      hash = index.readable(absolute) ? (this.of(absolute) ?? 'missing') : 'missing'
      this.dependencyHashes.set(key, hash)
    }
    return hash
  }

  /**
   * The state of the whole library under a root, by each page's stat (size, times,
   * inode), as ESLint's cache validates files by default: a run on a few pages must
   * not read all 11k to learn that nothing changed. (Each page's own findings are still
   * keyed by its content hash.)
   */
  ofLibrary(root: string): string {
    let hash = this.libraryHashes.get(root)
    if (!hash) {
      const state = (page: string) => {
        const stat = this.statOf(page)
        return stat ? statKey(stat) : 'missing'
      }
      hash = contentHash(libraryPages(root).map((page) => `${path.relative(root, page)}\0${state(page)}`).join('\n'))
      this.libraryHashes.set(root, hash)
    }
    return hash
  }
}
