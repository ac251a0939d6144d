/** Every content-lint rule, in the order they run. Add a new rule here. */
import cellHtml from '../rules/cell-html.js'
import noDeadLink from '../rules/no-dead-link.js'
import parserName from '../rules/parser-name.js'
import pageShape from '../rules/page-shape.js'
import tableShape from '../rules/table-shape.js'
import type {ContentLintRule} from './rule.js'

export const rules: ContentLintRule<any>[] = [pageShape, tableShape, cellHtml, noDeadLink, parserName]

export const rulesById = new Map(rules.map((rule) => [rule.meta.id, rule]))
