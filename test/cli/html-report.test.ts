/**
 * The HTML report of the example library, as a person opens it: written by the built
 * CLI (`dist/`, what users run), opened from its file in headless Chromium with the
 * network blocked. No console errors, nothing fetched, the counts shown equal the
 * JSON report's of the same library, the filters narrow the table to what the JSON
 * report says, the charts hold the same numbers, and a screenshot is written to
 * `test-output/html-report/` for a person to look at.
 *
 * Skipped, saying why, where Chromium is not installed (`.ci/run` installs Debian's).
 * The 2021 snapshot's report is opened by `test/corpus/html-report.test.ts`.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Browser} from 'playwright-core'
import {rules} from '../../src/preset/rules.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {browserMissing, openBrowser, openReport, outputFolder, runBuiltCli, shownNumber} from '../helpers/browser.js'
import {cleanTemps, repo, tempDir} from '../helpers/usage-helpers.js'

const missing = browserMissing()
if (missing) console.warn(`html-report.test.ts skipped: ${missing}`)

interface JsonMessage {
  ruleId: string
  fatal: boolean | null
  reason: string
}

/** Run the built CLI in `cwd`; its stdout. */
async function cli(cwd: string, ...args: string[]): Promise<string> {
  return (await runBuiltCli(cwd, args)).stdout
}

describe.skipIf(missing !== null)(`the HTML report of the example library in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let browser: Browser
  let dir: string
  let reportFile: string
  let findings: Array<JsonMessage & {path: string}>

  beforeAll(async () => {
    dir = tempDir()
    fs.cpSync(path.join(repo, 'examples', 'library'), dir, {recursive: true})
    reportFile = path.join(dir, 'report.html')
    await cli(dir, '--no-cache', '--format', 'html', '--output', reportFile, '.')
    const json = JSON.parse(await cli(dir, '--no-cache', '--format', 'json', '.')) as Array<{path: string; messages: JsonMessage[]}>
    findings = json.flatMap((file) => file.messages.map((m) => ({...m, path: file.path})))
    browser = await openBrowser()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    cleanTemps()
  })

  it('opens offline without errors and shows the counts of the JSON report', async () => {
    const {page, errors, outside} = await openReport(browser, reportFile)
    expect(errors).toEqual([])
    expect(outside).toEqual([])
    expect(await shownNumber(page, '#count-total')).toBe(findings.length)
    expect(await shownNumber(page, '#count-error')).toBe(findings.filter((f) => f.fatal === true).length)
    expect(await shownNumber(page, '#count-warning')).toBe(findings.filter((f) => f.fatal === false).length)
    expect(await shownNumber(page, '#shown-count')).toBe(findings.length)
    expect(await page.locator('tr.finding').count()).toBe(findings.length)
    expect(await shownNumber(page, '#count-pages')).toBe(19)
    fs.mkdirSync(outputFolder, {recursive: true})
    await page.screenshot({path: path.join(outputFolder, 'example-library.png'), fullPage: true})
    await page.close()
  })

  it('draws each rule’s count in the rule chart', async () => {
    const {page} = await openReport(browser, reportFile)
    const chart = await page.evaluate(() => {
      const c = (window as unknown as {Chart: {getChart(canvas: Element): {data: {labels: string[]; datasets: Array<{data: number[]}>}}}}).Chart.getChart(document.getElementById('chart-rules')!)
      return {labels: c.data.labels, totals: c.data.labels.map((_, i) => c.data.datasets.reduce((n, d) => n + d.data[i]!, 0))}
    })
    const expected = new Map<string, number>()
    for (const f of findings) expected.set(f.ruleId, (expected.get(f.ruleId) ?? 0) + 1)
    // Each bar's label says its count too: `attack-technique (3)`.
    expect(new Map(chart.labels.map((label, i) => [label, chart.totals[i]]))).toEqual(new Map([...expected].map(([rule, n]) => [`${rule} (${n})`, n])))
    await page.close()
  })

  it('filters by rule, severity, vendor and text, and groups by page', async () => {
    const {page} = await openReport(browser, reportFile)
    const rows = () => page.locator('tr.finding').count()
    await page.selectOption('#filter-rule', 'attack-technique')
    expect(await rows()).toBe(findings.filter((f) => f.ruleId === 'attack-technique').length)
    expect(await shownNumber(page, '#shown-count')).toBe(await rows())
    // One group per page holding this rule's findings.
    expect(await page.locator('section.page').count()).toBe(new Set(findings.filter((f) => f.ruleId === 'attack-technique').map((f) => f.path)).size)
    await page.selectOption('#filter-rule', '')
    await page.selectOption('#filter-severity', 'warning')
    expect(await rows()).toBe(findings.filter((f) => f.fatal === false).length)
    await page.selectOption('#filter-severity', '')
    await page.selectOption('#filter-vendor', 'Acme')
    expect(await rows()).toBe(findings.filter((f) => f.path.startsWith('DataSources/Acme/')).length)
    await page.click('#clear-filters')
    await page.fill('#filter-text', 'placeholder')
    await expect.poll(rows).toBe(findings.filter((f) => f.reason.toLowerCase().includes('placeholder')).length)
    // The text filter reads the rule's ID too.
    await page.fill('#filter-text', 'linked-count')
    await expect.poll(rows).toBe(findings.filter((f) => f.ruleId === 'linked-count' || f.reason.includes('linked-count')).length)
    await page.close()
  })

  it('says when there is nothing to show, without errors', async () => {
    const clean = tempDir()
    fs.mkdirSync(path.join(clean, 'UseCases'))
    fs.writeFileSync(path.join(clean, 'UseCases', 'notes.md'), '# Notes\n\nNothing to check.\n')
    const file = path.join(clean, 'report.html')
    await cli(clean, '--no-cache', '--rule', 'page-shape=off', '--format', 'html', '--output', file, '.')
    const {page, errors} = await openReport(browser, file)
    expect(errors).toEqual([])
    expect(await page.locator('#no-findings').textContent()).toBe('No findings.')
    expect(await shownNumber(page, '#count-total')).toBe(0)
    // page-shape was turned off: the rules that ran say so.
    expect(await page.locator('#rules-ran li').allTextContents()).not.toContainEqual(expect.stringContaining('page-shape'))
    // Every rule of the preset but page-shape.
    expect(await shownNumber(page, '#count-rules')).toBe(rules.length - 1)
    await page.close()
  })

  it('links each finding to its rule’s documentation', async () => {
    const {page} = await openReport(browser, reportFile)
    const hrefs = await page.locator('td.rule a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))
    expect(hrefs.length).toBe(findings.length)
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/github\.com\/content-lint\/content-lint\/blob\/main\/docs\/rules\/[a-z-]+\.md$/)
    await page.close()
  })
})
