/**
 * The library-wide values an editor's checks need, built in the background.
 *
 * Two rules weigh the whole library: `event-type-parser` (how often the library lists
 * parsers of a DataType under an event type) and `attack-technique` without ATT&CK
 * data (how the library writes each technique's name). Building those values reads
 * every page: 10 to 30 s for the 2021 snapshot in one thread, which the first
 * diagnostics of a page waited for. What the first diagnostics need is the open page
 * and the pages it links to; so when a content root is first seen, its library-wide
 * values are built on a worker thread (from the CLI's cache where it holds them), the
 * rules that need them sit out the checks until then (`CorpusIndex.libraryPending`),
 * and the open pages are checked again when they are there (`onReady`).
 */
import {Worker} from 'node:worker_threads'
import type {VFile} from 'vfile'
import type {ContentLintSettings} from '../core/settings.js'
import {useCache} from '../engine/cached-findings.js'
import {RunCache} from '../facts/cache.js'
import {adoptLibraryTechniqueNames, type LibraryNames} from '../library/attack/library-names.js'
import {type CorpusIndex, setUpNewIndexes} from '../library/corpus-index.js'
import {adoptLibraryStats, type LibraryStatsData} from '../library/library-stats.js'

/** What the worker is given (library-worker.ts). */
export interface LibraryJob {
  root: string
  settings: ContentLintSettings
  /** The CLI's cache for the workspace, or null when the server runs with `--no-cache`. */
  cacheLocation: string | null
  version: string
}

/** What the worker answers. */
export interface LibraryValues {
  stats: LibraryStatsData
  names: LibraryNames
  /** Pages it parsed (not found in the cache). */
  parsed: number
  seconds: number
}

export interface WarmUpOptions {
  cacheLocation: string | null
  version: string
  /** The values of a content root a check waited for are in (or could not be built): check the open pages again. */
  onReady: (root: string) => void
  log: (line: string) => void
}

/** Content roots seen since the last check, whose values are still to be built, with their settings. */
const waiting = new Map<CorpusIndex, ContentLintSettings>()
/** Content roots whose values are being built. */
const building = new Set<CorpusIndex>()
/** Content roots a check waited for (rules sat out): the open pages are checked again when they are ready. */
const awaited = new Set<CorpusIndex>()
let warmUp: WarmUpOptions | null = null

/**
 * From now on, every new content root's library-wide values are built on a worker
 * thread, started once the check that found the root is done (`afterCheck`): the
 * first diagnostics do not share the machine's second core with it.
 */
export function warmUpLibraries(options: WarmUpOptions): void {
  warmUp = options
  const cache = options.cacheLocation === null ? null : new RunCache(options.cacheLocation)
  setUpNewIndexes((index, settings) => {
    if (cache) {
      // Pages the open page links to come from the CLI's cache too. This thread only
      // reads it: the worker stores every page's facts (writing the 800 linked pages'
      // facts of the largest product page here took 0.6 s of its first diagnostics).
      const store = useCache(index, cache, settings, options.version)
      index.store = {read: (key) => store.read(key), write: () => {}}
    }
    index.libraryPending = true
    waiting.set(index, settings)
  })
}

function startWaiting(options: WarmUpOptions): void {
  for (const [index, settings] of waiting) {
    building.add(index)
    const job: LibraryJob = {root: index.root, settings, cacheLocation: options.cacheLocation, version: options.version}
    buildOnWorker(job)
      .then(
        (values) => {
          adoptLibraryStats(index, settings, values.stats)
          adoptLibraryTechniqueNames(index, values.names)
          options.log(`content-lint: read the library at ${index.root} in ${values.seconds.toFixed(1)} s (${values.parsed} pages parsed, the rest from the cache); checking the open pages again`)
        },
        (error: Error) => {
          // The rules then build the values themselves, on this thread, at the next check.
          options.log(`content-lint: reading the library at ${index.root} on a worker thread failed (${error.message}); the next check reads it`)
        }
      )
      .finally(() => {
        index.libraryPending = false
        building.delete(index)
        // Pages checked before were checked without the rules that waited: again.
        if (awaited.delete(index)) options.onReady(index.root)
      })
  }
  waiting.clear()
}

function buildOnWorker(job: LibraryJob): Promise<LibraryValues> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./library-worker.js', import.meta.url), {workerData: job})
    worker.once('message', (values: LibraryValues) => {
      resolve(values)
      void worker.terminate()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the worker exited with status ${code}`)))
  })
}

/**
 * A plugin for every page the server checks, after the rules: when rules sat out the
 * check waiting for the library, say so on the page (an information diagnostic on its
 * first line), so that nobody takes the diagnostics for complete (the check after the
 * library is read has no such note); then start building the values of roots the
 * check found.
 */
export function afterCheck() {
  return function (_tree: unknown, file: VFile) {
    const rules = (file.data as {contentLintLibraryPending?: string[]}).contentLintLibraryPending
    if (rules?.length) {
      // Which root the rules waited for is not told; any still being read may be it.
      for (const index of [...waiting.keys(), ...building]) awaited.add(index)
      const message = file.info(`content-lint is still reading the library: ${rules.map((id) => `\`${id}\``).join(' and ')} check this page once it has (in a few seconds)`, {
        place: {line: 1, column: 1},
        ruleId: 'library-pending',
        source: 'content-lint-language-server'
      })
      message.fatal = undefined
    }
    if (warmUp && waiting.size > 0) startWaiting(warmUp)
  }
}
