/**
 * The core plugin: the table syntax the page model needs, and the library settings
 * (content root, folder and header names) every rule reads.
 *
 *     export default {plugins: [[remarkContentLint, {headers: {eventTypes: ['Activity Types']}}], …rules]}
 */
import type {Root} from 'mdast'
import type {Processor} from 'unified'
import remarkMessageControl from 'remark-message-control'
import type {VFile} from 'vfile'
import {pageState, type ProcessorData, type Severity} from './rule.js'
import {type ContentLintOptions, resolveSettings} from './settings.js'
import {remarkTables} from './syntax.js'

export function remarkContentLint(this: Processor, options?: ContentLintOptions) {
  remarkTables.call(this)
  const data = this.data() as ProcessorData
  const settings = resolveSettings(options)
  data.contentLintSettings = settings
  data.contentLintConfigured = true
  // Added while the processor is frozen, so it lands after every plugin listed (as
  // remark-lint adds its own): it filters the findings present when it runs.
  this.use(contentLintMessageControl)
  // Build the page model once, before the rules: the page's kind is known to the
  // CLI (`--stats`) whichever rules are on, and the rules share what is built here.
  return function (tree: Root, file: VFile) {
    const state = pageState(tree, file, settings)
    ;(file.data as {contentLintKind?: string}).contentLintKind = state.page.kind
  }
}

/**
 * `<!-- lint disable cell-html -->`, `<!-- lint enable -->`, `<!-- lint ignore … -->` for
 * content-lint's findings. remark-lint's comments control messages whose source is
 * `remark-lint` only; these are the same comments for source `content-lint`.
 */
function contentLintMessageControl() {
  return remarkMessageControl({name: 'lint', source: 'content-lint'})
}

/** Severity overrides by rule ID; the CLI adds this plugin for `--rule id=severity`. */
export function contentLintSeverity(this: Processor, overrides?: Record<string, Severity>): void {
  const data = this.data() as ProcessorData
  data.contentLintSeverity = {...data.contentLintSeverity, ...overrides}
}
