#!/usr/bin/env node
/**
 * One page checked as an editor checks it: the language server's processor
 * (`content-lint/processor`) in one long-lived process, the page opened once, then
 * edited and checked again (N characters typed inside its longest line, N lines appended). Prints
 * JSON: seconds of the first check (which reads the library's facts) and the medians of
 * the re-checks (all, and by kind of edit), each split into parse and rules.
 *
 *     node bench/editor.mjs PAGE [--edits N] [--profile]
 *
 * `--profile` prints the functions that took most of the re-checks' time (V8's
 * sampling profiler, through the inspector), to see where the time goes.
 */
import fs from 'node:fs'
import path from 'node:path'
import {Session} from 'node:inspector/promises'
import {parseArgs} from 'node:util'
import {VFile} from 'vfile'

const repo = path.resolve(import.meta.dirname, '..')
const {values, positionals} = parseArgs({allowPositionals: true, options: {edits: {type: 'string', default: '3'}, profile: {type: 'boolean', default: false}}})
const file = path.resolve(positionals[0])
const {processor} = await import(path.join(repo, 'dist', 'src', 'preset', 'processor.js'))
const text = fs.readFileSync(file, 'utf8')

async function check(value) {
  const started = performance.now()
  const vfile = new VFile({path: file, cwd: path.dirname(file), value})
  const tree = processor.parse(vfile)
  const parsed = performance.now()
  await processor.run(tree, vfile)
  const done = performance.now()
  return {parse: (parsed - started) / 1000, rules: (done - parsed) / 1000, total: (done - started) / 1000, findings: vfile.messages.length}
}

const first = await check(text)
const session = new Session()
if (values.profile) {
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
}
// Two kinds of edit, alternately, each on top of the last as typing makes them: a
// character typed in the middle of the page's longest line (a table row, on the
// library's big pages) and a line appended at the end of the page.
const lines = text.split('\n')
const longest = lines.reduce((best, line, index) => (line.length > lines[best].length ? index : best), 0)
const middle = lines.slice(0, longest).reduce((sum, line) => sum + line.length + 1, 0) + (lines[longest].length >> 1)
let current = text
const again = []
const edits = {row: [], append: []}
for (let i = 1; i <= Number(values.edits); i++) {
  current = current.slice(0, middle) + 'x' + current.slice(middle)
  edits.row.push(await check(current))
  current = current + 'x'.repeat(i) + '\n\n'
  edits.append.push(await check(current))
}
again.push(...edits.row, ...edits.append)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const summary = (runs) => ({parse: median(runs.map((r) => r.parse)), rules: median(runs.map((r) => r.rules)), total: median(runs.map((r) => r.total))})
const recheck = summary(again)
console.log(JSON.stringify({first, recheck, row: summary(edits.row), append: summary(edits.append), rss: process.memoryUsage().rss}))

if (values.profile) {
  const {profile} = await session.post('Profiler.stop')
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map()
  for (const id of profile.samples) {
    const frame = nodes.get(id).callFrame
    const where = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`
    self.set(where, (self.get(where) ?? 0) + 1)
  }
  for (const [where, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.error(`${((100 * n) / profile.samples.length).toFixed(1).padStart(5)} %  ${where}`)
  }
}
