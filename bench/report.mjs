#!/usr/bin/env node
/**
 * `npm run bench:report`: the HTML report's size and opening time for a large run.
 *
 *     npm run bench:report -- [--findings 30000] [--runs 5] [--keep FILE]
 *
 * Builds a synthetic run of `--findings` findings (pages of 300 vendors, ten rules,
 * reasons, quoted texts, fixes and notes of the lengths a real run has) as vfiles,
 * writes its report with the built formatter (`dist/`), and opens it in headless
 * Chromium (Debian's, through playwright-core) `--runs` times: the time from
 * navigation until the report's script has drawn the charts and the first findings
 * (`body[data-ready]`), the time a text filter takes to redraw, and the page's JS heap.
 * Prints medians. A benchmark, not a test: the machine's load decides the numbers.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import {parseArgs} from 'node:util'
import {chromium} from 'playwright-core'
import {VFile} from 'vfile'

const repo = path.resolve(import.meta.dirname, '..')
const {values} = parseArgs({
  options: {
    findings: {type: 'string', default: '30000'},
    runs: {type: 'string', default: '5'},
    keep: {type: 'string'}
  }
})
const {reportData} = await import(path.join(repo, 'dist/src/cli/formats/report-data.js'))
const {formatHtml} = await import(path.join(repo, 'dist/src/cli/formats/html.js'))
const {rulesById} = await import(path.join(repo, 'dist/src/preset/rules.js'))

/** A fixed-seed generator, so every run builds the same report. */
function random(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
}

function syntheticRun(count) {
  const next = random(20)
  const rules = [...rulesById.keys()]
  const words = 'parser event type listed under which does not fit its DataType says failed the linked page summary count link Stray tag open here'.split(' ')
  const sentence = (n) => Array.from({length: n}, () => words[Math.floor(next() * words.length)]).join(' ')
  const files = []
  const pages = Math.ceil(count / 9)
  for (let p = 0; p < pages; p++) {
    const vendor = `Vendor${Math.floor(next() * next() * 300)}`
    const file = new VFile({path: `library/DataSources/${vendor}/Product${p}/ds_${vendor.toLowerCase()}_product${p}.md`, cwd: os.tmpdir()})
    file.data.contentLintKind = next() < 0.5 ? 'product' : 'rules-and-models'
    file.data.contentLintRules = Object.fromEntries(rules.map((id) => [id, rulesById.get(id).meta.defaultSeverity]))
    files.push(file)
  }
  for (let i = 0; i < count; i++) {
    const file = files[i % pages]
    const line = 5 + Math.floor(next() * 400)
    const message = file.message(`${sentence(8 + Math.floor(next() * 12))} \`${sentence(2)}\``, {
      place: {start: {line, column: 10, offset: 0}, end: {line, column: 30, offset: 20}},
      ruleId: rules[Math.floor(next() * next() * rules.length)],
      source: 'content-lint'
    })
    message.fatal = next() < 0.25
    message.actual = sentence(3)
    if (next() < 0.5) message.expected = [sentence(3)]
    if (next() < 0.3) message.note = sentence(40)
  }
  return files
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const count = Number(values.findings)
const built = performance.now()
const html = formatHtml(reportData(syntheticRun(count), {cwd: os.tmpdir(), version: 'bench'}))
const writeMs = performance.now() - built
const file = values.keep ? path.resolve(values.keep) : path.join(os.tmpdir(), `content-lint-report-bench-${process.pid}.html`)
fs.writeFileSync(file, html)

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
})
const opened = []
const filtered = []
const heaps = []
for (let run = 0; run < Number(values.runs); run++) {
  const page = await browser.newPage({viewport: {width: 1440, height: 900}})
  const started = Date.now()
  await page.goto('file://' + file)
  await page.waitForSelector('body[data-ready="true"]', {timeout: 300_000})
  opened.push(Date.now() - started)
  const before = Date.now()
  await page.fill('#filter-text', 'stray')
  await page.waitForFunction(() => document.querySelector('#shown-count')?.textContent !== document.querySelector('#total-count')?.textContent)
  filtered.push(Date.now() - before - 150) // less the filter's typing delay
  const metrics = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0)
  heaps.push(metrics)
  await page.close()
}
await browser.close()
if (!values.keep) fs.rmSync(file)
console.log(`findings: ${count.toLocaleString('en-US')}`)
console.log(`report: ${(html.length / 1e6).toFixed(1)} MB (written in ${(writeMs / 1000).toFixed(2)} s)`)
console.log(`opening until charts and first findings are drawn: median ${median(opened)} ms (${opened.join(', ')})`)
console.log(`text filter redraw: median ${median(filtered)} ms`)
console.log(`page JS heap after opening: median ${(median(heaps) / 1e6).toFixed(0)} MB`)
