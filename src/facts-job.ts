/**
 * Reading one page into what the lint phase needs: its text, content hash, stat, facts,
 * and the pruned tree that carries its `<!-- lint … -->` comments. This runs in worker
 * threads (see worker.ts) or in-process; it is the only place the CLI parses a page.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import type {Nodes, Root} from 'mdast'
import {extractPage} from './model/extract.js'
import type {PageFacts} from './model/types.js'
import type {ContentLintSettings} from './settings.js'
import {parseMarkdown} from './syntax.js'

export interface FactsJob {
  file: string
  /** Path relative to the content root (`/`-separated). */
  relative: string
  settings: ContentLintSettings
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
    }
  | {file: string; ok: false; error: string}

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
  const keep = (node: Nodes): Nodes => {
    const stub: Record<string, unknown> = {type: node.type, position: node.position}
    if (node.type === 'html') stub.value = node.value
    if ('children' in node && node.children.some(hasComment)) {
      stub.children = (node.children as Nodes[]).map(keep)
    } else if ('children' in node) {
      stub.children = []
    }
    return stub as unknown as Nodes
  }
  return keep(tree) as Root
}

function hasComment(node: Nodes): boolean {
  if (node.type === 'html') return node.value.startsWith('<!--')
  return 'children' in node && (node.children as Nodes[]).some(hasComment)
}

export function runFactsJob(job: FactsJob): FactsResult {
  try {
    const stat = fs.statSync(job.file)
    const text = fs.readFileSync(job.file, 'utf8')
    const tree = parseMarkdown(text)
    const facts = extractPage(tree, text, job.relative, job.settings)
    return {file: job.file, ok: true, text, hash: contentHash(text), mtimeMs: stat.mtimeMs, size: stat.size, facts, tree: pruneTree(tree)}
  } catch (error) {
    return {file: job.file, ok: false, error: (error as Error).message}
  }
}
