/**
 * The model layer (`src/model/`): a page's tree and text to typed facts, page by page.
 * It owns the page model (this module), page kinds (`classify.ts`) and the extraction
 * (`extract.ts` and its helpers). It may import `core/` and `syntax/`; it never reads
 * another page or the file system: what pages say about each other is the library's.
 *
 * The typed page model: the facts rules read.
 *
 * Every fact is plain data (no mdast nodes, no functions) so that facts can be cached
 * on disk by content hash and built in worker threads. Every fact that a finding may
 * point at carries a `Span` over exactly its characters in the page.
 */
import type {SummaryColumnKey} from '../core/settings.js'

/**
 * A range of characters in a page as offsets: `start` inclusive, `end` exclusive.
 * Offsets, not line/column points: facts of every page of an 11k-page library are
 * kept in memory, and a pair of numbers is a fraction of two point objects. Findings
 * turn spans into line/column when they are reported (see `rule.ts`).
 */
export interface Span {
  start: number
  end: number
}

export type PageKind =
  | 'product'
  | 'continuation'
  | 'rules-and-models'
  /** A product's correlation rules for one use case (`CR/c_r_<vendor>_<product>_<Use_Case>.md`). */
  | 'correlation-rules'
  | 'parser'
  | 'use-case'
  /** The library's whole ATT&CK matrix with its technique totals (`MitreMap.md`). */
  | 'attack-map'
  /** A table of old parser names and their new names (`ParsersLegacy/a_parsers.md`). */
  | 'parser-names'
  /** The catalogue of prebuilt correlation rules (`Exabeam Correlation Rules.md`). */
  | 'correlation-catalogue'
  | 'index'
  | 'unknown'

/** Text as written, with where it is. */
export interface TextFact {
  text: string
  span: Span
}

/** A Markdown link `[text](url)`. */
export interface LinkFact {
  /** Link text, plain (HTML inside the text is left out). */
  text: string
  /** Destination as parsed by CommonMark (escapes resolved, not percent-decoded). */
  url: string
  /** The whole `[text](url)`. */
  span: Span
  /** The destination as written between the parentheses (what a fix replaces). */
  urlSpan: Span
  /** The text between the brackets. */
  textSpan: Span
}

/** How a technique is written. */
export type TechniqueForm = 'text' | 'bold' | 'link'

/**
 * One mention of an ATT&CK technique: `T1059 - Name` (text), `<b>T1059 - Name</b>`
 * (bold, rules-and-models pages) or `[Name](https://attack.mitre.org/techniques/T1059/001)`.
 */
export interface TechniqueMention {
  form: TechniqueForm
  /** ID in dotted form (`T1059.001`); for links, the ID the URL names. */
  id: string
  /**
   * The ID as written in text (`T1059.001`, or wrongly `T1059/001`); for a link, the ID
   * written in its text (`[T1059 - Name](…)`), else null.
   */
  writtenId: TextFact | null
  /** The name as written; null when only an ID is written. */
  name: TextFact | null
  /** The URL of a link mention. */
  url: TextFact | null
  /** The ID as written inside the URL (`T1059/001`, or wrongly `T1059.001`); null for text. */
  urlId: TextFact | null
  /** The whole mention. */
  span: Span
}

/** One cell of a summary table: `| Rules | Models | MITRE TTPs | Event Types | Parsers |`. */
export interface SummaryCount {
  key: SummaryColumnKey | null
  header: string
  /** The number, null when the cell holds something else. */
  value: number | null
  /** The cell text as written (trimmed) and where. */
  written: TextFact
}

export interface SummaryTable {
  counts: SummaryCount[]
  span: Span
}

/** A count inside a Content cell: `37 Rules`, `16 Models`. */
export interface ContentCount {
  value: number
  /** The digits only. */
  number: TextFact
}

/** The Content cell `[<ul><li>37 Rules</li></ul><ul><li>16 Models</li></ul>](RM/..)`. */
export interface ContentCell {
  rules: ContentCount | null
  models: ContentCount | null
  link: LinkFact | null
  span: Span
}

/**
 * An event type line and the parser links under it (`↳[parser](Ps/pC_parser.md)`).
 * Since 2023 the line names an activity type with the legacy event type in
 * parentheses: `user-delete:success (account-deleted)`.
 */
export interface EventTypeGroup {
  /** The event type as the rest of the library names it: the legacy name in parentheses, else the whole line. */
  eventType: TextFact
  /** The activity type before the parentheses (`user-delete:success`); null in the 2021 format. */
  activityType: TextFact | null
  parsers: LinkFact[]
}

/** A row of a product page's (or continuation page's) use-case table. */
export interface UseCaseRow {
  useCase: LinkFact | null
  useCaseText: TextFact
  eventTypeGroups: EventTypeGroup[]
  /** Parser links that stand before any event type line. */
  orphanParsers: LinkFact[]
  techniques: TechniqueMention[]
  /** Tactic mentions among the techniques (`TA0002 - TA0002`, since 2023). */
  tactics: TacticMention[]
  content: ContentCell | null
  span: Span
  /**
   * The row has another number of cells than its header (a `|` missing or extra):
   * its cells may be read from the wrong columns, so nothing is counted from it and
   * no check reads its event types (`table-shape` reports the row).
   */
  misshapen: boolean
}

export interface MatrixColumn {
  tactic: TextFact
  techniques: TechniqueMention[]
}

export interface AttackMatrix {
  columns: MatrixColumn[]
  span: Span
}

export interface RuleEntry {
  /** Rule ID from `<b>ID</b>`. */
  id: TextFact
  description: string
}

export interface RuleGroup {
  /** The `<b>T1078 - Valid Accounts</b>` header; null for rules listed with no group or under a tactic. */
  technique: TechniqueMention | null
  /** The `<b>TA0002 - Execution</b>` header of rules grouped under a tactic. */
  tactic: TacticMention | null
  rules: RuleEntry[]
}

export interface ModelEntry {
  id: TextFact
  description: string
}

/**
 * One mention of an ATT&CK tactic: `TA0002 - Execution` (text or bold), and the
 * placeholder the library writes, `TA0002 - TA0002`.
 */
export interface TacticMention {
  form: 'text' | 'bold'
  /** `TA0002`. */
  id: TextFact
  /** The name as written; null when only an ID is written. */
  name: TextFact | null
  span: Span
}

/** A row `| event-type | rules | models |` of a rules-and-models page. */
export interface RulesAndModelsRow {
  eventType: TextFact
  ruleGroups: RuleGroup[]
  models: ModelEntry[]
  span: Span
  /** Another number of cells than the header's: nothing is counted from the row (see `UseCaseRow.misshapen`). */
  misshapen: boolean
  /**
   * In a row of the wrong shape, the technique and tactic IDs its rule group headers
   * name in any of its cells (which cell is which is what the shape leaves unknown):
   * what the row may map. Empty for a row of the right shape.
   */
  misshapenIds: string[]
}

/** One HTML tag inside a table cell, as micromark tokenised it. */
export interface CellHtmlTag {
  name: string
  closing: boolean
  selfClosing: boolean
  raw: string
  span: Span
}

/** The inline HTML of one table cell, in order, with the text around it. */
export interface CellHtml {
  tags: CellHtmlTag[]
  /** Cell content (without padding). */
  span: Span
  /** Offsets where each `<br>`-separated line of the cell ends, for placing a missing close tag. */
  lineEnds: number[]
}

/**
 * A table whose header and delimiter rows run together on one line
 * (`| Event Type | Rules | Models || ---- | ---- | ---- |`): Markdown reads it as a
 * paragraph, so the page shows no table.
 */
export interface CollapsedTable {
  /** The whole line. */
  span: Span
  /** Where the delimiter row starts (the second `|` of `||`): a line break belongs there. */
  splitAt: number
}

/** A table's shape: the header's cell count and each row's. */
export interface TableShape {
  headerCells: number
  header: string[]
  rows: Array<{cells: number; span: Span; cellSpans: Span[]}>
  span: Span
}

/** A part of a page kind that is missing or malformed. */
export interface ShapeProblem {
  reason: string
  span: Span | null
}

export interface ProductFacts {
  vendor: TextFact | null
  product: TextFact | null
  summary: SummaryTable | null
  rows: UseCaseRow[]
  nextPage: LinkFact | null
  matrix: AttackMatrix | null
}

export interface ContinuationFacts {
  rows: UseCaseRow[]
}

export interface RulesAndModelsFacts {
  vendor: TextFact | null
  productLink: LinkFact | null
  useCaseLink: LinkFact | null
  summary: SummaryTable | null
  rows: RulesAndModelsRow[]
}

/** A row of a correlation-rule table (a product's `CR/` page, or the library's catalogue). */
export interface CorrelationRuleRow {
  name: TextFact
  description: TextFact | null
  /** The activity (event) type the rule reads; on `CR/` pages only. */
  activityType: TextFact | null
  /** The use case; in the catalogue only. */
  useCase: TextFact | null
  /** `Persistence`: one or more tactic names as written. */
  tactics: TextFact[]
  severity: TextFact | null
  span: Span
}

export interface CorrelationRulesFacts {
  vendor: TextFact | null
  productLink: LinkFact | null
  useCaseLink: LinkFact | null
  rows: CorrelationRuleRow[]
}

export interface CorrelationCatalogueFacts {
  rows: CorrelationRuleRow[]
}

/** The library's ATT&CK matrix page: the matrix and the totals written above it. */
export interface AttackMapFacts {
  /** The heading over the matrix (`MITRE ATT&CK® Framework for Enterprise`): the map's name. */
  title: TextFact | null
  /** `### MITRE Techniques: 104`: the number as written. */
  techniques: (TextFact & {value: number}) | null
  /** `### MITRE Sub-techniques: 96`. */
  subTechniques: (TextFact & {value: number}) | null
  matrix: AttackMatrix | null
  /** The table under the matrix, one row per technique (and tactic) with its number of rules. */
  rows: TechniqueRulesRow[]
}

/** A row `| T1003.001 | [Name](https://attack.mitre.org/techniques/T1003/001) | 9 |` of the matrix page's technique table. */
export interface TechniqueRulesRow {
  /** The `TTP Code` cell: a technique or tactic ID. */
  code: TextFact
  /** The technique link of the row; null for a tactic's row. */
  technique: TechniqueMention | null
  /** The `Rules` cell's number. */
  rules: (TextFact & {value: number}) | null
  span: Span
}

/** A row `| old-name | new-name |` of a legacy parser names page. */
export interface ParserNameRow {
  oldName: TextFact
  newName: TextFact
  span: Span
}

export interface ParserFacts {
  name: TextFact | null
  dataType: TextFact | null
  vendor: TextFact | null
  product: TextFact | null
  /**
   * The strings of `Conditions = [ … ]`, unquoted (`"type":"gd_auth_failed"`): what a
   * log line must hold for the parser to read it, so what the parser's events are.
   */
  conditions: string[]
  /** The fields its `Fields` patterns capture (`{src_ip}`, `{file_name}`), each once, in order. */
  fields: string[]
}

export interface UseCaseProductRow {
  product: LinkFact | null
  productText: TextFact
  eventTypes: TextFact[]
  techniques: TechniqueMention[]
  tactics: TacticMention[]
  content: ContentCell | null
  span: Span
  /** Another number of cells than the header's: nothing is counted from the row (see `UseCaseRow.misshapen`). */
  misshapen: boolean
}

export interface UseCaseVendorSection {
  vendor: TextFact
  rows: UseCaseProductRow[]
}

export interface UseCaseFacts {
  title: TextFact | null
  sections: UseCaseVendorSection[]
}

/**
 * A heading and the anchor GitHub gives it (`## Vendor: Acme` → `vendor-acme`; a
 * repeated heading gets `-1`, `-2`, … in page order), the target of `#fragment` links.
 */
export interface HeadingFact {
  depth: number
  /** Plain text of the heading (inline HTML left out, as GitHub's anchor leaves it). */
  text: string
  /** The anchor, unique on the page. */
  slug: string
  span: Span
}

/** The table rows a page's facts were read from (`--stats` counts them per page kind). */
export function rowsRead(page: PageFacts): number {
  return (
    (page.product?.rows.length ?? 0) +
    (page.continuation?.rows.length ?? 0) +
    (page.rulesAndModels?.rows.length ?? 0) +
    (page.correlationRules?.rows.length ?? 0) +
    (page.correlationCatalogue?.rows.length ?? 0) +
    (page.parserNames?.length ?? 0) +
    (page.attackMap?.rows.length ?? 0) +
    (page.useCase?.sections.reduce((n, section) => n + section.rows.length, 0) ?? 0)
  )
}

/** Everything content-lint knows of one page. */
export interface PageFacts {
  /** Path relative to the content root, with `/` separators. */
  path: string
  kind: PageKind
  /** How the kind was found: from the file name, from the page's structure, or not at all. */
  kindFrom: 'path' | 'structure' | 'none'
  shapeProblems: ShapeProblem[]
  tables: TableShape[]
  cellHtml: CellHtml[]
  links: LinkFact[]
  /** Headings in page order, with their anchors. */
  headings: HeadingFact[]
  techniqueMentions: TechniqueMention[]
  tacticMentions: TacticMention[]
  collapsedTables: CollapsedTable[]
  product?: ProductFacts
  continuation?: ContinuationFacts
  rulesAndModels?: RulesAndModelsFacts
  parser?: ParserFacts
  useCase?: UseCaseFacts
  correlationRules?: CorrelationRulesFacts
  correlationCatalogue?: CorrelationCatalogueFacts
  attackMap?: AttackMapFacts
  parserNames?: ParserNameRow[]
}
