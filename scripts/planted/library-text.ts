/**
 * The pages of a snapshot as text, for planting defects. Deliberately not content-lint's
 * model: the harness finds what it plants (a summary number, a parser link, a technique
 * name) with its own plain reading of the generated lines, so that a fault in the model
 * cannot hide the site it should be tested on.
 */
import fs from 'node:fs'
import path from 'node:path'

export type PageKindByPath = 'product' | 'continuation' | 'rules-and-models' | 'correlation-rules' | 'parser' | 'use-case' | 'other'

/** A page's kind from its path, the way the generator names files. */
export function kindByPath(relative: string): PageKindByPath {
  const name = path.posix.basename(relative)
  if (/^UseCases\/uc_[^/]*\.md$/i.test(relative)) return 'use-case'
  if (/\/Ps\/pC_[^/]*\.md$/.test(relative)) return 'parser'
  if (/\/RM\/r_m_[^/]*\.md$/.test(relative)) return 'rules-and-models'
  if (/\/CR\/c_r_[^/]*\.md$/.test(relative)) return 'correlation-rules'
  if (/^2_ds_.*\.md$/.test(name)) return 'continuation'
  if (/^ds_.*\.md$/.test(name)) return 'product'
  return 'other'
}

/** The product folder a page belongs to (the folder of its product page), or null for pages of no product. */
export function productFolderOf(relative: string): string | null {
  const kind = kindByPath(relative)
  if (kind === 'product' || kind === 'continuation') return path.posix.dirname(relative)
  if (kind === 'rules-and-models' || kind === 'correlation-rules' || kind === 'parser') return path.posix.dirname(path.posix.dirname(relative))
  return null
}

/** A span of a page's text as offsets: start inclusive, end exclusive. */
export interface Range {
  start: number
  end: number
}

/** One line of a page: its 1-based number, where it starts and its text (without the line break). */
export interface Line {
  number: number
  start: number
  text: string
}

export class LibraryText {
  readonly pages: string[]
  private readonly texts = new Map<string, string>()
  private readonly lineCache = new Map<string, Line[]>()

  constructor(readonly root: string) {
    this.pages = (fs.readdirSync(root, {recursive: true, encoding: 'utf8'}) as string[])
      .filter((name) => name.endsWith('.md'))
      .map((name) => name.split(path.sep).join('/'))
      .sort()
  }

  ofKind(kind: PageKindByPath): string[] {
    return this.pages.filter((page) => kindByPath(page) === kind)
  }

  text(relative: string): string {
    let text = this.texts.get(relative)
    if (text === undefined) this.texts.set(relative, (text = fs.readFileSync(path.join(this.root, relative), 'utf8')))
    return text
  }

  exists(relative: string): boolean {
    return fs.existsSync(path.join(this.root, relative))
  }

  lines(relative: string): Line[] {
    let lines = this.lineCache.get(relative)
    if (!lines) {
      lines = []
      const text = this.text(relative)
      let start = 0
      for (const [i, raw] of text.split('\n').entries()) {
        lines.push({number: i + 1, start, text: raw.replace(/\r$/, '')})
        start += raw.length + 1
      }
      this.lineCache.set(relative, lines)
    }
    return lines
  }

  /** The page a relative link of `from` leads to, relative to the root (decoded), or null when it leaves the root. */
  resolve(from: string, url: string): string | null {
    let decoded = url
    try {
      decoded = decodeURIComponent(url)
    } catch {
      // A malformed escape: take the destination as written.
    }
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), decoded.split('#')[0]!))
    return target.startsWith('../') ? null : target
  }
}

/** The cells of a table row line, as ranges of the page (between its pipes; `\|` is no pipe). */
export function cellsOf(line: Line): Range[] {
  const pipes: number[] = []
  for (let i = 0; i < line.text.length; i++) {
    if (line.text[i] === '\\') i++
    else if (line.text[i] === '|') pipes.push(i)
  }
  const cells: Range[] = []
  for (let i = 0; i + 1 < pipes.length; i++) cells.push({start: line.start + pipes[i]! + 1, end: line.start + pipes[i + 1]!})
  return cells
}

/** Header rows of the tables the harness reads: summary, product use-case table, RM table, use-case page table. */
export const summaryHeader = /^\|.*\bRules\b.*\|.*\bModels\b.*\|/
export const useCaseHeader = /^\|\s*Use-?Case\s*\|/i
export const rmHeader = /^\|\s*Event Type\s*\|/i
export const useCasePageHeader = /^\|\s*Product\s*\|/i

/** The table rows of a page under a header line matching `header`: the lines after its delimiter row. */
export function rowsUnder(lines: readonly Line[], header: RegExp): Line[] {
  const at = lines.findIndex((line, i) => header.test(line.text) && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1]?.text ?? ''))
  if (at < 0) return []
  const rows: Line[] = []
  for (const line of lines.slice(at + 2)) {
    if (!line.text.trimStart().startsWith('|')) break
    rows.push(line)
  }
  return rows
}

/** `[text](url)` links in a range of a page's text (destinations with balanced parentheses). */
export function linksIn(text: string, range: Range): Array<{text: Range; url: Range; whole: Range}> {
  const out: Array<{text: Range; url: Range; whole: Range}> = []
  const pattern = /\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)/g
  pattern.lastIndex = range.start
  for (let m = pattern.exec(text); m && m.index < range.end; m = pattern.exec(text)) {
    const textStart = m.index + 1
    const urlStart = textStart + m[1]!.length + 2
    out.push({text: {start: textStart, end: textStart + m[1]!.length}, url: {start: urlStart, end: urlStart + m[2]!.length}, whole: {start: m.index, end: m.index + m[0].length}})
  }
  return out
}
