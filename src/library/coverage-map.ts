/**
 * The library's own coverage map against its pages: which techniques (and tactics) the
 * pages map, with the distinct rules the rules-and-models pages list under each, and the
 * ATT&CK Navigator layer the library publishes beside its pages
 * (`resources/mitre_map.json`: version, domain, techniques with score and comment).
 * `coverage-map` compares them.
 */
import path from 'node:path'
import type {ContentLintSettings} from '../core/settings.js'
import type {PageFacts} from '../model/types.js'
import type {CorpusIndex} from './corpus-index.js'
import {countedPages} from './summary-readings.js'

/** What the pages map, technique or tactic ID (`T1059.001`, `TA0002`) → what maps it. */
export interface PagesCoverage {
  /** Distinct rule IDs listed under the ID's rule group header, over every RM page. */
  rules: Map<string, Set<string>>
  /** Pages (relative paths) that map the ID: RM rule groups, product pages' techniques and tactics. */
  pages: Map<string, string[]>
  /**
   * IDs a row of the wrong shape names (an RM row with a `|` too few or too many): its
   * cells are not read, so what the pages list under these IDs is not known, and no
   * finding rests on it (`table-shape` reports the row).
   */
  unsure: Set<string>
}


/** One page's share: an RM page's rule groups, a product page's technique and tactic mentions. */
function addPage(coverage: PagesCoverage, page: PageFacts): void {
  const mapped = (id: string) => {
    const pages = coverage.pages.get(id) ?? []
    if (pages[pages.length - 1] !== page.path) pages.push(page.path)
    coverage.pages.set(id, pages)
  }
  for (const row of page.rulesAndModels?.rows ?? []) {
    if (row.misshapen) {
      for (const id of row.misshapenIds) coverage.unsure.add(id)
      continue
    }
    for (const group of row.ruleGroups) {
      const id = group.technique?.id ?? group.tactic?.id.text
      if (!id) continue
      mapped(id)
      const rules = coverage.rules.get(id) ?? new Set<string>()
      for (const rule of group.rules) rules.add(rule.id.text)
      coverage.rules.set(id, rules)
    }
  }
  if (page.kind !== 'product') return
  for (const mention of page.techniqueMentions) mapped(mention.id)
  for (const mention of page.tacticMentions) mapped(mention.id.text)
}

const measured = new WeakMap<CorpusIndex, {generation: number; coverage: PagesCoverage}>()

/**
 * What the product and RM pages under the data sources folders map, read once per state
 * of the index. Continuation and use-case pages repeat what their product's pages say
 * (on both snapshots every technique they name heads a rule group of an RM page).
 */
export function pagesCoverage(index: CorpusIndex, settings: ContentLintSettings): PagesCoverage {
  const known = measured.get(index)
  if (known && known.generation === index.generation) return known.coverage
  const coverage: PagesCoverage = {rules: new Map(), pages: new Map(), unsure: new Set()}
  for (const {file} of countedPages(index, settings)) {
    const page = index.page(file)
    if (page) addPage(coverage, page)
  }
  measured.set(index, {generation: index.generation, coverage})
  return coverage
}

/** One technique of a Navigator layer. */
export interface LayerTechnique {
  /** `techniqueID` as written: a technique, a sub-technique or (as the library writes) a tactic ID. */
  id: string
  /** `score`, null when absent or not a number. */
  score: number | null
  comment: string | null
}

export type CoverageLayer = {techniques: LayerTechnique[]} | {problem: string}

/** The layer's techniques, or why the file is no Navigator layer; null when there is no such file. */
export function readCoverageLayer(index: CorpusIndex, relative: string): CoverageLayer | null {
  const text = index.readText(path.join(index.root, relative))
  if (text === null) return null
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return {problem: `it is not JSON (${(error as Error).message})`}
  }
  const techniques = (data as {techniques?: unknown} | null)?.techniques
  if (!Array.isArray(techniques)) return {problem: 'it has no `techniques` list'}
  const out: LayerTechnique[] = []
  for (const entry of techniques as unknown[]) {
    const {techniqueID, score, comment} = (entry ?? {}) as Record<string, unknown>
    if (typeof techniqueID !== 'string') return {problem: 'a technique has no `techniqueID`'}
    out.push({id: techniqueID, score: typeof score === 'number' ? score : null, comment: typeof comment === 'string' ? comment : null})
  }
  return {techniques: out}
}
