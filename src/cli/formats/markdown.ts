/**
 * `--format markdown`: a short summary for a pull request comment or
 * `$GITHUB_STEP_SUMMARY`: the counts by severity, by rule (with links to the rules'
 * documentation), the pages with the most findings, and with a baseline the new
 * findings and the fixed ones.
 *
 * Built as a Markdown syntax tree and written by mdast-util-to-markdown with the GFM
 * table extension (the serializer remark uses): it escapes what a page's text holds
 * (`|` in a table cell, backticks in code, `*` and `<` in text), which hand-written
 * escaping gets wrong.
 */
import type {Html, InlineCode, Link, PhrasingContent, Root, RootContent, Table, TableRow, Text} from 'mdast'
import {gfmTableToMarkdown} from 'mdast-util-gfm-table'
import {toMarkdown} from 'mdast-util-to-markdown'
import type {ReportData, ReportFinding} from './report-data.js'

/** Pages listed under "most findings"; new findings listed with a baseline. */
const topPages = 10
const listedFindings = 30

const str = (value: string): Text => ({type: 'text', value})
const code = (value: string): InlineCode => ({type: 'inlineCode', value})
const link = (url: string, children: PhrasingContent[]): Link => ({type: 'link', url, children})
const n = (value: number) => value.toLocaleString('en-US')
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`

function table(header: string[], rows: PhrasingContent[][][], align: Array<'left' | 'right' | null>): Table {
  const row = (cells: PhrasingContent[][]): TableRow => ({type: 'tableRow', children: cells.map((children) => ({type: 'tableCell', children}))})
  return {type: 'table', align, children: [row(header.map((title) => [str(title)])), ...rows.map(row)]}
}

function headline(data: ReportData): RootContent[] {
  const {error, warning, info} = data.counts
  const parts = [plural(error, 'error'), plural(warning, 'warning'), ...(info > 0 ? [n(info) + ' info'] : [])]
  const kinds = Object.entries(data.pagesByKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, count]) => `${kind} ${n(count)}`)
    .join(', ')
  const ran = data.rules.filter((rule) => rule.severities.length > 0).length
  return [
    {type: 'heading', depth: 2, children: [str(`content-lint: ${parts.join(', ')} in ${n(data.files.length)} of ${plural(data.pages, 'page')}`)]},
    {
      type: 'paragraph',
      children: [str('Library '), ...data.library.flatMap((root, i) => [...(i > 0 ? [str(', ')] : []), code(root)]), str(` · pages: ${kinds || 'none'} · ${plural(ran, 'rule')} ran · ATT&CK: ${data.attack}`)]
    }
  ]
}

function rulesTable(data: ReportData): RootContent[] {
  const rules = data.rules.filter((rule) => rule.findings > 0)
  if (rules.length === 0) return []
  const bySeverity = new Map<string, {error: number; warning: number; info: number}>()
  for (const f of data.findings) {
    const counts = bySeverity.get(f.rule) ?? {error: 0, warning: 0, info: 0}
    counts[f.severity]++
    bySeverity.set(f.rule, counts)
  }
  const rows = rules.map((rule) => {
    const counts = bySeverity.get(rule.id)!
    return [[rule.docs ? link(rule.docs, [code(rule.id)]) : code(rule.id)], [str(n(counts.error))], [str(n(counts.warning))]]
  })
  return [table(['rule', 'errors', 'warnings'], rows, ['left', 'right', 'right'])]
}

function pagesTable(data: ReportData): RootContent[] {
  const byFile = new Map<number, ReportFinding[]>()
  for (const f of data.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f])
  const top = [...byFile].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]).slice(0, topPages)
  if (top.length === 0) return []
  const rows = top.map(([file, findings]) => {
    const rules = [...new Set(findings.map((f) => f.rule))].sort().join(', ')
    return [[code(data.files[file]!.path)], [str(n(findings.length))], [str(rules)]]
  })
  const title = byFile.size > topPages ? `The ${topPages} pages with the most findings (of ${n(byFile.size)})` : 'Pages with findings'
  return [{type: 'heading', depth: 3, children: [str(title)]}, table(['page', 'findings', 'rules'], rows, ['left', 'right', 'left'])]
}

function details(summary: string, content: RootContent[]): RootContent[] {
  const open: Html = {type: 'html', value: `<details><summary>${summary.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</summary>`}
  return [open, ...content, {type: 'html', value: '</details>'}]
}

/**
 * A reason as Markdown: reasons quote page text in backticks, which becomes inline code
 * (escaped by the serializer like any text), the rest text.
 */
export function reasonNodes(reason: string): PhrasingContent[] {
  return reason.split(/`([^`\n]*)`/).map((part, i) => (i % 2 === 1 ? code(part) : str(part))).filter((node) => node.value !== '' || node.type === 'inlineCode')
}

function findingItem(data: ReportData, f: ReportFinding): RootContent {
  const place = f.line === null ? '' : `:${f.line}:${f.column}`
  const children: PhrasingContent[] = [code(`${data.files[f.file]!.path}${place}`), str(` ${f.severity} `), ...reasonNodes(f.reason), str(' '), code(f.rule)]
  return {type: 'listItem', spread: false, children: [{type: 'paragraph', children}]}
}

/** With a baseline: how many are new and fixed, the new ones listed, the fixed ones folded. */
function comparison(data: ReportData): RootContent[] {
  const against = data.comparison
  if (!against) return []
  const fixedCount = against.fixed.reduce((sum, f) => sum + f.count, 0)
  const out: RootContent[] = [
    {type: 'heading', depth: 3, children: [str(`New and fixed against the ${against.against}`)]},
    {type: 'paragraph', children: [str(`${n(against.newFindings)} new, ${n(fixedCount)} fixed.`)]}
  ]
  const fresh = data.findings.filter((f) => f.new)
  const listed = fresh.slice(0, listedFindings)
  if (listed.length > 0) {
    const more = fresh.length > listed.length ? ` (the first ${listed.length})` : ''
    out.push(...details(`New findings${more}`, [{type: 'list', ordered: false, spread: false, children: listed.map((f) => findingItem(data, f)) as never}]))
  }
  if (against.fixed.length > 0) {
    const rows = against.fixed.slice(0, listedFindings).map((f) => [[code(f.file)], [code(f.rule)], [code(f.actual)], [str(n(f.count))]])
    out.push(...details(`Fixed findings${against.fixed.length > listedFindings ? ` (the first ${listedFindings})` : ''}`, [table(['page', 'rule', 'text', 'count'], rows, ['left', 'left', 'left', 'right'])]))
  }
  return out
}

export function formatMarkdown(data: ReportData): string {
  const tree: Root = {type: 'root', children: [...headline(data), ...rulesTable(data), ...pagesTable(data), ...comparison(data)]}
  return toMarkdown(tree, {extensions: [gfmTableToMarkdown({tablePipeAlign: false})], bullet: '-', rule: '-'})
}
