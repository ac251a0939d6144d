/**
 * A worker thread of the CLI's fact phase: takes batches of pages, answers with their
 * facts (see facts-job.ts). One parse per page; no rule runs here.
 */
import v8 from 'node:v8'
import vm from 'node:vm'
import {parentPort} from 'node:worker_threads'
import {type FactsJob, LARGE_PAGE, runFactsJob} from './facts-job.js'

// V8 sets its next full collection by the heap's size after the last one: parsing a
// 1 MB page (half a gigabyte of micromark events and tree, nearly all garbage a moment
// later) lets the heap grow to over a gigabyte before the next. Collecting right after
// such a page keeps the run's peak memory to what is live. `gc` is exposed to a new
// context only, so nothing else in the process sees it.
v8.setFlagsFromString('--expose-gc')
const collect = vm.runInNewContext('gc') as () => void

parentPort?.on('message', (batch: FactsJob[]) => {
  const results = batch.map(runFactsJob)
  parentPort!.postMessage(results)
  if (results.some((result) => result.ok && result.text.length > LARGE_PAGE)) collect()
})
