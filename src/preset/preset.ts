/**
 * The preset layer (`src/preset/`): the package's entry points for remark hosts, the
 * first layer that knows the rules in `rules/`. It owns the list of rules (`rules.ts`),
 * the preset (this module) and the language server's processor (`processor.ts`). It may
 * import `rules/` and every layer below them.
 *
 * The remark preset: use content-lint's rules from a content repository's own
 * `.remarkrc.js` with remark-cli, or in the unified language server.
 *
 *     import contentLint from 'content-lint/preset'
 *     export default {plugins: [contentLint]}
 *
 * Settings and per-rule configuration go after it:
 *
 *     import contentLint, {remarkContentLint, rules} from 'content-lint/preset'
 *     export default {plugins: [contentLint, [remarkContentLint, {root: '.'}], [rules.cellHtml, 'off']]}
 *
 * The `attack-*` rules use the ATT&CK table built into content-lint; settings of the
 * core plugin pin the target release or give other data (`attack: 'none'` for none):
 *
 *     [remarkContentLint, {attackVersion: '15.1'}]
 *     [remarkContentLint, {attack: 'attack/enterprise-attack.json'}]
 */
import remarkLint from 'remark-lint'
import type {Preset} from 'unified'
import attackTactic from '../../rules/attack-tactic.js'
import attackTechnique from '../../rules/attack-technique.js'
import cellHtml from '../../rules/cell-html.js'
import correlationRules from '../../rules/correlation-rules.js'
import coverageMap from '../../rules/coverage-map.js'
import noDeadLink from '../../rules/no-dead-link.js'
import parserName from '../../rules/parser-name.js'
import eventTypeParser from '../../rules/event-type-parser.js'
import pageShape from '../../rules/page-shape.js'
import linkedCount from '../../rules/linked-count.js'
import summaryCount from '../../rules/summary-count.js'
import tableShape from '../../rules/table-shape.js'
import {remarkContentLint} from '../lint/plugin.js'
import {rules as allRules} from './rules.js'

/** `remark-lint` (for `<!-- lint disable … -->` comments), the core plugin, every rule at its default severity. */
const preset: Preset = {
  plugins: [remarkLint, remarkContentLint, ...allRules]
}

export default preset
export {remarkContentLint}
export const rules = {pageShape, tableShape, cellHtml, summaryCount, linkedCount, noDeadLink, parserName, eventTypeParser, attackTechnique, attackTactic, correlationRules, coverageMap}
