/**
/**
 * What the CLI says once per run about ATT&CK data: which data the checks used (the
 * loader notes every data set it hands out, also on runs whose findings all come from
 * the cache), and that names were not checked when the rules ran without data. The
 * latter is a notice of the page a rule checked (`RuleContext.notice`), which the
 * cache keeps with the page's findings, so a warm run says it as a cold one does.
 */
import type {AttackData} from './data.js'

const used = new Set<AttackData>()

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
