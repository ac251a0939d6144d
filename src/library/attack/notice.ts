/**
 * What the CLI says once per run about ATT&CK data: which data the checks used (the
 * loader notes every data set it hands out, also on runs whose findings all come from
 * the cache), and that names were not checked when the rules ran without data. Flags
 * in the module, not messages per page, because they are about the run.
 */
import type {AttackData} from './data.js'

let ranWithoutData = false
const used = new Set<AttackData>()

/** An ATT&CK rule checked a page without ATT&CK data. */
export function noteNoAttackData(): void {
  ranWithoutData = true
}

/** Whether a rule ran without data since the last call; clears the flag. */
export function takeNoAttackDataNotice(): boolean {
  const was = ranWithoutData
  ranWithoutData = false
  return was
}

/** The loader handed out this data (attackFor). */
export function noteAttackUsed(data: AttackData): void {
  used.add(data)
}

/** The data handed out since the last call, in the order first used; clears the list. */
export function takeAttackUsed(): AttackData[] {
  const list = [...used]
  used.clear()
  return list
}

export const noAttackDataNotice = 'content-lint: ATT&CK data is turned off (--attack none), so technique and tactic names were not checked against ATT&CK'
