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

function contentLintMessageControl() {
  return remarkMessageControl({name: 'lint', source: 'content-lint'})
}
