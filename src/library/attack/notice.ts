/**
 * "Canonical names need ATT&CK data", said once per run: the ATT&CK rules note here
 * that they ran without data, and the CLI prints one line on stderr after the run.
 * A flag in the module, not a message per page, because it is about the run.
 */
let ranWithoutData = false

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

export const noAttackDataNotice =
  'content-lint: no ATT&CK data, so technique and tactic names were not checked against ATT&CK: give --attack <bundle or folder>, or run `content-lint attack update` once'
