/**
 * The lint layer (`src/lint/`): how a rule is written and run as a remark plugin. It
 * owns `defineRule` and a rule's context (this module) and the core plugin with the
 * settings and syntax every rule needs (`plugin.ts`). It may import every layer up to
 * `library/`; the rules in `rules/` import it, and it never imports them.
 *
 * How a content-lint rule is defined: `meta` (what tools read) and `check` (a function
 * of the page's facts). `defineRule` turns that into a remark-lint rule built with
 * unified-lint-rule, so a rule works in content-lint's CLI, in remark-cli with the
 * preset, and in the unified language server alike.
 */
import path from 'node:path'
import type {Root} from 'mdast'
import type {Processor} from 'unified'
import {lintRule} from 'unified-lint-rule'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {CorpusIndex, corpusIndexFor, findContentRoot, type LinkTarget} from '../library/corpus-index.js'
import {extractPage, tooLargePage} from '../model/extract.js'
import type {LinkFact, PageFacts, PageKind, Span} from '../model/types.js'
import {type ContentLintSettings, resolveSettings} from '../core/settings.js'
import {ruleDocsUrl} from './docs-url.js'

export type Severity = 'off' | 'warn' | 'error'

export interface RuleMeta<Options> {
  /** Rule ID, kebab-case; findings carry it as `ruleId` with `source: 'content-lint'`. */
  id: string
  /** One sentence: what the rule finds. */
  description: string
  defaultSeverity: Severity
  /** Whether findings carry `expected` replacements that `--fix` may apply. */
  fixable: boolean
  /** Check and complete the rule's options; throw an Error with a clear message when wrong. */
  options: (given: unknown) => Options
  /** The page kinds the rule checks (`--stats` says which checks ran on each); left out, every kind. */
  pageKinds?: readonly PageKind[]
}

/** What a rule reports. `span` covers exactly the text `expected` would replace. */
export interface Finding {
  reason: string
  span: Span
  /** The text in `span` as written (filled in from the page when left out). */
  actual?: string
  /** Replacement(s) for `span`, best first, when known. */
  expected?: string[]
  note?: string
  /**
   * `warn`: this finding is at most a warning, even when the rule runs as an error
   * (a rule whose findings differ in weight, like a renamed ATT&CK name next to a
   * garbled one). Left out, the finding takes the rule's severity.
   */
  severity?: 'warn'
}

export interface RuleContext<Options> {
  page: PageFacts
  options: Options
  settings: ContentLintSettings
  index: CorpusIndex
  /** Absolute path of the page being checked. */
  filePath: string
  report(finding: Finding): void
  /** The page's text in a span (for `actual` and messages; rules never parse it). */
  textOf(span: Span): string
  /** Where a link of this page goes. */
  resolve(link: LinkFact | string): LinkTarget
  /** Facts of a linked page, or null when it is missing or outside the root. */
  linkedPage(link: LinkFact | string): PageFacts | null
  /** Facts of the page a link of another page leads to (a product page's continuation, read from an RM page). */
  linkedPageFrom(from: PageFacts, link: LinkFact): PageFacts | null
  /**
   * Say something about the run rather than the page (a column not checked, no ATT&CK
   * data): the CLI prints each notice once, after the report.
   */
  notice(text: string): void
  /**
   * Say that this page's findings depend on the whole library (a library-wide
   * statistic): the cache then re-checks the page whenever any page changes. Call it
   * before reading library-wide values: while an editor is still building them (see
   * `CorpusIndex.libraryPending`), it ends the rule's check of this page and takes back
   * what the rule reported on it, to be checked again once they are built.
   */
  dependOnLibrary(): void
}

export type RuleCheck<Options> = (context: RuleContext<Options>) => void

/** A content-lint rule: a unified plugin that also carries its `meta`. */
export interface ContentLintRule<Options = unknown> {
  (this: Processor, config?: unknown): ((tree: Root, file: VFile, next: (error?: Error) => void) => void) | undefined
  meta: RuleMeta<Options>
}

/** Data the core plugin leaves on the processor for the rules. */
export interface ProcessorData {
  contentLintSettings?: ContentLintSettings
  /** Severity overrides by rule ID (the CLI's `--rule`). */
  contentLintSeverity?: Record<string, Severity>
  /** Set when the core plugin or any rule is attached (the language server adds the preset otherwise). */
  contentLintConfigured?: boolean
}

export const noOptions = (given: unknown): Record<string, never> => {
  if (given !== undefined && given !== null && !(typeof given === 'object' && Object.keys(given).length === 0)) {
    throw new Error('takes no options')
  }
  return {}
}

/** Everything built once per tree and shared by the rules that check it. */
interface PageState {
  page: PageFacts
  index: CorpusIndex
  filePath: string
  settings: ContentLintSettings
  text: string
  place: ReturnType<typeof location> | null
}

/** Line/column position of a span, for vfile messages. */
function positionOf(state: PageState, span: Span) {
  state.place ??= location(state.text)
  const point = (offset: number) => {
    const p = state.place!.toPoint(offset)
    if (p) return {line: p.line, column: p.column, offset}
    // vfile-location gives no point for the end of a file without a final newline.
    const before = state.text.slice(0, offset)
    const line = before.split(/\r?\n|\r/).length
    return {line, column: offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')), offset}
  }
  return {start: point(span.start), end: point(span.end)}
}

/**
 * Page states by tree, shared through `globalThis` so that two copies of content-lint
 * in one process (a global CLI and a content repository's own preset) see the facts
 * the CLI's runner seeded.
 */
const states: WeakMap<Root, PageState> = ((globalThis as Record<symbol, unknown>)[Symbol.for('content-lint.page-states')] ??= new WeakMap()) as WeakMap<Root, PageState>

/** The facts of the page in `tree`, built once however many rules ask. */
export function pageState(tree: Root, file: VFile, settings: ContentLintSettings): PageState {
  let state = states.get(tree)
  if (!state) {
    const text = String(file.value ?? '')
    const filePath = path.resolve(file.cwd, file.path || 'stdin.md')
    const root = findContentRoot(filePath, file.cwd, settings)
    const index = corpusIndexFor(root, settings)
    const relative = index.contains(filePath) ? index.relative(filePath) : path.basename(filePath)
    // Facts the index already built for this very text (another rule's corpus-wide
    // statistics read it) are the same facts: do not build them twice.
    const known = file.path ? index.cached(filePath, text) : undefined
    const page = known ?? (text.length > settings.maxPageSize ? tooLargePage(text, relative, settings) : extractPage(tree, text, relative, settings))
    if (file.path && !known) index.remember(filePath, text, page)
    state = {page, index, filePath, settings, text, place: null}
    states.set(tree, state)
  }
  return state
}

/**
 * Give a tree the facts built for its page elsewhere (the CLI builds facts in worker
 * threads and hands the rules a pruned tree): the rules then read these facts.
 */
export function seedPageState(tree: Root, file: VFile, page: PageFacts, settings: ContentLintSettings): void {
  const text = String(file.value ?? '')
  const filePath = path.resolve(file.cwd, file.path || 'stdin.md')
  const index = corpusIndexFor(findContentRoot(filePath, file.cwd, settings), settings)
  states.set(tree, {page, index, filePath, settings, text, place: null})
}

/** Record that the findings of `file` depend on the page at `relative` (from the root). */
function dependOn(file: VFile, relative: string): void {
  const data = file.data as {contentLintDependencies?: string[]}
  const list = (data.contentLintDependencies ??= [])
  // A Set beside the list (kept out of `data`, which is serialised): a product page
  // reads hundreds of pages, each many times.
  let seen = dependencySets.get(list)
  if (!seen) dependencySets.set(list, (seen = new Set(list)))
  if (seen.has(relative)) return
  seen.add(relative)
  list.push(relative)
}

const dependencySets = new WeakMap<string[], Set<string>>()

/** Record that a rule checked this page (for `--stats`: which checks ran on each page kind). */
function recordCheck(file: VFile, id: string): void {
  const data = file.data as {contentLintChecks?: string[]}
  const checks = (data.contentLintChecks ??= [])
  if (!checks.includes(id)) checks.push(id)
}

/** Add a notice about the run to a file's data (once per text): it is cached with the file's findings. */
export function addNotice(file: VFile, text: string): void {
  const data = file.data as {contentLintNotices?: string[]}
  const notices = (data.contentLintNotices ??= [])
  if (!notices.includes(text)) notices.push(text)
}

/** The notices of a run's files, each once, in the order first met. */
export function noticesOf(files: readonly VFile[]): string[] {
  const all = new Set<string>()
  for (const file of files) for (const text of (file.data as {contentLintNotices?: string[]}).contentLintNotices ?? []) all.add(text)
  return [...all]
}

/** Messages that say a rule crashed: always fatal, whatever the rule's severity. */
const crashes = new WeakSet<object>()

/** Thrown by `dependOnLibrary` while the library-wide values are being built (see there). */
class LibraryPending extends Error {}

const severityNumber = {off: 0, warn: 1, error: 2} as const

/** Messages reported with `severity: 'warn'`: never fatal, whatever the rule's severity. */
const warnOnly = new WeakSet<object>()

/**
 * The severity and options a rule runs with. Like remark-lint: `config` is a severity,
 * `[severity, options]`, or options; `undefined`/`true` mean the rule's default.
 * An override (from the CLI) replaces the severity and keeps the options.
 */
export function effectiveConfig(meta: RuleMeta<unknown>, config: unknown, override: Severity | undefined): [number, unknown] {
  let severity: number = severityNumber[meta.defaultSeverity]
  let options: unknown
  const asSeverity = (value: unknown): number | undefined => {
    if (value === false || value === 0 || value === 'off') return 0
    if (value === 1 || value === 'warn' || value === 'on') return 1
    if (value === 2 || value === 'error') return 2
    if (value === true) return severity
    return undefined
  }
  if (Array.isArray(config)) {
    const s = asSeverity(config[0])
    if (s === undefined) throw new Error(`Incorrect severity \`${String(config[0])}\` for \`${meta.id}\`, expected off, warn or error`)
    severity = s
    options = config[1]
  } else if (config !== undefined) {
    const s = asSeverity(config)
    if (s === undefined) options = config
    else severity = s
  }
  if (override) severity = severityNumber[override]
  return [severity, options]
}

/**
 * The meta of every rule defined in this process, by ID: the built-in ones and any
 * rule a configuration loads, so `--fix` knows which findings it may apply.
 */
export const definedRules = new Map<string, RuleMeta<unknown>>()

/**
 * A content-lint rule from its `meta` and `check`: a remark-lint rule (unified-lint-rule)
 * whose check is given the page's facts, wrapped in a unified plugin that checks the
 * options once, when it is attached.
 */
export function defineRule<Options>(meta: RuleMeta<Options>, check: RuleCheck<Options>): ContentLintRule<Options> {
  definedRules.set(meta.id, meta as RuleMeta<unknown>)
  const origin = `content-lint:${meta.id}`
  const url = ruleDocsUrl(meta.id)

  const rule = lintRule<Root, Options>({origin, url}, (tree, file, options) => {
    // `options` here were checked in the attacher; settings travel on the file.
    const settings = (file.data as {contentLintSettings?: ContentLintSettings}).contentLintSettings ?? resolveSettings(undefined)
    const state = pageState(tree, file, settings)
    if (!meta.pageKinds || meta.pageKinds.includes(state.page.kind)) recordCheck(file, meta.id)
    const context = ruleContext(meta, state, file, options)
    const before = file.messages.length
    try {
      check(context)
    } catch (error) {
      if (error instanceof LibraryPending) {
        // All of this rule's findings on the page come together, once the library is read.
        file.messages.splice(before)
        ;((file.data as {contentLintLibraryPending?: string[]}).contentLintLibraryPending ??= []).push(meta.id)
        return
      }
      reportCrash(meta.id, file, error)
    }
  })

  const plugin = attacher(meta, rule)
  Object.defineProperty(plugin, 'name', {value: origin})
  plugin.meta = meta
  return plugin
}

/** What a rule's check is given for one page. */
function ruleContext<Options>(meta: RuleMeta<Options>, state: PageState, file: VFile, options: Options): RuleContext<Options> {
  const context: RuleContext<Options> = {
    page: state.page,
    options,
    settings: state.settings,
    index: state.index,
    filePath: state.filePath,
    textOf: (span) => state.text.slice(span.start, span.end),
    report(finding) {
      const message = file.message(finding.reason, {place: positionOf(state, finding.span), ruleId: meta.id, source: 'content-lint'})
      message.actual = finding.actual ?? state.text.slice(finding.span.start, finding.span.end)
      if (finding.expected) message.expected = finding.expected
      if (finding.note) message.note = finding.note
      if (finding.severity === 'warn') warnOnly.add(message)
    },
    resolve(link) {
      const target = state.index.resolveLink(state.filePath, typeof link === 'string' ? link : link.url)
      // Whether the target exists is part of what the findings depend on.
      if (target.kind === 'file') dependOn(file, target.relative)
      return target
    },
    linkedPage(link) {
      const target = context.resolve(link)
      if (target.kind !== 'file' || !target.exists) return null
      return state.index.page(target.path)
    },
    linkedPageFrom(from, link) {
      const target = state.index.resolveLink(path.join(state.index.root, from.path), link.url)
      if (target.kind === 'file') dependOn(file, target.relative)
      if (target.kind !== 'file' || !target.exists) return null
      return state.index.page(target.path)
    },
    notice(text) {
      addNotice(file, text)
    },
    dependOnLibrary() {
      if (state.index.libraryPending) throw new LibraryPending()
      ;(file.data as {contentLintLibrary?: boolean}).contentLintLibrary = true
    }
  }
  return context
}

/** A rule that throws on one page becomes one finding on that page; the run goes on. */
function reportCrash(ruleId: string, file: VFile, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error)
  const message = file.message(`Rule \`${ruleId}\` crashed on this page: ${reason}`, {
    place: {line: 1, column: 1},
    ruleId,
    source: 'content-lint',
    cause: error instanceof Error ? error : new Error(String(error))
  })
  // Made fatal once unified-lint-rule has given the rule's severity to its messages.
  crashes.add(message)
}

type LintPlugin<Options> = ReturnType<typeof lintRule<Root, Options>>
type Transformer = (tree: Root, file: VFile, next: (error?: Error) => void) => void

/**
 * The unified plugin of a rule: it checks the rule's options when attached, and runs
 * `rule` with the severity in force when the first page is checked.
 */
function attacher<Options>(meta: RuleMeta<Options>, rule: LintPlugin<Options>): ContentLintRule<Options> {
  return function (this: Processor, config?: unknown) {
    const processor = this
    ;(processor.data() as ProcessorData).contentLintConfigured = true
    const options = checkedOptions(meta, config)
    let transformer: ReturnType<typeof rule> | null = null
    let settings: ContentLintSettings | null = null
    return function (tree: Root, file: VFile, next: (error?: Error) => void) {
      // Severity overrides and settings are read when the first page is checked: by
      // then every plugin, in whatever order it was listed, has been attached.
      if (!settings) {
        const data = processor.data() as ProcessorData
        settings = data.contentLintSettings ?? resolveSettings(undefined)
        const [severity] = effectiveConfig(meta as RuleMeta<unknown>, config, data.contentLintSeverity?.[meta.id])
        transformer = rule.call(processor as never, [severity as 0 | 1 | 2, options]) ?? null
      }
      ;(file.data as {contentLintSettings?: ContentLintSettings}).contentLintSettings = settings
      if (!transformer) return next()
      runWithFindingSeverities(transformer as unknown as Transformer, tree, file, next)
    }
  } as ContentLintRule<Options>
}

/**
 * The rule's options from its configuration, checked when the plugin is attached, so
 * a wrong option is a configuration error (one clear line), not one finding per page.
 */
function checkedOptions<Options>(meta: RuleMeta<Options>, config: unknown): Options {
  const [, given] = effectiveConfig(meta as RuleMeta<unknown>, config, undefined)
  try {
    return meta.options(given)
  } catch (error) {
    throw new Error(`Invalid options for content-lint rule \`${meta.id}\`: ${(error as Error).message}`)
  }
}

/**
 * Run a rule's transformer, then correct the severity unified-lint-rule gave every
 * message of the rule: findings that asked to be warnings only are lowered, crashes
 * raised to fatal.
 */
function runWithFindingSeverities(transformer: Transformer, tree: Root, file: VFile, next: (error?: Error) => void): void {
  const before = file.messages.length
  transformer(tree, file, (error) => {
    for (const message of file.messages.slice(before)) {
      if (warnOnly.has(message)) message.fatal = false
      if (crashes.has(message)) message.fatal = true
    }
    next(error)
  })
}
