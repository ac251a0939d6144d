/**
 * One lint run over a list of files, as the CLI's modes need it: the CLI runs it once;
 * `--fix` runs it again over the pages it changed (as vfiles holding the new text, not
 * yet written), hook and CI modes over the pages that depend on the changed ones.
 *
 * It is the runner (runner.ts) with the CLI's options fixed: configuration as
 * remark-cli finds it, the cache, the progress line.
 */
import path from 'node:path'
import {VFile} from 'vfile'
import type {RunCache} from '../facts/cache.js'
import {statMemo} from '../core/files.js'
import {corpusIndexFor, findContentRoot} from '../library/corpus-index.js'
import preset from '../preset/preset.js'
import {type ConfigurationOptions, lintFiles, type RunStats, settingsOfFiles} from './runner.js'
import type {ContentLintSettings} from '../core/settings.js'

export {ConfigurationError} from './runner.js'

export interface LintOptions {
  cwd: string
  /** Search for `.remarkrc.*`/`package.json#remarkConfig` nearest to each file (else the preset). */
  detectConfig: boolean
  /** A configuration file to use instead of searching. */
  rcPath?: string
  /** Plugins added to every file's configuration (severity overrides, settings). */
  plugins?: Array<[unknown, unknown]>
  /** The on-disk cache (default: none). */
  cache?: RunCache | null
  /** The tool's version as cache keys see it. */
  version?: string
  /** Added to by every run. */
  stats?: RunStats
  onProgress?: (done: number, total: number) => void
  /** Keep each file's text on its vfile, as `--fix` and baselines need (default: true). */
  keepText?: boolean
}

/** Lint files (paths, or vfiles that hold text not yet written); the files come back with their messages. */
export interface Lint {
  (inputs: ReadonlyArray<string | VFile>): Promise<VFile[]>
  /**
   * The content-lint settings each file would be linted with, from its configuration,
   * nothing linted: the pages depending on changed ones are found with them first, so
   * that one run checks both (a second run repeated the library's walk and statistics).
   * The file stats taken from here to the next lint call are shared by both.
   */
  settingsOf(files: readonly string[]): Promise<Map<string, ContentLintSettings>>
  /**
   * Lint `files` as they were in another version of the library (the base of a change):
   * `versions` holds, for every page that differs between that version and the working
   * tree, its text then, or null when it did not exist then. Every page reads the others
   * as they were then; pages absent then are not linted. Library-wide values (which
   * event types the library pairs with each DataType, how it writes each technique's
   * name) stay those of the working tree: building them for the other version would
   * read the whole library again.
   */
  asOf(versions: ReadonlyMap<string, string | null>, files: readonly string[]): Promise<VFile[]>
}

export function createLint(options: LintOptions): Lint {
  const configuration = (): ConfigurationOptions => ({
    cwd: options.cwd,
    rcName: '.remarkrc',
    packageField: 'remarkConfig',
    pluginPrefix: 'remark',
    detectConfig: options.detectConfig,
    rcPath: options.rcPath,
    defaultConfig: preset,
    plugins: (options.plugins ?? []) as never
  })
  // The stats `settingsOf` and the search that follows it took, for the lint run after
  // them: they are one run (see `statMemo`). Any later run takes its own.
  let statsOfRun: ReturnType<typeof statMemo> | undefined
  const lint = async (inputs: ReadonlyArray<string | VFile>): Promise<VFile[]> => {
    const statOf = statsOfRun
    statsOfRun = undefined
    if (inputs.length === 0) return []
    const files: string[] = []
    const texts = new Map<string, string>()
    for (const input of inputs) {
      if (typeof input === 'string') {
        files.push(path.resolve(options.cwd, input))
        continue
      }
      const absolute = path.resolve(input.cwd, input.path)
      files.push(absolute)
      texts.set(absolute, String(input.value))
    }
    return lintFiles({
      cwd: options.cwd,
      files,
      texts,
      keepText: options.keepText ?? true,
      configuration: configuration(),
      cache: options.cache,
      version: options.version,
      stats: options.stats,
      onProgress: options.onProgress,
      statOf
    })
  }
  const settingsOf = (files: readonly string[]) =>
    settingsOfFiles({
      cwd: options.cwd,
      files: files.map((file) => path.resolve(options.cwd, file)),
      configuration: configuration(),
      cache: options.cache,
      version: options.version,
      statOf: (statsOfRun = statMemo())
    })
  const asOf = async (versions: ReadonlyMap<string, string | null>, files: readonly string[]): Promise<VFile[]> => {
    const absolute = files.map((file) => path.resolve(options.cwd, file))
    const settings = await settingsOf(absolute)
    const indexes = new Set([...settings].map(([file, fileSettings]) => corpusIndexFor(findContentRoot(file, options.cwd, fileSettings), fileSettings)))
    for (const index of indexes) index.setVersion(versions)
    try {
      const inputs = absolute.flatMap((file): Array<string | VFile> => {
        if (!versions.has(file)) return [file]
        const text = versions.get(file)
        return text === null || text === undefined ? [] : [new VFile({path: file, cwd: options.cwd, value: text})]
      })
      return await lint(inputs)
    } finally {
      for (const index of indexes) index.setVersion(new Map())
    }
  }
  return Object.assign(lint, {settingsOf, asOf})
}
