/**
 * What a report says about the run as a whole, beside its findings: which ATT&CK
 * release the checks used and where it came from. Every format gets the same object
 * (`formatReport` in modes.ts): SARIF puts it in the run's `properties`; stylish, JSON
 * (vfile-reporter-json's output is a bare array of files, with no place for it) and
 * GitHub annotations get its lines on stderr from the CLI.
 */
import {type AttackCheckedAgainst, checkedAgainstText, describeAttack, staleBuiltinNotice} from '../library/attack/describe.js'
import {takeAttackUsed} from '../library/attack/notice.js'

export interface RunMetadata {
  /** One entry per ATT&CK data set the run's configurations used; empty with `--attack none`. */
  attack: AttackCheckedAgainst[]
  /** The lines for stderr: `content-lint: checked against ATT&CK v18.1 (built-in, …)`, and the old-table notice. */
  lines: string[]
}

/**
 * The metadata of the run since the last call (the ATT&CK data the loader handed
 * out, see notice.ts). `now` decides whether the built-in table is old.
 */
export function collectRunMetadata(cwd: string, now: Date = new Date()): RunMetadata {
  const used = takeAttackUsed()
  const attack = used.map((data) => describeAttack(data))
  const lines: string[] = []
  if (attack.length > 0) lines.push(`content-lint: ${attack.map((a) => checkedAgainstText(a, cwd)).join('; ')}`)
  const stale = used.map((data) => staleBuiltinNotice(data, now)).find((line) => line !== null)
  if (stale) lines.push(stale)
  return {attack, lines}
}

/** Forget what earlier runs in this process used (the CLI starts each run with it). */
export function resetRunMetadata(): void {
  takeAttackUsed()
}
