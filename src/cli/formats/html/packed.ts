/**
 * The report's data as the HTML page carries it: findings as arrays rather than
 * objects (the keys of 30,000 objects would be a third of the file), rules and
 * severities as indexes, the charts' series ready to draw. The page's script
 * (`client.ts`) reads it back.
 */
import type {ReportData, ReportFile, ReportRule} from '../report-data.js'

/** `[file, rule, severity, line, column, endLine, endColumn, reason, actual, expected, fixable, note, new]`; absent values are null. */
export type FindingTuple = [number, number, number, number | null, number | null, number | null, number | null, string, string | null, string[] | null, 0 | 1, string | null, 0 | 1]

export interface PackedReport {
  files: ReportFile[]
  rules: ReportRule[]
  findings: FindingTuple[]
  chart: {
    /** Findings per rule by severity, most first. */
    rules: Array<{id: string; error: number; warning: number; info: number}>
    /** The top vendors by findings, then one bar for the rest. */
    vendors: Array<{name: string; findings: number; rest?: true}>
    kinds: Array<{name: string; findings: number}>
  }
  comparison?: {newFindings: number; fixedCount: number}
}

/** Vendors with their own bar; the others share one. */
export const topVendors = 20

const severityIndex = {error: 0, warning: 1, info: 2} as const

function countsOf(data: ReportData, key: (file: ReportFile) => string): Array<{name: string; findings: number}> {
  const counts = new Map<string, number>()
  for (const finding of data.findings) {
    const name = key(data.files[finding.file]!)
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  return [...counts].map(([name, findings]) => ({name, findings})).sort((a, b) => b.findings - a.findings || (a.name < b.name ? -1 : 1))
}

/** The top vendors and, when there are more, one bar `N other vendors` for the rest. */
export function vendorBars(data: ReportData): PackedReport['chart']['vendors'] {
  const all = countsOf(data, (file) => file.vendor)
  if (all.length <= topVendors + 1) return all
  const rest = all.slice(topVendors)
  return [...all.slice(0, topVendors), {name: `${rest.length} other vendors`, findings: rest.reduce((n, v) => n + v.findings, 0), rest: true}]
}

export function ruleBars(data: ReportData): PackedReport['chart']['rules'] {
  const bars = new Map<string, {id: string; error: number; warning: number; info: number}>()
  for (const f of data.findings) {
    const bar = bars.get(f.rule) ?? {id: f.rule, error: 0, warning: 0, info: 0}
    bar[f.severity]++
    bars.set(f.rule, bar)
  }
  const total = (b: {error: number; warning: number; info: number}) => b.error + b.warning + b.info
  return [...bars.values()].sort((a, b) => total(b) - total(a) || (a.id < b.id ? -1 : 1))
}

export function packReport(data: ReportData): PackedReport {
  const ruleIndex = new Map(data.rules.map((rule, i) => [rule.id, i]))
  return {
    files: data.files,
    rules: data.rules,
    findings: data.findings.map((f) => [
      f.file,
      ruleIndex.get(f.rule)!,
      severityIndex[f.severity],
      f.line,
      f.column,
      f.endLine,
      f.endColumn,
      f.reason,
      f.actual ?? null,
      f.expected ?? null,
      f.fixable ? 1 : 0,
      f.note ?? null,
      f.new ? 1 : 0
    ]),
    chart: {rules: ruleBars(data), vendors: vendorBars(data), kinds: countsOf(data, (file) => file.kind)},
    ...(data.comparison ? {comparison: {newFindings: data.comparison.newFindings, fixedCount: data.comparison.fixed.reduce((n, f) => n + f.count, 0)}} : {})
  }
}
