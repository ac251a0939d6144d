/**
 * ## attack-tactic
 *
 * The ATT&CK matrix of a product page (`ATT&CK Matrix for Enterprise`: one column per
 * tactic, technique links under each):
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
 * Without ATT&CK data only duplicates are found (see `attack-technique`). Techniques
 * that the target release revokes and that have no tactics left are not placed; the
 * `attack-technique` rule reports them.
 *
 * ## Example
 *
 *     | Initial Access | Credential Access |
 *     | [Valid Accounts](https://attack.mitre.org/techniques/T1078) | [Valid Accounts](https://attack.mitre.org/techniques/T1078) |
 *
 * gives one finding on the second link: T1078 is not a Credential Access technique.
 */
import {attackFor} from '../src/library/attack/load.js'
import {noteNoAttackData} from '../src/library/attack/notice.js'
import {foldHeader} from '../src/core/settings.js'
import {defineRule, noOptions} from '../src/lint/rule.js'

export default defineRule(
  {
    id: 'attack-tactic',
    description: 'An ATT&CK matrix column that is no tactic, or holds a technique of another tactic or a technique twice',
    defaultSeverity: 'error',
    fixable: false,
    options: noOptions
  },
  ({page, settings, report}) => {
    const matrix = page.product?.matrix
    if (!matrix) return
    const attack = attackFor(settings)
    if (!attack) noteNoAttackData()
    const target = attack?.targetLabel
    for (const column of matrix.columns) {
      const header = column.tactic.text
      const tactic = attack?.tacticNamed(header)
      if (attack && !tactic) {
        const near = attack.tactics.filter((t) => foldHeader(t.name) === foldHeader(header) || foldHeader(t.name) === foldHeader(header.replace(/-/g, ' ')))
        report({
          reason: header === '' ? `A matrix column has no tactic name` : `\`${header}\` is not a tactic of ATT&CK ${target}`,
          span: column.tactic.span,
          ...(near.length > 0 ? {expected: near.map((t) => t.name)} : {})
        })
      }
      const seen = new Set<string>()
      for (const mention of column.techniques) {
        if (seen.has(mention.id)) {
          report({reason: `${mention.id} is listed twice under \`${header}\``, span: mention.span})
          continue
        }
        seen.add(mention.id)
        if (!attack || !tactic) continue
        const technique = attack.technique(mention.id)
        if (!technique || technique.tactics.length === 0) continue
        if (technique.tactics.includes(tactic.shortname)) continue
        const its = technique.tactics.map((t) => attack.tacticByShortname(t)?.name ?? t)
        report({
          reason: `${mention.id} (\`${technique.fullName}\`) does not belong to ${tactic.name} in ATT&CK ${target}: its tactics are ${its.join(', ')}`,
          span: mention.span
        })
      }
    }
  }
)
