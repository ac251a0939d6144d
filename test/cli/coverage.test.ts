/**
 * `content-lint coverage`: the Navigator layer is valid against the Navigator's layer
 * format 4.5 (test/data/navigator-layer-4.5.schema.json, written from the format's
 * documentation), and its scores and the per-tactic table say what the example
 * library's pages say, counted here from their text with regular expressions.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Ajv from 'ajv'
import {beforeEach, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {builtinReleases} from '../../src/library/attack/builtin.js'
import {resetAttackCache} from '../../src/library/attack/load.js'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')
const library = path.join(repoRoot, 'examples', 'library')
const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'data', 'navigator-layer-4.5.schema.json'), 'utf8'))
const validate = new Ajv({allErrors: true, strict: true}).compile(schema)

beforeEach(() => {
  resetAttackCache()
  resetCorpusIndexes()
})

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).map((name) => path.join(dir, name))
}

/** Technique ID → rule IDs, from the `<b>T1234 - Name</b><br> ↳ <b>RULE</b>` groups of the RM pages' text. */
function rulesByTechnique(root: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const file of markdownFiles(root).filter((f) => /\/RM\/r_m_[^/]+\.md$/.test(f))) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const cells = line.split('|')
      if (cells.length < 4) continue
      // The Rules column of `| Event Type | Rules | Models |`.
      let technique: string | null = null
      for (const part of cells[2]!.split('<br>')) {
        const header = /<b>(T\d{4}(?:\.\d{3})?) - [^<]*<\/b>/.exec(part)
        if (header) technique = header[1]!
        const rule = /↳ <b>([^<]+)<\/b>/.exec(part)
        if (rule && technique) {
          if (!out.has(technique)) out.set(technique, new Set())
          out.get(technique)!.add(rule[1]!)
        }
      }
    }
  }
  return out
}

describe('content-lint coverage', () => {
  it('writes a Navigator layer that the layer format 4.5 schema accepts', async () => {
    const result = await runCli(['coverage', '--no-config', '--format', 'layer', library], repoRoot)
    expect(result).toMatchObject({code: 0, stderr: ''})
    const layer = JSON.parse(result.stdout)
    expect(validate(layer), JSON.stringify(validate.errors)).toBe(true)
    expect(layer.gradient.maxValue).toBeGreaterThan(layer.gradient.minValue)
    expect(layer.versions).toEqual({attack: '18', navigator: '5.0.0', layer: '4.5'})
  })

  it('scores each technique with the rules the RM pages group under it; every ID is an active 18.1 technique', async () => {
    const result = await runCli(['coverage', '--no-config', '--format', 'layer', library], repoRoot)
    const layer = JSON.parse(result.stdout) as {techniques: Array<{techniqueID: string; score: number; comment: string}>}
    const counted = rulesByTechnique(library)
    expect(counted.size).toBeGreaterThan(2)
    for (const [id, rules] of counted) {
      expect(layer.techniques.find((t) => t.techniqueID === id)?.score, id).toBe(rules.size)
    }
    const release = builtinReleases().find((r) => r.version === '18.1')!
    for (const technique of layer.techniques) {
      const known = release.techniques.get(technique.techniqueID)
      expect(known && !known.revoked && !known.deprecated, technique.techniqueID).toBe(true)
      expect(technique.score).toBe(counted.get(technique.techniqueID)?.size ?? 0)
    }
    expect(layer.techniques.find((t) => t.techniqueID === 'T1078')?.comment).toBe('2 rules in 1 product: Acme Widget')
  })

  it('lists each covered technique under every tactic 18.1 gives it, in the matrix order', async () => {
    const result = await runCli(['coverage', '--no-config', '--format', 'json', library], repoRoot)
    const coverage = JSON.parse(result.stdout) as {tactics: Array<{name: string; covered: Array<{id: string}>}>; leftOut: string[]}
    expect(coverage.tactics.slice(0, 3).map((t) => t.name)).toEqual(['Reconnaissance', 'Resource Development', 'Initial Access'])
    const release = builtinReleases().find((r) => r.version === '18.1')!
    const underTactic = (id: string) => coverage.tactics.filter((t) => t.covered.some((c) => c.id === id)).map((t) => t.name)
    // T1078 Valid Accounts: four tactics in 18.1.
    expect(underTactic('T1078')).toEqual(['Initial Access', 'Persistence', 'Privilege Escalation', 'Defense Evasion'])
    expect(release.techniques.get('T1078')!.tactics.length).toBe(4)
    // T1175 is deprecated in 18.1: named, not drawn.
    expect(coverage.leftOut).toContain('T1175')
    const markdown = await runCli(['coverage', '--no-config', library], repoRoot)
    expect(markdown.stdout).toContain('\n## Initial Access (TA0001): 1 of ')
    expect(markdown.stdout).toContain('| T1078 Valid Accounts | 2 | Acme Widget |')
  })

  it('also writes the layer to a file with --layer; bad input is one line, exit 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-coverage-'))
    const file = path.join(dir, 'layer.json')
    const result = await runCli(['coverage', '--no-config', '--layer', file, library], repoRoot)
    expect(result.code).toBe(0)
    expect(validate(JSON.parse(fs.readFileSync(file, 'utf8')))).toBe(true)
    expect(await runCli(['coverage', '--format', 'svg', library], repoRoot)).toEqual({code: 2, stdout: '', stderr: 'content-lint coverage: unknown format `svg`, expected markdown, json or layer\n'})
    const missing = await runCli(['coverage', path.join(dir, 'nothing')], repoRoot)
    expect(missing.code).toBe(2)
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1)
    const unwritable = await runCli(['coverage', '--no-config', '--layer', path.join(dir, 'no', 'such', 'layer.json'), library], repoRoot)
    expect(unwritable).toMatchObject({code: 2, stdout: ''})
    expect(unwritable.stderr).toMatch(/^content-lint coverage: cannot write the layer to .*layer\.json \(ENOENT/)
  })
})

describe('the layer schema', () => {
  const good = {
    name: 'example',
    versions: {attack: '18', navigator: '5.0.0', layer: '4.5'},
    domain: 'enterprise-attack',
    description: 'every documented property',
    filters: {platforms: ['Windows']},
    sorting: 2,
    layout: {layout: 'side', showName: true, showID: false, showAggregateScores: true, countUnscored: true, aggregateFunction: 'average', expandedSubtechniques: 'annotated'},
    hideDisabled: false,
    techniques: [
      {techniqueID: 'T1110', score: 0, color: '#fd8d3c', comment: 'x', showSubtechniques: true},
      {techniqueID: 'T1110.001', tactic: 'credential-access', enabled: false, links: [{label: 'a', url: 'https://example.org'}, {divider: true}], metadata: [{name: 'n', value: 'v'}, {divider: true}]}
    ],
    gradient: {colors: ['#ff6666', '#8ec843'], minValue: 0, maxValue: 100},
    legendItems: [{label: 'l', color: '#FF00FF'}],
    showTacticRowBackground: true,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: false,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [{name: 'm', value: 'v'}],
    links: [{label: 'l', url: 'https://example.org'}]
  }

  it('accepts a layer with every documented property, and refuses what the format does not allow', () => {
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true)
    const bad: Array<[string, unknown]> = [
      ['no name', {...good, name: undefined}],
      ['an old domain name', {...good, domain: 'mitre-enterprise'}],
      ['layer 4.4', {...good, versions: {...good.versions, layer: '4.4'}}],
      ['navigator 4.8', {...good, versions: {...good.versions, navigator: '4.8.2'}}],
      ['a misspelt property', {...good, techinques: []}],
      ['a technique without ID', {...good, techniques: [{score: 1}]}],
      ['a sub-technique ID with a slash', {...good, techniques: [{techniqueID: 'T1110/001'}]}],
      ['a score that is text', {...good, techniques: [{techniqueID: 'T1110', score: '3'}]}],
      ['one gradient colour', {...good, gradient: {colors: ['#ffffff'], minValue: 0, maxValue: 1}}],
      ['a link without protocol', {...good, links: [{label: 'l', url: 'example.org'}]}]
    ]
    for (const [what, layer] of bad) expect(validate(JSON.parse(JSON.stringify(layer))), what).toBe(false)
  })
})
