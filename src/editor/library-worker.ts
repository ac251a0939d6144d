/**
 * The language server's worker thread: the library-wide values of one content root
 * (which event types the library lists parsers of each DataType under, how it writes
 * each technique's name), built from every page's facts while the main thread answers
 * the editor. See library-warm-up.ts.
 */
import {parentPort, workerData} from 'node:worker_threads'
import {useCache} from '../engine/cached-findings.js'
import {RunCache} from '../facts/cache.js'
import {libraryTechniqueNames} from '../library/attack/library-names.js'
import {corpusIndexFor} from '../library/corpus-index.js'
import {libraryStats} from '../library/library-stats.js'
import type {LibraryJob, LibraryValues} from './library-warm-up.js'

const {root, settings, cacheLocation, version} = workerData as LibraryJob
const started = performance.now()
const index = corpusIndexFor(root, settings)
// The CLI's cache for this workspace: stored facts and statistics where they still
// hold, and what is built here is stored for the next session (and the CLI).
if (cacheLocation !== null) useCache(index, new RunCache(cacheLocation), settings, version)
const values: LibraryValues = {
  stats: libraryStats(index, settings).snapshot(),
  names: libraryTechniqueNames(index, settings),
  parsed: index.parsed,
  seconds: (performance.now() - started) / 1000
}
parentPort!.postMessage(values)
