/**
 * One lint run over a list of files, through unified-engine (the engine remark-cli
 * runs on): configuration found as remark-cli finds it, the preset when there is none.
 *
 * The CLI runs it once; `--fix` runs it again over the pages it changed (as vfiles
 * holding the new text, not yet written), hook mode over the pages that depend on the
 * staged ones.
 */
import path from 'node:path'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {engine} from 'unified-engine'
import type {VFile} from 'vfile'
import preset from './preset.js'

export interface LintOptions {
  cwd: string
  /** Search for `.remarkrc.*`/`package.json#remarkConfig` nearest to each file. */
  detectConfig: boolean
  /** A configuration file to use instead of searching. */
  rcPath?: string
  /** Plugins added to every file's configuration (severity overrides, settings). */
  plugins: Array<[unknown, unknown]>
}

/** Lint files (paths, or vfiles that already hold their text); the files come back with their messages. */
export type Lint = (inputs: ReadonlyArray<string | VFile>) => Promise<VFile[]>

/** A configuration file or plugin that failed to load: the run cannot go on. */
export class ConfigurationError extends Error {}

export function createLint(options: LintOptions): Lint {
  return async (inputs) => {
    if (inputs.length === 0) return []
    const context = await new Promise<{files: VFile[]; error?: Error}>((resolve) => {
      engine(
        {
          processor: unified().use(remarkParse),
          files: [...inputs] as never,
          cwd: options.cwd,
          extensions: ['md', 'markdown'],
          rcName: '.remarkrc',
          packageField: 'remarkConfig',
          detectConfig: options.detectConfig,
          rcPath: options.rcPath,
          defaultConfig: preset,
          plugins: options.plugins as never,
          detectIgnore: false,
          out: false,
          output: false,
          quiet: true,
          color: false,
          reporter: () => '',
          streamError: {write: () => true} as never,
          streamOut: {write: () => true} as never
        },
        (error, _code, result) => resolve({files: result?.files ?? [], error: error ?? undefined})
      )
    })
    if (context.error) throw new ConfigurationError(context.error.message)
    // A failure to load configuration or a plugin shows as a fatal message without a
    // rule ID on every file: report it once, as a configuration error.
    for (const file of context.files) {
      const failure = file.messages.find((m) => m.fatal && !m.ruleId)
      if (failure) {
        const where = file.path ? ` (while checking ${path.relative(options.cwd, file.path)})` : ''
        const cause = failure.cause instanceof Error ? `: ${failure.cause.message}` : ''
        throw new ConfigurationError(`${failure.reason}${cause}${where}`)
      }
    }
    return context.files
  }
}
