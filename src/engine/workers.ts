/**
 * The facts phase of a run: every page that needs facts is read, parsed and turned into
 * facts (`runFactsJob`), on worker threads when there are many.
 */
import fs from 'node:fs'
import os from 'node:os'
import {Worker} from 'node:worker_threads'
import {type FactsJob, type FactsResult, LARGE_PAGE, runFactsJob} from '../facts/facts-job.js'

export interface FactsPhaseOptions {
  /** Worker threads; 0 builds facts in this thread. Default: one per core, none for few files. */
  workers?: number
  /** Called as pages are read (done, total). */
  onProgress?: (done: number, total: number) => void
}

/** Build the facts of every page, on worker threads when there are many. */
export async function buildFacts(jobs: FactsJob[], options: FactsPhaseOptions): Promise<FactsResult[]> {
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
  const results = new Map<string, FactsResult>()
  const queue = new JobQueue(jobs)
  await Promise.all(
    Array.from({length: workers}, (_, lane) =>
      runWorker(queue, lane, (batch) => {
        for (const result of batch) results.set(result.file, result)
        progress(results.size, jobs.length)
      })
    )
  )
  return jobs.map((job) => results.get(job.file)!)
}

/**
 * The jobs in the order workers take them. The large pages (see LARGE_PAGE) are parsed
 * by one worker, one after the other and first (while the main thread holds few facts),
 * so that two of them are never in memory at once. The other workers take the rest in
 * batches.
 */
class JobQueue {
  private readonly large: FactsJob[]
  private readonly rest: FactsJob[]
  private next = 0
  private static readonly batchSize = 8

  constructor(jobs: readonly FactsJob[]) {
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
    this.large = jobs.filter((job) => sizes.get(job)! > LARGE_PAGE).sort((a, b) => sizes.get(b)! - sizes.get(a)!)
    this.rest = jobs.filter((job) => sizes.get(job)! <= LARGE_PAGE)
  }

  /** The next batch for the worker of this lane, or null when there is none left. */
  take(lane: number): FactsJob[] | null {
    if (lane === 0 && this.large.length > 0) return [this.large.shift()!]
    if (this.next >= this.rest.length) return null
    const batch = this.rest.slice(this.next, this.next + JobQueue.batchSize)
    this.next += JobQueue.batchSize
    return batch
  }
}

/** One worker thread taking batches from the queue until it is empty. */
function runWorker(queue: JobQueue, lane: number, onResults: (batch: FactsResult[]) => void): Promise<void> {
  // vitest runs the TypeScript sources; threads need the built worker either way.
  const here = import.meta.url
  const workerUrl = new URL(here.endsWith('.ts') ? '../../dist/src/facts/worker.js' : '../facts/worker.js', here)
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(workerUrl)
    // Two batches in flight: the worker starts the next while this thread takes in
    // the last one's results (with one, each worker idled 10% of a cold run).
    let inFlight = 0
    let ended = false
    const send = () => {
      const batch = queue.take(lane)
      if (batch) {
        worker.postMessage(batch)
        inFlight++
      } else if (inFlight === 0 && !ended) {
        ended = true
        void worker.terminate().then(() => resolve())
      }
    }
    worker.on('message', (batch: FactsResult[]) => {
      inFlight--
      onResults(batch)
      send()
    })
    worker.on('error', reject)
    send()
    send()
  })
}
