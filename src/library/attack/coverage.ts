/**
 * A library's ATT&CK coverage: for each technique of the target release, the products
 * whose pages list it (use-case rows, the ATT&CK matrix) and the detection rules that
 * map to it (rules-and-models pages group their rules under technique headers), and
 * the same per tactic in matrix order. `content-lint coverage` writes it as a Navigator
 * layer (navigator-layer.ts) and as tables.
 */
import type {PageFacts} from '../../model/types.js'
import {type AttackData, label} from './data.js'

export interface TechniqueCoverage {
  id: string
  /** `Parent: Sub` for a sub-technique, in the target release. */
  name: string
  /** Products (`Vendor Product`) whose pages list the technique, sorted. */
  products: string[]
  /** Distinct rule IDs mapped to it, sorted. */
  rules: string[]
  /** Tactic short names of the technique in the target release. */
  tactics: string[]
}

export interface TacticCoverage {
  id: string | null
  name: string
  shortname: string
  /** Techniques and sub-techniques of the tactic in the target release (not revoked or deprecated). */
  total: number
  covered: TechniqueCoverage[]
}

export interface Coverage {
  /** `v18.1`. */
  release: string
  version: string | null
  techniques: TechniqueCoverage[]
  tactics: TacticCoverage[]
  /** IDs the pages mention that the target release does not have, or has revoked or deprecated. */
  leftOut: string[]
}

/**
 * The folder of a product (`DataSources/Acme/Widget`, `DS/acme/widget`) a page of it lies
 * in: product pages and their continuations, and the pages of its `RM/`, `CR/` and `Ps/`
 * folders. Product folders may nest deeper (`Proofpoint/Proofpoint_TAP/POD`).
 */
function productFolder(page: PageFacts, dataSourcesDirs: readonly string[]): string | null {
  const parts = page.path.split('/')
  if (parts.length < 2 || !dataSourcesDirs.includes(parts[0]!)) return null
  const folder = parts.slice(0, -1)
  if (['RM', 'CR', 'Ps'].includes(folder[folder.length - 1]!)) folder.pop()
  return folder.join('/')
}

/** Collects what each page says, then resolves product folders to their product pages' names. */
class Collector {
  private readonly productsOf = new Map<string, Set<string>>()
  private readonly rulesOf = new Map<string, Set<string>>()
  private readonly productNames = new Map<string, string>()

  constructor(private readonly dataSourcesDirs: readonly string[]) {}

  add(page: PageFacts): void {
    const folder = productFolder(page, this.dataSourcesDirs)
    if (page.product && folder) {
      const name = [page.product.vendor?.text, page.product.product?.text].filter(Boolean).join(' ')
      if (name) this.productNames.set(folder, name)
    }
    for (const mention of page.techniqueMentions) if (folder && page.kind !== 'rules-and-models') this.addTo(this.productsOf, mention.id, folder)
    for (const row of page.rulesAndModels?.rows ?? []) {
      for (const group of row.ruleGroups) {
        if (!group.technique) continue
        for (const rule of group.rules) this.addTo(this.rulesOf, group.technique.id, rule.id.text)
        if (folder) this.addTo(this.productsOf, group.technique.id, folder)
      }
    }
  }

  private addTo(map: Map<string, Set<string>>, id: string, value: string): void {
    const set = map.get(id) ?? new Set<string>()
    set.add(value)
    map.set(id, set)
  }

  ids(): string[] {
    return [...new Set([...this.productsOf.keys(), ...this.rulesOf.keys()])].sort()
  }

  products(id: string): string[] {
    const folders = [...(this.productsOf.get(id) ?? [])]
    // A product page's Vendor and Product name it; a folder without one goes by its path.
    return [...new Set(folders.map((f) => this.productNames.get(f) ?? f.split('/').slice(1).join(' ')))].sort()
  }

  rules(id: string): string[] {
    return [...(this.rulesOf.get(id) ?? [])].sort()
  }
}

/** The coverage of these pages against the target release of `attack`. */
export function libraryCoverage(pages: Iterable<PageFacts>, attack: AttackData, dataSourcesDirs: readonly string[]): Coverage {
  const collector = new Collector(dataSourcesDirs)
  for (const page of pages) collector.add(page)
  const target = attack.target
  const techniques: TechniqueCoverage[] = []
  const leftOut: string[] = []
  for (const id of collector.ids()) {
    const technique = target.techniques.get(id)
    if (!technique || technique.revoked || technique.deprecated) {
      leftOut.push(id)
      continue
    }
    techniques.push({id, name: technique.fullName, products: collector.products(id), rules: collector.rules(id), tactics: technique.tactics})
  }
  return {release: label(target), version: target.version, techniques, tactics: byTactic(attack, techniques), leftOut}
}

/** Per tactic, in the matrix's column order (the release's tactic list when it has no matrix). */
function byTactic(attack: AttackData, techniques: readonly TechniqueCoverage[]): TacticCoverage[] {
  const target = attack.target
  const order = target.matrix && target.matrix.length > 0 ? target.matrix : target.tactics.map((t) => t.shortname)
  const active = [...target.techniques.values()].filter((t) => !t.revoked && !t.deprecated)
  return order.flatMap((shortname) => {
    const tactic = attack.tacticByShortname(shortname)
    if (!tactic) return []
    return [{
      id: tactic.id,
      name: tactic.name,
      shortname,
      total: active.filter((t) => t.tactics.includes(shortname)).length,
      covered: techniques.filter((t) => t.tactics.includes(shortname))
    }]
  })
}
