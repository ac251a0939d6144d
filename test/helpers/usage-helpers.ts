/** Shared by the usage tests: temp copies of fixture libraries, git, a CLI run. */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fixturesRoot} from './harness.js'

export const repo = path.resolve(import.meta.dirname, '..', '..')
export const bin = path.join(repo, 'dist', 'src', 'cli', 'cli.js')

const temps: string[] = []

/** A temp folder holding a copy of a fixture library (with a `.git` folder unless `git` is false). */
export function library(fixture = 'usage', options: {git?: boolean} = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-usage-'))
  temps.push(dir)
  fs.cpSync(path.join(fixturesRoot, fixture), dir, {recursive: true})
  if (options.git !== false) fs.mkdirSync(path.join(dir, '.git'))
  return dir
}

/** A temp folder, removed after the test. */
export function tempDir(prefix = 'content-lint-usage-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  temps.push(dir)
  return dir
}

export function cleanTemps(): void {
  for (const dir of temps.splice(0)) fs.rmSync(dir, {recursive: true, force: true})
}

/** Run git in `cwd` with a fixed identity; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

/** A real git repository holding a copy of a fixture library, everything committed. */
export function gitLibrary(fixture = 'usage'): string {
  const dir = library(fixture, {git: false})
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'library')
  return dir
}

/** Every file under a folder (relative path → content), `.git` left out. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, {withFileTypes: true})) {
      if (entry.name === '.git') continue
      const child = path.join(folder, entry.name)
      if (entry.isDirectory()) walk(child)
      else out.set(path.relative(dir, child), fs.readFileSync(child, 'utf8'))
    }
  }
  walk(dir)
  return out
}

/** 1-based line and column (UTF-16 code units) of the `nth` occurrence of `needle`, counted here independently of the tool. */
export function positionOf(text: string, needle: string, nth = 1): {line: number; column: number; offset: number} {
  let offset = -1
  for (let i = 0; i < nth; i++) {
    offset = text.indexOf(needle, offset + 1)
    if (offset < 0) throw new Error(`${needle} not found ${nth} times`)
  }
  const before = text.slice(0, offset).split('\n')
  return {line: before.length, column: before[before.length - 1]!.length + 1, offset}
}

/**
 * stderr without the lines about ATT&CK data every run prints (which release the run
 * checked against, that the built-in table is more than a year old, that data was
 * turned off): these tests are about other things; the ATT&CK tests check those lines.
 */
export function notes(stderr: string): string {
  return stderr
    .replace(/^content-lint: checked against ATT&CK .*\n/m, '')
    .replace(/^content-lint: the built-in ATT&CK data ends with .*\n/m, '')
    .replace(/^content-lint: ATT&CK data is turned off .*\n/m, '')
}
