/** The corpus run's report, as corpus tests read it. */
import fs from 'node:fs'
import path from 'node:path'
import {inject} from 'vitest'
import {corpusRoot, type Snapshot, snapshots} from './setup.js'

export interface ReportedMessage {
  line: number | null
  column: number | null
  place: {start: {line: number; column: number; offset?: number}; end: {line: number; column: number; offset?: number}} | {line: number; column: number} | null
  reason: string
  ruleId: string | null
  source: string | null
  fatal: boolean | null
  actual?: string
  expected?: string[]
  /** The finding's evidence, when it has any. */
  note?: string
}

export interface CorpusRun {
  code: number
  stderr: string
  seconds: number
  kinds: Record<string, number>
  /** vfile-reporter-json: files with findings only. */
  report: Array<{path: string; messages: ReportedMessage[]}>
}

const cached = new Map<Snapshot, CorpusRun | null>()

/** The report of a snapshot, or null when the snapshot is not beside the checkout. */
export function corpusRun(snapshot: Snapshot = '2021'): CorpusRun | null {
  if (cached.has(snapshot)) return cached.get(snapshot)!
  const file = inject(snapshot === '2021' ? 'corpusReport' : 'corpusReport2025')
  const run = file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CorpusRun) : null
  cached.set(snapshot, run)
  return run
}

/** Findings of one rule as [page relative to the snapshot's root, message]. */
export function findingsOf(ruleId: string, snapshot: Snapshot = '2021'): Array<{page: string; message: ReportedMessage}> {
  const run = corpusRun(snapshot)
  if (!run) return []
  const root = snapshots[snapshot]
  return run.report.flatMap((file) =>
    file.messages
      .filter((m) => m.ruleId === ruleId)
      .map((message) => ({page: path.relative(root, path.resolve(path.dirname(root), file.path)).split(path.sep).join('/'), message}))
  )
}

export {corpusRoot, snapshots, type Snapshot}
