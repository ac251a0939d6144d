/** Every content-lint rule, in the order they run. Add a new rule here. */
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
import type {ContentLintRule} from '../lint/rule.js'

export const rules: ContentLintRule<any>[] = [pageShape, tableShape, cellHtml, summaryCount, linkedCount, noDeadLink, parserName, eventTypeParser, attackTechnique, attackTactic, correlationRules, coverageMap]

export const rulesById = new Map(rules.map((rule) => [rule.meta.id, rule]))
