/**
 * The pre-commit hook for real: Debian's `pre-commit` installs this repository's hook
 * (`.pre-commit-hooks.yaml`, `language: node`: it runs `npm install` and `npm pack` on
 * a clone, so this takes minutes) into a content repository made from fixture pages;
 * a bad commit is blocked with the finding shown, a good one passes, and a change to a
 * parser page re-checks the product page that links to it.
 *
 * Skipped, saying so, only when `pre-commit` is missing and cannot be installed.
 */
import {execFile, execFileSync, spawnSync} from 'node:child_process'
import {promisify} from 'node:util'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanTemps, git, gitLibrary, repo, tempDir} from '../helpers/usage-helpers.js'

function havePreCommit(): boolean {
  return spawnSync('pre-commit', ['--version'], {stdio: 'ignore'}).status === 0
}

/** pre-commit, installed with apt-get when missing (as .ci/run does). */
function ensurePreCommit(): string | null {
  if (havePreCommit()) return null
  const install = spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq pre-commit'], {stdio: 'pipe', encoding: 'utf8'})
  if (havePreCommit()) return null
  return `pre-commit is not installed and \`apt-get install pre-commit\` failed: ${(install.stderr || install.error?.message || '').trim().split('\n').pop()}`
}

const missing = ensurePreCommit()
if (missing) console.warn(`SKIPPED the pre-commit tests: ${missing}`)

/** This repository as a hook repository: its files (tracked and new, not ignored) committed in a temp git repo. */
function hookRepository(): {dir: string; rev: string} {
  const dir = tempDir('content-lint-hook-repo-')
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {cwd: repo, encoding: 'utf8'}).split('\0').filter(Boolean)
  for (const file of files) {
    const from = path.join(repo, file)
    if (!fs.existsSync(from)) continue // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    fs.copyFileSync(from, path.join(dir, file))
  }
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'content-lint')
  return {dir, rev: git(dir, 'rev-parse', 'HEAD').trim()}
}

describe.skipIf(missing !== null)('content-lint as a pre-commit hook', () => {
  let content = ''
  let env: NodeJS.ProcessEnv = {}

  /** `git commit`, running the installed hook; git sends a hook's output to stderr. */
  const commit = async (message: string) => {
    const args = ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', 'commit', '-m', message]
    const result = await promisify(execFile)('git', args, {cwd: content, env, encoding: 'utf8'}).then(
      ({stdout, stderr}) => ({status: 0, stdout, stderr}),
      (error: {code: number; stdout: string; stderr: string}) => ({status: error.code, stdout: error.stdout, stderr: error.stderr})
    )
    return {status: result.status, output: result.stdout + result.stderr}
  }

  beforeAll(async () => {
    const hooks = hookRepository()
    content = gitLibrary()
    env = {...process.env, PRE_COMMIT_HOME: tempDir('content-lint-pre-commit-home-')}
    fs.writeFileSync(
      path.join(content, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hooks.dir}\n    rev: ${hooks.rev}\n    hooks:\n      - id: content-lint\n        args: [--max-warnings=0]\n`
    )
    git(content, 'add', '.pre-commit-config.yaml')
    git(content, 'commit', '-q', '-m', 'pre-commit configuration')
    await promisify(execFile)('pre-commit', ['install'], {cwd: content, env})
    // Build the hook's environment now (npm install, minutes), so each commit below runs the hook only.
    await promisify(execFile)('pre-commit', ['install-hooks'], {cwd: content, env, maxBuffer: 64 * 1024 * 1024})
  }, 1_200_000)

  afterAll(() => cleanTemps())

  it('blocks a commit that adds a stray </li>, showing the finding', async () => {
    const page = path.join(content, 'UseCases', 'uc_malware.md')
    const before = fs.readFileSync(page, 'utf8')
    fs.writeFileSync(page, before.replace('<li>app-login</li>', '<li>app-login</li></li>'))
    git(content, 'add', 'UseCases/uc_malware.md')
    const blocked = await commit('add a stray tag')
    expect(blocked.status).toBe(1)
    expect(blocked.output).toMatch(/content-lint\.+Failed/)
    expect(blocked.output).toMatch(/UseCases\/uc_malware\.md\n\d+:\d+-\d+:\d+ +warning +Stray `<\/li>`: no `<li>` is open here +cell-html/)
    expect(git(content, 'log', '--format=%s', '-1').trim()).toBe('pre-commit configuration')
    fs.writeFileSync(page, before)
    git(content, 'add', 'UseCases/uc_malware.md')
  })

  it('lets a good commit through', async () => {
    const page = path.join(content, 'UseCases', 'uc_malware.md')
    fs.appendFileSync(page, '\nThe malware use case covers Acme products.\n')
    git(content, 'add', 'UseCases/uc_malware.md')
    const passed = await commit('describe the use case')
    expect(passed.output).toMatch(/content-lint\.+Passed/)
    expect(passed.status).toBe(0)
    expect(git(content, 'log', '--format=%s', '-1').trim()).toBe('describe the use case')
  })

  it('re-checks the product page when only a parser page it links to is staged', async () => {
    // Staging the parser page alone brings the Widget product page into the check: a
    // parser Name that no longer matches the link text there is a new finding on it. Its
    // old finding (the Next Page link read as a table row) is not reported: it was there before.
    const parser = path.join(content, 'DataSources', 'Acme', 'Widget', 'Ps', 'pC_acmewidgetlogin.md')
    fs.writeFileSync(parser, fs.readFileSync(parser, 'utf8').replace('Name = acme-widget-login', 'Name = acme-widget-signin'))
    git(content, 'add', '-A')
    const blocked = await commit('parser renamed')
    expect(blocked.status).toBe(1)
    // The reason says what differs; the two names are in the finding's note.
    expect(blocked.output).toMatch(/DataSources\/Acme\/Widget\/ds_acme_widget\.md\n\d+:\d+-\d+:\d+ +warning +Parser link text differs from the Name of its parser page +parser-name/)
    expect(blocked.output).not.toMatch(/The `Next Page` link is read as a row/)
    // A change to the Gizmo parser that brings no finding passes.
    git(content, 'reset', '-q', 'HEAD', '--', '.')
    git(content, 'checkout', '-q', '--', '.')
    const gizmo = path.join(content, 'DataSources', 'Acme', 'Gizmo', 'Ps', 'pC_acmegizmoprocess.md')
    fs.writeFileSync(gizmo, fs.readFileSync(gizmo, 'utf8').replace('Lms = Direct', 'Lms = Syslog'))
    git(content, 'add', '-A')
    const passed = await commit('gizmo parser reads syslog')
    expect(passed.status, passed.output).toBe(0)
  })
})
