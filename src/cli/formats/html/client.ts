/**
 * The HTML report's script, run in the browser. `html.ts` inlines it (compiled) into
 * the report with Chart.js and the run's data, so the page works offline.
 *
 * Written without a UI framework: it is a table with four filters, a sort and paging,
 * and a framework would add more to every report than this whole file. Text goes into
 * the page through `textContent` only, never as HTML, so nothing a page of the library
 * says can become markup here.
 *
 * The table shows the findings page by page, `pageSize` findings at a time ("Show
 * more" adds the next ones): a report of 30,000 findings opens as fast as one of 300.
 */
import type {Chart as ChartClass, ChartConfiguration} from 'chart.js'
import type {FindingTuple, PackedReport} from './packed.js'

declare const Chart: typeof ChartClass

/** Findings rendered at a time. */
const pageSize = 500

const severityNames = ['error', 'warning', 'info'] as const

/** A finding as the page works with it (`FindingTuple` unpacked). */
interface PackedFinding {
  file: number
  rule: number
  severity: number
  line: number | null
  column: number | null
  endLine: number | null
  endColumn: number | null
  reason: string
  actual: string | null
  expected: string[] | null
  fixable: boolean
  note: string | null
  /** New against the baseline or the merge base. */
  fresh: boolean
}

function unpack(t: FindingTuple): PackedFinding {
  const [file, rule, severity, line, column, endLine, endColumn, reason, actual, expected, fixable, note, fresh] = t
  return {file, rule, severity, line, column, endLine, endColumn, reason, actual, expected, fixable: fixable === 1, note, fresh: fresh === 1}
}

interface Row {
  /** Position in `report.findings`: the sort by page and position keeps it. */
  order: number
  finding: PackedFinding
  /** The text the text filter searches, lower-cased; made on the first search (30,000 joins are a cost at opening). */
  search: string | null
}

interface Filters {
  rule: string
  severity: string
  vendor: string
  kind: string
  text: string
  sort: 'page' | 'rule' | 'severity'
  /** `new`: only findings new against the comparison. */
  age: string
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id)
  if (!node) throw new Error(`The report has no #${id}`)
  return node as T
}

function readReport(): PackedReport {
  return JSON.parse(byId('report-data').textContent ?? '{}') as PackedReport
}

const number = (n: number) => n.toLocaleString('en-US')

function position(f: PackedFinding): string {
  if (f.line === null) return ''
  const end = f.endLine !== null ? (f.endLine === f.line ? `-${f.endColumn}` : `-${f.endLine}:${f.endColumn}`) : ''
  return `${f.line}:${f.column}${end}`
}

/** The selects' options: each value with its count, most first. */
function fillSelect(select: HTMLSelectElement, counts: Map<string, number>, label: (value: string) => string = (v) => v): void {
  for (const [value, n] of [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    const option = element('option', undefined, `${label(value)} (${number(n)})`)
    option.value = value
    select.append(option)
  }
}

function countBy(rows: readonly Row[], key: (f: PackedFinding) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const row of rows) counts.set(key(row.finding), (counts.get(key(row.finding)) ?? 0) + 1)
  return counts
}

/** A reason with the page text it quotes in backticks shown as code (as text: never markup). */
function reasonElement(reason: string): HTMLElement {
  const div = element('div')
  reason.split(/`([^`\n]*)`/).forEach((part, i) => div.append(i % 2 === 1 ? element('code', undefined, part) : document.createTextNode(part)))
  return div
}

class ReportView {
  private readonly rows: Row[]
  private visible: Row[] = []
  private shown = 0
  private readonly filters: Filters = {rule: '', severity: '', vendor: '', kind: '', text: '', sort: 'page', age: ''}

  constructor(private readonly report: PackedReport) {
    this.rows = report.findings.map((tuple, order) => ({order, finding: unpack(tuple), search: null}))
  }

  rule(f: PackedFinding): string {
    return this.report.rules[f.rule]!.id
  }

  vendor(f: PackedFinding): string {
    return this.report.files[f.file]!.vendor
  }

  kind(f: PackedFinding): string {
    return this.report.files[f.file]!.kind
  }

  start(): void {
    fillSelect(byId('filter-rule'), countBy(this.rows, (f) => this.rule(f)))
    fillSelect(byId('filter-severity'), countBy(this.rows, (f) => severityNames[f.severity]!))
    fillSelect(byId('filter-vendor'), countBy(this.rows, (f) => this.vendor(f)))
    fillSelect(byId('filter-kind'), countBy(this.rows, (f) => this.kind(f)))
    byId('filter-age').hidden = !this.report.comparison
    for (const name of ['rule', 'severity', 'vendor', 'kind', 'sort', 'age'] as const) {
      byId<HTMLSelectElement>(`filter-${name}`).addEventListener('change', (event) => {
        ;(this.filters as unknown as Record<string, string>)[name] = (event.target as HTMLSelectElement).value
        this.apply()
      })
    }
    let typing: number | undefined
    byId<HTMLInputElement>('filter-text').addEventListener('input', (event) => {
      clearTimeout(typing)
      typing = window.setTimeout(() => {
        this.filters.text = (event.target as HTMLInputElement).value.trim().toLowerCase()
        this.apply()
      }, 150)
    })
    byId('show-more').addEventListener('click', () => this.renderMore())
    byId('clear-filters').addEventListener('click', () => this.setFilter({rule: '', severity: '', vendor: '', kind: '', text: '', age: ''}))
    this.apply()
  }

  /** Set filters from outside the form (a click on a chart's bar). */
  setFilter(values: Partial<Filters>): void {
    Object.assign(this.filters, values)
    for (const name of ['rule', 'severity', 'vendor', 'kind', 'age'] as const) byId<HTMLSelectElement>(`filter-${name}`).value = this.filters[name]
    byId<HTMLInputElement>('filter-text').value = this.filters.text
    this.apply()
    byId('findings').scrollIntoView({behavior: 'smooth', block: 'start'})
  }

  private searchText(row: Row): string {
    const f = row.finding
    row.search ??= [this.report.files[f.file]!.path, this.rule(f), f.reason, f.actual ?? '', ...(f.expected ?? []), f.note ?? ''].join('\n').toLowerCase()
    return row.search
  }

  private matches(row: Row): boolean {
    const {rule, severity, vendor, kind, text, age} = this.filters
    const f = row.finding
    if (age === 'new' && !f.fresh) return false
    if (rule && this.rule(f) !== rule) return false
    if (severity && severityNames[f.severity] !== severity) return false
    if (vendor && this.vendor(f) !== vendor) return false
    if (kind && this.kind(f) !== kind) return false
    return !text || this.searchText(row).includes(text)
  }

  private sorted(rows: Row[]): Row[] {
    const {sort} = this.filters
    if (sort === 'page') return rows
    const key = sort === 'rule' ? (r: Row) => this.rule(r.finding) : (r: Row) => String(r.finding.severity)
    // Within a rule or severity, pages stay in order: the groups below follow it.
    return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.order - b.order))
  }

  private apply(): void {
    this.visible = this.sorted(this.rows.filter((row) => this.matches(row)))
    this.shown = 0
    byId('finding-list').replaceChildren()
    this.renderMore()
  }

  private renderMore(): void {
    const list = byId('finding-list')
    const next = this.visible.slice(this.shown, this.shown + pageSize)
    let group = list.lastElementChild as HTMLElement | null
    for (const row of next) {
      const fileIndex = String(row.finding.file)
      if (!group || group.dataset.file !== fileIndex) {
        group = this.pageGroup(row.finding)
        list.append(group)
      }
      group.querySelector('tbody')!.append(this.findingRow(row.finding))
    }
    this.shown += next.length
    byId('shown-count').textContent = number(this.visible.length)
    byId('total-count').textContent = number(this.rows.length)
    byId('show-more').hidden = this.shown >= this.visible.length
    byId('show-more').textContent = `Show ${number(Math.min(pageSize, this.visible.length - this.shown))} more (${number(this.visible.length - this.shown)} not shown)`
  }

  private pageGroup(f: PackedFinding): HTMLElement {
    const file = this.report.files[f.file]!
    const section = element('section', 'page')
    section.dataset.file = String(f.file)
    const heading = element('h3')
    heading.append(element('span', 'path', file.path), element('span', 'tag', file.kind), element('span', 'tag', file.vendor))
    const table = element('table')
    const head = element('tr')
    for (const title of ['Position', 'Severity', 'Finding', 'Text', 'Fix', 'Rule']) head.append(element('th', undefined, title))
    table.append(element('thead'), element('tbody'))
    table.tHead!.append(head)
    section.append(heading, table)
    return section
  }

  private findingRow(f: PackedFinding): HTMLTableRowElement {
    const row = element('tr', `finding ${severityNames[f.severity]}`)
    const reason = element('td', 'reason')
    reason.append(reasonElement(f.reason))
    if (f.note) {
      const details = element('details', 'note')
      details.append(element('summary', undefined, 'note'), element('pre', undefined, f.note))
      reason.append(details)
    }
    const actual = element('td', 'actual')
    if (f.actual !== null && f.actual !== '') actual.append(element('code', undefined, f.actual))
    const fix = element('td', 'fix')
    for (const [i, expected] of (f.expected ?? []).entries()) {
      if (i > 0) fix.append(element('span', 'or', ' or '))
      // A line break in a fix is shown, not only made (table-shape's fix starts with one).
      fix.append(expected === '' ? element('em', undefined, 'remove') : element('code', undefined, expected.replace(/\r?\n/g, '⏎\n')))
    }
    if (f.expected?.length && !f.fixable) fix.append(element('span', 'hint', ' (by hand)'))
    const rule = element('td', 'rule')
    const meta = this.report.rules[f.rule]!
    if (meta.docs) {
      const link = element('a', undefined, meta.id)
      link.href = meta.docs
      link.target = '_blank'
      link.rel = 'noopener'
      rule.append(link)
    } else rule.textContent = meta.id
    const severity = element('td', 'severity', severityNames[f.severity])
    if (f.fresh) severity.append(element('span', 'new', 'new'))
    row.append(element('td', 'position', position(f)), severity, reason, actual, fix, rule)
    return row
  }
}

const palette = {error: '#c62828', warning: '#ef8f00', info: '#1565c0', bar: '#3f6cb5', rest: '#9aa5b1', fixed: '#2e7d32'}

interface Series {
  label: string
  values: number[]
  color: string | string[]
}

/** `keys` name the bars (a click filters by its key); the axis shows each with its total, so a bar of 3 among bars of 10,000 still says 3. */
function barChart(canvas: string, keys: string[], series: Series[], onClick?: (key: string) => void): void {
  const labels = keys.map((key, i) => `${key} (${number(series.reduce((n, s) => n + (s.values[i] ?? 0), 0))})`)
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {labels, datasets: series.map((s) => ({label: s.label, data: s.values, backgroundColor: s.color}))},
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      animation: false,
      plugins: {legend: {display: series.length > 1, position: 'bottom'}},
      scales: {x: {stacked: true, ticks: {precision: 0}}, y: {stacked: true, ticks: {autoSkip: false}}},
      onClick: (_event, elements) => {
        const hit = elements[0]
        if (hit && onClick) onClick(keys[hit.index]!)
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined
        if (target) target.style.cursor = elements.length > 0 && onClick ? 'pointer' : 'default'
      }
    }
  }
  new Chart(byId<HTMLCanvasElement>(canvas), config)
}

/** Bars sized to their count: a chart of 20 vendors needs more height than one of 3 kinds. */
function sizeChart(canvas: string, bars: number, legend = false): void {
  byId(canvas).parentElement!.style.height = `${Math.max(110, 30 + bars * 19 + (legend ? 24 : 0))}px`
}

function drawCharts(report: PackedReport, view: ReportView): void {
  const rules = report.chart.rules
  sizeChart('chart-rules', rules.length, true)
  const bySeverity = (['error', 'warning', 'info'] as const).filter((severity) => rules.some((rule) => rule[severity] > 0))
  barChart(
    'chart-rules',
    rules.map((r) => r.id),
    bySeverity.map((severity) => ({label: severity === 'info' ? 'info' : severity + 's', values: rules.map((r) => r[severity]), color: palette[severity]})),
    (rule) => view.setFilter({rule})
  )
  const vendors = report.chart.vendors
  sizeChart('chart-vendors', vendors.length)
  const vendorLabels = vendors.map((v) => v.name)
  const vendorSeries = {label: 'findings', values: vendors.map((v) => v.findings), color: vendors.map((v) => (v.rest ? palette.rest : palette.bar))}
  barChart('chart-vendors', vendorLabels, [vendorSeries], (vendor) => {
    if (!vendors.find((v) => v.name === vendor)?.rest) view.setFilter({vendor})
  })
  const kinds = report.chart.kinds
  sizeChart('chart-kinds', kinds.length)
  barChart('chart-kinds', kinds.map((k) => k.name), [{label: 'findings', values: kinds.map((k) => k.findings), color: palette.bar}], (kind) => view.setFilter({kind}))
  const comparison = report.comparison
  if (comparison) {
    sizeChart('chart-comparison', 2)
    barChart('chart-comparison', ['new', 'fixed'], [{label: 'findings', values: [comparison.newFindings, comparison.fixedCount], color: [palette.error, palette.fixed]}])
  }
}

function main(): void {
  const report = readReport()
  const view = new ReportView(report)
  view.start()
  try {
    if (document.getElementById('chart-rules')) drawCharts(report, view)
  } catch (error) {
    // The findings stay usable without charts; say why they are missing.
    byId('charts').prepend(element('p', 'error-note', `Charts could not be drawn: ${(error as Error).message}`))
  }
  document.body.dataset.ready = 'true'
}

main()
