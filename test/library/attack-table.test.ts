/**
 * The built-in ATT&CK table (data/attack-enterprise.json) against the bundles it was
 * derived from: every release read from the table must be what `readBundle` reads from
 * that release's bundle, and the names, tactics and flags must be what the bundle's
 * JSON says, read here without content-lint's reader. The bundles are the shared
 * snapshot's (`../shared/attack`, read at test time, never copied); the table's
 * round trip is also checked on the two small bundles of test/data/attack.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {builtinReleases, builtinTablePath} from '../../src/library/attack/builtin.js'
import {AttackDataError, type AttackRelease, readBundle, versionFromFileName} from '../../src/library/attack/stix.js'
import {mitreNotice, releasesFromTable, serializeTable, tableFromReleases} from '../../src/library/attack/table.js'
import {tableText} from '../../scripts/attack-data.js'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')
const dataDir = path.join(repoRoot, 'test', 'data', 'attack')
const sharedAttack = path.resolve(repoRoot, '..', 'shared', 'attack')

/** A release without where it was read from, to compare a table's with a bundle's. */
const withoutSource = ({source: _source, ...release}: AttackRelease) => release

function bundleRelease(file: string): AttackRelease {
  return readBundle(fs.readFileSync(file, 'utf8'), file, versionFromFileName(path.basename(file)))
}

describe('the table format', () => {
  it('gives back, for each release, what readBundle read from its bundle', () => {
    const releases = ['enterprise-attack-1.0.json', 'enterprise-attack-2.0.json'].map((name) => bundleRelease(path.join(dataDir, name)))
    const text = serializeTable(tableFromReleases(releases, 'test'))
    const decoded = releasesFromTable(text, 'table.json')
    expect(decoded.map(withoutSource)).toEqual(releases.map(withoutSource))
    expect(decoded.every((r) => r.source === 'table.json')).toBe(true)
    // One line per technique ID, so a new release shows in a diff as what it changed.
    expect(text.split('\n').filter((line) => /^ "T\d{4}(\.\d{3})?": \[/.test(line)).length).toBe(new Set(releases.flatMap((r) => [...r.techniques.keys()])).size)
  })

  it('refuses a damaged table with one clear message', () => {
    const damaged = (text: string) => {
      try {
        releasesFromTable(text, 't.json')
      } catch (error) {
        expect(error).toBeInstanceOf(AttackDataError)
        return (error as Error).message
      }
      throw new Error('no error')
    }
    expect(damaged('{"format": ')).toMatch(/^The ATT&CK table t\.json is damaged \(not JSON: .*\); reinstall content-lint$/)
    expect(damaged('{"format": "other"}')).toBe('The ATT&CK table t.json is damaged (its format is not `content-lint attack-enterprise table 1`); reinstall content-lint')
    const table = JSON.parse(serializeTable(tableFromReleases([bundleRelease(path.join(dataDir, 'enterprise-attack-1.0.json'))], 'test')))
    table.techniques.T1557[0].in = [0, 3]
    expect(damaged(JSON.stringify(table))).toBe('The ATT&CK table t.json is damaged (T1557 names releases that are not in it); reinstall content-lint')
  })
})

describe('the built-in table', () => {
  it('reproduces MITRE\'s copyright designation and license, as their terms of use require', () => {
    const table = JSON.parse(fs.readFileSync(builtinTablePath, 'utf8'))
    expect(table.notice).toEqual([...mitreNotice])
    const notice = table.notice.join('\n')
    expect(notice).toContain('hereby grants you a non-exclusive, royalty-free license to use ATT&CK® for research, development, and commercial purposes')
    expect(notice).toContain('© 2021 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.')
  })

  it('ships in the package: npm pack lists it', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: repoRoot, encoding: 'utf8', env: {...process.env, npm_config_cache: path.join(os.tmpdir(), 'content-lint-npm-cache')}})
    const [pack] = JSON.parse(out) as Array<{files: Array<{path: string}>}>
    expect(pack!.files.map((f) => f.path)).toContain('data/attack-enterprise.json')
  })
})

describe.skipIf(!fs.existsSync(sharedAttack))('the built-in table against the shared bundles 6.3 to 18.1', () => {
  const files = fs.existsSync(sharedAttack) ? fs.readdirSync(sharedAttack).filter((name) => name.endsWith('.json')).map((name) => path.join(sharedAttack, name)) : []

  it('is what the generator writes from them today', () => {
    expect(tableText(sharedAttack)).toBe(fs.readFileSync(builtinTablePath, 'utf8'))
  })

  it('holds every release, each one equal to what readBundle reads from its bundle', () => {
    const builtin = builtinReleases()
    expect(builtin.map((r) => r.version)).toEqual(['6.3', '7.2', '8.2', '9.0', '10.1', '11.3', '12.1', '13.1', '14.1', '15.1', '16.1', '17.1', '18.1'])
    expect(files.length).toBe(13)
    for (const file of files) {
      const fromBundle = bundleRelease(file)
      const fromTable = builtin.find((r) => r.version === fromBundle.version)
      expect(fromTable && withoutSource(fromTable), file).toEqual(withoutSource(fromBundle))
    }
  })

  it('agrees with the bundles read as plain JSON: names, tactics, deprecation, revocation, dates', () => {
    const builtin = builtinReleases()
    for (const file of files) {
      const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as {objects: Array<Record<string, any>>}
      const version = bundle.objects.find((o) => o.type === 'x-mitre-collection')!.x_mitre_version as string
      const release = builtin.find((r) => r.version === version)!
      const patterns = bundle.objects.filter((o) => o.type === 'attack-pattern')
      const idOf = (o: Record<string, any>) => (o.external_references as Array<Record<string, string>>).find((ref) => ref.source_name === 'mitre-attack')?.external_id
      expect(release.techniques.size, version).toBe(new Set(patterns.map(idOf)).size)
      for (const pattern of patterns.filter((p) => !p.revoked && !p.x_mitre_deprecated)) {
        const technique = release.techniques.get(idOf(pattern)!)!
        expect(technique.name, `${version} ${idOf(pattern)}`).toBe(pattern.name)
        expect(technique.tactics).toEqual((pattern.kill_chain_phases as Array<Record<string, string>>).map((k) => k.phase_name))
      }
      const revokedBy = bundle.objects.filter((o) => o.relationship_type === 'revoked-by')
      for (const pattern of patterns.filter((p) => p.revoked)) {
        const technique = release.techniques.get(idOf(pattern)!)!
        expect(technique.revoked).toBe(true)
        const targets = revokedBy.filter((r) => r.source_ref === pattern.id).map((r) => idOf(patterns.find((p) => p.id === r.target_ref) ?? {external_references: []}))
        expect(technique.revokedBy, `${version} ${idOf(pattern)}`).toEqual(targets.filter(Boolean))
      }
      const newest = bundle.objects.map((o) => o.modified as string | undefined).filter(Boolean).sort().pop()!
      expect(release.date).toBe(newest.slice(0, 10))
      const tactics = new Map(bundle.objects.filter((o) => o.type === 'x-mitre-tactic').map((t) => [t.id as string, t.x_mitre_shortname as string]))
      expect(release.matrix).toEqual((bundle.objects.find((o) => o.type === 'x-mitre-matrix')!.tactic_refs as string[]).map((ref) => tactics.get(ref)))
    }
  })
})
