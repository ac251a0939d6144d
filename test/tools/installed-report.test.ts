/**
 * The reports as a user gets them: this repository packed with `npm pack`, installed
 * into an empty project with `npm install <tarball>` (dependencies from the registry),
 * and run from there. The package must ship what the reports need: the rule pages
 * (`content-lint explain`, SARIF's help), the HTML report's script, and Chart.js as a
 * dependency; the installed CLI's HTML report opens offline in Chromium (skipped, saying
 * why, where Chromium is missing) and shows the counts of its JSON report.
 */
import {execFile, execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {browserMissing, openBrowser, openReport, shownNumber} from '../helpers/browser.js'
import {cleanTemps, repo, tempDir} from '../helpers/usage-helpers.js'

let project: string
let library: string

/** Run the installed CLI; exit 1 (findings) is a good run. */
function installedCli(...args: string[]): string {
  try {
    return execFileSync(path.join(project, 'node_modules', '.bin', 'content-lint'), args, {cwd: library, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
  } catch (error) {
    const failed = error as {status?: number; stdout?: string; stderr?: string}
    if (failed.status === 1) return failed.stdout ?? ''
    throw new Error(`content-lint ${args.join(' ')}: exit ${failed.status}\n${failed.stderr}`)
  }
}

// Packing and installing take minutes: run without blocking, or the test worker stops answering vitest.
const run = promisify(execFile)

beforeAll(async () => {
  const packed = tempDir('content-lint-pack-')
  const {stdout} = await run('npm', ['pack', '--silent', '--pack-destination', packed], {cwd: repo, encoding: 'utf8'})
  const tarball = stdout.trim().split('\n').pop()!
  project = tempDir('content-lint-installed-')
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({name: 'content-repo', private: true}))
  await run('npm', ['install', '--no-audit', '--no-fund', path.join(packed, tarball)], {cwd: project})
  library = tempDir()
  fs.cpSync(path.join(repo, 'examples', 'library'), library, {recursive: true})
}, 600_000)

afterAll(() => cleanTemps())

describe('the installed package', () => {
  it('ships every rule’s page: explain prints it', () => {
    const installed = path.join(project, 'node_modules', 'content-lint')
    for (const name of fs.readdirSync(path.join(repo, 'docs', 'rules'))) expect(fs.existsSync(path.join(installed, 'docs', 'rules', name)), name).toBe(true)
    expect(installedCli('explain', 'cell-html')).toMatch(/^# cell-html\n/)
  })

  it('writes an HTML report with its script and Chart.js inlined', () => {
    const html = installedCli('--no-cache', '--format', 'html', '.')
    expect(html).toContain('Chart.js v4')
    expect(html).toContain('class ReportView')
  })

  const missing = browserMissing()
  it.skipIf(missing !== null)(`whose HTML report opens in Chromium with the JSON report’s counts${missing ? ` (skipped: ${missing})` : ''}`, async () => {
    const file = path.join(library, 'report.html')
    installedCli('--no-cache', '--format', 'html', '--output', file, '.')
    const json = JSON.parse(installedCli('--no-cache', '--format', 'json', '.')) as Array<{messages: Array<{fatal: boolean | null}>}>
    const messages = json.flatMap((f) => f.messages)
    const browser = await openBrowser()
    try {
      const {page, errors, outside} = await openReport(browser, file)
      expect(errors).toEqual([])
      expect(outside).toEqual([])
      expect(await shownNumber(page, '#count-total')).toBe(messages.length)
      expect(await shownNumber(page, '#count-error')).toBe(messages.filter((m) => m.fatal === true).length)
    } finally {
      await browser.close()
    }
  })
})
