/**
 * vitest global setup: runs the CLI once over each shared snapshot (the 2021 one and
 * the 2025 one, today's format) and hands the JSON reports to every corpus test (see
 * report.ts), so the pages are checked once per test run, not once per test file.
 *
 * The snapshots live beside the checkout (`../shared/corpus/…`), as on CI. Without one
 * its corpus tests are skipped with a message rather than silently passing.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {TestProject} from 'vitest/node'
import {runCli} from '../../src/cli/cli.js'

const shared = path.resolve(import.meta.dirname, '..', '..', '..', 'shared')

/** The snapshots: the 2021 one (MIT) and the 2025 one (today's format, for testing only). */
export const snapshots = {
  '2021': path.join(shared, 'corpus', 'content-doc-2021-11-11'),
  '2025': path.join(shared, 'corpus', 'cim2-2025-06-23')
} as const

export type Snapshot = keyof typeof snapshots

/** The 2021 snapshot's root (most corpus tests read it). */
export const corpusRoot = snapshots['2021']

/**
 * ATT&CK Enterprise releases 6.3 to 18.1 beside the snapshot, as MITRE's bundles: the
 * tests that pass `--attack` read them; the corpus run uses the built-in table derived
 * from them (its JSON report is byte for byte the one `--attack attackRoot` gives).
 */
export const attackRoot = path.join(shared, 'attack')

/** The CLI arguments of the corpus run: what a user runs, the built-in ATT&CK data (target 18.1). */
export function corpusArgs(snapshot: Snapshot = '2021'): string[] {
  return ['--format', 'json', '--no-cache', '--stats', snapshots[snapshot]]
}

async function runSnapshot(snapshot: Snapshot): Promise<string> {
  const root = snapshots[snapshot]
  if (!fs.existsSync(root)) {
    console.warn(`SKIPPED the ${snapshot} corpus tests: ${root} is not there`)
    return ''
  }
  const started = performance.now()
  const result = await runCli(corpusArgs(snapshot), path.dirname(root))
  const seconds = (performance.now() - started) / 1000
  const file = path.join(os.tmpdir(), `content-lint-corpus-${snapshot}-${process.pid}.json`)
  fs.writeFileSync(file, JSON.stringify({code: result.code, stderr: result.stderr, seconds, kinds: result.kinds, report: JSON.parse(result.stdout || '[]')}))
  return file
}

export default async function setup(project: TestProject): Promise<void> {
  // One after the other: each run uses both cores, and two would hold two libraries' facts at once.
  project.provide('corpusReport', await runSnapshot('2021'))
  project.provide('corpusReport2025', await runSnapshot('2025'))
}

declare module 'vitest' {
  export interface ProvidedContext {
    corpusReport: string
    corpusReport2025: string
  }
}
