/**
 * ## coverage-map
 *
 * The library's own ATT&CK coverage map against its pages. The map is the matrix page
 * (`MitreMap.md`: `### MITRE Techniques: N`, `### MITRE Sub-techniques: N`, the
 * matrix, one column per tactic, and under it a table `| TTP Code | Technique:
 * Sub-technique | Rules |`, one row per technique or tactic) and the ATT&CK Navigator
 * layer beside it (`resources/mitre_map.json`: each technique with a `score` and a
 * comment `N rules`). "The pages" are the rules-and-models (RM) pages, whose rule
 * groups map rules to techniques (`<b>T1078 - Valid Accounts</b>` and the rules under
 * it) or tactics (`<b>TA0002 - TA0002</b>`), and the product pages' technique and
 * tactic mentions. On the matrix page:
 *
 * - a total that is not the number of distinct techniques (sub-techniques) the map
 *   lists, matrix and table together, with that number as `expected`;
 * - a technique or tactic in the map that no page maps (its first entry);
 * - a technique the pages map that the map lacks (on the map's title), or that the
 *   table lists and the matrix lacks (on its `TTP Code`);
 * - a `Rules` number that is not the distinct rules the RM pages list under the ID.
 *
 * Against the layer (findings on the matrix page's title, see below):
 *
 * - a technique or tactic in the layer that no page maps;
 * - one the pages map that the layer lacks;
 * - a score below the distinct rules the RM pages list under it.
 *
 * ## What the numbers measure
 *
 * Measured on the 2025 snapshot (`cim2-2025-06-23`) by a script independent of
 * content-lint:
 *
 * - The table's `Rules` is the distinct rules the RM pages list under the ID on 179
 *   of its 200 rows (95 techniques, 96 sub-techniques, 9 tactics); 21 are one or two
 *   off, either way (T1078: 222, the pages list 224): 21 findings.
 * - The layer's `score` is no count the pages give. Of its 208 entries (98
 *   techniques, 101 sub-techniques, 9 tactic IDs) it equals the distinct rules the RM
 *   pages list under the ID on 28 and the table's `Rules` on 29; rules × products,
 *   rules × RM pages or rule lines agree on 5. It is never below the pages' distinct
 *   rules and above them on 180 (T1078: 304): the layer counts the content
 *   repository's rules, the pages show those of some product's activity types (1,254
 *   distinct rules on the RM pages; `resources/Metrics.md` says 1,657 published). The
 *   2021 snapshot's layer is alike (51 of 177 equal, none below). So a score is checked
 *   as a lower bound; one above the pages cannot be checked from them. Every
 *   `comment` is `<score> rules`.
 * - The layer has every ID the pages map, and 8 no page maps (T1030, T1056, T1056.004,
 *   T1071.003, T1102.002, T1102.003, T1547.006, T1571): 8 findings.
 * - The table lists exactly the 200 IDs the RM pages map; the matrix 142 of them (92
 *   techniques, 50 sub-techniques, in 164 entries over 12 tactic columns): the 49 it
 *   lacks are exactly the table rows whose link text is the bare ID
 *   (`[T1003.001](…)`), techniques the generator had no name for: 49 findings.
 * - `MITRE Sub-techniques: 96` counts the table's sub-techniques; `MITRE Techniques:
 *   104` is its 95 techniques and its 9 tactic rows: 1 finding, `expected: ['95']`.
 *
 * ## Why
 *
 * Readers open the coverage map to learn what the library detects. A technique in it
 * that no page maps is coverage no product page shows; a technique the pages map and
 * the map lacks is coverage the map hides; a number of rules or a total the pages do
 * not bear out claims more (or less) than the library holds.
 *
 * ## Where the layer's findings go
 *
 * The layer is JSON: remark reads Markdown pages, and a finding belongs to a page. Its
 * findings go on the title of the matrix page, the Markdown form of the same map (one
 * finding per ID, the ID in the reason); the run re-checks the page when the layer
 * changes. A library without a matrix page has its layer unchecked (the 2021 snapshot,
 * whose layer has 26 IDs no page maps). A layer that is not JSON or has no
 * `techniques` list is one finding.
 *
 * The matrix's columns and duplicates are `attack-tactic`'s, technique names
 * `attack-technique`'s.
 *
 * ## Example
 *
 *     MITRE ATT&CK® Framework for Enterprise
 *     ======================================
 *     ### MITRE Techniques: 3
 *     ### MITRE Sub-techniques: 0
 *     | Initial Access | Execution |
 *     | --- | --- |
 *     | [Valid Accounts](https://attack.mitre.org/techniques/T1078) | [User Execution](https://attack.mitre.org/techniques/T1204) |
 *
 * gives one finding on `3`, `expected: ['2']`, and one on each technique no RM page
 * groups rules under and no product page names.
 */
import path from 'node:path'
import {type LayerTechnique, pagesCoverage, type PagesCoverage, readCoverageLayer} from '../src/library/coverage-map.js'
import {defineRule, noOptions, type RuleContext} from '../src/lint/rule.js'
import type {AttackMapFacts, AttackMatrix, Span, TechniqueMention, TechniqueRulesRow, TextFact} from '../src/model/types.js'

type Context = RuleContext<Record<string, never>>

/** Where the library publishes its Navigator layer, from the content root (both snapshots; the README links it). */
const layerPath = 'resources/mitre_map.json'

const isTactic = (id: string) => id.startsWith('TA')

const sortedById = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => a.localeCompare(b))

/** The first entry of each distinct technique of the matrix, in page order. */
function matrixEntries(matrix: AttackMatrix | null): Map<string, TechniqueMention> {
  const entries = new Map<string, TechniqueMention>()
  const all = (matrix?.columns ?? []).flatMap((column) => column.techniques).sort((a, b) => a.span.start - b.span.start)
  for (const mention of all) if (!entries.has(mention.id)) entries.set(mention.id, mention)
  return entries
}

/** The map page's techniques: matrix entries and table rows by ID. */
interface MapPage {
  facts: AttackMapFacts
  matrix: Map<string, TechniqueMention>
  rows: Map<string, TechniqueRulesRow>
  /** Findings without text of their own go on the map's name. */
  anchor: Span
}

/** `N page(s) map it, e.g. DS/a/RM/r_m_….md`. */
function pagesNote(pages: readonly string[] | undefined): string {
  if (!pages || pages.length === 0) return 'No RM page groups rules under it and no product page names it.'
  return `${pages.length} page(s) map it, e.g. ${pages[0]}.`
}

function checkTotal(context: Context, total: (TextFact & {value: number}) | null, ids: readonly string[], what: string, tacticRows: number): void {
  if (!total || total.value === ids.length) return
  // Why the numbers differ, where the page shows it: the generator counts its tactic rows as techniques.
  const why = tacticRows > 0 && total.value === ids.length + tacticRows ? ` ${total.value} counts the table's ${tacticRows} tactic rows too.` : ''
  context.report({
    reason: `The map lists ${ids.length} distinct ${what}, not ${total.value}`,
    span: total.span,
    expected: [String(ids.length)],
    note: `Distinct ${what} in the matrix and the table under it.${why}`
  })
}

function checkTotals(context: Context, map: MapPage): void {
  const ids = [...new Set([...map.matrix.keys(), ...map.rows.keys()])].filter((id) => !isTactic(id))
  const tacticRows = [...map.rows.keys()].filter(isTactic).length
  checkTotal(context, map.facts.techniques, ids.filter((id) => !id.includes('.')), 'techniques', tacticRows)
  checkTotal(context, map.facts.subTechniques, ids.filter((id) => id.includes('.')), 'sub-techniques', 0)
}

/** IDs in the map (matrix or table) that no page maps: one finding each, on its first entry. */
function checkUnmapped(context: Context, map: MapPage, coverage: PagesCoverage): void {
  for (const id of new Set([...map.matrix.keys(), ...map.rows.keys()])) {
    if (coverage.pages.has(id) || coverage.unsure.has(id)) continue
    const span = map.matrix.get(id)?.span ?? map.rows.get(id)!.code.span
    context.report({reason: `${id} is in the map, but no page maps it`, span, note: pagesNote(undefined)})
  }
}

/** Techniques the pages map that the map lacks, or that only its table lists. */
function checkMissing(context: Context, map: MapPage, coverage: PagesCoverage): void {
  for (const [id, pages] of sortedById(coverage.pages)) {
    // Tactics cannot stand in the matrix; the layer's check compares them.
    if (isTactic(id) || map.matrix.has(id)) continue
    const row = map.rows.get(id)
    if (!row) context.report({reason: `The pages map ${id}, but the map lacks it`, span: map.anchor, note: pagesNote(pages)})
    else if (map.facts.matrix) context.report({reason: `${id} is in the table, but not in the matrix above it`, span: row.code.span, note: pagesNote(pages)})
  }
}

/** The table's `Rules` against the distinct rules the RM pages list (IDs no page maps are `checkUnmapped`'s). */
function checkRuleCounts(context: Context, map: MapPage, coverage: PagesCoverage): void {
  for (const row of map.rows.values()) {
    // Only where RM pages group rules under the ID: a product page's mention alone (a
    // tactic placeholder, `TA0001 - TA0001`) says nothing of how many rules there are.
    const listed = coverage.rules.get(row.code.text)?.size
    if (!row.rules || listed === undefined || row.rules.value === listed || coverage.unsure.has(row.code.text)) continue
    context.report({
      reason: `The RM pages list ${listed} distinct rules under ${row.code.text}, not ${row.rules.value}`,
      span: row.rules.span,
      note: `Rule IDs under its rule group headers over every RM page; ${pagesNote(coverage.pages.get(row.code.text))}`
    })
  }
}

/** The layer against the pages: IDs no page maps, mapped IDs it lacks, scores below the rules the pages list. */
function checkLayer(context: Context, techniques: readonly LayerTechnique[], coverage: PagesCoverage, anchor: Span): void {
  const inLayer = new Set(techniques.map((t) => t.id))
  for (const entry of techniques) {
    const rules = coverage.rules.get(entry.id)?.size ?? 0
    if (coverage.unsure.has(entry.id)) continue
    if (!coverage.pages.has(entry.id)) {
      context.report({reason: `\`${layerPath}\` has ${entry.id}, which no page maps`, span: anchor, note: `Its score: ${entry.score ?? 'none'}. ${pagesNote(undefined)}`})
    } else if (entry.score !== null && entry.score < rules) {
      context.report({
        reason: `\`${layerPath}\` scores ${entry.id} ${entry.score}, below the ${rules} rules the pages list for it`,
        span: anchor,
        note: `Distinct rule IDs under ${entry.id} over the RM pages; ${pagesNote(coverage.pages.get(entry.id))}`
      })
    }
  }
  for (const [id, pages] of sortedById(coverage.pages)) {
    // A tactic only where RM pages group rules under it: product pages write tactics as
    // placeholders (`TA0005 - TA0005`), and one written for a technique is attack-tactic's finding.
    if (isTactic(id) && !coverage.rules.has(id)) continue
    if (!inLayer.has(id)) context.report({reason: `The pages map ${id}, but \`${layerPath}\` lacks it`, span: anchor, note: pagesNote(pages)})
  }
}

/** The layer beside the page, read through the index, recorded as what the findings depend on. */
function layerOf(context: Context) {
  const link = path.posix.relative(path.posix.dirname(context.page.path), layerPath)
  context.resolve(link)
  return readCoverageLayer(context.index, layerPath)
}

export default defineRule(
  {
    id: 'coverage-map',
    pageKinds: ['attack-map'],
    description: "The library's coverage map (matrix page and Navigator layer) disagreeing with its pages: techniques, scores, totals",
    defaultSeverity: 'warn',
    fixable: true,
    options: noOptions
  },
  (context) => {
    const facts = context.page.attackMap
    if (!facts) return
    context.dependOnLibrary()
    const coverage = pagesCoverage(context.index, context.settings)
    const map: MapPage = {
      facts,
      matrix: matrixEntries(facts.matrix),
      rows: new Map(facts.rows.map((row) => [row.code.text, row])),
      anchor: facts.title?.span ?? facts.techniques?.span ?? {start: 0, end: 0}
    }
    checkTotals(context, map)
    checkUnmapped(context, map, coverage)
    checkMissing(context, map, coverage)
    checkRuleCounts(context, map, coverage)
    const layer = layerOf(context)
    if (layer && 'problem' in layer) context.report({reason: `\`${layerPath}\` is no Navigator layer`, span: map.anchor, note: `Not checked: ${layer.problem}.`})
    else if (layer) checkLayer(context, layer.techniques, coverage, map.anchor)
  }
)
