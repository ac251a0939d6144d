/** The corpus run's report, as corpus tests read it. */
import fs from 'node:fs'
import path from 'node:path'
import {inject} from 'vitest'
import {corpusRoot} from './setup.js'

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
}

export interface CorpusRun {
  code: number
  stderr: string
  seconds: number
  kinds: Record<string, number>
  /** vfile-reporter-json: files with findings only. */
  report: Array<{path: string; messages: ReportedMessage[]}>
}

let cached: CorpusRun | null | undefined

/** The report, or null when the snapshot is not beside the checkout. */
export function corpusRun(): CorpusRun | null {
  if (cached !== undefined) return cached
  const file = inject('corpusReport')
  cached = file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CorpusRun) : null
  return cached
}

/** Findings of one rule as [page relative to the corpus root, message]. */
export function findingsOf(ruleId: string): Array<{page: string; message: ReportedMessage}> {
  const run = corpusRun()
  if (!run) return []
  return run.report.flatMap((file) =>
    file.messages
      .filter((m) => m.ruleId === ruleId)
      .map((message) => ({page: path.relative(corpusRoot, path.resolve(path.dirname(corpusRoot), file.path)).split(path.sep).join('/'), message}))
  )
}

export {corpusRoot}
