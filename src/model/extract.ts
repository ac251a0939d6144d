/**
 * Build a page's facts from its mdast tree: recognise the page kind from its path and
 * structure, then read each part of that kind into typed facts with exact spans.
 */
import type {Code, Heading, Link, Nodes, Root, RootContent, Table, TableCell, Text} from 'mdast'
import type {ContentLintSettings, HeaderNames, SummaryColumnKey} from '../core/settings.js'
import {headerIs} from '../core/settings.js'
import {type CellLine, cellLines, type CellPiece, lineText, linkFact, plainText, readTag, runFact} from './cells.js'
import {fallbackKind, kindFromPath} from './classify.js'
import {headingFacts} from './headings.js'
import {parserConditions, parserFields} from './parser-config.js'
import {PageSource, TextRun} from './source.js'
import {tacticFromText, techniqueFromLink, techniqueFromText} from './techniques.js'
import {walk} from './walk.js'
import type {
  AttackMapFacts,
  AttackMatrix,
  CollapsedTable,
  CorrelationRuleRow,
  CellHtml,
  ContentCell,
  ContentCount,
  EventTypeGroup,
  LinkFact,
  ModelEntry,
  PageFacts,
  PageKind,
  ParserNameRow,
  RuleGroup,
  RulesAndModelsRow,
  ShapeProblem,
  Span,
  SummaryCount,
  SummaryTable,
  TableShape,
  TacticMention,
  TechniqueMention,
  TechniqueRulesRow,
  TextFact,
  UseCaseProductRow,
  UseCaseRow,
  UseCaseVendorSection
} from './types.js'

/** `okta-failed-app-login = {`: a parser configuration keyed by the parser's name. */
const parserKey = /^[ \t]*"?([A-Za-z0-9][\w.-]*)"?[ \t]*=[ \t]*\{[ \t]*$/m

/** Facts of a page too large to parse: its kind from its path, and why it was not read. */
export function tooLargePage(text: string, relativePath: string, settings: ContentLintSettings): PageFacts {
  const kind = kindFromPath(relativePath, settings)
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1)
  return {
    path: relativePath,
    kind: kind ?? 'unknown',
    kindFrom: kind ? 'path' : 'none',
    shapeProblems: [{reason: `Page has ${mb(text.length)} M characters, over the limit of ${mb(settings.maxPageSize)} M (setting \`maxPageSize\`): not checked`, span: null}],
    tables: [],
    cellHtml: [],
    links: [],
    headings: [],
    techniqueMentions: [],
    tacticMentions: [],
    collapsedTables: []
  }
}

/** Build the facts of one page. `relativePath` is relative to the content root, `/`-separated. */
export function extractPage(tree: Root, text: string, relativePath: string, settings: ContentLintSettings): PageFacts {
  const source = new PageSource(text)
  const reader = new PageReader(tree, source, settings)
  const {kind, kindFrom} = kindOf(reader, relativePath, settings)
  const page: PageFacts = {
    path: relativePath,
    kind,
    kindFrom,
    shapeProblems: reader.problems,
    tables: reader.tableShapes(),
    cellHtml: reader.cellHtml(),
    links: reader.allLinks(),
    headings: headingFacts(tree, source),
    techniqueMentions: [],
    tacticMentions: [],
    collapsedTables: reader.collapsedTables()
  }
  readParts(page, reader)
  page.techniqueMentions = reader.techniqueMentions(page)
  page.tacticMentions = reader.tacticMentions()
  return page
}

/** The page's kind: from its path, else from its structure, else its place in the library. */
function kindOf(reader: PageReader, relativePath: string, settings: ContentLintSettings): {kind: PageKind; kindFrom: PageFacts['kindFrom']} {
  const fromPath = kindFromPath(relativePath, settings)
  if (fromPath) return {kind: fromPath, kindFrom: 'path'}
  const guessed = reader.guessKind()
  if (guessed) return {kind: guessed, kindFrom: 'structure'}
  const fallback = fallbackKind(relativePath)
  return fallback ? {kind: fallback, kindFrom: 'path'} : {kind: 'unknown', kindFrom: 'none'}
}

/** Read the parts of the page's kind into its facts. */
function readParts(page: PageFacts, reader: PageReader): void {
  switch (page.kind) {
    case 'product':
      page.product = reader.productPage()
      break
    case 'continuation':
      page.continuation = reader.continuationPage()
      break
    case 'rules-and-models':
      page.rulesAndModels = reader.rulesAndModelsPage()
      break
    case 'correlation-rules':
      page.correlationRules = reader.correlationRulesPage()
      break
    case 'parser':
      page.parser = reader.parserPage()
      break
    case 'use-case':
      page.useCase = reader.useCasePage()
      break
    case 'correlation-catalogue':
      page.correlationCatalogue = {rows: reader.correlationRuleRows('correlation-catalogue')}
      break
    case 'attack-map':
      page.attackMap = reader.attackMapPage()
      break
    case 'parser-names':
      page.parserNames = reader.parserNameRows()
      break
    default:
      break
  }
}

type TableRole =
  | 'summary'
  | 'use-cases'
  | 'rules-and-models'
  | 'correlation-rules'
  | 'correlation-catalogue'
  | 'use-case-products'
  | 'parser-names'
  | 'matrix'
  | 'technique-rules'
  | 'other'

/** Reads one tree; each `…Page()` method reads the parts of one page kind. */
class PageReader {
  readonly problems: ShapeProblem[] = []
  /** Tactic mentions met while reading the page's parts, in reading order. */
  private readonly tactics: TacticMention[] = []
  /** A `[Next Page -->>](…)` line right under the use-case table is read by GFM as a row of it. */
  private nextPageInTable: LinkFact | null = null
  private readonly blocks: RootContent[]
  private readonly headers: HeaderNames

  constructor(
    private readonly tree: Root,
    private readonly source: PageSource,
    settings: ContentLintSettings
  ) {
    this.blocks = tree.children
    this.headers = settings.headers
  }

  private problem(reason: string, node?: Nodes | null): void {
    this.problems.push({reason, span: node ? this.source.nodeSpan(node) : null})
  }

  // ---- generic facts -------------------------------------------------------------

  private tables(): Table[] {
    return this.blocks.filter((b): b is Table => b.type === 'table')
  }

  private headerTexts(table: Table): string[] {
    const header = table.children[0]
    return header ? header.children.map((cell) => plainText(cell.children).trim()) : []
  }

  tableShapes(): TableShape[] {
    const shapes: TableShape[] = []
    for (const table of this.tables()) {
      const span = this.source.nodeSpan(table)
      if (!span) continue
      const [header, ...rows] = table.children
      shapes.push({
        headerCells: header ? header.children.length : 0,
        header: this.headerTexts(table),
        span,
        rows: rows.flatMap((row) => {
          const rowSpan = this.source.nodeSpan(row)
          const cellSpans = row.children.flatMap((cell) => this.source.nodeSpan(cell) ?? [])
          return rowSpan ? [{cells: row.children.length, span: rowSpan, cellSpans}] : []
        })
      })
    }
    return shapes
  }

  cellHtml(): CellHtml[] {
    const out: CellHtml[] = []
    for (const table of this.tables()) {
      for (const row of table.children) {
        for (const cell of row.children) {
          const html = this.cellHtmlOf(cell)
          if (html) out.push(html)
        }
      }
    }
    return out
  }

  private cellHtmlOf(cell: TableCell): CellHtml | null {
    const tags: CellHtml['tags'] = []
    const lineEnds: CellHtml['lineEnds'] = []
    walk(cell.children, (node) => {
      if (node.type !== 'html') return
      const span = this.source.nodeSpan(node)
      const tag = span ? readTag(node.value, span) : null
      if (tag) {
        if (tag.name === 'br') lineEnds.push(tag.span.start)
        else tags.push(tag)
      }
    })
    if (tags.length === 0) return null
    const first = cell.children[0]
    const last = cell.children[cell.children.length - 1]
    const start = first ? this.source.nodeSpan(first) : null
    const end = last ? this.source.nodeSpan(last) : null
    if (!start || !end) return null
    lineEnds.push(end.end)
    return {tags, span: {start: start.start, end: end.end}, lineEnds}
  }

  allLinks(): LinkFact[] {
    const links: LinkFact[] = []
    walk(this.blocks, (node) => {
      if (node.type === 'link') {
        const fact = linkFact(node, this.source)
        if (fact) links.push(fact)
      }
    })
    return links
  }

  /** Every technique mention: those read with the page's parts, then attack links elsewhere. */
  techniqueMentions(page: PageFacts): TechniqueMention[] {
    const mentions: TechniqueMention[] = []
    const add = (list: readonly TechniqueMention[]) => mentions.push(...list)
    const rows: Array<UseCaseRow> = [...(page.product?.rows ?? []), ...(page.continuation?.rows ?? [])]
    for (const row of rows) add(row.techniques)
    for (const column of page.product?.matrix?.columns ?? []) add(column.techniques)
    for (const row of page.rulesAndModels?.rows ?? []) {
      for (const group of row.ruleGroups) if (group.technique) mentions.push(group.technique)
    }
    for (const section of page.useCase?.sections ?? []) {
      for (const row of section.rows) add(row.techniques)
    }
    const seen = new Set(mentions.map((m) => m.span.start))
    for (const link of page.links) {
      if (seen.has(link.span.start)) continue
      const mention = techniqueFromLink(link, this.source)
      if (mention) mentions.push(mention)
    }
    return mentions.sort((a, b) => a.span.start - b.span.start)
  }

  tacticMentions(): TacticMention[] {
    return [...this.tactics].sort((a, b) => a.span.start - b.span.start)
  }

  /**
   * Paragraphs that are a table's header and delimiter rows run together on one line
   * (`| A | B || --- | --- |`). Markdown reads them as text; the generator meant a table.
   */
  collapsedTables(): CollapsedTable[] {
    const out: CollapsedTable[] = []
    for (const block of this.blocks) {
      if (block.type !== 'paragraph') continue
      const span = this.source.nodeSpan(block)
      if (!span) continue
      let lineStart = span.start
      for (const line of this.source.slice(span).split('\n')) {
        const m = /^(\|[^\n]*?\|)(\|(?:[ \t]*:?-+:?[ \t]*\|)+)[ \t]*\r?$/.exec(line)
        if (m) out.push({span: this.source.span(lineStart, lineStart + line.replace(/\r$/, '').length), splitAt: lineStart + m[1]!.length})
        lineStart += line.length + 1
      }
    }
    return out
  }

  // ---- recognising tables and headings ----------------------------------------------

  private summaryKey(header: string): SummaryColumnKey | null {
    const keys: SummaryColumnKey[] = ['rules', 'models', 'techniques', 'eventTypes', 'parsers']
    return keys.find((key) => headerIs(header, this.headers[key])) ?? null
  }

  private column(headers: readonly string[], names: readonly string[]): number {
    return headers.findIndex((h) => headerIs(h, names))
  }

  private roleOf(headers: readonly string[], afterMatrixHeading: boolean): TableRole {
    const h = this.headers
    const has = (names: readonly string[]) => this.column(headers, names) >= 0
    if (has(h.useCase) && has(h.eventTypesParsers)) return 'use-cases'
    // Before rules-and-models: a correlation-rule table has an `Activity Type` column too.
    if (has(h.ruleName) && has(h.mitreTactic)) return has(h.useCase) ? 'correlation-catalogue' : 'correlation-rules'
    if (has(h.eventType) && (has(h.rulesList) || has(h.modelsList))) return 'rules-and-models'
    // The use-case page's table: with an event type column until 2021, without since.
    if (has(h.product) && (has(h.eventTypes) || has(h.mitreTtp) || has(h.content))) return 'use-case-products'
    if (has(h.oldParserName) && has(h.newParserName)) return 'parser-names'
    const known = headers.filter((x) => this.summaryKey(x) !== null).length
    if (known >= 3 && known === headers.length) return 'summary'
    if (has(h.ttpCode) && has(h.rulesList)) return 'technique-rules'
    if (afterMatrixHeading) return 'matrix'
    return 'other'
  }

  /** Tables with their roles, in page order. */
  private roles(): Array<{table: Table; role: TableRole}> {
    const out: Array<{table: Table; role: TableRole}> = []
    // The matrix heading's depth while its section lasts (a heading of its rank or
    // above ends it; the library's matrix page has `### MITRE Techniques: N` under it).
    let matrixDepth = 0
    for (const block of this.blocks) {
      if (block.type === 'heading') {
        if (headerIs(plainText(block.children), this.headers.attackMatrix)) matrixDepth = block.depth
        else if (block.depth <= matrixDepth) matrixDepth = 0
      }
      const afterMatrixHeading = matrixDepth > 0
      if (block.type === 'table') {
        out.push({table: block, role: this.roleOf(this.headerTexts(block), afterMatrixHeading)})
        matrixDepth = 0
      }
    }
    return out
  }

  private tableWithRole(role: TableRole): Table | null {
    return this.roles().find((r) => r.role === role)?.table ?? null
  }

  /** `Vendor: Microsoft` → the fact for `Microsoft` (the text after the label). */
  private labelledHeading(label: string, depth?: number): {heading: Heading; value: TextFact | null; link: LinkFact | null} | null {
    for (const block of this.blocks) {
      if (block.type !== 'heading' || (depth !== undefined && block.depth !== depth)) continue
      const text = plainText(block.children)
      const match = new RegExp(`^\\s*${label}\\s*:\\s*`, 'i').exec(text)
      if (!match) continue
      const linkNode = block.children.find((c): c is Link => c.type === 'link')
      const link = linkNode ? linkFact(linkNode, this.source) : null
      const first = block.children[0]
      let value: TextFact | null = null
      if (link) value = {text: link.text, span: link.textSpan}
      else if (first && first.type === 'text') {
        const run = new TextRun(first, this.source)
        const from = match[0].length
        const to = first.value.trimEnd().length
        if (to > from) value = runFact(run, from, to, this.source)
      }
      return {heading: block, value, link}
    }
    return null
  }

  guessKind(): PageKind | null {
    const roles = new Set(this.roles().map((r) => r.role))
    // A table written on one line is still the generator's table: it tells the kind.
    for (const collapsed of this.collapsedTables()) {
      const header = this.source.text.slice(collapsed.span.start, collapsed.splitAt)
      roles.add(this.roleOf(header.split('|').slice(1, -1).map((cell) => cell.trim()), false))
    }
    if (roles.has('use-cases')) return roles.has('summary') ? 'product' : 'continuation'
    if (roles.has('rules-and-models')) return 'rules-and-models'
    if (roles.has('correlation-rules')) return 'correlation-rules'
    if (roles.has('correlation-catalogue')) return 'correlation-catalogue'
    if (roles.has('use-case-products')) return 'use-case'
    if (roles.has('parser-names')) return 'parser-names'
    // The library's matrix page: the matrix, with no vendor or product of its own.
    if (roles.has('matrix') && !this.labelledHeading('Vendor')) return 'attack-map'
    if (this.parserCode()) return 'parser'
    return null
  }

  // ---- summary tables and content cells -------------------------------------------

  private summary(): SummaryTable | null {
    const table = this.tableWithRole('summary')
    if (!table) {
      this.problem('Missing the summary table (`| Rules | Models | MITRE TTPs | Event Types | Parsers |`)')
      return null
    }
    const span = this.source.nodeSpan(table)!
    const headers = this.headerTexts(table)
    const row = table.children[1]
    if (!row) {
      this.problem('The summary table has no row of numbers', table)
      return {counts: [], span}
    }
    const counts: SummaryCount[] = []
    headers.forEach((header, i) => {
      const cell = row.children[i]
      const cellSpan = cell ? this.source.nodeSpan(cell) : null
      if (!cell || !cellSpan) return
      const written = this.cellText(cell) ?? {text: '', span: cellSpan}
      const value = /^\d+$/.test(written.text) ? Number(written.text) : null
      counts.push({key: this.summaryKey(header), header, value, written})
    })
    return {counts, span}
  }

  /** The trimmed text of a whole cell (all its lines). */
  private cellText(cell: TableCell): TextFact | null {
    const span = this.source.nodeSpan(cell)
    if (!span) return null
    const first = cell.children[0]
    const last = cell.children[cell.children.length - 1]
    if (!first || !last) return null
    return this.source.trimmed(this.source.nodeSpan(first)!.start, this.source.nodeSpan(last)!.end)
  }

  /** `[<ul><li>37 Rules</li></ul><ul><li>16 Models</li></ul>](RM/...)`. */
  private contentCell(cell: TableCell): ContentCell | null {
    const span = this.source.nodeSpan(cell)
    if (!span) return null
    const linkNode = cell.children.find((c): c is Link => c.type === 'link')
    const link = linkNode ? linkFact(linkNode, this.source) : null
    const result: ContentCell = {rules: null, models: null, link, span}
    const texts: Text[] = []
    walk(cell.children, (node) => {
      if (node.type === 'text') texts.push(node)
    })
    for (const text of texts) {
      const m = /^(\s*)(\d+)\s+(rules?|models?)\s*$/i.exec(text.value)
      if (!m) continue
      const run = new TextRun(text, this.source)
      const from = m[1]!.length
      const count: ContentCount = {value: Number(m[2]), number: runFact(run, from, from + m[2]!.length, this.source)}
      if (m[3]!.toLowerCase().startsWith('rule')) result.rules ??= count
      else result.models ??= count
    }
    return result
  }

  /**
   * `T1078 - Valid Accounts<br>T1110 - Brute Force` → mentions; a tactic written among
   * them (`TA0002 - TA0002`) is a tactic mention of the page.
   */
  private techniqueCell(cell: TableCell, tactics: TacticMention[] = []): TechniqueMention[] {
    const mentions: TechniqueMention[] = []
    for (const line of cellLines(cell, this.source)) {
      for (const piece of line.pieces) {
        if (piece.type === 'text') {
          const mention = techniqueFromText(piece.run, piece.start, piece.end, 'text', this.source)
          if (mention) mentions.push(mention)
          const tactic = mention ? null : tacticFromText(piece.run, piece.start, piece.end, 'text', this.source)
          if (tactic) {
            tactics.push(tactic)
            this.tactics.push(tactic)
          }
        } else if (piece.type === 'link') {
          const mention = techniqueFromLink(piece.link, this.source)
          if (mention) mentions.push(mention)
        }
      }
    }
    return mentions
  }

  // ---- product and continuation pages ------------------------------------------

  productPage() {
    const vendor = this.labelledHeading('Vendor')
    const product = this.labelledHeading('Product')
    if (!vendor) this.problem('Missing the `Vendor: <name>` heading')
    else if (!vendor.value) this.problem('The `Vendor:` heading names no vendor', vendor.heading)
    if (!product) this.problem('Missing the `Product: <name>` heading')
    else if (!product.value) this.problem('The `Product:` heading names no product', product.heading)
    const summary = this.summary()
    const rows = this.useCaseRows()
    let nextPage = this.nextPageInTable
    for (const block of this.blocks) {
      if (block.type === 'paragraph') nextPage ??= this.nextPageLink([block])
    }
    return {
      vendor: vendor?.value ?? null,
      product: product?.value ?? null,
      summary,
      rows,
      nextPage,
      matrix: this.matrix()
    }
  }

  continuationPage() {
    return {rows: this.useCaseRows()}
  }

  /** The `[Next Page -->>](2_ds_….md)` link among some nodes' children, if any. */
  private nextPageLink(nodes: ReadonlyArray<{children: readonly Nodes[]}>): LinkFact | null {
    for (const node of nodes) {
      for (const child of node.children) {
        if (child.type === 'link' && /next\s*page/i.test(plainText(child.children))) return linkFact(child, this.source)
      }
    }
    return null
  }

  private useCaseRows(): UseCaseRow[] {
    const table = this.tableWithRole('use-cases')
    if (!table) {
      this.problem('Missing the use-case table (`| Use-Case | Event Types/Parsers | MITRE TTP | Content |`)')
      return []
    }
    const headers = this.headerTexts(table)
    const h = this.headers
    const at = {
      useCase: this.column(headers, h.useCase),
      groups: this.column(headers, h.eventTypesParsers),
      techniques: this.column(headers, h.mitreTtp),
      content: this.column(headers, h.content)
    }
    if (at.techniques < 0) this.problem('The use-case table has no `MITRE TTP` column', table.children[0])
    if (at.content < 0) this.problem('The use-case table has no `Content` column', table.children[0])
    const rows: UseCaseRow[] = []
    for (const row of table.children.slice(1)) {
      const span = this.source.nodeSpan(row)
      if (!span) continue
      const nextPage = this.nextPageLink(row.children)
      if (nextPage && row.children.length === 1) {
        this.nextPageInTable = nextPage
        continue
      }
      const cell = (i: number) => (i >= 0 ? row.children[i] : undefined)
      const useCaseCell = cell(at.useCase)
      const useCaseLinkNode = useCaseCell?.children.find((c): c is Link => c.type === 'link')
      const useCase = useCaseLinkNode ? linkFact(useCaseLinkNode, this.source) : null
      const groupsCell = cell(at.groups)
      const {groups, orphans} = groupsCell ? this.eventTypeGroups(groupsCell) : {groups: [], orphans: []}
      const techniquesCell = cell(at.techniques)
      const tactics: TacticMention[] = []
      const contentCell = cell(at.content)
      rows.push({
        useCase,
        useCaseText: useCase ? {text: useCase.text, span: useCase.textSpan} : (useCaseCell && this.cellText(useCaseCell)) || {text: '', span},
        eventTypeGroups: groups,
        orphanParsers: orphans,
        techniques: techniquesCell ? this.techniqueCell(techniquesCell, tactics) : [],
        tactics,
        content: contentCell ? this.contentCell(contentCell) : null,
        span,
        misshapen: row.children.length !== headers.length
      })
    }
    if (rows.length === 0) this.problem('The use-case table has no rows', table)
    return rows
  }

  /**
   * `account-password-change<br> ↳[parser](Ps/pC_parser.md)<br><br> app-login<br> ↳[…]`:
   * a text line starts a group, a line with a link adds a parser to it.
   */
  private eventTypeGroups(cell: TableCell): {groups: EventTypeGroup[]; orphans: LinkFact[]} {
    const groups: EventTypeGroup[] = []
    const orphans: LinkFact[] = []
    let current: EventTypeGroup | null = null
    for (const line of cellLines(cell, this.source)) {
      const links = line.pieces.filter((p): p is Extract<CellPiece, {type: 'link'}> => p.type === 'link')
      if (links.length > 0) {
        for (const piece of links) (current ? current.parsers : orphans).push(piece.link)
        continue
      }
      const text = lineText(line.pieces, this.source)
      if (!text) continue
      current = {...this.eventTypeLine(text), parsers: []}
      groups.push(current)
    }
    return {groups, orphans}
  }

  /**
   * `user-delete:success (account-deleted)`: the activity type, and the legacy event
   * type the rest of the library names (its RM rows, its parsers' families). A line
   * without parentheses is an event type (the 2021 format).
   */
  private eventTypeLine(line: TextFact): {eventType: TextFact; activityType: TextFact | null} {
    const m = /^(.*?)\s*\(\s*([^()]*?)\s*\)$/.exec(line.text)
    // Offsets into the line hold only when it is written as read (no escapes).
    if (!m || !m[2] || this.source.slice(line.span) !== line.text) return {eventType: line, activityType: null}
    const legacyAt = line.text.lastIndexOf(m[2], line.text.length - 1)
    const at = (from: number, text: string): TextFact => ({text, span: this.source.span(line.span.start + from, line.span.start + from + text.length)})
    return {eventType: at(legacyAt, m[2]), activityType: m[1] ? at(0, m[1]) : null}
  }

  private matrix(): AttackMatrix | null {
    const table = this.tableWithRole('matrix')
    if (!table) return null
    const span = this.source.nodeSpan(table)!
    const [header, ...rows] = table.children
    if (!header) return {columns: [], span}
    const columns = header.children.map((cell) => ({
      tactic: this.cellText(cell) ?? {text: '', span: this.source.nodeSpan(cell)!},
      techniques: [] as TechniqueMention[]
    }))
    for (const row of rows) {
      row.children.forEach((cell, i) => {
        const column = columns[i]
        if (column) column.techniques.push(...this.techniqueCell(cell))
      })
    }
    return {columns, span}
  }

  // ---- rules-and-models pages ----------------------------------------------------

  rulesAndModelsPage() {
    const vendor = this.labelledHeading('Vendor')
    const product = this.labelledHeading('Product')
    const useCase = this.labelledHeading('Use-Case') ?? this.labelledHeading('Use Case')
    if (!vendor) this.problem('Missing the `Vendor: <name>` heading')
    if (!product?.link) this.problem('Missing the `### Product: [name](../ds_….md)` heading with its link')
    if (!useCase?.link) this.problem('Missing the `### Use-Case: [name](…/UseCases/uc_….md)` heading with its link')
    const summary = this.summary()
    return {
      vendor: vendor?.value ?? null,
      productLink: product?.link ?? null,
      useCaseLink: useCase?.link ?? null,
      summary,
      rows: this.rulesAndModelsRows()
    }
  }

  /** The IDs of the rule group headers in any of these cells (see `RulesAndModelsRow.misshapenIds`). */
  private groupIdsInAnyCell(cells: readonly TableCell[]): string[] {
    const ids = new Set<string>()
    for (const cell of cells) {
      // Read again, without recording: the rules cell's tactics are recorded once, by its own read.
      for (const group of this.ruleGroups(cell, false)) {
        const id = group.technique?.id ?? group.tactic?.id.text
        if (id) ids.add(id)
      }
    }
    return [...ids]
  }

  private rulesAndModelsRows(): RulesAndModelsRow[] {
    const table = this.tableWithRole('rules-and-models')
    if (!table) {
      // A page whose use case has neither rules nor models may stop after the summary.
      return []
    }
    const headers = this.headerTexts(table)
    const at = {
      eventType: this.column(headers, this.headers.eventType),
      rules: this.column(headers, this.headers.rulesList),
      models: this.column(headers, this.headers.modelsList)
    }
    if (at.rules < 0) this.problem('The rules-and-models table has no `Rules` column', table.children[0])
    if (at.models < 0) this.problem('The rules-and-models table has no `Models` column', table.children[0])
    const rows: RulesAndModelsRow[] = []
    for (const row of table.children.slice(1)) {
      const span = this.source.nodeSpan(row)
      const eventTypeCell = row.children[at.eventType]
      if (!span || !eventTypeCell) continue
      const rulesCell = at.rules >= 0 ? row.children[at.rules] : undefined
      const modelsCell = at.models >= 0 ? row.children[at.models] : undefined
      const misshapen = row.children.length !== headers.length
      rows.push({
        eventType: this.cellText(eventTypeCell) ?? {text: '', span},
        ruleGroups: rulesCell ? this.ruleGroups(rulesCell) : [],
        models: modelsCell ? this.modelEntries(modelsCell) : [],
        span,
        misshapen,
        misshapenIds: misshapen ? this.groupIdsInAnyCell(row.children) : []
      })
    }
    if (rows.length === 0) this.problem('The rules-and-models table has no rows', table)
    return rows
  }

  /** Split a line at its first `<b>…</b>`: the bold text run and the text after it. */
  private boldOf(line: CellLine): {bold: Extract<CellPiece, {type: 'text'}>; after: string; leading: string} | null {
    const p = line.pieces
    for (let i = 0; i + 2 < p.length; i++) {
      const open = p[i]!
      const text = p[i + 1]!
      const close = p[i + 2]!
      if (open.type === 'html' && open.tag?.name === 'b' && !open.tag.closing && text.type === 'text' && close.type === 'html' && close.tag?.name === 'b' && close.tag.closing) {
        const leading = lineText(p.slice(0, i), this.source)?.text ?? ''
        const after = lineText(p.slice(i + 3), this.source)?.text ?? ''
        return {bold: text, after: after.replace(/^:\s*/, ''), leading}
      }
    }
    return null
  }

  /** `<b>T1078 - Valid Accounts</b><br> ↳ <b>RULE-ID</b>: description<br> ↳ …`. */
  /** `recordTactics`: also record the tactic headers as the page's tactic mentions (once per cell read). */
  private ruleGroups(cell: TableCell, recordTactics = true): RuleGroup[] {
    const groups: RuleGroup[] = []
    let current: RuleGroup | null = null
    for (const line of cellLines(cell, this.source)) {
      const bold = this.boldOf(line)
      if (!bold) continue
      const {run, start, end} = bold.bold
      if (bold.leading === '') {
        // A group header names a technique, or (since 2023) a tactic: never a rule.
        const technique = techniqueFromText(run, start, end, 'bold', this.source)
        const tactic = technique ? null : tacticFromText(run, start, end, 'bold', this.source)
        if (tactic && recordTactics) this.tactics.push(tactic)
        if (technique || tactic) {
          current = {technique, tactic, rules: []}
          groups.push(current)
          continue
        }
      }
      if (!current) {
        current = {technique: null, tactic: null, rules: []}
        groups.push(current)
      }
      const id = lineText([bold.bold], this.source)
      if (id) current.rules.push({id, description: bold.after})
    }
    return groups
  }

  /** ` • <b>MODEL-ID</b>: description<br> • …`. */
  private modelEntries(cell: TableCell): ModelEntry[] {
    const models: ModelEntry[] = []
    for (const line of cellLines(cell, this.source)) {
      const bold = this.boldOf(line)
      const id = bold && lineText([bold.bold], this.source)
      if (bold && id) models.push({id, description: bold.after})
    }
    return models
  }

  // ---- correlation-rule pages and the catalogue -------------------------------------

  correlationRulesPage() {
    const vendor = this.labelledHeading('Vendor')
    const product = this.labelledHeading('Product')
    const useCase = this.labelledHeading('Use-Case') ?? this.labelledHeading('Use Case')
    if (!vendor) this.problem('Missing the `Vendor: <name>` heading')
    if (!product?.link) this.problem('Missing the `### Product: [name](../ds_….md)` heading with its link')
    if (!useCase?.link) this.problem('Missing the `### Use-Case: [name](…/UseCases/uc_….md)` heading with its link')
    return {
      vendor: vendor?.value ?? null,
      productLink: product?.link ?? null,
      useCaseLink: useCase?.link ?? null,
      rows: this.correlationRuleRows('correlation-rules')
    }
  }

  /** The rows of a correlation-rule table: a product's `CR/` page, or the library's catalogue. */
  correlationRuleRows(role: 'correlation-rules' | 'correlation-catalogue'): CorrelationRuleRow[] {
    const table = this.tableWithRole(role)
    if (!table) {
      this.problem('Missing the correlation-rule table (`| Name | Description | Activity Type | MITRE Tactic | Severity |`)')
      return []
    }
    const headers = this.headerTexts(table)
    const h = this.headers
    const at = (names: readonly string[]) => this.column(headers, names)
    const columns = {name: at(h.ruleName), description: at(h.description), activityType: at(h.activityType), useCase: at(h.useCase), tactics: at(h.mitreTactic), severity: at(h.severity)}
    const rows: CorrelationRuleRow[] = []
    for (const row of table.children.slice(1)) {
      const span = this.source.nodeSpan(row)
      if (!span) continue
      const text = (i: number) => {
        const cell = i >= 0 ? row.children[i] : undefined
        return cell ? this.cellText(cell) : null
      }
      const tacticsCell = columns.tactics >= 0 ? row.children[columns.tactics] : undefined
      rows.push({
        name: text(columns.name) ?? {text: '', span},
        description: text(columns.description),
        activityType: text(columns.activityType),
        useCase: text(columns.useCase),
        tactics: tacticsCell ? this.listCell(tacticsCell) : [],
        severity: text(columns.severity),
        span
      })
    }
    if (rows.length === 0) this.problem('The correlation-rule table has no rows', table)
    return rows
  }

  /** The items of a cell listing several (`Persistence , Privilege Escalation`, or one per `<br>` line). */
  private listCell(cell: TableCell): TextFact[] {
    const items: TextFact[] = []
    for (const line of cellLines(cell, this.source)) {
      const fact = lineText(line.pieces, this.source)
      if (!fact) continue
      // Offsets into the text hold only when it is written as read (no escapes).
      if (this.source.slice(fact.span) !== fact.text) {
        items.push(fact)
        continue
      }
      const pattern = /[^,]+/g
      for (let m = pattern.exec(fact.text); m; m = pattern.exec(fact.text)) {
        const item = this.source.trimmed(fact.span.start + m.index, fact.span.start + m.index + m[0].length)
        if (item.text) items.push(item)
      }
    }
    return items
  }

  // ---- the library's matrix page and legacy parser names ---------------------------

  attackMapPage(): AttackMapFacts {
    const matrix = this.matrix()
    if (!matrix) this.problem('Missing the ATT&CK matrix table')
    return {
      title: this.matrixTitle(),
      techniques: this.totalHeading(/^\s*MITRE\s+Techniques\s*:\s*/i),
      subTechniques: this.totalHeading(/^\s*MITRE\s+Sub-?techniques\s*:\s*/i),
      matrix,
      rows: this.techniqueRulesRows()
    }
  }

  /** The first ATT&CK technique link in these cells (read without recording tactic mentions, as `techniqueCell` does). */
  private firstTechniqueLink(cells: readonly TableCell[]): TechniqueMention | null {
    for (const cell of cells) {
      for (const line of cellLines(cell, this.source)) {
        for (const piece of line.pieces) {
          const mention = piece.type === 'link' ? techniqueFromLink(piece.link, this.source) : null
          if (mention) return mention
        }
      }
    }
    return null
  }

  /** The matrix page's `| TTP Code | Technique: Sub-technique | Rules |` rows. */
  private techniqueRulesRows(): TechniqueRulesRow[] {
    const table = this.tableWithRole('technique-rules')
    if (!table) return []
    const headers = this.headerTexts(table)
    const codeAt = this.column(headers, this.headers.ttpCode)
    const rulesAt = this.column(headers, this.headers.rulesList)
    const rows: TechniqueRulesRow[] = []
    for (const row of table.children.slice(1)) {
      const span = this.source.nodeSpan(row)
      const codeCell = row.children[codeAt]
      const code = codeCell && this.cellText(codeCell)
      if (!span || !code) continue
      const technique = this.firstTechniqueLink(row.children.filter((_, i) => i !== codeAt && i !== rulesAt))
      const rulesCell = row.children[rulesAt]
      const rules = rulesCell && this.cellText(rulesCell)
      rows.push({code, technique, rules: rules && /^\d+$/.test(rules.text) ? {...rules, value: Number(rules.text)} : null, span})
    }
    return rows
  }

  /** The text of the heading the matrix stands under. */
  private matrixTitle(): TextFact | null {
    const heading = this.blocks.find((b): b is Heading => b.type === 'heading' && headerIs(plainText(b.children), this.headers.attackMatrix))
    const first = heading?.children[0]
    const last = heading?.children[heading.children.length - 1]
    if (!first || !last) return null
    return this.source.trimmed(this.source.nodeSpan(first)!.start, this.source.nodeSpan(last)!.end)
  }

  /** The number of a heading `### MITRE Techniques: 104`, where it is written. */
  private totalHeading(label: RegExp): (TextFact & {value: number}) | null {
    for (const block of this.blocks) {
      const first = block.type === 'heading' ? block.children[0] : undefined
      if (first?.type !== 'text') continue
      const m = label.exec(first.value)
      const digits = m ? /^\d+/.exec(first.value.slice(m[0].length)) : null
      if (!m || !digits) continue
      const fact = runFact(new TextRun(first, this.source), m[0].length, m[0].length + digits[0].length, this.source)
      return {...fact, value: Number(digits[0])}
    }
    return null
  }

  parserNameRows(): ParserNameRow[] {
    const table = this.tableWithRole('parser-names')
    if (!table) return []
    const headers = this.headerTexts(table)
    const oldAt = this.column(headers, this.headers.oldParserName)
    const newAt = this.column(headers, this.headers.newParserName)
    const rows: ParserNameRow[] = []
    for (const row of table.children.slice(1)) {
      const span = this.source.nodeSpan(row)
      const oldCell = row.children[oldAt]
      const newCell = row.children[newAt]
      const oldName = oldCell && this.cellText(oldCell)
      const newName = newCell && this.cellText(newCell)
      if (span && oldName && newName) rows.push({oldName, newName, span})
    }
    if (rows.length === 0) this.problem('The parser names table has no rows', table)
    return rows
  }

  // ---- parser pages --------------------------------------------------------------

  private parserCode(): Code | null {
    // `Name = x` inside the block, or the HOCON form `x = { … }` that names the parser by its key.
    const code = this.blocks.find((b): b is Code => b.type === 'code' && (/^\s*\{?\s*Name\s*=/m.test(b.value) || parserKey.test(b.value)))
    return code ?? null
  }

  parserPage() {
    const code = this.parserCode()
    const heading = this.blocks.some((b) => b.type === 'heading' && /parser content/i.test(plainText(b.children)))
    if (!heading) this.problem('Missing the `#### Parser Content` heading')
    if (!code) {
      this.problem('Missing the parser configuration code block (`Name = …`, or `<name> = {`)')
      return {name: null, dataType: null, vendor: null, product: null, conditions: [], fields: []}
    }
    const span = this.source.nodeSpan(code)!
    // The value of a fenced block is its source between the fences, verbatim; find it
    // in the source so each field points at its characters.
    const at = this.source.text.indexOf(code.value, span.start)
    const base = at >= 0 && at < span.end ? at : -1
    const field = (pattern: RegExp): TextFact | null => {
      // `d`: match indices give where the captured value starts, whatever surrounds it.
      const m = new RegExp(pattern.source, pattern.flags + 'd').exec(code.value)
      const at = m?.indices?.[1]
      if (!m || !at) return null
      const raw = m[1]!
      const value = raw.trim()
      if (base < 0) return {text: value, span}
      const start = base + at[0] + (raw.length - raw.trimStart().length)
      return {text: value, span: this.source.span(start, start + value.length)}
    }
    const name = field(/^[ \t]*\{?[ \t]*Name[ \t]*=[ \t]*"?([^"\r\n]*?)"?[ \t]*$/m) ?? field(parserKey)
    if (!name || name.text === '') this.problem('The parser configuration has no `Name`', code)
    return {
      name,
      dataType: field(/^[ \t]*DataType[ \t]*=[ \t]*"([^"\r\n]*)"/m),
      vendor: field(/^[ \t]*Vendor[ \t]*=[ \t]*"?([^"\r\n]*?)"?[ \t]*$/m),
      product: field(/^[ \t]*Product[ \t]*=[ \t]*"?([^"\r\n]*?)"?[ \t]*$/m),
      conditions: parserConditions(code.value),
      fields: parserFields(code.value)
    }
  }

  // ---- use-case pages ------------------------------------------------------------

  useCasePage() {
    const title = this.labelledHeading('Use Case') ?? this.labelledHeading('Use-Case')
    if (!title) this.problem('Missing the `Use Case: <name>` heading')
    const sections: UseCaseVendorSection[] = []
    let current: UseCaseVendorSection | null = null
    for (const block of this.blocks) {
      if (block.type === 'heading') {
        const text = plainText(block.children)
        const m = /^\s*Vendor\s*:\s*/i.exec(text)
        const first = block.children[0]
        if (m && first?.type === 'text') {
          const run = new TextRun(first, this.source)
          current = {vendor: runFact(run, m[0].length, first.value.trimEnd().length, this.source), rows: []}
          sections.push(current)
        }
      } else if (block.type === 'table' && this.roleOf(this.headerTexts(block), false) === 'use-case-products') {
        if (!current) {
          this.problem('A product table stands before any `### Vendor: <name>` heading', block)
          continue
        }
        current.rows.push(...this.useCaseProductRows(block))
      }
    }
    if (sections.length === 0) this.problem('No `### Vendor: <name>` section with a product table')
    return {title: title?.value ?? null, sections}
  }

  private useCaseProductRows(table: Table): UseCaseProductRow[] {
    const headers = this.headerTexts(table)
    const h = this.headers
    const at = {
      product: this.column(headers, h.product),
      eventTypes: this.column(headers, h.eventTypes),
      techniques: this.column(headers, h.mitreTtp),
      content: this.column(headers, h.content)
    }
    const rows: UseCaseProductRow[] = []
    for (const row of table.children.slice(1)) {
      const span = this.source.nodeSpan(row)
      if (!span) continue
      const cell = (i: number) => (i >= 0 ? row.children[i] : undefined)
      const productCell = cell(at.product)
      const productNode = productCell?.children.find((c): c is Link => c.type === 'link')
      const product = productNode ? linkFact(productNode, this.source) : null
      const eventTypes: TextFact[] = []
      const typesCell = cell(at.eventTypes)
      if (typesCell) {
        // `<ul><li>a</li><li>b</li></ul>`: every text piece is one event type.
        for (const line of cellLines(typesCell, this.source)) {
          for (const piece of line.pieces) {
            if (piece.type !== 'text') continue
            const fact = lineText([piece], this.source)
            if (fact) eventTypes.push(fact)
          }
        }
      }
      const techniquesCell = cell(at.techniques)
      const tactics: TacticMention[] = []
      const contentCell = cell(at.content)
      rows.push({
        product,
        productText: product ? {text: product.text, span: product.textSpan} : (productCell && this.cellText(productCell)) || {text: '', span},
        eventTypes,
        techniques: techniquesCell ? this.techniqueCell(techniquesCell, tactics) : [],
        tactics,
        content: contentCell ? this.contentCell(contentCell) : null,
        span,
        misshapen: row.children.length !== headers.length
      })
    }
    if (rows.length === 0) this.problem('A product table has no rows', table)
    return rows
  }
}

export type {Span}
