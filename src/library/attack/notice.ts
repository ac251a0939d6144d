/**
 * "Canonical names need ATT&CK data", said once per run: the ATT&CK rules give it as a
 * notice of the page they checked (`RuleContext.notice`), which the cache keeps with
 * the page's findings, so a warm run says it as a cold one does; the CLI prints each
 * notice once, after the report.
 */
export const noAttackDataNotice =
  'content-lint: no ATT&CK data, so technique and tactic names were not checked against ATT&CK: give --attack <bundle or folder>, or run `content-lint attack update` once'
