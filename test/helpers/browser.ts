/**
 * Headless Chromium for the report tests: Debian's `chromium` package driven by
 * playwright-core (which never downloads a browser of its own). Where Chromium is not
 * installed, `openBrowser` says why and the tests skip with that reason.
 */
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {type Browser, chromium, type Page} from 'playwright-core'
import {bin} from './usage-helpers.js'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Why the browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  return fs.existsSync(chromiumPath) ? null : `no Chromium at ${chromiumPath} (apt-get install chromium; .ci/run installs it)`
}

/**
 * Chromium as this machine allows it: no sandbox (root), no network of its own.
 * playwright gives every launch a fresh profile in a temp folder.
 */
export async function openBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

/** Where the browser tests leave their screenshots for a person to look at (git ignores it). */
export const outputFolder = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'html-report')

export interface OpenedReport {
  page: Page
  /** Console errors and uncaught exceptions. */
  errors: string[]
  /** Requests for anything but the report's own file (all blocked: the report must work offline). */
  outside: string[]
  /** Milliseconds from navigation until the script said it was ready. */
  openedIn: number
}

/** Open a report file in a new page, the network blocked, and wait for its script to finish. */
export async function openReport(browser: Browser, file: string, viewport = {width: 1440, height: 900}): Promise<OpenedReport> {
  const page = await browser.newPage({viewport})
  const errors: string[] = []
  const outside: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(String(error)))
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith('file:')) return route.continue()
    outside.push(url)
    return route.abort()
  })
  const started = Date.now()
  await page.goto(pathToFileURL(file).href)
  await page.waitForSelector('body[data-ready="true"]', {timeout: 120_000})
  return {page, errors, outside, openedIn: Date.now() - started}
}

/** A number as the report shows it (`1,234`). */
export async function shownNumber(page: Page, selector: string): Promise<number> {
  return Number((await page.locator(selector).first().textContent())!.replace(/,/g, ''))
}

/**
 * Run the built CLI (`dist/`, what users run) without blocking: a synchronous spawn
 * would stop the test worker from answering vitest for the minutes a large run takes.
 * Exit 0 and 1 (findings) are good runs; anything else throws with stderr.
 */
export async function runBuiltCli(cwd: string, args: readonly string[]): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024}, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      if (code !== 0 && code !== 1) reject(new Error(`content-lint ${args.join(' ')}: exit ${code}\n${stderr}`))
      else resolve({code, stdout, stderr})
    })
  })
}
