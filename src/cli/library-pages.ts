/**
 * The pages a report subcommand (`attack diff`, `coverage`) reads: the Markdown files
 * under the paths given, each with the settings its configuration gives (found as the
 * lint run finds them) and its facts from the corpus index. Nothing is checked.
 */
import path from 'node:path'
import {findMarkdownFiles} from '../core/files.js'
import type {ContentLintSettings} from '../core/settings.js'
import {createLint} from '../engine/lint.js'
import {noAttack} from '../library/attack/load.js'
import {corpusIndexFor, findContentRoot} from '../library/corpus-index.js'
import {remarkContentLint} from '../lint/plugin.js'
import type {PageFacts} from '../model/types.js'

/** The options of the lint run that decide a page's settings. */
export interface PageOptions {
  config?: string
  noConfig: boolean
  root?: string
  attack?: string
  attackVersion?: string
}

/** `parseArgs` definitions of those options, for the subcommands. */
export const pageOptionDefinitions = {
  root: {type: 'string'},
  attack: {type: 'string'},
  'attack-version': {type: 'string'},
  config: {type: 'string', short: 'c'},
  'no-config': {type: 'boolean', default: false}
} as const

export const pageOptionHelp = `      --root <dir>         the content root (default: found from each file's path)
      --attack <path>      ATT&CK bundle or folder of bundles (default: built-in)
      --attack-version <v> the library's target release (default: its attackVersion)
  -c, --config <file>      use this configuration file instead of searching for one
      --no-config          search for no configuration file
`

export interface LibraryPage {
  /** Absolute path. */
  file: string
  /** The content root it belongs to. */
  root: string
  settings: ContentLintSettings
  facts: PageFacts
}

/** The command line's settings over every configuration, as the lint run adds them. */
function settingsPlugin(options: PageOptions, cwd: string): Array<[unknown, unknown]> {
  const core: Record<string, string> = {}
  if (options.root !== undefined) core.root = path.resolve(cwd, options.root)
  if (options.attack !== undefined) core.attack = options.attack === noAttack ? noAttack : path.resolve(cwd, options.attack)
  if (options.attackVersion !== undefined) core.attackVersion = options.attackVersion
  return Object.keys(core).length > 0 ? [[remarkContentLint, core]] : []
}

/** The pages under `paths` (default `.`), in path order. Throws MissingPathError and ConfigurationError. */
export async function libraryPages(paths: readonly string[], cwd: string, options: PageOptions): Promise<LibraryPage[]> {
  const files = findMarkdownFiles(paths.length > 0 ? paths : ['.'], cwd)
  const lint = createLint({cwd, detectConfig: !options.noConfig && options.config === undefined, rcPath: options.config, plugins: settingsPlugin(options, cwd)})
  const settings = await lint.settingsOf(files)
  const pages: LibraryPage[] = []
  for (const file of [...files].sort()) {
    const own = settings.get(path.resolve(cwd, file))
    if (!own) continue
    const root = findContentRoot(file, cwd, own)
    const facts = corpusIndexFor(root, own).page(path.resolve(cwd, file))
    if (facts) pages.push({file: path.resolve(cwd, file), root, settings: own, facts})
  }
  return pages
}
