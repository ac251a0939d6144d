/**
 * vitest global setup: runs the CLI once over the shared 2021 snapshot and hands the
 * JSON report to every corpus test (see report.ts), so the 11k pages are
 * checked once per test run, not once per test file.
 *
 * The snapshot lives beside the checkout (`../shared/corpus/…`), as on CI. Without it
 * the corpus tests are skipped with a message rather than silently passing.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {TestProject} from 'vitest/node'
import {runCli} from '../../src/cli/cli.js'

export const corpusRoot = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'content-doc-2021-11-11')

/**
 * ATT&CK Enterprise releases 6.3 to 18.1 beside the snapshot, as MITRE's bundles: the
 * tests that pass `--attack` read them; the corpus run uses the built-in table derived
 * from them (its JSON report is byte for byte the one `--attack attackRoot` gives).
 */
export const attackRoot = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'attack')

/** The CLI arguments of the corpus run: what a user runs, the built-in ATT&CK data (target 18.1). */
export function corpusArgs(): string[] {
  return ['--format', 'json', '--no-cache', corpusRoot]
}

export default async function setup(project: TestProject): Promise<void> {
  if (!fs.existsSync(corpusRoot)) {
    project.provide('corpusReport', '')
    return
  }
  const started = performance.now()
  const result = await runCli(corpusArgs(), path.dirname(corpusRoot))
  const seconds = (performance.now() - started) / 1000
  const file = path.join(os.tmpdir(), `content-lint-corpus-${process.pid}.json`)
  fs.writeFileSync(file, JSON.stringify({code: result.code, stderr: result.stderr, seconds, kinds: result.kinds, report: JSON.parse(result.stdout || '[]')}))
  project.provide('corpusReport', file)
}

declare module 'vitest' {
  export interface ProvidedContext {
    corpusReport: string
  }
}
