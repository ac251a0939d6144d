/**
 * Baselines: record the findings a library has today, then report only new ones.
 *
 * A finding's key is its file, rule, `actual` text and a context that survives edits
 * elsewhere in the page: the nearest heading above it and, inside a table row, the
 * row's first cell (a product page's use-case link, a rules-and-models page's event
 * type, a use-case page's product link). Line and column numbers are not part of the
 * key, so a row added above does not turn every finding below it into a new one.
 * Findings with the same key are counted (as ESLint's bulk suppressions and PHPStan's
 * baseline count them): when a page has 3 and the baseline 2, one is new.
 *
 * The context is read from the page's text with a small line scanner rather than the
 * page model: keys must stay the same across versions of the model and apply to any
 * message, content-lint's or another remark plugin's.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import writeFileAtomic from 'write-file-atomic'
import {absolutePath} from '../library/dependents.js'
import {offsetsOf} from './fix.js'

export interface BaselineEntry {
  /** Path relative to the baseline file's folder, `/`-separated. */
  file: string
  rule: string
  /** The text the finding covers; `sha1:…` when longer than `longActual` characters. */
  actual: string
  context: string
  count: number
}

export interface BaselineFile {
  tool: 'content-lint'
  version: 1
  findings: BaselineEntry[]
}

/** Longer `actual` texts (a whole table row) are stored as a hash to keep the file small. */
const longActual = 160

export class BaselineError extends Error {}

/** Headings of a page as [offset of the line, text], in order. */
function headingsOf(text: string): Array<[number, string]> {
  const headings: Array<[number, string]> = []
  let previous: [number, string] | null = null
  let offset = 0
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '')
    const atx = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line)
    if (atx) headings.push([offset, atx[2] ?? ''])
    else if (previous && /^ {0,3}(=+|-+)[ \t]*$/.test(line) && previous[1].trim() !== '' && !/^\s*\|/.test(previous[1])) {
      headings.push([previous[0], previous[1].trim()])
    }
    previous = [offset, line]
    offset += raw.length + 1
  }
  return headings
}

/** The first cell of a table row line, trimmed (`| a \| b | c |` → `a \| b`). */
function firstCell(line: string): string {
  const body = line.replace(/^\s*\|/, '')
  let end = 0
  while (end < body.length && body[end] !== '|') end += body[end] === '\\' ? 2 : 1
  return body.slice(0, end).trim()
}

/** Context of an offset in a page: `heading › first cell of its row`. */
export function contextOf(text: string, offset: number, headings = headingsOf(text)): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const newline = text.indexOf('\n', offset)
  const line = text.slice(lineStart, newline === -1 ? text.length : newline).replace(/\r$/, '')
  let heading = ''
  for (const [at, name] of headings) {
    if (at > lineStart) break
    heading = name
  }
  const cell = /^\s*\|/.test(line) ? firstCell(line) : ''
  return [heading, cell].filter((part) => part !== '').join(' › ')
}

function storedActual(actual: string): string {
  return actual.length > longActual ? 'sha1:' + createHash('sha1').update(actual).digest('hex') : actual
}

/** The key of each message that has a rule ID, in the file's message order (also SARIF's fingerprint). */
export function keysOf(file: VFile, base: string): Array<{message: VFileMessage; key: string; entry: Omit<BaselineEntry, 'count'>}> {
  const text = String(file.value ?? '')
  const headings = headingsOf(text)
  const relative = path.relative(base, absolutePath(file)).split(path.sep).join('/')
  const out = []
  for (const message of file.messages) {
    if (!message.ruleId) continue
    const offsets = offsetsOf(message)
    const actual = message.actual ?? (offsets ? text.slice(offsets.start, offsets.end) : '')
    const entry = {
      file: relative,
      rule: message.ruleId,
      actual: storedActual(actual),
      context: offsets ? contextOf(text, offsets.start, headings) : ''
    }
    out.push({message, key: JSON.stringify([entry.file, entry.rule, entry.actual, entry.context]), entry})
  }
  return out
}

/** Write the findings of `files` as a baseline; returns how many findings it records. */
export async function writeBaseline(files: readonly VFile[], baselinePath: string): Promise<number> {
  const base = path.dirname(path.resolve(baselinePath))
  const counts = new Map<string, BaselineEntry>()
  for (const file of files) {
    for (const {key, entry} of keysOf(file, base)) {
      const known = counts.get(key)
      if (known) known.count++
      else counts.set(key, {...entry, count: 1})
    }
  }
  const findings = [...counts.values()].sort(
    (a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.context, b.context) || cmp(a.actual, b.actual)
  )
  const data: BaselineFile = {tool: 'content-lint', version: 1, findings}
  await writeFileAtomic(path.resolve(baselinePath), JSON.stringify(data, null, 2) + '\n')
  return findings.reduce((n, entry) => n + entry.count, 0)
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function readBaseline(baselinePath: string): BaselineFile {
  let data: unknown
  try {
    data = JSON.parse(fs.readFileSync(baselinePath, 'utf8'))
  } catch (error) {
    throw new BaselineError(`Cannot read baseline ${baselinePath}: ${(error as Error).message}`)
  }
  const file = data as Partial<BaselineFile>
  if (file?.tool !== 'content-lint' || file.version !== 1 || !Array.isArray(file.findings)) {
    throw new BaselineError(`${baselinePath} is not a content-lint baseline (version 1)`)
  }
  return file as BaselineFile
}

export interface BaselineResult {
  /** Findings found and left out because the baseline has them. */
  suppressed: number
  /** Findings the baseline has (in the files checked now) that are gone. */
  fixedSince: number
  /** Those findings, by key (`file` relative to the baseline's folder), for the reports. */
  fixed: Array<Omit<BaselineEntry, 'context'>>
}

/**
 * Remove from `files` the findings the baseline has. Only the files checked in this
 * run count towards `fixedSince`: a page not checked is not fixed.
 */
export function applyBaseline(files: readonly VFile[], baselinePath: string): BaselineResult {
  const baseline = readBaseline(baselinePath)
  const base = path.dirname(path.resolve(baselinePath))
  const left = new Map<string, number>()
  for (const entry of baseline.findings) {
    const key = JSON.stringify([entry.file, entry.rule, entry.actual, entry.context])
    left.set(key, (left.get(key) ?? 0) + entry.count)
  }
  const suppressed = dropKnown(files, left, base)
  const checked = new Set(files.map((file) => path.relative(base, absolutePath(file)).split(path.sep).join('/')))
  let fixedSince = 0
  const fixed: BaselineResult['fixed'] = []
  for (const [key, n] of left) {
    const [file, rule, actual] = JSON.parse(key) as string[]
    if (n === 0 || !checked.has(file!)) continue
    fixedSince += n
    fixed.push({file: file!, rule: rule!, actual: actual!, count: n})
  }
  return {suppressed, fixedSince, fixed}
}

/** Remove from `files` the findings whose key `left` still counts (taking one off each time). */
function dropKnown(files: readonly VFile[], left: Map<string, number>, base: string): number {
  let dropped = 0
  for (const file of files) {
    const drop = new Set<VFileMessage>()
    for (const {message, key} of keysOf(file, base)) {
      const n = left.get(key) ?? 0
      if (n > 0) {
        left.set(key, n - 1)
        drop.add(message)
        dropped++
      }
    }
    if (drop.size > 0) file.messages = file.messages.filter((message) => !drop.has(message))
  }
  return dropped
}
