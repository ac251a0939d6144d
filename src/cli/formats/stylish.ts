/**
 * `--format stylish` (the default): vfile-reporter's report, with two changes for a run
 * over a whole library.
 *
 * vfile-reporter pads every finding's line to the longest reason of the whole report
 * and has no option to stop it (`serializeRows` measures each column over all rows), so
 * one 458-character reason made every line 519 columns wide. Reasons longer than
 * `reasonWidth` are cut here, on a copy of the message, and a closing line says how
 * many were cut and where to read them whole; `--verbose` (which also shows each
 * finding's note and URL) keeps them whole.
 *
 * After the summary, each rule with findings is listed once with its count and the URL
 * of its documentation, instead of a URL on every line.
 */
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {reporter} from 'vfile-reporter'
import {ruleDocsUrl} from '../../lint/docs-url.js'
import {definedRules} from '../../lint/rule.js'

/** Reasons are cut to this many characters (an ellipsis included). */
export const reasonWidth = 120

export interface StylishOptions {
  quiet?: boolean
  silent?: boolean
  color?: boolean
  verbose?: boolean
}

function cut(message: VFileMessage): VFileMessage {
  const short = message.reason.slice(0, reasonWidth - 1).trimEnd() + '…'
  // A copy that reads like the message (vfile-reporter reads `message`, `place`, …).
  return Object.assign(Object.create(Object.getPrototypeOf(message) as object) as VFileMessage, message, {message: short, reason: short})
}

/** The files with long reasons cut, and how many were. */
function withShortReasons(files: readonly VFile[], shown: (message: VFileMessage) => boolean): {files: VFile[]; cutCount: number} {
  let cutCount = 0
  const out = files.map((file) => {
    if (!file.messages.some((message) => message.reason.length > reasonWidth)) return file
    const copy = new VFile({path: file.path, cwd: file.cwd})
    copy.messages = file.messages.map((message) => {
      if (message.reason.length <= reasonWidth || message.reason.includes('\n')) return message
      if (shown(message)) cutCount++
      return cut(message)
    })
    return copy
  })
  return {files: out, cutCount}
}

/** `rule  count  URL`, one line per rule with shown findings, most findings first. */
function ruleLines(files: readonly VFile[], shown: (message: VFileMessage) => boolean): string {
  const counts = new Map<string, number>()
  for (const file of files) {
    for (const message of file.messages) if (message.ruleId && shown(message)) counts.set(message.ruleId, (counts.get(message.ruleId) ?? 0) + 1)
  }
  const rows = [...counts].filter(([id]) => definedRules.has(id)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  if (rows.length === 0) return ''
  const idWidth = Math.max(...rows.map(([id]) => id.length))
  const countWidth = Math.max(...rows.map(([, n]) => n.toLocaleString('en-US').length))
  const lines = rows.map(([id, n]) => `  ${id.padEnd(idWidth)}  ${n.toLocaleString('en-US').padStart(countWidth)}  ${ruleDocsUrl(id)}`)
  return ['', 'Rules (run `content-lint explain <rule>` to read one here):', ...lines].join('\n')
}

export function formatStylish(files: readonly VFile[], options: StylishOptions): string {
  const shown = (message: VFileMessage) => !options.silent || message.fatal === true
  const {files: short, cutCount} = options.verbose ? {files: [...files], cutCount: 0} : withShortReasons(files, shown)
  let report = reporter(short, {quiet: options.quiet, silent: options.silent, color: options.color, verbose: options.verbose})
  if (!report) return ''
  if (cutCount > 0) {
    report += `\n${cutCount.toLocaleString('en-US')} reason${cutCount === 1 ? ' was' : 's were'} cut at ${reasonWidth} characters: --verbose, --format json or --format html show them whole`
  }
  return report + ruleLines(files, shown)
}
