/**
 * `--format codequality`: GitLab's Code Quality report (a subset of Code Climate's
 * issue format), which merge requests show as changed-code annotations: a JSON array
 * of issues with `description`, `check_name`, `fingerprint`, `severity` and
 * `location.path` with `location.lines.begin`.
 *
 * The fingerprint is the baseline key (file, rule, `actual`, context; see baseline.ts),
 * so GitLab follows a finding across line shifts as `--baseline` does, with a count
 * for findings of the same key (GitLab needs fingerprints to be unique). The note goes
 * in Code Climate's `content.body`.
 */
import {createHash} from 'node:crypto'
import path from 'node:path'
import type {VFile} from 'vfile'
import {keysOf} from '../baseline.js'
import {rangeOf} from './report-data.js'

export interface CodeQualityIssue {
  type: 'issue'
  check_name: string
  description: string
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker'
  fingerprint: string
  location: {path: string; lines: {begin: number; end: number}}
  categories: string[]
  content?: {body: string}
}

const severities = {error: 'major', warning: 'minor', info: 'info'} as const

export function formatCodeQuality(files: readonly VFile[], cwd: string, options: {quiet?: boolean} = {}): string {
  const issues: CodeQualityIssue[] = []
  const seen = new Map<string, number>()
  for (const file of files) {
    const relative = path.relative(cwd, path.resolve(file.cwd, file.path)).split(path.sep).join('/')
    const keys = new Map(keysOf(file, cwd).map(({message, key}) => [message, key]))
    for (const message of file.messages) {
      if (options.quiet && message.fatal !== true) continue
      const rule = message.ruleId ?? message.source ?? 'content-lint'
      const base = keys.get(message) ?? JSON.stringify([relative, rule, message.reason, message.line, message.column])
      const nth = (seen.get(base) ?? 0) + 1
      seen.set(base, nth)
      const {line, endLine} = rangeOf(message)
      let description = message.reason
      if (message.expected?.length) description += ` (expected: ${message.expected.map((e) => JSON.stringify(e)).join(' or ')})`
      issues.push({
        type: 'issue',
        check_name: rule,
        description,
        severity: severities[message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info'],
        fingerprint: createHash('sha256').update(`${base}#${nth}`).digest('hex'),
        location: {path: relative, lines: {begin: line ?? 1, end: endLine ?? line ?? 1}},
        categories: ['Style'],
        ...(message.note ? {content: {body: message.note}} : {})
      })
    }
  }
  return JSON.stringify(issues, null, 2) + '\n'
}
