/**
 * ## attack-tactic
 *
 * Tactic mentions, wherever the library writes them (`TA0002 - Execution` among the
 * techniques of a MITRE TTP cell, `<b>TA0002 - Execution</b>` as a rule group header of
 * an RM page):
 *
 * - a placeholder, the ID written where the name belongs (`TA0002 - TA0002`: 2,824 on
 *   the 2025 snapshot), with the tactic's name as `expected`;
 * - a name that is not the ID's tactic name in the target release, with that name as
 *   `expected`;
 * - an ID no loaded ATT&CK release knows.
 *
 * The ATT&CK matrix of a product page (`ATT&CK Matrix for Enterprise`, since 2023
 * `MITRE ATT&CK® Framework for Enterprise`: one column per tactic, technique links
 * under each):
 *
 * - a column header that is not a tactic name of the target ATT&CK release
 *   (`expected` is the tactic when only letter case or spacing differ);
 * - a technique under a tactic that is not among its `kill_chain_phases` in the target
 *   release (the message lists the tactics it has);
 * - the same technique twice in one column (the second and later links).
 *
 * ## Why
 *
 * The matrix is how readers see coverage per tactic; a technique in the wrong column
 * claims coverage the product does not give, a duplicate inflates it.
 *
 * Without ATT&CK data only duplicates and placeholders are found (see
 * `attack-technique`), the placeholders without a replacement. Techniques
 * that the target release revokes and that have no tactics left are not placed; the
 * `attack-technique` rule reports them.
 *
 * ## Example
 *
 *     | Initial Access | Credential Access |
 *     | [Valid Accounts](https://attack.mitre.org/techniques/T1078) | [Valid Accounts](https://attack.mitre.org/techniques/T1078) |
 *
 * gives one finding on the second link: T1078 is not a Credential Access technique.
 *
 *     | Product | MITRE ATT&CK® TTP | Content |
 *     | [Widget](…) | T1059 - Command and Scripting Interpreter<br>TA0002 - TA0002<br> | … |
 *
 * gives one finding on the second `TA0002`, `expected: ['Execution']`.
 */
import type {AttackData} from '../src/library/attack/data.js'
import {attackFor} from '../src/library/attack/load.js'
import {noAttackDataNotice} from '../src/library/attack/notice.js'
import {foldHeader} from '../src/core/settings.js'
import {defineRule, noOptions, type RuleContext} from '../src/lint/rule.js'
import type {AttackMatrix, TacticMention} from '../src/model/types.js'

type Context = RuleContext<Record<string, never>>

/** A tactic mention's ID and name against the target release. */
function checkMention(context: Context, mention: TacticMention, attack: AttackData | null): void {
  const id = mention.id.text
  const tactic = attack?.tacticById(id)
  if (attack && !tactic) {
    if (!attack.knownTactic(id)) context.report({reason: `\`${id}\` is no tactic of any loaded ATT&CK release (${attack.span})`, span: mention.id.span})
    return
  }
  const name = mention.name
  if (!name) return
  const expected = tactic ? {expected: [tactic.name]} : {}
  if (name.text === id) {
    context.report({reason: `Placeholder name: the ID \`${id}\` is written where the tactic's name belongs`, span: name.span, ...expected})
  } else if (tactic && name.text !== tactic.name) {
    context.report({
      reason: `Tactic ${id} written with another name than ATT&CK ${attack!.targetLabel}'s`,
      note: `\`${name.text}\` is not the name of ${id} in ATT&CK ${attack!.targetLabel}, which names it \`${tactic.name}\`.`,
      span: name.span,
      ...expected
    })
  }
}

/** The matrix's columns: tactic names, and the techniques under each. */
function checkMatrix(context: Context, matrix: AttackMatrix, attack: AttackData | null): void {
  const target = attack?.targetLabel
  for (const column of matrix.columns) {
    const header = column.tactic.text
    const tactic = attack?.tacticNamed(header)
    if (attack && !tactic) {
      const near = attack.tactics.filter((t) => foldHeader(t.name) === foldHeader(header) || foldHeader(t.name) === foldHeader(header.replace(/-/g, ' ')))
      context.report({
        reason: header === '' ? `A matrix column has no tactic name` : `A matrix column's name is no tactic of ATT&CK ${target}`,
        ...(header === '' ? {} : {note: `\`${header}\` is not a tactic of ATT&CK ${target}.`}),
        span: column.tactic.span,
        ...(near.length > 0 ? {expected: near.map((t) => t.name)} : {})
      })
    }
    const seen = new Set<string>()
    for (const mention of column.techniques) {
      if (seen.has(mention.id)) {
        context.report({reason: `${mention.id} is listed twice in its matrix column`, note: `${mention.id} is listed twice under \`${header}\`.`, span: mention.span})
        continue
      }
      seen.add(mention.id)
      if (!attack || !tactic) continue
      const technique = attack.technique(mention.id)
      if (!technique || technique.tactics.length === 0) continue
      if (technique.tactics.includes(tactic.shortname)) continue
      const its = technique.tactics.map((t) => attack.tacticByShortname(t)?.name ?? t)
      context.report({
        reason: `${mention.id} does not belong to ${tactic.name} in ATT&CK ${target}`,
        note: `${mention.id} (\`${technique.fullName}\`) belongs to ${its.join(', ')} in ATT&CK ${target}.`,
        span: mention.span
      })
    }
  }
}

export default defineRule(
  {
    id: 'attack-tactic',
    pageKinds: ['product', 'continuation', 'rules-and-models', 'use-case', 'attack-map'],
    description: 'A tactic mention with a placeholder, wrong name or unknown ID; an ATT&CK matrix column that is no tactic, or holds a technique of another tactic or a technique twice',
    defaultSeverity: 'error',
    fixable: true,
    options: noOptions
  },
  (context) => {
    const matrix = context.page.product?.matrix ?? context.page.attackMap?.matrix
    if (!matrix && context.page.tacticMentions.length === 0) return
    const attack = attackFor(context.settings)
    if (!attack) context.notice(noAttackDataNotice)
    for (const mention of context.page.tacticMentions) checkMention(context, mention, attack)
    if (matrix) checkMatrix(context, matrix, attack)
  }
)
