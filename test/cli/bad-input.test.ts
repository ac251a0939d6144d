/**
 * Bad configuration and bad data, through the real CLI (`node dist/src/cli/cli.js`): each
 * gives one line naming the file and the problem and exit code 2, never a stack trace
 * unless `--debug`; an unreadable page is a finding on that page.
 */
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {fixturesRoot} from '../helpers/harness.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
const bin = path.join(repo, 'dist', 'src', 'cli', 'cli.js')
const temps: string[] = []

afterEach(() => {
  for (const dir of temps.splice(0)) {
    fs.chmodSync(dir, 0o755)
    fs.rmSync(dir, {recursive: true, force: true})
  }
})

/** A temp copy of the page-shape fixture library (a git checkout, so ignore files stop there). */
function library(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-bad-'))
  temps.push(dir)
  fs.cpSync(path.join(fixturesRoot, 'page-shape'), dir, {recursive: true})
  fs.mkdirSync(path.join(dir, '.git'))
  return dir
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function cli(args: readonly string[], cwd: string, options: {uid?: number; gid?: number} = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, '--no-cache', ...args], {cwd, timeout: 60_000, ...options}, (error, stdout, stderr) => {
      const failed = error as (Error & {code?: number}) | null
      resolve({code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0, stdout, stderr})
    })
  })
}

/** A line of a JavaScript stack trace. */
const stackLine = /^\s+at .+/m

const rule = (id: string) => path.join(repo, 'dist', 'rules', `${id}.js`)

describe('bad configuration and data, through the CLI', () => {
  // name → files to write into the library, extra arguments, and what the one line
  // must say (the file and the problem).
  const cases: Array<{name: string; files?: Record<string, string>; args?: string[]; says: RegExp[]}> = [
    {name: '.remarkrc.js with a syntax error', files: {'.remarkrc.js': 'export default {\n  plugins: [\n'}, says: [/`\.remarkrc\.js`/, /Unexpected end of input/]},
    {name: '.remarkrc.js that throws when imported', files: {'.remarkrc.js': "throw new Error('no config for you')\n"}, says: [/`\.remarkrc\.js`/, /no config for you/]},
    {name: '.remarkrc.js naming a plugin that is not installed', files: {'.remarkrc.js': "export default {plugins: ['remark-no-such-plugin-x']}\n"}, says: [/remark-no-such-plugin-x/, /\.remarkrc\.js/]},
    {name: '.remarkrc.json with bad JSON', files: {'.remarkrc.json': '{"plugins": ['}, says: [/`\.remarkrc\.json`/, /JSON/]},
    {name: '.remarkrc with bad JSON', files: {'.remarkrc': '{"plugins": [,]}'}, says: [/`\.remarkrc`/, /JSON/]},
    {name: '.remarkrc.yml with bad YAML (a message over several lines)', files: {'.remarkrc.yml': 'plugins: [\n'}, says: [/`\.remarkrc\.yml`/, /line 2, column 1/]},
    {
      name: 'an unknown option of a rule',
      files: {'.remarkrc.json': JSON.stringify({plugins: [[rule('parser-name'), ['error', {fileNameKase: 'exact'}]]]})},
      says: [/Invalid options for content-lint rule `parser-name`: unknown option `fileNameKase`/, /\(in \.remarkrc\.json\)/]
    },
    {
      name: 'a bad value of a rule option',
      files: {'.remarkrc.json': JSON.stringify({plugins: [[rule('parser-name'), ['error', {fileNameCase: 'loud'}]]]})},
      says: [/Invalid options for content-lint rule `parser-name`: `fileNameCase` must be "ignore" or "exact", got "loud"/, /\(in \.remarkrc\.json\)/]
    },
    {name: 'an unknown rule in --rule', args: ['--rule', 'no-such-rule=off'], says: [/Unknown rule `no-such-rule` in --rule/]},
    {name: 'a missing --config file', args: ['--config', 'nothing-here.json'], says: [/nothing-here\.json/, /ENOENT/]},
    {name: 'a missing ATT&CK bundle', args: ['--attack', 'no-bundle.json'], says: [/ATT&CK data \S*no-bundle\.json does not exist/]},
    {name: 'an ATT&CK bundle with bad JSON', files: {'bundle.json': '{"type": "bundle", "objects": [{'}, args: ['--attack', 'bundle.json'], says: [/ATT&CK data \S*bundle\.json is not valid JSON/]},
    {name: 'an ATT&CK bundle of random bytes', files: {'bundle.json': '\u0000\u00ff\u0013garbage\u0007'}, args: ['--attack', 'bundle.json'], says: [/ATT&CK data \S*bundle\.json is not valid JSON/]},
    {name: 'an ATT&CK bundle that is JSON but no STIX bundle', files: {'bundle.json': '[1, 2, 3]'}, args: ['--attack', 'bundle.json'], says: [/ATT&CK data \S*bundle\.json is not a STIX bundle/]},
    {name: 'an ATT&CK bundle whose objects are not STIX objects', files: {'bundle.json': '{"type": "bundle", "objects": [null, 7]}'}, args: ['--attack', 'bundle.json'], says: [/ATT&CK data \S*bundle\.json: the bundle holds an entry that is not a STIX object/]}
  ]

  for (const {name, files = {}, args = [], says} of cases) {
    it(`${name}: one line naming it, exit 2, no stack trace`, async () => {
      const dir = library()
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text)
      const run = await cli([...args, '.'], dir)
      expect(run.code, run.stderr).toBe(2)
      expect(run.stdout).toBe('')
      expect(run.stderr.endsWith('\n')).toBe(true)
      expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1)
      expect(run.stderr).toMatch(/^content-lint: /)
      for (const pattern of says) expect(run.stderr).toMatch(pattern)
      expect(run.stderr).not.toMatch(stackLine)
    })
  }

  it('--debug adds the stack of what went wrong (the import of .remarkrc.js), and only then', async () => {
    const dir = library()
    fs.writeFileSync(path.join(dir, '.remarkrc.js'), "throw new Error('no config for you')\n")
    const plain = await cli(['.'], dir)
    expect(plain.stderr).not.toMatch(stackLine)
    const debug = await cli(['--debug', '.'], dir)
    expect(debug.code).toBe(2)
    const [first, ...rest] = debug.stderr.trimEnd().split('\n')
    expect(first).toBe(plain.stderr.trimEnd())
    expect(rest[0]).toBe('Error: no config for you')
    // The top frame is the configuration file itself.
    expect(rest[1]).toMatch(/^\s+at .*\.remarkrc\.js:1:7\)?$/)
  })

  it('an unreadable page is one fatal finding on it; the others are checked; exit 1, no stack', async () => {
    const dir = library()
    fs.chmodSync(dir, 0o755)
    const page = path.join(dir, 'UseCases', 'uc_malware.md')
    fs.chmodSync(page, 0o000)
    // root reads a file of mode 000 anyway: then run the CLI as `nobody`.
    const asRoot = process.getuid?.() === 0
    const run = await cli(['--no-config', '--format', 'json', '.'], dir, asRoot ? {uid: 65534, gid: 65534} : {})
    expect(run.code, run.stderr).toBe(1)
    expect(run.stderr).not.toMatch(stackLine)
    const files = JSON.parse(run.stdout) as Array<{path: string; messages: Array<{ruleId: string; reason: string; fatal: boolean}>}>
    const unreadable = files.find((f) => f.path === path.join('UseCases', 'uc_malware.md'))!
    expect(unreadable.messages).toMatchObject([{ruleId: 'unreadable', fatal: true}])
    expect(unreadable.messages[0]!.reason).toMatch(/^Cannot read this page: EACCES: permission denied/)
    // The other pages were checked: the fixture's other page-shape findings are there.
    expect(files.filter((f) => f !== unreadable).flatMap((f) => f.messages).some((m) => m.ruleId === 'page-shape')).toBe(true)
  })
})
