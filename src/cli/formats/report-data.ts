/**
 * What the reports people read (HTML, Markdown) show, taken from the run itself: the
 * library, pages checked by kind (pages without findings count too), the rules that ran,
 * the ATT&CK release the rules checked against, counts by severity, and each finding with
 * its page, page kind and vendor. With a baseline, what is new and what was fixed.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {ContentLintSettings} from '../../core/settings.js'
import {attackFor} from '../../library/attack/load.js'
import {findContentRoot} from '../../library/corpus-index.js'
import {absolutePath, settingsOf} from '../../library/dependents.js'
import {ruleDocsUrl} from '../../lint/docs-url.js'
import {definedRules} from '../../lint/rule.js'
import {isFixable} from '../fix.js'

export type ReportSeverity = 'error' | 'warning' | 'info'

export interface ReportFinding {
  /** Index into `ReportData.files`. */
  file: number
  rule: string
  severity: ReportSeverity
  /** 1-based; null for a finding on no place. */
  line: number | null
  column: number | null
  endLine: number | null
  endColumn: number | null
  reason: string
  actual?: string
  expected?: string[]
  /** `--fix` would apply `expected[0]`. */
  fixable: boolean
  note?: string
  /** New against the comparison (`--baseline`: every finding reported; `--since`: those the merge base did not have). */
  new?: true
}

export interface ReportFile {
  /** Relative to the working folder, `/`-separated, as the other reports write it. */
  path: string
  /** The page's kind (`product`, `use-case`, …), `not checked` when no rule read it. */
  kind: string
  /** The vendor folder of a data-source page; a group name for the other pages. */
  vendor: string
}

export interface ReportRule {
  id: string
  /** The severities it ran with (one per configuration that runs it). */
  severities: Array<'warn' | 'error'>
  description: string
  fixable: boolean
  docs: string
  findings: number
}

export interface FixedFinding {
  file: string
  rule: string
  actual: string
  count: number
}

/** New findings against fixed ones (`--baseline`, `--since`). */
export interface ReportComparison {
  /** What the findings were compared with, for the reader: `baseline lint-baseline.json`. */
  against: string
  newFindings: number
  fixed: FixedFinding[]
}

export interface ReportData {
  tool: {name: 'content-lint'; version: string}
  /** Content roots of the pages checked, relative to the working folder. */
  library: string[]
  pages: number
  pagesByKind: Record<string, number>
  rules: ReportRule[]
  /** `ATT&CK Enterprise v18.1`, or `none`. */
  attack: string
  counts: Record<ReportSeverity, number>
  files: ReportFile[]
  findings: ReportFinding[]
  comparison?: ReportComparison
}

export const useCaseGroup = '(use-case pages)'
export const rootGroup = '(other pages)'

/**
 * The vendor of a page from its path under the content root: the folder after the data
 * sources folder (`DataSources/<Vendor>/…` in the 2021 layout, `DS/<Vendor>/…` today).
 * Use-case pages and pages at the root have none and are grouped as such.
 */
export function vendorOf(relative: string, settings: Pick<ContentLintSettings, 'dataSourcesDirs' | 'useCasesDirs'>): string {
  const parts = relative.split('/')
  // `DS/RM/…` and `DS/Ps/…` belong to the product with an empty vendor (`DS/ds__.md`).
  if (parts.length > 2 && settings.dataSourcesDirs.includes(parts[0]!) && !['RM', 'CR', 'Ps'].includes(parts[1]!)) return parts[1]!
  if (settings.useCasesDirs.includes(parts[0]!) && parts.length > 1) return useCaseGroup
  return rootGroup
}

/** Pages by kind, as `--stats` counts them. */
export function pagesByKind(files: readonly VFile[]): Record<string, number> {
  const kinds: Record<string, number> = {}
  for (const file of files) {
    const kind = (file.data as {contentLintKind?: string}).contentLintKind ?? 'not checked'
    kinds[kind] = (kinds[kind] ?? 0) + 1
  }
  return kinds
}

export function severityOf(message: VFileMessage): ReportSeverity {
  return message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info'
}

type Place = {start?: {line: number; column: number}; end?: {line: number; column: number}; line?: number; column?: number}

/** Start and end of a message's place, whether it is a point or a position. */
export function rangeOf(message: VFileMessage): {line: number | null; column: number | null; endLine: number | null; endColumn: number | null} {
  const place = message.place as Place | undefined
  const start = place && 'start' in place ? place.start : (place as {line: number; column: number} | undefined)
  const end = place && 'end' in place ? place.end : start
  return {line: start?.line ?? null, column: start?.column ?? null, endLine: end?.line ?? null, endColumn: end?.column ?? null}
}

/** The ATT&CK release each configuration's rules read, `none` without data. */
function attackLabel(files: readonly VFile[]): string {
  const labels = new Set<string>()
  const seen = new Set<ContentLintSettings>()
  for (const file of files) {
    const settings = settingsOf(file)
    if (seen.has(settings)) continue
    seen.add(settings)
    try {
      const data = attackFor(settings)
      labels.add(data ? `ATT&CK Enterprise ${data.targetLabel}` + (data.releases.length > 1 ? ` (${data.releases.length} releases loaded)` : '') : 'none')
    } catch (error) {
      labels.add(`unreadable (${(error as Error).message})`)
    }
  }
  return labels.size === 0 ? 'none' : [...labels].sort().join('; ')
}

/** Every rule that ran on some page, with the severities it ran with. */
function rulesThatRan(files: readonly VFile[], counts: ReadonlyMap<string, number>): ReportRule[] {
  const severities = new Map<string, Set<'warn' | 'error'>>()
  for (const file of files) {
    const rules = (file.data as {contentLintRules?: Record<string, 'warn' | 'error'>}).contentLintRules ?? {}
    for (const [id, severity] of Object.entries(rules)) {
      if (!severities.has(id)) severities.set(id, new Set())
      severities.get(id)!.add(severity)
    }
  }
  // Findings of rules content-lint does not define (another plugin of the configuration).
  for (const id of counts.keys()) if (!severities.has(id)) severities.set(id, new Set())
  return [...severities]
    .map(([id, set]) => {
      const meta = definedRules.get(id)
      return {
        id,
        severities: [...set].sort(),
        description: meta?.description ?? '',
        fixable: meta?.fixable ?? false,
        docs: meta ? ruleDocsUrl(id) : '',
        findings: counts.get(id) ?? 0
      }
    })
    .sort((a, b) => b.findings - a.findings || (a.id < b.id ? -1 : 1))
}

/**
 * The library's folders: content roots, less a root that holds another. A page beside
 * the content folders (`README.md` next to `DataSources/`) finds no root of its own
 * and counts from the working folder; the library is still the folder given.
 */
function innermost(roots: ReadonlySet<string>): string[] {
  const within = (inner: string, outer: string) => outer === '.' ? !inner.startsWith('../') : inner.startsWith(outer + '/')
  const kept = [...roots].filter((root) => ![...roots].some((other) => other !== root && within(other, root)))
  return kept.sort()
}

export interface ReportDataOptions {
  cwd: string
  version: string
  /** Errors only (`--quiet`). */
  quiet?: boolean
  comparison?: ReportComparison
  /** Which findings are new against the comparison. */
  isNew?: (message: VFileMessage) => boolean
}

const slash = (relative: string) => relative.split(path.sep).join('/')

/** Paths (relative to the working folder) of the pages checked that have no finding to show. */
export function pagesWithoutFindings(files: readonly VFile[], cwd: string, quiet = false): string[] {
  return files.filter((file) => !file.messages.some((message) => !quiet || message.fatal === true)).map((file) => slash(path.relative(cwd, absolutePath(file))))
}

/** The report's data for the files of a run, sorted as the reports show them. */
export function reportData(files: readonly VFile[], options: ReportDataOptions): ReportData {
  const roots = new Set<string>()
  const reportFiles: ReportFile[] = []
  const findings: ReportFinding[] = []
  const counts: Record<ReportSeverity, number> = {error: 0, warning: 0, info: 0}
  const byRule = new Map<string, number>()
  for (const file of files) {
    const absolute = absolutePath(file)
    const settings = settingsOf(file)
    const root = findContentRoot(absolute, options.cwd, settings)
    roots.add(slash(path.relative(options.cwd, root)) || '.')
    const messages = file.messages.filter((message) => !options.quiet || message.fatal === true)
    if (messages.length === 0) continue
    const index = reportFiles.length
    reportFiles.push({
      path: slash(path.relative(options.cwd, absolute)),
      kind: (file.data as {contentLintKind?: string}).contentLintKind ?? 'not checked',
      vendor: vendorOf(slash(path.relative(root, absolute)), settings)
    })
    for (const message of messages) {
      const rule = message.ruleId ?? message.source ?? 'content-lint'
      const severity = severityOf(message)
      counts[severity]++
      byRule.set(rule, (byRule.get(rule) ?? 0) + 1)
      findings.push({
        file: index,
        rule,
        severity,
        ...rangeOf(message),
        reason: message.reason,
        ...(message.actual !== undefined ? {actual: message.actual} : {}),
        ...(message.expected?.length ? {expected: [...message.expected]} : {}),
        fixable: isFixable(message),
        ...(message.note ? {note: message.note} : {}),
        ...(options.isNew?.(message) ? {new: true as const} : {})
      })
    }
  }
  return {
    tool: {name: 'content-lint', version: options.version},
    library: innermost(roots),
    pages: files.length,
    pagesByKind: pagesByKind(files),
    rules: rulesThatRan(files, byRule),
    attack: attackLabel(files),
    counts,
    files: reportFiles,
    findings,
    ...(options.comparison ? {comparison: options.comparison} : {})
  }
}
