/**
 * The package's main entry (`import … from 'content-lint'`): what a content
 * repository's own rule and configuration import, so that nothing outside this
 * package names a path inside its build (`content-lint/dist/…` changes with any
 * release).
 *
 *     import {defineRule, noOptions} from 'content-lint'
 *
 *     export default defineRule(
 *       {id: 'my-rule', description: '…', defaultSeverity: 'warn', fixable: false, options: noOptions},
 *       ({page, report, linkedPage}) => { … }
 *     )
 *
 * A rule defined here runs in the CLI, in remark-cli and in the language server like
 * the built-in ones; add it to `.remarkrc.mjs` after the preset.
 */
export {defineRule, noOptions} from '../lint/rule.js'
export type {ContentLintRule, Finding, RuleCheck, RuleContext, RuleMeta, Severity} from '../lint/rule.js'
export type {LinkTarget} from '../library/corpus-index.js'
export type * from '../model/types.js'
export type {ContentLintOptions, ContentLintSettings, HeaderNames, SummaryColumnKey} from '../core/settings.js'
export {default as preset, remarkContentLint, rules} from './preset.js'
