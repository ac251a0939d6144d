/**
 * Incremental re-parsing of a page being edited, for the language server.
 *
 * An editor checks the page again on every change, and the library's largest pages are a
 * single table of a few rows of up to 70 kB each: parsing 1.1 MB with micromark takes
 * 3 to 5 s, whatever the edit. Neither micromark nor mdast-util-from-markdown can parse
 * incrementally (micromark's README: it is a streaming, whole-document tokenizer), and
 * no maintained Markdown parser with the same mdast output can, so this module reuses
 * the previous tree of the same file and parses only what the edit could have changed:
 *
 * - an edit inside one body row of a top-level table, still one line: the row is parsed
 *   again under the table's header and delimiter lines (a body row's syntax depends on
 *   nothing else: not on the other rows, not on what follows it);
 * - any other edit: the top-level blocks around it are parsed again, from a point where
 *   the parser is known to start afresh (after a heading, paragraph, table or thematic
 *   break followed by a blank line, which close every block, and before which nothing
 *   looks ahead) to the next such point after the edit whose new text ends the same way.
 *
 * The reused nodes are never changed: nodes after the edit are copied with shifted
 * positions, so a tree returned earlier stays as it was. Anything the reasoning above does
 * not cover gets a full parse: documents with link or footnote definitions (a reference
 * anywhere may depend on them), and syntax extensions other than the ones whose
 * constructs are known to be local (GFM's tables, strikethrough, autolink literals,
 * task list items, footnotes). `test/incremental-parse.test.ts` compares the result with
 * a full parse over random edits of real and fixture pages.
 */
import type {Nodes, Root, RootContent, Table, TableRow} from 'mdast'
import type {Processor} from 'unified'
import type {Point, Position} from 'unist'
import {treeFromLines} from './tree-from-lines.js'

/** How each parse was done, for tests and benchmarks. */
export interface IncrementalParseStats {
  full: number
  row: number
  blocks: number
}

interface Previous {
  text: string
  tree: Root
}

/**
 * Construct names of micromark extensions whose syntax is local to a line or a block
 * (footnote definitions are handled like link definitions: present means full parse).
 */
const LOCAL_CONSTRUCTS = new Set([
  'table',
  'strikethrough',
  'emailAutolink',
  'protocolAutolink',
  'wwwAutolink',
  'tasklistCheck',
  'gfmFootnoteCall',
  'gfmPotentialFootnoteCall',
  'gfmFootnoteDefinition'
])
const LOCAL_EXTENSION_FIELDS = new Set(['document', 'flow', 'text', 'string', 'insideSpan', 'attentionMarkers'])

/** Whether every micromark extension given is one this module knows to be local. */
export function extensionsAreLocal(extensions: unknown[] | undefined): boolean {
  for (const extension of flatten(extensions ?? [])) {
    if (!extension || typeof extension !== 'object') return false
    for (const [field, byCode] of Object.entries(extension as Record<string, unknown>)) {
      if (!LOCAL_EXTENSION_FIELDS.has(field)) return false
      if (field === 'attentionMarkers') continue
      for (const constructs of Object.values(byCode as Record<string, unknown>)) {
        for (const construct of flatten([constructs])) {
          const name = (construct as {name?: unknown} | null)?.name
          if (typeof name !== 'string' || !LOCAL_CONSTRUCTS.has(name)) return false
        }
      }
    }
  }
  return true
}

function flatten(values: unknown[]): unknown[] {
  return values.flatMap((value) => (Array.isArray(value) ? flatten(value) : [value]))
}

/** Block types that end at a blank line and never continue past one. */
const CLOSED_BY_BLANK_LINE = new Set(['heading', 'paragraph', 'table', 'thematicBreak'])

/**
 * Remembers the last text and tree of each key (a file path and the syntax it was parsed
 * with) and parses an edited text incrementally.
 */
export class IncrementalParser {
  readonly stats: IncrementalParseStats = {full: 0, row: 0, blocks: 0}
  private readonly previous = new Map<string, Previous>()
  private parse: Parse = () => ({type: 'root', children: []})

  /** `capacity`: files remembered at once (the open editors changed last). */
  constructor(private readonly capacity = 3) {}

  /**
   * Parse `text` with `parse`, reusing the tree of the text last parsed under `key`
   * when `local` (the syntax is one this module can reason about).
   */
  parseFile(text: string, key: string | undefined, parse: Parse, local = true): Root {
    this.parse = parse
    const before = key === undefined ? undefined : this.previous.get(key)
    let tree: Root | undefined
    if (before && local) {
      try {
        tree = before.text === text ? before.tree : this.reparse(before, text)
      } catch {
        // A tree too deep to copy recursively (thousands of nested quotes): parse whole.
        tree = undefined
      }
    }
    if (!tree) {
      this.stats.full++
      tree = parse(text)
    }
    if (key !== undefined) {
      // Most recently used last: a Map keeps insertion order.
      this.previous.delete(key)
      this.previous.set(key, {text, tree})
      while (this.previous.size > this.capacity) this.previous.delete(this.previous.keys().next().value!)
    }
    return tree
  }

  private reparse(before: Previous, text: string): Root | undefined {
    if (hasDefinitions(before.tree)) return undefined
    const edit = diff(before.text, text)
    const row = this.reparseRow(before, text, edit)
    if (row) {
      this.stats.row++
      return row
    }
    const blocks = this.reparseBlocks(before, text, edit)
    if (blocks) this.stats.blocks++
    return blocks
  }

  /** An edit inside one body row of a top-level table that leaves it one line. */
  private reparseRow(before: Previous, text: string, edit: Edit): Root | undefined {
    const old = before.text
    if (hasLineEnding(old, edit.start, edit.oldEnd) || hasLineEnding(text, edit.start, edit.newEnd)) return undefined
    const lineStart = startOfLine(old, edit.start)
    const oldLineEnd = endOfLine(old, edit.oldEnd)
    if (oldLineEnd === old.length) return undefined // the last line: the root's end moves too; rare, parse fully
    const children = before.tree.children
    const tableIndex = children.findIndex((node) => offsetOf(node, 'start') <= lineStart && lineStart < offsetOf(node, 'end'))
    const table = children[tableIndex]
    if (!table || table.type !== 'table' || table.position!.start.column !== 1) return undefined
    const rowIndex = table.children.findIndex((row) => offsetOf(row, 'start') === lineStart)
    if (rowIndex < 1) return undefined // not found, or the header row
    const row = table.children[rowIndex]!
    if (row.position!.end.line !== row.position!.start.line) return undefined

    // The table's header and delimiter lines, with their line endings, then the new row.
    const tableStart = offsetOf(table, 'start')
    const delimiterEnd = afterLineEnding(old, afterLineEnding(old, tableStart))
    const newLineEnd = oldLineEnd + edit.newEnd - edit.oldEnd
    const mini = this.parse(old.slice(tableStart, delimiterEnd) + text.slice(lineStart, newLineEnd))
    const miniTable = mini.children[0]
    if (mini.children.length !== 1 || miniTable?.type !== 'table' || miniTable.children.length !== 2) return undefined
    const miniRow = miniTable.children[1]!
    if (miniRow.position!.start.offset !== delimiterEnd - tableStart || miniRow.position!.end.line !== 3) return undefined
    if (miniTable.position!.end.line !== 3) return undefined

    const line = row.position!.start.line
    const newRow = shifted(miniRow, {fromLine: 1, lines: line - 3, offset: lineStart - (delimiterEnd - tableStart), columns: 0}) as TableRow
    // Everything after the old line keeps its line and column, only its offset moves.
    const after: Shift = {fromLine: line + 1, lines: 0, offset: edit.newEnd - edit.oldEnd, columns: 0}
    const newTable: Table = {
      ...table,
      children: [...table.children.slice(0, rowIndex), newRow, ...table.children.slice(rowIndex + 1).map((node) => shifted(node, after) as TableRow)],
      position: {start: table.position!.start, end: rowIndex === table.children.length - 1 ? newRow.position!.end : shiftPoint(table.position!.end, after)}
    }
    return {
      ...before.tree,
      children: [...children.slice(0, tableIndex), newTable, ...children.slice(tableIndex + 1).map((node) => shifted(node, after) as RootContent)],
      position: {start: before.tree.position!.start, end: shiftPoint(before.tree.position!.end, after)}
    }
  }

  /** Any other edit: the top-level blocks between two fresh starting points around it. */
  private reparseBlocks(before: Previous, text: string, edit: Edit): Root | undefined {
    const old = before.text
    const children = before.tree.children
    // The last fresh start at or before the edit: children before `keep` are kept.
    let keep = 0
    let from = 0
    for (let index = children.length - 1; index >= 0; index--) {
      const start = freshStartAfter(old, children[index]!)
      if (start !== undefined && start <= edit.start) {
        keep = index + 1
        from = start
        break
      }
    }
    const delta = edit.newEnd - edit.oldEnd
    const fromLine = keep === 0 ? 1 : lineAfter(children[keep - 1]!, old, from)
    // Where to stop: the first fresh start after the edit in the old text (the old
    // children after it are reused) whose new text before it also ends with a block
    // closed by a blank line; else the end of the page.
    // Two tries at stopping early, then the end of the page: each try is a parse.
    let tries = 0
    for (let index = keep; index <= children.length; index++) {
      let resume: number | undefined
      if (index < children.length) {
        if (index === 0 || tries === 2) continue
        resume = freshStartAfter(old, children[index - 1]!)
        if (resume === undefined || resume < edit.oldEnd || resume < from) continue
        tries++
      } else if (from === 0) {
        return undefined // the whole page: a full parse
      }
      const to = resume === undefined ? text.length : resume + delta
      const segment = this.parse(text.slice(from, to))
      if (hasDefinitions(segment)) return undefined
      const last = segment.children.at(-1)
      if (resume !== undefined && (!last || freshStartAfter(text.slice(from, to), last) !== to - from)) continue
      const inSegment: Shift = {fromLine: 1, lines: fromLine - 1, offset: from, columns: 0}
      const newChildren = [...children.slice(0, keep), ...segment.children.map((node) => shifted(node, inSegment) as RootContent)]
      let end: Point
      if (resume === undefined) {
        end = shiftPoint(segment.position!.end, inSegment)
      } else {
        // `resume` starts a line; in the new text that line follows the segment.
        const oldLine = lineAfter(children[index - 1]!, old, resume)
        const newLine = fromLine + segment.position!.end.line - 1
        const after: Shift = {fromLine: oldLine, lines: newLine - oldLine, offset: delta, columns: 0}
        newChildren.push(...children.slice(index).map((node) => shifted(node, after) as RootContent))
        end = shiftPoint(before.tree.position!.end, after)
      }
      return {...before.tree, children: newChildren, position: {start: before.tree.position!.start, end}}
    }
    return undefined
  }
}

interface Edit {
  /** First offset that differs. */
  start: number
  /** End of the changed text in the old and the new text (the rest is the same). */
  oldEnd: number
  newEnd: number
}

/** The changed range: common prefix and suffix (hand-written: a loop over two strings). */
export function diff(old: string, text: string): Edit {
  const shorter = Math.min(old.length, text.length)
  let start = 0
  while (start < shorter && old.charCodeAt(start) === text.charCodeAt(start)) start++
  let oldEnd = old.length
  let newEnd = text.length
  while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) {
    oldEnd--
    newEnd--
  }
  return {start, oldEnd, newEnd}
}

/** How positions move: points on `fromLine` or later gain `lines`, `offset`. */
interface Shift {
  fromLine: number
  lines: number
  offset: number
  columns: number
}

function shiftPoint(point: Point, shift: Shift): Point {
  if (point.line < shift.fromLine) return point
  return {line: point.line + shift.lines, column: point.column + shift.columns, offset: point.offset === undefined ? undefined : point.offset + shift.offset}
}

/** A copy of `node` and its descendants with shifted positions (the original is kept). */
function shifted(node: Nodes, shift: Shift): Nodes {
  if (shift.lines === 0 && shift.offset === 0 && shift.columns === 0) return node
  const copy = {...node} as Nodes & {children?: Nodes[]}
  if (node.position) copy.position = {start: shiftPoint(node.position.start, shift), end: shiftPoint(node.position.end, shift)} as Position
  if ('children' in node) copy.children = (node.children as Nodes[]).map((child) => shifted(child, shift))
  return copy
}

function offsetOf(node: Nodes, which: 'start' | 'end'): number {
  return node.position![which].offset!
}

/**
 * Whether a tree has link or footnote definitions: a reference anywhere in the page may
 * resolve to one, so a part of the page cannot be parsed on its own. Definitions are
 * block-level, so only containers are searched.
 */
function hasDefinitions(tree: Root): boolean {
  const stack: Nodes[] = [tree]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'definition' || node.type === 'footnoteDefinition') return true
    if (node.type === 'root' || node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem') stack.push(...node.children)
  }
  return false
}

/**
 * The start of the line after `node` and one blank line, when `node` is a block closed
 * by a blank line and only blanks follow it on its line: the parser starts afresh there.
 */
function freshStartAfter(text: string, node: Nodes): number | undefined {
  if (!CLOSED_BY_BLANK_LINE.has(node.type)) return undefined
  let at = offsetOf(node, 'end')
  for (let lines = 0; lines < 2; lines++) {
    while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++
    const next = lineEndingLength(text, at)
    if (next === 0) return undefined
    at += next
  }
  return at
}

/** The line number of offset `at`, given that it is the start of a line after `node`. */
function lineAfter(node: Nodes, text: string, at: number): number {
  let line = node.position!.end.line
  for (let index = offsetOf(node, 'end'); index < at; index++) {
    const length = lineEndingLength(text, index)
    if (length > 0) {
      line++
      index += length - 1
    }
  }
  return line
}

function lineEndingLength(text: string, at: number): number {
  const code = text.charCodeAt(at)
  if (code === 10) return 1
  if (code === 13) return text.charCodeAt(at + 1) === 10 ? 2 : 1
  return 0
}

function hasLineEnding(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index)
    if (code === 10 || code === 13) return true
  }
  return false
}

function startOfLine(text: string, at: number): number {
  let index = at
  while (index > 0) {
    const code = text.charCodeAt(index - 1)
    if (code === 10 || code === 13) break
    index--
  }
  return index
}

function endOfLine(text: string, at: number): number {
  let index = at
  while (index < text.length) {
    const code = text.charCodeAt(index)
    if (code === 10 || code === 13) break
    index++
  }
  return index
}

function afterLineEnding(text: string, at: number): number {
  const end = endOfLine(text, at)
  return end + lineEndingLength(text, end)
}

// One for the process: an editor's processor is attached afresh for every check.
const remembered = new IncrementalParser()
/** Parses (whole pages or re-parsed parts) that tree-from-lines.ts answered (for measuring and tests). */
let fromLines = 0

/** What the language server's parser did in this process: see `IncrementalParseStats`; `fromLines` as above. */
export function incrementalParseStats(): IncrementalParseStats & {fromLines: number} {
  return {...remembered.stats, fromLines}
}

/**
 * unified plugin: parse each file incrementally against its previous version. For the
 * language server's processor; use it after the syntax plugins' place in the list does
 * not matter (they are read when a file is parsed).
 */
export function remarkIncrementalParse(this: Processor): void {
  const processor = this
  const parse = this.parser
  if (!parse) return
  this.parser = (document, file) => {
    const data = processor.data() as {micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[]; contentLintTables?: boolean}
    const local = extensionsAreLocal(data.micromarkExtensions)
    const syntax = local ? syntaxKey(processor) : undefined
    const key = file.path && syntax !== undefined ? `${file.path}\0${syntax}` : undefined
    // Under exactly content-lint's syntax (remark-parse with the GFM table extension of
    // syntax.ts, nothing added), text as generators write it is read off its lines: the
    // library's tree, thirty times faster. Other text, or any other syntax (remark-gfm's
    // autolinks and strikethrough change trees), goes to the processor's parser.
    const plain = data.contentLintTables === true && data.micromarkExtensions?.length === 1 && data.fromMarkdownExtensions?.length === 1
    const parseText = (text: string): Root => {
      const tree = plain ? treeFromLines(text) : undefined
      if (tree) fromLines++
      return tree ?? (parse(text, file) as Root)
    }
    return remembered.parseFile(document, key, parseText, local)
  }
}

/**
 * The plugins and options a tree was parsed with, so that a tree parsed before the
 * configuration changed is not reused; undefined when the options cannot be written
 * down (then nothing is reused).
 */
function syntaxKey(processor: Processor): string | undefined {
  try {
    return JSON.stringify(processor.attachers.map(([plugin, ...options]) => [plugin.name, ...options]))
  } catch {
    return undefined
  }
}

export type Parse = (text: string) => Root
