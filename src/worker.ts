/**
 * A worker thread of the CLI's fact phase: takes batches of pages, answers with their
 * facts (see facts-job.ts). One parse per page; no rule runs here.
 */
import {parentPort} from 'node:worker_threads'
import {type FactsJob, runFactsJob} from './facts-job.js'

parentPort?.on('message', (batch: FactsJob[]) => {
  parentPort!.postMessage(batch.map(runFactsJob))
})
