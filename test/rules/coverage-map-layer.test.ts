/**
 * coverage-map against the Navigator layer: defects planted into a copy of the fixture
 * library's `resources/mitre_map.json` (the fixture pages state findings on one layer
 * only, and a layer's findings land on every matrix page).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import rule from '../../rules/coverage-map.js'
import {runCli} from '../../src/cli/cli.js'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {fixturesRoot, runFixture} from '../helpers/harness.js'

const copies: string[] = []

/** The fixture library with only its valid matrix page, and `layer` as its layer (none when null). */
function libraryWith(layer: string | null): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-map-'))
  copies.push(root)
  fs.cpSync(path.join(fixturesRoot, 'coverage-map'), root, {recursive: true})
  fs.rmSync(path.join(root, 'MitreMap 2024.md'))
  const file = path.join(root, 'resources', 'mitre_map.json')
  if (layer === null) fs.rmSync(file)
  else fs.writeFileSync(file, layer)
  return path.relative(fixturesRoot, root)
}

const technique = (id: string, score: number) => ({techniqueID: id, score, comment: `${score} rules`})

async function findings(layer: string | null): Promise<string[]> {
  const results = await runFixture(libraryWith(layer), [[rule, ['warn']]])
  return results.flatMap((r) => r.actual.map((finding) => `${r.page} ${finding}`)).sort()
}

afterEach(() => {
  for (const root of copies.splice(0)) fs.rmSync(root, {recursive: true, force: true})
})

describe('coverage-map and the layer', () => {
  it('finds an ID no page maps, a mapped ID the layer lacks and a score below the rules listed', async () => {
    // T1078 has 2 rules on the RM page; T1110 is mapped and left out; T1030 is mapped by no page.
    const layer = {version: '4.4', domain: 'mitre-enterprise', techniques: [technique('T1078', 1), technique('T1059.001', 1), technique('TA0002', 2), technique('T1030', 3)]}
    expect(await findings(JSON.stringify(layer))).toEqual([
      // The notes: the fixture's one RM page maps T1078 (2 rule IDs under it) and T1110.
      'MitreMap.md 1:1-1:39 coverage-map The pages map T1110, but `resources/mitre_map.json` lacks it\nnote: 1 page(s) map it, e.g. DS/Initech/tps_reports/RM/r_m_initech_tps_reports_Malware.md.',
      'MitreMap.md 1:1-1:39 coverage-map `resources/mitre_map.json` has T1030, which no page maps\nnote: Its score: 3. No RM page groups rules under it and no product page names it.',
      'MitreMap.md 1:1-1:39 coverage-map `resources/mitre_map.json` scores T1078 1, below the 2 rules the pages list for it\nnote: Distinct rule IDs under T1078 over the RM pages; 1 page(s) map it, e.g. DS/Initech/tps_reports/RM/r_m_initech_tps_reports_Malware.md.'
    ])
  })

  it('takes a score above the rules the pages list (the layer counts rules the pages do not show)', async () => {
    const layer = {techniques: [technique('T1078', 40), technique('T1059.001', 1), technique('T1110', 1), technique('TA0002', 2)]}
    expect(await findings(JSON.stringify(layer))).toEqual([])
  })

  it('says once that a layer is not JSON, and nothing of a library without one', async () => {
    expect(await findings('{"techniques": [')).toEqual(['MitreMap.md 1:1-1:39 coverage-map `resources/mitre_map.json` is no Navigator layer\nnote: Not checked: it is not JSON (Unexpected end of JSON input).'])
    expect(await findings(null)).toEqual([])
  })

  it('is checked again when only the layer changes (the layer is no page: the cache knows it as a dependency)', async () => {
    const layer = (score: number) => JSON.stringify({techniques: [technique('T1078', score), technique('T1059.001', 1), technique('T1110', 1), technique('TA0002', 2)]})
    const dir = path.join(fixturesRoot, libraryWith(layer(5)))
    fs.mkdirSync(path.join(dir, '.git'))
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-map-cache-'))
    copies.push(cache)
    const run = async () => {
      resetCorpusIndexes()
      const result = await runCli(['--format', 'json', '--rule', 'coverage-map=warn', '--cache-location', cache, '.'], dir)
      const files = JSON.parse(result.stdout) as Array<{messages: Array<{ruleId: string; reason: string}>}>
      return files.flatMap((f) => f.messages).filter((m) => m.ruleId === 'coverage-map').map((m) => m.reason)
    }
    expect(await run()).toEqual([])
    fs.writeFileSync(path.join(dir, 'resources', 'mitre_map.json'), layer(1))
    expect(await run()).toEqual(['`resources/mitre_map.json` scores T1078 1, below the 2 rules the pages list for it'])
  })
})
