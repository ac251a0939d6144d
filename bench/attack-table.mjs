#!/usr/bin/env node
/**
 * `npm run bench:attack-table [-- --runs N]`: what loading the built-in ATT&CK table
 * costs a run (target: under 50 ms), measured in fresh processes, as a run meets it:
 * reading data/attack-enterprise.json, decoding its 13 releases and building the
 * target's look-ups (`attackFor({})`). Beside it, for scale, the same from MITRE's
 * bundles beside the checkout (`--attack ../shared/attack`), when they are there.
 * Prints the table's size, and the median, fastest and slowest wall and CPU times.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {gzipSync} from 'node:zlib'

const root = path.resolve(import.meta.dirname, '..')
const {values} = parseArgs({options: {runs: {type: 'string', default: '20'}}})
const runs = Number(values.runs)
const table = path.join(root, 'data', 'attack-enterprise.json')
const bundles = path.resolve(root, '..', 'shared', 'attack')

/** One fresh process: import the loader (not timed), then time loading the data. */
function once(settings) {
  const script = `
    const {attackFor} = await import(${JSON.stringify(path.join(root, 'dist', 'src', 'library', 'attack', 'load.js'))})
    const cpu = process.cpuUsage()
    const started = performance.now()
    const data = attackFor(${JSON.stringify(settings)})
    const wall = performance.now() - started
    const used = process.cpuUsage(cpu)
    console.log(JSON.stringify({wall, cpu: (used.user + used.system) / 1000, releases: data.releases.length, heap: process.memoryUsage().heapUsed}))
  `
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', env: {...process.env, CONTENT_LINT_CACHE_DIR: path.join(root, 'node_modules', '.bench-empty-cache')}}))
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
const ms = (n) => `${n.toFixed(1)} ms`

function measure(label, settings) {
  once(settings) // warm the file system cache
  const results = Array.from({length: runs}, () => once(settings))
  const wall = results.map((r) => r.wall)
  const cpu = results.map((r) => r.cpu)
  console.log(
    `${label}: ${results[0].releases} releases; wall median ${ms(median(wall))} (${ms(Math.min(...wall))}–${ms(Math.max(...wall))}), ` +
      `CPU median ${ms(median(cpu))}, heap after ${(median(results.map((r) => r.heap)) / 1e6).toFixed(1)} MB, ${runs} fresh processes`
  )
}

const text = fs.readFileSync(table)
console.log(`data/attack-enterprise.json: ${(text.length / 1024).toFixed(0)} KB (${(gzipSync(text).length / 1024).toFixed(0)} KB gzipped)`)
measure('built-in table', {})
if (fs.existsSync(bundles)) measure('--attack ../shared/attack (MITRE bundles, for scale)', {attack: bundles})
