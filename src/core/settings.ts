/**
 * The core layer (`src/core/`): what every other layer may use. It owns the library
 * settings (this module), finding and walking the content files (`files.ts`) and the
 * tool's version and code fingerprint (`version.ts`). It imports nothing of the project.
 *
 * Library-wide settings shared by every rule: where the content root is, what the
 * folders and table headers of the library are called.
 *
 * Header names are lists because the library renamed them across releases
 * (`MITRE TTPs` became `MITRE ATT&CK® TTPs`, `Event Types` became `Activity Types`);
 * a page matches a column when its header equals any of the names, compared
 * case-insensitively with white space folded.
 */

/** The five columns of a summary table, in the library's own words. */
export type SummaryColumnKey = 'rules' | 'models' | 'techniques' | 'eventTypes' | 'parsers'

export interface HeaderNames {
  /** Summary table columns. */
  rules: string[]
  models: string[]
  techniques: string[]
  eventTypes: string[]
  parsers: string[]
  /** Product page use-case table. */
  useCase: string[]
  eventTypesParsers: string[]
  mitreTtp: string[]
  content: string[]
  /** Rules-and-models table. */
  eventType: string[]
  rulesList: string[]
  modelsList: string[]
  /** Use-case page table. */
  product: string[]
  /** Heading above the ATT&CK matrix of a product page (and of the library's matrix page). */
  attackMatrix: string[]
  /** The library's matrix page's table of techniques and their rules (`| TTP Code | Technique: Sub-technique | Rules |`). */
  ttpCode: string[]
  /** Correlation-rule tables (a product's `CR/` pages and the library's catalogue). */
  ruleName: string[]
  description: string[]
  activityType: string[]
  mitreTactic: string[]
  severity: string[]
  /** The legacy parser names table (`ParsersLegacy/`). */
  oldParserName: string[]
  newParserName: string[]
}

export interface ContentLintSettings {
  /**
   * The content root: the folder that holds the data sources folder and `UseCases/`.
   * Relative paths resolve against the working directory. When unset, the root is
   * found from each file's path (the folder above its data sources or use-cases
   * segment, or the nearest folder above it that holds one), falling back to the
   * working directory.
   */
  root?: string
  /** Names the folder holding vendors and products has had (`DataSources` in 2021, `DS` since). */
  dataSourcesDirs: string[]
  /** Names of the folder holding use-case pages. */
  useCasesDirs: string[]
  headers: HeaderNames
  /**
   * Pages longer than this (in characters) are reported and not parsed. The largest
   * page of the 2021 snapshot has 1.1 M; the Markdown parser needs about a gigabyte
   * and tens of seconds per few megabytes of table cells, so a 10 MB page would stall
   * an editor and exhaust memory.
   */
  maxPageSize: number
  /**
   * ATT&CK Enterprise data: a STIX bundle file, or a folder of bundles of several
   * releases; `none` for no data. When unset, the table built into content-lint, with
   * the releases `content-lint attack update` saved (see `src/library/attack/load.ts`).
   */
  attack?: string
  /** The ATT&CK release to check against (`18.1`), pinned; default: the newest loaded. */
  attackVersion?: string
}

/**
 * Every spelling of each header the library has used, as `foldHeader` compares them
 * (case, white space, `®` and parenthesised asides do not matter, so `MITRE ATT&CK®
 * TTP` is `MITRE ATT&CK TTP` and `Activity Types (Legacy Event Type)/Parsers` is
 * `Activity Types/Parsers`).
 */
export const defaultHeaders: HeaderNames = {
  rules: ['Rules'],
  models: ['Models'],
  techniques: ['MITRE TTPs', 'MITRE ATT&CK TTPs'],
  eventTypes: ['Event Types', 'Activity Types'],
  parsers: ['Parsers'],
  useCase: ['Use-Case', 'Use Case'],
  eventTypesParsers: ['Event Types/Parsers', 'Activity Types/Parsers', 'Event Type/Parsers', 'Activity Type/Parsers'],
  mitreTtp: ['MITRE TTP', 'MITRE ATT&CK TTP', 'MITRE TTPs', 'MITRE ATT&CK TTPs'],
  content: ['Content'],
  eventType: ['Event Type', 'Activity Type'],
  rulesList: ['Rules'],
  modelsList: ['Models'],
  product: ['Product'],
  attackMatrix: ['ATT&CK Matrix for Enterprise', 'MITRE ATT&CK Framework for Enterprise', 'MITRE ATT&CK Matrix for Enterprise'],
  ttpCode: ['TTP Code'],
  ruleName: ['Name', 'Rule Name'],
  description: ['Description'],
  activityType: ['Activity Type', 'Activity Types'],
  mitreTactic: ['MITRE Tactic', 'MITRE Tactics', 'MITRE ATT&CK Tactic', 'MITRE ATT&CK Tactics'],
  severity: ['Severity'],
  oldParserName: ['Old Parser Name'],
  newParserName: ['New-Scale Parser Name', 'New Parser Name']
}

export const defaultSettings: ContentLintSettings = {
  dataSourcesDirs: ['DataSources', 'DS'],
  useCasesDirs: ['UseCases'],
  headers: defaultHeaders,
  maxPageSize: 4 * 1024 * 1024
}

/** Options a user may give: every field optional, header lists replace the defaults. */
export interface ContentLintOptions {
  root?: string
  /** The data sources folder's name, or several (default: `DataSources` and `DS`). */
  dataSourcesDir?: string | string[]
  /** The use-cases folder's name, or several (default: `UseCases`). */
  useCasesDir?: string | string[]
  headers?: Partial<HeaderNames>
  maxPageSize?: number
  attack?: string
  attackVersion?: string
}

const settingKeys = new Set(['root', 'dataSourcesDir', 'useCasesDir', 'headers', 'maxPageSize', 'attack', 'attackVersion'])

/** Merge user options over the defaults, refusing what is not understood. */
export function resolveSettings(options: unknown): ContentLintSettings {
  if (options === undefined || options === null) return defaultSettings
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new Error('content-lint settings must be an object')
  }
  const given = options as Record<string, unknown>
  for (const key of Object.keys(given)) {
    if (!settingKeys.has(key)) {
      throw new Error(`Unknown content-lint setting \`${key}\`, expected one of ${[...settingKeys].join(', ')}`)
    }
  }
  const text = (key: string, fallback: string): string => {
    const value = given[key]
    if (value === undefined) return fallback
    if (typeof value !== 'string' || value === '') {
      throw new Error(`content-lint setting \`${key}\` must be a non-empty string`)
    }
    return value
  }
  const maxPageSize = given.maxPageSize ?? defaultSettings.maxPageSize
  if (typeof maxPageSize !== 'number' || !Number.isInteger(maxPageSize) || maxPageSize <= 0) {
    throw new Error('content-lint setting `maxPageSize` must be a positive whole number of characters')
  }
  const settings: ContentLintSettings = {
    maxPageSize,
    root: given.root === undefined ? undefined : text('root', ''),
    dataSourcesDirs: folderNames(given, 'dataSourcesDir', defaultSettings.dataSourcesDirs),
    useCasesDirs: folderNames(given, 'useCasesDir', defaultSettings.useCasesDirs),
    headers: headerNames(given.headers)
  }
  // Only set when given, so settings without ATT&CK keys stay as they were.
  if (given.attack !== undefined) settings.attack = text('attack', '')
  if (given.attackVersion !== undefined) settings.attackVersion = text('attackVersion', '')
  return settings
}

/** A folder name setting: one name or a list of names, none empty. */
function folderNames(given: Record<string, unknown>, key: string, fallback: string[]): string[] {
  const value = given[key]
  if (value === undefined) return fallback
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || list.length === 0 || !list.every((name) => typeof name === 'string' && name !== '' && !/[\\/]/.test(name))) {
    throw new Error(`content-lint setting \`${key}\` must be a folder name or a list of folder names`)
  }
  return list
}

/** Header name lists given by the user, each replacing the default list of its key. */
function headerNames(given: unknown): HeaderNames {
  const headers: HeaderNames = {...defaultHeaders}
  if (given === undefined) return headers
  if (typeof given !== 'object' || given === null) {
    throw new Error('content-lint setting `headers` must be an object of name lists')
  }
  for (const [key, names] of Object.entries(given)) {
    if (!(key in defaultHeaders)) {
      throw new Error(`Unknown header key \`${key}\` in content-lint setting \`headers\``)
    }
    const list = typeof names === 'string' ? [names] : names
    if (!Array.isArray(list) || !list.every((n) => typeof n === 'string')) {
      throw new Error(`content-lint setting \`headers.${key}\` must be a string or a list of strings`)
    }
    headers[key as keyof HeaderNames] = list
  }
  return headers
}

/**
 * Fold a header for comparison: case, runs of white space, white space around `/`,
 * the registered sign and parenthesised asides (`(Legacy Event Type)`) do not matter.
 */
export function foldHeader(text: string): string {
  return text
    .replace(/\([^()]*\)/g, ' ')
    .replace(/[®™]/g, '')
    .replace(/\s*\/\s*/g, '/')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
}

/** Whether `text` is one of `names`. */
export function headerIs(text: string, names: readonly string[]): boolean {
  const folded = foldHeader(text)
  return names.some((name) => foldHeader(name) === folded)
}
