/**
 * The core plugin: the table syntax the page model needs, and the library settings
 * (content root, folder and header names) every rule reads.
 *
 *     export default {plugins: [[remarkContentLint, {headers: {eventTypes: ['Activity Types']}}], …rules]}
 */
import type {Processor} from 'unified'
import type {ProcessorData, Severity} from './rule.js'
import {type ContentLintOptions, resolveSettings} from './settings.js'
import {remarkTables} from './syntax.js'

export function remarkContentLint(this: Processor, options?: ContentLintOptions): void {
  remarkTables.call(this)
  const data = this.data() as ProcessorData
  data.contentLintSettings = resolveSettings(options)
}

/** Severity overrides by rule ID; the CLI adds this plugin for `--rule id=severity`. */
export function contentLintSeverity(this: Processor, overrides?: Record<string, Severity>): void {
  const data = this.data() as ProcessorData
  data.contentLintSeverity = {...data.contentLintSeverity, ...overrides}
}
