/**
 * The facts layer (`src/facts/`): one page file to stored facts. It owns the job that
 * reads, parses and extracts a page (this module), the worker thread that runs such
 * jobs (`worker.ts`) and the on-disk cache of facts and findings (`cache.ts`). It may
 * import `core/`, `syntax/` and `model/`.
 *
 * Reading one page into what the lint phase needs: its text, content hash, stat, facts,
 * and the pruned tree that carries its `<!-- lint … -->` comments. This runs in worker
 * threads (see worker.ts) or in-process; it is the only place the CLI parses a page.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import type {Nodes, Root} from 'mdast'
import {type StoreTarget, writeStoredFacts} from './cache.js'
import {encodingProblem, readPageText} from './page-text.js'
import {extractPage, tooLargePage} from '../model/extract.js'
import type {PageFacts} from '../model/types.js'
import type {ContentLintSettings} from '../core/settings.js'
import {walk} from '../model/walk.js'
import {parseMarkdown} from '../syntax/syntax.js'

export interface FactsJob {
  file: string
  /** Path relative to the content root (`/`-separated). */
  relative: string
  settings: ContentLintSettings
  /** The page's text when it is not (yet) what is on disk: `--fix` between passes. */
  text?: string
  /** Write the facts built into the cache's store here (key + content hash). */
  store?: StoreTarget
}

export type FactsResult =
  | {
      file: string
      ok: true
      text: string
      hash: string
      mtimeMs: number
      size: number
      facts: PageFacts
      tree: Root
      /** Whether the facts were written to the job's `store`. */
      stored?: boolean
    }
  | {file: string; ok: false; error: string}

/**
 * Pages above this many characters are large: parsing one takes about half a gigabyte
 * per megabyte (micromark's events and the tree). The runner gives them to one worker at
 * a time, which collects its garbage after each.
 */
export const LARGE_PAGE = 256 * 1024

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex')
}

/**
 * The tree the rules' pipeline needs once facts are built: only HTML comments, their
 * ancestors and their siblings, with positions. remark-lint's message control reads
 * `<!-- lint disable|enable|ignore -->` comments and, for `ignore`, the node after
 * one; content-lint's rules read facts, never the tree. Everything else is dropped,
 * so trees of 11k pages are never held at once.
 */
export function pruneTree(tree: Root): Root {
  // Which nodes hold a comment somewhere below: found bottom-up without recursion.
  const holds = new Set<Nodes>()
  const parents = new Map<Nodes, Nodes>()
  walk(tree, (node) => {
    if ('children' in node) for (const child of node.children as Nodes[]) parents.set(child, node)
    if (node.type === 'html' && node.value.startsWith('<!--')) {
      for (let up = parents.get(node); up && !holds.has(up); up = parents.get(up)) holds.add(up)
    }
  })
  // A node whose children are dropped is kept as a leaf (no `children`): message
  // control treats stretches of the page no leaf covers as gaps and drops findings
  // there, so every kept node must cover its whole span.
  const stub = (node: Nodes): Record<string, unknown> => {
    const out: Record<string, unknown> = {type: node.type, position: node.position}
    if (node.type === 'html') out.value = node.value
    return out
  }
  const top = stub(tree)
  // The root always keeps its blocks, so the page is covered from start to end.
  holds.add(tree)
  const todo: Array<[Nodes, Record<string, unknown>]> = [[tree, top]]
  while (todo.length > 0) {
    const [node, copy] = todo.pop()!
    if (!holds.has(node) || !('children' in node)) continue
    copy.children = (node.children as Nodes[]).map((child) => {
      const childCopy = stub(child)
      todo.push([child, childCopy])
      return childCopy
    })
  }
  return top as unknown as Root
}

export function runFactsJob(job: FactsJob): FactsResult {
  try {
    const stat = fs.statSync(job.file)
    const text = job.text ?? readPageText(job.file)
    if (text.length > job.settings.maxPageSize) {
      const facts = tooLargePage(text, job.relative, job.settings)
      return {file: job.file, ok: true, text, hash: contentHash(text), mtimeMs: stat.mtimeMs, size: stat.size, facts, tree: {type: 'root', children: []}}
    }
    const tree = parseMarkdown(text)
    const facts = extractPage(tree, text, job.relative, job.settings)
    const encoding = job.text === undefined ? encodingProblem(job.file, text) : null
    if (encoding) facts.shapeProblems.push(encoding)
    const hash = contentHash(text)
    const pruned = pruneTree(tree)
    const stored = job.store ? writeStoredFacts(job.store.location, job.store.key + hash, {facts, tree: pruned}) : false
    return {file: job.file, ok: true, text, hash, mtimeMs: stat.mtimeMs, size: stat.size, facts, tree: pruned, stored}
  } catch (error) {
    return {file: job.file, ok: false, error: (error as Error).message}
  }
}
