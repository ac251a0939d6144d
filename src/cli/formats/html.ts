/**
 * `--format html`: one self-contained page (it opens offline, from a file) showing the
 * run at the top (library, pages by kind, rules that ran, ATT&CK release, counts by
 * severity), charts of findings per rule, per vendor (the top 20 and the rest), per
 * page kind and, with a baseline, new against fixed; then the findings, filtered by
 * rule, severity, vendor, page kind and text, sorted, and grouped by page.
 *
 * What is inlined, and why these libraries:
 * - Chart.js (its UMD build): the most used canvas chart library, maintained, MIT, no
 *   dependencies, and made for exactly these bar charts; 210 KB once per report.
 * - the page's script (`html/client.ts`, compiled by the build) and styles.
 * - the data, as JSON in a `<script type="application/json">`, written with
 *   serialize-javascript (`isJSON`), which escapes `<`, `>`, `/` and U+2028/2029 so that
 *   no text of a page can close the script element.
 * Text written into the HTML itself (the run's header) is escaped with `entities`
 * (the escaper of htmlparser2 and cheerio); the script puts findings in with
 * `textContent`, never as markup.
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {escapeAttribute, escapeText} from 'entities/escape'
import serialize from 'serialize-javascript'
import {packReport} from './html/packed.js'
import {reportStyles} from './html/styles.js'
import type {ReportData} from './report-data.js'

const require = createRequire(import.meta.url)
const here = path.dirname(fileURLToPath(import.meta.url))

/** A script's text, safe inside `<script>`: no source map comment (the map is not shipped in the report). */
function inlineScript(code: string): string {
  return code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')
}

let chartJs: string | undefined
let client: string | undefined

/** Chart.js's browser build, from the installed package (its `exports` name only the module builds). */
function chartScript(): string {
  chartJs ??= inlineScript(fs.readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8'))
  return chartJs
}

/**
 * The page's script: compiled by `tsc` beside this module (`dist/…/html/client.js`);
 * when the sources run (vitest), compiled from `client.ts` with TypeScript, a dev
 * dependency there, to the same code.
 */
function clientScript(): string {
  if (client !== undefined) return client
  const built = path.join(here, 'html', 'client.js')
  if (fs.existsSync(built)) return (client = inlineScript(fs.readFileSync(built, 'utf8')))
  const ts = require('typescript') as typeof import('typescript')
  const source = fs.readFileSync(path.join(here, 'html', 'client.ts'), 'utf8')
  return (client = ts.transpileModule(source, {compilerOptions: {target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext}}).outputText)
}

const text = (value: string | number) => escapeText(typeof value === 'number' ? value.toLocaleString('en-US') : value)

function card(title: string, body: string): string {
  return `<div class="card"><h2>${text(title)}</h2>${body}</div>`
}

/** The run: counts by severity, pages by kind, the rules that ran, the ATT&CK release. */
function runCards(data: ReportData): string {
  const total = data.findings.length
  const counts = (['error', 'warning', 'info'] as const)
    .filter((severity) => severity !== 'info' || data.counts.info > 0)
    .map((severity) => `<span class="count ${severity}"><span class="big" id="count-${severity}">${text(data.counts[severity])}</span>${severity === 'info' ? 'info' : severity + 's'}</span>`)
    .join('')
  const kinds = Object.entries(data.pagesByKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `<li>${text(kind)} <b>${text(n)}</b></li>`)
    .join('')
  const rules = data.rules
    .filter((rule) => rule.severities.length > 0)
    .map((rule) => `<li><a href="${escapeAttribute(rule.docs)}" target="_blank" rel="noopener">${text(rule.id)}</a> ${text(rule.severities.join('/'))}</li>`)
    .join('')
  const ran = data.rules.filter((rule) => rule.severities.length > 0).length
  return [
    card('Findings', `<div><span class="big" id="count-total">${text(total)}</span>in ${text(data.files.length)} pages</div><div>${counts}</div>`),
    card('Pages', `<div><span class="big" id="count-pages">${text(data.pages)}</span>checked</div><ul id="pages-by-kind">${kinds}</ul>`),
    card('Rules', `<div><span class="big" id="count-rules">${text(ran)}</span>ran</div><ul id="rules-ran">${rules}</ul>`),
    card('ATT&CK', `<div id="attack">${text(data.attack)}</div>`)
  ].join('\n')
}

function figure(id: string, title: string, note = ''): string {
  return `<figure><figcaption>${text(title)}${note ? ` <small>${text(note)}</small>` : ''}</figcaption><div class="chart-box"><canvas id="${id}"></canvas></div></figure>`
}

/** The charts; none to draw without findings (unless some were fixed). */
function charts(data: ReportData): string {
  if (data.findings.length === 0 && !data.comparison?.fixed.length) return '<section id="charts"><p id="no-findings">No findings.</p></section>'
  return `<section id="charts" class="charts">
${figure('chart-rules', 'Findings per rule', 'click a bar to filter')}
${figure('chart-vendors', 'Findings per vendor', 'the top 20 and the rest')}
${figure('chart-kinds', 'Findings per page kind')}
${data.comparison ? figure('chart-comparison', 'New and fixed', `against the ${data.comparison.against}`) : ''}
</section>`
}

/** New against fixed, and the fixed findings by rule and page. */
function comparisonSection(data: ReportData): string {
  const comparison = data.comparison
  if (!comparison) return ''
  const rows = comparison.fixed
    .slice(0, 500)
    .map((f) => `<tr><td>${text(f.file)}</td><td>${text(f.rule)}</td><td><code>${text(f.actual)}</code></td><td>${text(f.count)}</td></tr>`)
    .join('')
  const more = comparison.fixed.length > 500 ? `<p>and ${text(comparison.fixed.length - 500)} more</p>` : ''
  return `<section id="comparison"><h2>Against the ${text(comparison.against)}: <span id="count-new">${text(comparison.newFindings)}</span> new, <span id="count-fixed">${text(comparison.fixed.reduce((n, f) => n + f.count, 0))}</span> fixed</h2>
<details><summary>Fixed findings</summary><div class="fixed-list"><table><thead><tr><th>Page</th><th>Rule</th><th>Text</th><th>Count</th></tr></thead><tbody>${rows}</tbody></table>${more}</div></details></section>`
}

const filtersForm = `<div class="filters">
<select id="filter-rule" aria-label="Rule"><option value="">All rules</option></select>
<select id="filter-severity" aria-label="Severity"><option value="">All severities</option></select>
<select id="filter-vendor" aria-label="Vendor"><option value="">All vendors</option></select>
<select id="filter-kind" aria-label="Page kind"><option value="">All page kinds</option></select>
<input id="filter-text" type="search" placeholder="Filter by text: page, reason, text, fix, note" aria-label="Text">
<select id="filter-age" aria-label="New or all"><option value="">New and known</option><option value="new">New only</option></select>
<select id="filter-sort" aria-label="Sort"><option value="page">By page and position</option><option value="rule">By rule</option><option value="severity">By severity</option></select>
<button id="clear-filters" type="button">Clear</button>
</div>`

export function formatHtml(data: ReportData): string {
  const library = data.library.join(', ') || '.'
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="content-lint ${escapeAttribute(data.tool.version)}">
<title>content-lint: ${text(library)}</title>
<style>${reportStyles}</style>
</head>
<body>
<header><h1>content-lint report</h1><p class="meta">library <code id="library">${text(library)}</code> · content-lint ${text(data.tool.version)} · ${text(new Date().toISOString().slice(0, 16).replace('T', ' '))} UTC</p></header>
<main>
<section id="run" class="cards">
${runCards(data)}
</section>
${charts(data)}
${comparisonSection(data)}
<section id="findings">
<h2>Findings: <span id="shown-count">…</span> of <span id="total-count">${text(data.findings.length)}</span> shown</h2>
${filtersForm}
<div id="finding-list"></div>
<button id="show-more" type="button" hidden>Show more</button>
</section>
</main>
<script id="report-data" type="application/json">${serialize(packReport(data), {isJSON: true})}</script>
<script>${chartScript()}</script>
<script type="module">${clientScript()}</script>
</body>
</html>
`
}
