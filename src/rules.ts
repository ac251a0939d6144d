/** Every content-lint rule, in the order they run. Add a new rule here. */
import attackTactic from '../rules/attack-tactic.js'
import attackTechnique from '../rules/attack-technique.js'
import cellHtml from '../rules/cell-html.js'
import pageShape from '../rules/page-shape.js'
import tableShape from '../rules/table-shape.js'
import type {ContentLintRule} from './rule.js'

export const rules: ContentLintRule<any>[] = [pageShape, tableShape, cellHtml, attackTechnique, attackTactic]

export const rulesById = new Map(rules.map((rule) => [rule.meta.id, rule]))
