/**
 * The HTML report of the 2021 snapshot in headless Chromium: written by the built CLI
 * with the same arguments as the corpus run, its counts equal that run's JSON report,
 * the rule and vendor charts are in the first screen, filtering by the rule with the
 * most findings shows that rule's count, and a screenshot of the first screen is
 * written to `test-output/html-report/` (the README's is a copy of it).
 *
 * Skipped, saying why, without the snapshot or without Chromium.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {browserMissing, openBrowser, openReport, outputFolder, runBuiltCli, shownNumber} from '../helpers/browser.js'
import {corpusRun} from './report.js'
import {corpusArgs, corpusRoot} from './setup.js'

const why = !fs.existsSync(corpusRoot) ? `no snapshot at ${corpusRoot}` : browserMissing()
if (why) console.warn(`corpus html-report.test.ts skipped: ${why}`)

describe.skipIf(why !== null)(`the HTML report of the 2021 snapshot in Chromium${why ? ` (skipped: ${why})` : ''}`, () => {
  let browser: Browser
  const reportFile = path.join(os.tmpdir(), `content-lint-corpus-report-${process.pid}.html`)

  beforeAll(async () => {
    const args = corpusArgs().map((arg) => (arg === 'json' ? 'html' : arg))
    const result = await runBuiltCli(path.dirname(corpusRoot), [...args.slice(0, -1), '--output', reportFile, args.at(-1)!])
    expect(result.code, 'the snapshot has errors').toBe(1)
    browser = await openBrowser()
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    fs.rmSync(reportFile, {force: true})
  })

  it('shows the counts of the JSON report, the rule and vendor charts in the first screen, and filters', async () => {
    const run = corpusRun()!
    const messages = run.report.flatMap((file) => file.messages)
    const {page, errors, outside, openedIn} = await openReport(browser, reportFile)
    console.log(`2021 snapshot report: ${(fs.statSync(reportFile).size / 1e6).toFixed(1)} MB, ${messages.length} findings, ready in ${openedIn} ms`)
    expect(errors).toEqual([])
    expect(outside).toEqual([])
    expect(await shownNumber(page, '#count-total')).toBe(messages.length)
    expect(await shownNumber(page, '#count-error')).toBe(messages.filter((m) => m.fatal === true).length)
    expect(await shownNumber(page, '#count-warning')).toBe(messages.filter((m) => m.fatal === false).length)
    expect(await shownNumber(page, '#count-pages')).toBe(Object.values(run.kinds).reduce((a, b) => a + b, 0))
    const viewport = page.viewportSize()!
    for (const chart of ['#chart-rules', '#chart-vendors']) {
      const box = (await page.locator(chart).boundingBox())!
      expect(box.y + box.height, `${chart} ends in the first screen`).toBeLessThanOrEqual(viewport.height)
    }
    fs.mkdirSync(outputFolder, {recursive: true})
    await page.screenshot({path: path.join(outputFolder, 'snapshot-2021.png')})
    const byRule = new Map<string, number>()
    for (const m of messages) byRule.set(m.ruleId!, (byRule.get(m.ruleId!) ?? 0) + 1)
    const [top, count] = [...byRule].sort((a, b) => b[1] - a[1])[0]!
    await page.selectOption('#filter-rule', top)
    expect(await shownNumber(page, '#shown-count')).toBe(count)
    await page.close()
  })
})
