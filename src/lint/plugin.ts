/**
 * The core plugin: the table syntax the page model needs, and the library settings
 * (content root, folder and header names) every rule reads.
 *
 *     export default {plugins: [[remarkContentLint, {headers: {eventTypes: ['Activity Types']}}], …rules]}
 */
import type {Root} from 'mdast'
import remarkMessageControl from 'remark-message-control'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {attackFor} from '../library/attack/load.js'
import {pageState, type ProcessorData, type Severity} from './rule.js'
import {type ContentLintOptions, resolveSettings} from '../core/settings.js'
import {rowsRead} from '../model/types.js'
import {remarkTables} from '../syntax/syntax.js'
import {pruneTree} from '../facts/facts-job.js'

export function remarkContentLint(this: Processor, options?: ContentLintOptions) {
  remarkTables.call(this)
  const data = this.data() as ProcessorData
  const settings = resolveSettings(options)
  data.contentLintSettings = settings
  data.contentLintConfigured = true
  // A page over `maxPageSize` is not parsed in any host (remark-cli, an editor): the
  // parser needs about a gigabyte per few megabytes of cells. page-shape reports it.
  const parse = this.parser
  if (parse) {
    this.parser = (document, file) => (document.length > settings.maxPageSize ? {type: 'root', children: []} : parse(document, file))
  }
  // Load the ATT&CK data here (cached per path and modification time): a missing or
  // broken bundle is a configuration error, reported once, not a finding on every page.
  attackFor(settings)
  // `<!-- lint disable|enable|ignore rule-id -->` for content-lint's findings: remark-lint
  // applies these comments to findings whose source is `remark-lint` only. Added while
  // the processor is frozen, so it lands after every plugin listed and filters the
  // findings present when it runs.
  this.use(contentLintMessageControl)
  // Build the page model once, before the rules: the page's kind is known to the
  // CLI (`--stats`) whichever rules are on, and the rules share what is built here.
  return function (tree: Root, file: VFile) {
    const state = pageState(tree, file, settings)
    const data = file.data as {contentLintKind?: string; contentLintRows?: number}
    data.contentLintKind = state.page.kind
    data.contentLintRows = rowsRead(state.page)
  }
}

/** Severity overrides by rule ID; the CLI adds this plugin for `--rule id=severity`. */
export function contentLintSeverity(this: Processor, overrides?: Record<string, Severity>): void {
  const data = this.data() as ProcessorData
  data.contentLintSeverity = {...data.contentLintSeverity, ...overrides}
}

/**
 * remark-message-control over a tree that ends where the page ends. unified-message-
 * control 5 drops every message between the end of the last leaf node and the end of the
 * root (it takes that stretch for text the tree left out), and a link's destination,
 * a table row's closing pipe, come after their last leaf: a dead link in the last row of
 * a page's last table was dropped by remark-cli and the language server, and showed up
 * once another block followed it. (Upstream: remarkjs/remark-lint#69 had the same
 * symptom in 2016, fixed then in remark-message-control 2.0.1; we found no report of
 * this case.) A zero-length text node at the root's end closes that stretch; the tree
 * the rules saw is not changed.
 */
function contentLintMessageControl() {
  const control = remarkMessageControl({name: 'lint', source: 'content-lint'}) as unknown as (tree: Root, file: VFile) => void
  return function (tree: Root, file: VFile) {
    // Only the comments and what holds them (the CLI's runner gives the rules such a
    // tree already): visiting every node of a large page's tree cost an editor 0.2 s a check.
    const pruned = tree.children.length > 0 && tree.position ? pruneTree(tree) : tree
    const end = pruned.position?.end
    control(end ? {...pruned, children: [...pruned.children, {type: 'text', value: '', position: {start: end, end}}]} : pruned, file)
  }
}
