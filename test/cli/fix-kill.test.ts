/**
 * `--fix` killed (SIGKILL) at random points over a copy of a large tree: every page is
 * byte-identical to either its old or its fully fixed content, keeps its mode, its line
 * endings and its final newline (or lack of one). No page is lost or truncated.
 *
 * The tree is the usage fixture plus generated use-case pages, each with two stray
 * `</li>` (cell-html), some with CRLF line endings, some without a final newline, in
 * three file modes. The fully fixed content of each page is written by the generator
 * (or by hand for the fixture's two pages with defects), not computed by the fixer.
 *
 * Kill points: --fix writes only after its last pass, so half the kills are drawn over
 * the whole run of an uninterrupted `--fix` measured first, and half inside its write
 * phase (timed from the first page written). `CONTENT_LINT_KILL_TRIALS` sets the number
 * of kills (default 6).
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {bin, cleanTemps, library} from '../helpers/usage-helpers.js'

const pages = 1500
const trials = Number(process.env.CONTENT_LINT_KILL_TRIALS ?? 6)
const modes = [0o644, 0o640, 0o600]

interface Page {
  before: string
  after: string
  mode: number
}

/** The generated pages (relative path → content before and after fixing, mode). */
function generated(): Map<string, Page> {
  const out = new Map<string, Page>()
  for (let i = 0; i < pages; i++) {
    const lines = [
      `Use Case: Generated ${i}`,
      '==================',
      '',
      '### Vendor: Acme',
      '| Product | Event Types | MITRE TTP | Content |',
      '| ------- | ----------- | --------- | ------- |',
      '| [Widget](../DataSources/Acme/Widget/ds_acme_widget.md) | <ul><li>account-password-change</li>STRAY<li>app-login</li>STRAY</ul> | T1098 - Account Manipulation<br>T1078 - Valid Accounts<br> | [<ul><li>3 Rules</li></ul><ul><li>1 Models</li></ul>](../DataSources/Acme/Widget/RM/r_m_acme_widget_Account_Manipulation.md) |'
    ]
    const eol = i % 3 === 0 ? '\r\n' : '\n'
    const final = i % 4 === 0 ? '' : eol
    const text = lines.join(eol) + final
    out.set(path.join('UseCases', `uc_generated_${i}.md`), {
      before: text.replaceAll('STRAY', '</li>'),
      after: text.replaceAll('STRAY', ''),
      mode: modes[i % modes.length]!
    })
  }
  return out
}

function tree(): {dir: string; pages: Map<string, Page>} {
  const dir = library('usage', {git: true})
  const pages = generated()
  // The fixture's two pages with defects, fixed by hand (as in fix.test.ts).
  const product = path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')
  const useCase = path.join('UseCases', 'uc_account_manipulation.md')
  for (const [relative, fixed] of [
    [product, (text: string) => text.replace('\n[Next Page -->>]', '\n\n[Next Page -->>]')],
    [useCase, (text: string) => text.replaceAll('</li></li>', '</li>')]
  ] as const) {
    const before = fs.readFileSync(path.join(dir, relative), 'utf8')
    pages.set(relative, {before, after: fixed(before), mode: fs.statSync(path.join(dir, relative)).mode & 0o777})
  }
  for (const [relative, page] of pages) {
    fs.writeFileSync(path.join(dir, relative), page.before)
    fs.chmodSync(path.join(dir, relative), page.mode)
  }
  return {dir, pages}
}

/** The first page --fix writes (it writes in path order): its change marks the write phase. */
const firstWritten = path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')

interface Kill {
  /** Kill this many ms after the start, or after the first write when `afterWrite`. */
  ms: number
  afterWrite: boolean
}

/** Run `--fix` (no cache: each run does the whole job), killed as `kill` says. */
function fix(dir: string, kill?: Kill): Promise<{killed: boolean; seconds: number; writing: number | null}> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const watched = path.join(dir, firstWritten)
    const original = fs.statSync(watched).mtimeMs
    let writing: number | null = null
    let timer: NodeJS.Timeout | null = null
    const child = spawn(process.execPath, [bin, '--fix', '--no-cache', '--rule', 'attack-technique=off', '--rule', 'attack-tactic=off', '.'], {cwd: dir, stdio: 'ignore'})
    // Poll for the first write (a rename gives the page a new mtime).
    const poll = setInterval(() => {
      if (writing !== null) return
      try {
        if (fs.statSync(watched).mtimeMs !== original) {
          writing = (performance.now() - started) / 1000
          if (kill?.afterWrite) timer = setTimeout(() => child.kill('SIGKILL'), kill.ms)
        }
      } catch {
        // Between unlink and rename there is no such moment: rename replaces in one step.
      }
    }, 1)
    if (kill && !kill.afterWrite) timer = setTimeout(() => child.kill('SIGKILL'), kill.ms)
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      clearInterval(poll)
      if (timer) clearTimeout(timer)
      resolve({killed: signal === 'SIGKILL', seconds: (performance.now() - started) / 1000, writing})
    })
  })
}

// Seven trees of 1,500 pages: removing them outlasts the default 10 s on a busy machine.
afterAll(() => cleanTemps(), 120_000)

describe('--fix killed at random points', () => {
  it(`leaves every page old or fully fixed, with its mode, line endings and final newline (${trials} kills)`, async () => {
    // An uninterrupted run: how long the whole job takes, and that it fixes every page.
    const whole = tree()
    const full = await fix(whole.dir)
    for (const [relative, page] of whole.pages) expect(fs.readFileSync(path.join(whole.dir, relative), 'utf8') === page.after, relative).toBe(true)
    const outcomes: string[] = []
    for (let trial = 0; trial < trials; trial++) {
      const {dir, pages} = tree()
      const others = new Map(
        fs
          .readdirSync(dir, {recursive: true, encoding: 'utf8'})
          .filter((name) => !name.startsWith('.git') && !pages.has(name) && fs.statSync(path.join(dir, name)).isFile())
          .map((name) => [name, fs.readFileSync(path.join(dir, name))])
      )
      // Half the kills anywhere in the run, half inside its write phase (measured above).
      const writePhase = full.seconds - (full.writing ?? full.seconds)
      const kill: Kill =
        trial % 2 === 0
          ? {ms: Math.round(full.seconds * 1000 * 1.1 * Math.random()), afterWrite: false}
          : {ms: Math.round(writePhase * 1000 * Math.random()), afterWrite: true}
      const run = await fix(dir, kill)
      const at = `${kill.ms} ms after ${kill.afterWrite ? 'the first write' : 'the start'}`
      let fixed = 0
      for (const [relative, page] of pages) {
        const file = path.join(dir, relative)
        const text = fs.readFileSync(file, 'utf8')
        expect(text === page.before || text === page.after, `${relative} after a kill ${at} is neither old nor fixed`).toBe(true)
        if (text === page.after) fixed++
        expect(fs.statSync(file).mode & 0o777, relative).toBe(page.mode)
      }
      // Every other file is untouched (and no file of the tree is lost).
      for (const [name, before] of others) expect(fs.readFileSync(path.join(dir, name)).equals(before), name).toBe(true)
      // A kill between write-file-atomic's temp file and its rename leaves that temp
      // file (`<page>.md.<hex>`): never a page (no .md extension), never a changed page.
      const left = fs
        .readdirSync(dir, {recursive: true, encoding: 'utf8'})
        .filter((name) => !name.startsWith('.git') && !pages.has(name) && !others.has(name) && fs.statSync(path.join(dir, name)).isFile())
      for (const name of left) expect(name, 'an unexpected file').toMatch(/\.md\.[0-9a-f]+$/)
      outcomes.push(`${at}: ${run.killed ? 'killed' : 'finished'}, ${fixed} of ${pages.size} pages fixed, ${left.length} temp files left`)
    }
    expect(full.writing, 'the uninterrupted run wrote').not.toBeNull()
    console.log(`--fix of ${pages} generated pages took ${full.seconds.toFixed(1)} s uninterrupted, writing from ${full.writing!.toFixed(1)} s; kills:\n${outcomes.join('\n')}`)
  }, 600_000)
})
