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
import os from 'node:os'
import path from 'node:path'
import {Worker} from 'node:worker_threads'
import type {Root} from 'mdast'
import remarkParse from 'remark-parse'
import {type Processor, unified} from 'unified'
import {Configuration} from 'unified-engine'
import {VFile} from 'vfile'
import {corpusIndexFor, findContentRoot} from './corpus-index.js'
import {type FactsJob, type FactsResult, runFactsJob} from './facts-job.js'
import {contentLintSeverity, remarkContentLint} from './plugin.js'
import {seedPageState} from './rule.js'
import {type ContentLintSettings, resolveSettings} from './settings.js'

export type ConfigurationOptions = ConstructorParameters<typeof Configuration>[0]

export interface RunOptions {
  cwd: string
  files: readonly string[]
  configuration: ConfigurationOptions
  /** Worker threads for the fact phase; 0 builds facts in this thread. Default: one per core, none for few files. */
  workers?: number
  /** Called as pages are read (done, total). */
  onProgress?: (done: number, total: number) => void
}

export class ConfigurationError extends Error {}

interface Configured {
  processor: Processor<Root, Root, Root>
  settings: ContentLintSettings
  /** The configuration has plugins other than content-lint's: they get a real tree. */
  foreign: boolean
}

type ConfigResult = {filePath: string | undefined; plugins: Array<[unknown, unknown]>; settings: Record<string, unknown>}

function isOwnPlugin(plugin: unknown): boolean {
  if (typeof plugin !== 'function') return false
  return plugin === remarkContentLint || plugin === contentLintSeverity || 'meta' in plugin || plugin.name === 'remarkLint'
}

/** Load each file's configuration and build one processor per distinct configuration. */
async function configure(options: RunOptions): Promise<Map<string, Configured>> {
  const configuration = new Configuration(options.configuration)
  const built = new Map<ConfigResult, Configured>()
  const byFile = new Map<string, Configured>()
  for (const file of options.files) {
    const result = await new Promise<ConfigResult>((resolve, reject) => {
      configuration.load(file, (error, value) => {
        if (error) reject(error)
        else resolve(value as unknown as ConfigResult)
      })
    }).catch((error: Error) => {
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
      throw new ConfigurationError(`${error.message}${cause}`)
    })
    let configured = built.get(result)
    if (!configured) {
      const processor = unified().use(remarkParse).data('settings', result.settings)
      let settingsOption: unknown
      for (const [plugin, value] of result.plugins) {
        if (plugin === remarkContentLint) settingsOption = value
        try {
          processor.use(plugin as never, ...(value === undefined ? [] : [value]))
        } catch (error) {
          throw new ConfigurationError((error as Error).message)
        }
      }
      try {
        processor.freeze()
      } catch (error) {
        const where = result.filePath ? ` (in ${path.relative(options.cwd, result.filePath) || result.filePath})` : ''
        throw new ConfigurationError(`${(error as Error).message}${where}`)
      }
      configured = {
        processor: processor as unknown as Processor<Root, Root, Root>,
        settings: resolveSettings(settingsOption),
        foreign: result.plugins.some(([plugin]) => !isOwnPlugin(plugin))
      }
      built.set(result, configured)
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
  const workerUrl = new URL(here.endsWith('.ts') ? '../dist/src/worker.js' : './worker.js', here)
  const results = new Map<string, FactsResult>()
  let next = 0
  const batchSize = 8
  await Promise.all(
    Array.from({length: workers}, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerUrl)
        const send = () => {
          if (next >= jobs.length) {
            void worker.terminate().then(() => resolve())
            return
          }
          worker.postMessage(jobs.slice(next, next + batchSize))
          next += batchSize
        }
        worker.on('message', (batch: FactsResult[]) => {
          for (const result of batch) results.set(result.file, result)
          progress(results.size, jobs.length)
          send()
        })
        worker.on('error', reject)
        send()
      })
    )
  )
  return jobs.map((job) => results.get(job.file)!)
}

/** Lint files; resolves to one VFile per file with its messages, in the order given. */
export async function lintFiles(options: RunOptions): Promise<VFile[]> {
  const configured = await configure(options)
  const jobs: FactsJob[] = options.files.map((file) => {
    const {settings} = configured.get(file)!
    const root = findContentRoot(file, options.cwd, settings)
    const index = corpusIndexFor(root, settings)
    const relative = index.contains(file) ? index.relative(file) : path.basename(file)
    return {file, relative, settings}
  })
  const facts = await buildFacts(jobs, options)

  // Every page's facts go into the index before any rule asks for a linked page.
  for (const result of facts) {
    if (!result.ok) continue
    const {settings} = configured.get(result.file)!
    corpusIndexFor(findContentRoot(result.file, options.cwd, settings), settings).seed(result.file, result.hash, result, result.facts)
  }

  const files: VFile[] = []
  for (const result of facts) {
    const file = new VFile({path: result.file, cwd: options.cwd})
    files.push(file)
    if (!result.ok) {
      const message = file.message(`Cannot read this page: ${result.error}`, {ruleId: 'unreadable', source: 'content-lint'})
      message.fatal = true
      continue
    }
    file.value = result.text
    const {processor, settings, foreign} = configured.get(result.file)!
    let tree = result.tree
    if (foreign) {
      // Other plugins may read the whole tree: give them one.
      tree = processor.parse(file)
    }
    seedPageState(tree, file, result.facts, settings)
    try {
      await processor.run(tree, file)
    } catch (error) {
      // unified-lint-rule turns a rule's error into a message; anything else lands here.
      if (!file.messages.includes(error as never)) {
        const message = file.message(`Checking this page failed: ${(error as Error).message}`, {source: 'content-lint', ruleId: 'internal'})
        message.fatal = true
      }
    }
    // The report needs the messages, not the text: let 67 MB of pages go.
    file.value = ''
  }
  return files
}
