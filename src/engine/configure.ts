/**
 * The configuration phase of a run: each file's configuration as remark-cli finds it
 * (unified-engine's `Configuration`: `.remarkrc.*`, `package.json#remarkConfig`,
 * nearest to each file), one processor per distinct configuration, and what a
 * configuration contributes to the cache key of findings.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Root} from 'mdast'
import remarkParse from 'remark-parse'
import {type Processor, unified} from 'unified'
import {Configuration} from 'unified-engine'
import {type ContentLintSettings, resolveSettings} from '../core/settings.js'
import {contentHash} from '../facts/facts-job.js'
import {attackFor} from '../library/attack/load.js'
import {contentLintSeverity, remarkContentLint} from '../lint/plugin.js'
import {effectiveConfig, type RuleMeta, type Severity} from '../lint/rule.js'

export type ConfigurationOptions = ConstructorParameters<typeof Configuration>[0]

/**
 * A configuration or data problem: the CLI prints its message as one line (exit 2),
 * and the original error's stack only with `--debug`.
 */
export class ConfigurationError extends Error {
  constructor(message: string, options?: {cause?: unknown}) {
    // One line whatever the parser said (YAML errors quote the source over lines).
    super(message.replace(/\s*\n\s*/g, ' ').trim(), options)
  }
}

/** One distinct configuration of a run, with the processor built from it. */
export interface Configured {
  processor: Processor<Root, Root, Root>
  settings: ContentLintSettings
  /** The configuration has plugins other than content-lint's: they get a real tree. */
  foreign: boolean
  plugins: Array<[unknown, unknown]>
  /** The content-lint rules this configuration runs (severity not off), by ID: what the reports say ran. */
  rules: Record<string, 'warn' | 'error'>
  /** Cache key of findings under this configuration (set when a cache is used). */
  key?: string
}

type ConfigResult = {filePath: string | undefined; plugins: Array<[unknown, unknown]>; settings: Record<string, unknown>}

/**
 * The message of an error with its causes: unified-engine wraps a failed import as
 * `Cannot parse file` → `Cannot import` → the real error, which is what the user needs
 * (the syntax error, or what the file threw).
 */
function withCauses(error: Error): string {
  const parts: string[] = []
  for (let current: unknown = error; current instanceof Error && parts.length < 5; current = current.cause) {
    if (!parts.includes(current.message)) parts.push(current.message)
  }
  return parts.join(': ')
}

function isOwnPlugin(plugin: unknown): boolean {
  if (typeof plugin !== 'function') return false
  // By name as well as identity: a content repository may load its own copy of content-lint.
  const names = ['remarkContentLint', 'contentLintSeverity', 'remarkLint']
  return plugin === remarkContentLint || plugin === contentLintSeverity || 'meta' in plugin || names.includes(plugin.name)
}

/**
 * Each folder's configuration result, asked for all folders at once. unified-engine
 * finds a file's configuration from its folder alone (FindUp searches from the file's
 * dirname), and without a configuration file builds the default anew for every file:
 * asked once per folder (1,936 for 11k pages) rather than per file, and for all
 * folders at once, since each asks the file system for eight file names (one after
 * the other, the main thread waited 0.45 s of a warm run).
 */
function loadByFolder(configuration: Configuration, files: readonly string[]): Map<string, Promise<ConfigResult>> {
  const byFolder = new Map<string, Promise<ConfigResult>>()
  for (const file of files) {
    const folder = path.dirname(file)
    if (byFolder.has(folder)) continue
    const result = new Promise<ConfigResult>((resolve, reject) => {
      configuration.load(file, (error, value) => {
        if (error) reject(error)
        else resolve(value as unknown as ConfigResult)
      })
    })
    // Awaited in file order; until then a failure must not count as unhandled.
    result.catch(() => {})
    byFolder.set(folder, result)
  }
  return byFolder
}

/** The content-lint rules of a configuration's plugins at the severity they run with, those off left out. */
function rulesThatRun(plugins: ReadonlyArray<[unknown, unknown]>): Record<string, 'warn' | 'error'> {
  const overrides: Record<string, Severity> = {}
  for (const [plugin, value] of plugins) if (plugin === contentLintSeverity) Object.assign(overrides, value)
  const running: Record<string, 'warn' | 'error'> = {}
  for (const [plugin, value] of plugins) {
    const meta = typeof plugin === 'function' ? (plugin as {meta?: RuleMeta<unknown>}).meta : undefined
    if (!meta?.id) continue
    const [severity] = effectiveConfig(meta, value, overrides[meta.id])
    if (severity > 0) running[meta.id] = severity === 2 ? 'error' : 'warn'
  }
  return running
}

/** The processor of one configuration result; its errors are configuration errors. */
function build(result: ConfigResult, cwd: string): Configured {
  const processor = unified().use(remarkParse).data('settings', result.settings)
  let settingsOption: unknown
  for (const [plugin, value] of result.plugins) {
    if (plugin === remarkContentLint) settingsOption = value
    try {
      processor.use(plugin as never, ...(value === undefined ? [] : [value]))
    } catch (error) {
      throw new ConfigurationError((error as Error).message, {cause: error})
    }
  }
  try {
    processor.freeze()
  } catch (error) {
    // Bad ATT&CK data is about the run, not a configuration file: its message says it all.
    const where = result.filePath && (error as Error).name !== 'AttackDataError' ? ` (in ${path.relative(cwd, result.filePath) || result.filePath})` : ''
    throw new ConfigurationError(`${(error as Error).message}${where}`, {cause: error})
  }
  return {
    processor: processor as unknown as Processor<Root, Root, Root>,
    settings: resolveSettings(settingsOption),
    foreign: result.plugins.some(([plugin]) => !isOwnPlugin(plugin)),
    plugins: result.plugins,
    rules: rulesThatRun(result.plugins)
  }
}

/** Load each file's configuration and build one processor per distinct configuration. */
export async function configure(files: readonly string[], options: ConfigurationOptions, cwd: string): Promise<Map<string, Configured>> {
  const configuration = new Configuration(options)
  const built = new Map<ConfigResult | string, Configured>()
  const byFile = new Map<string, Configured>()
  // unified-engine gives a configuration file's result as one object per file found,
  // but builds a new result for every file that has none (the preset): one
  // processor per page then, each loading the ATT&CK data and computing its own
  // cache key (1.8 s of a 9 s warm run over 11k pages). Results without a file are
  // built from the same default and given plugins, so they are one configuration.
  const keyOf = (result: ConfigResult): ConfigResult | string => (result.filePath === undefined ? '\0default' : result)
  const byFolder = loadByFolder(configuration, files)
  for (const file of files) {
    const result = await byFolder.get(path.dirname(file))!.catch((error: Error) => {
      throw new ConfigurationError(withCauses(error), {cause: error})
    })
    let configured = built.get(keyOf(result))
    if (!configured) {
      configured = build(result, cwd)
      built.set(keyOf(result), configured)
    }
    byFile.set(file, configured)
  }
  return byFile
}

/** What the cache key of findings is made of: everything that changes a page's findings but the pages. */
export function configKeyOf(configured: Configured, version: string): string {
  const plugins = configured.plugins.map(([plugin, value]) => {
    const name = typeof plugin === 'function' ? ((plugin as {meta?: {id: string}}).meta?.id ?? plugin.name) : String(plugin)
    return [name, value]
  })
  return contentHash(JSON.stringify({version, plugins, settings: configured.settings, attack: attackIdentity(configured.settings)}))
}

/** Which ATT&CK data the rules read: release files with their stat, and the target release. */
function attackIdentity(settings: ContentLintSettings): string {
  try {
    const data = attackFor(settings)
    if (!data) return 'none'
    const files = data.releases.map((release) => {
      const stat = fs.statSync(release.source)
      return `${release.version}:${release.source}:${stat.mtimeMs}:${stat.size}`
    })
    return `${files.join('|')}>${data.target.version}`
  } catch (error) {
    return `error: ${(error as Error).message}`
  }
}
