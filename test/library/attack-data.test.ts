/**
 * Reading ATT&CK bundles and choosing the release: the two bundles in test/data/attack
 * were written for these tests (release 1.0 in the reduced layout of the shared
 * snapshot's bundles, 2.0 in the layout of MITRE's full enterprise-attack.json with
 * object types and fields content-lint ignores).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {attackFor, loadAttack, resetAttackCache} from '../../src/library/attack/load.js'
import {staleBuiltinNotice} from '../../src/library/attack/describe.js'
import {doubledSegment, judgeName} from '../../src/library/attack/names.js'
import {AttackDataError, readBundle} from '../../src/library/attack/stix.js'

const dataDir = path.resolve(import.meta.dirname, '..', 'data', 'attack')
const release1 = path.join(dataDir, 'enterprise-attack-1.0.json')
const release2 = path.join(dataDir, 'enterprise-attack-2.0.json')

function temporaryDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-attack-'))
}

afterEach(() => resetAttackCache())

describe('readBundle', () => {
  it('reads the full-format bundle: techniques, sub-technique names, tactics, revoked-by, deprecation', () => {
    const release = readBundle(fs.readFileSync(release2, 'utf8'), release2)
    expect(release.version).toBe('2.0')
    // 19 Enterprise techniques written into the bundle; the mobile one (T1999) is left out.
    expect(release.techniques.size).toBe(19)
    expect(release.techniques.has('T1999')).toBe(false)
    expect(release.techniques.get('T1059.001')).toMatchObject({
      name: 'PowerShell',
      fullName: 'Command and Scripting Interpreter: PowerShell',
      parentId: 'T1059',
      tactics: ['execution']
    })
    expect(release.techniques.get('T1574.002')).toMatchObject({revoked: true, revokedBy: ['T1574.001']})
    expect(release.techniques.get('T1064')).toMatchObject({deprecated: true, revoked: false, revokedBy: []})
    expect(release.tactics.map((t) => t.name)).toEqual(['Initial Access', 'Execution', 'Persistence', 'Defense Evasion', 'Credential Access', 'Collection'])
    expect(release.tactics[1]).toEqual({id: 'TA0002', name: 'Execution', shortname: 'execution'})
  })

  it('reads the reduced layout, and takes the release from the file name when the bundle does not say', () => {
    const release = readBundle(fs.readFileSync(release1, 'utf8'), release1)
    expect(release.version).toBe('1.0')
    expect(release.techniques.get('T1557')?.fullName).toBe('Man-in-the-Middle')
    const bundle = JSON.parse(fs.readFileSync(release1, 'utf8'))
    bundle.objects = bundle.objects.filter((o: {type: string}) => o.type !== 'x-mitre-collection')
    expect(readBundle(JSON.stringify(bundle), 'x.json', '7.2').version).toBe('7.2')
    expect(readBundle(JSON.stringify(bundle), 'x.json').version).toBe(null)
  })

  it('names sub-techniques by the ID prefix when a release has no subtechnique-of relationships', () => {
    const bundle = JSON.parse(fs.readFileSync(release1, 'utf8'))
    bundle.objects = bundle.objects.filter((o: {relationship_type?: string}) => o.relationship_type !== 'subtechnique-of')
    expect(readBundle(JSON.stringify(bundle), 'x').techniques.get('T1078.004')?.fullName).toBe('Valid Accounts: Cloud Accounts')
  })

  it('refuses what is not an ATT&CK bundle, with one clear message', () => {
    const bad = (text: string) => {
      try {
        readBundle(text, 'b.json')
      } catch (error) {
        expect(error).toBeInstanceOf(AttackDataError)
        return (error as Error).message
      }
      throw new Error('no error')
    }
    expect(bad('{"type": "bundle", "objects": [')).toMatch(/^ATT&CK data b\.json is not valid JSON \(/)
    expect(bad('[1, 2]')).toBe('ATT&CK data b.json is not a STIX bundle (expected {"type": "bundle", "objects": [...]})')
    expect(bad('{"type": "bundle", "objects": [{"type": "identity", "id": "identity--1"}]}')).toBe(
      'ATT&CK data b.json holds no ATT&CK Enterprise techniques (no `attack-pattern` with a `mitre-attack` ID)'
    )
    const pattern = (fields: Record<string, unknown>) =>
      JSON.stringify({type: 'bundle', objects: [{type: 'attack-pattern', id: 'attack-pattern--1', name: 'X', external_references: [{source_name: 'mitre-attack', external_id: 'T1001'}], ...fields}]})
    expect(bad(pattern({name: 7}))).toBe('ATT&CK data b.json: attack-pattern--1 has no `name`')
    expect(bad(pattern({external_references: [{source_name: 'mitre-attack', external_id: 'TX1'}]}))).toMatch(/has the ATT&CK ID `TX1`, not a technique ID/)
    expect(bad(pattern({kill_chain_phases: 'execution'}))).toBe('ATT&CK data b.json: attack-pattern--1 has `kill_chain_phases` that is not a list')
  })
})

describe('loadAttack', () => {
  it('loads a folder of releases: the newest is the target, the others give the name history', () => {
    const attack = loadAttack(dataDir)
    expect(attack.targetLabel).toBe('v2.0')
    expect(attack.span).toBe('v1.0–v2.0')
    expect(attack.nameHistory('T1557')).toEqual([
      {fullName: 'Man-in-the-Middle', versions: ['v1.0']},
      {fullName: 'Adversary-in-the-Middle', versions: ['v2.0']}
    ])
    expect(attack.known('T1621')).toBe(true)
    expect(loadAttack(dataDir, 'v1.0').targetLabel).toBe('v1.0')
    expect(loadAttack(dataDir, '1.0').technique('T1621')).toBeUndefined()
  })

  it('keeps loaded data until a bundle changes, looking at most once a second', async () => {
    const dir = temporaryDir()
    const file = path.join(dir, 'enterprise-attack.json')
    fs.copyFileSync(release1, file)
    const first = loadAttack(file)
    expect(loadAttack(file)).toBe(first)
    fs.copyFileSync(release2, file)
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000))
    // Within the second: the files are not looked at again.
    expect(loadAttack(file)).toBe(first)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const second = loadAttack(file)
    expect(second).not.toBe(first)
    expect(second.targetLabel).toBe('v2.0')
  })

  it('says clearly what is wrong with a path, a folder or a version', () => {
    const dir = temporaryDir()
    expect(() => loadAttack(path.join(dir, 'missing.json'))).toThrow(`ATT&CK data ${path.join(dir, 'missing.json')} does not exist`)
    expect(() => loadAttack(dir)).toThrow(`ATT&CK data folder ${dir} holds no .json bundle`)
    fs.copyFileSync(release1, path.join(dir, 'a-1.0.json'))
    fs.copyFileSync(release1, path.join(dir, 'b-1.0.json'))
    expect(() => loadAttack(dir)).toThrow(`ATT&CK data ${dir} holds release 1.0 twice (a-1.0.json, b-1.0.json)`)
    expect(() => loadAttack(dataDir, '3.0')).toThrow(`ATT&CK release 3.0 is not in ${dataDir} (it holds v1.0, v2.0)`)
  })

  it('without a path, uses the built-in releases with those attack update saved; none with `none`', () => {
    const dir = temporaryDir()
    const builtin = attackFor({}, {CONTENT_LINT_CACHE_DIR: dir})!
    expect(builtin.targetLabel).toBe('v18.1')
    expect(builtin.span).toBe('v6.3–v18.1')
    expect(attackFor({attack: 'none'}, {CONTENT_LINT_CACHE_DIR: dir})).toBe(null)
    expect(attackFor({attackVersion: '15.1'}, {CONTENT_LINT_CACHE_DIR: dir})!.targetLabel).toBe('v15.1')
    expect(() => attackFor({attackVersion: '19.0'}, {CONTENT_LINT_CACHE_DIR: dir})).toThrow('ATT&CK release 19.0 is not in the built-in ATT&CK table (it holds v6.3, v7.2, v8.2')
    // A downloaded release the table lacks joins the built-in ones; one it has is left to the table.
    fs.mkdirSync(path.join(dir, 'attack'))
    const bundle = JSON.parse(fs.readFileSync(release2, 'utf8'))
    bundle.objects.find((o: {type: string}) => o.type === 'x-mitre-collection').x_mitre_version = '19.0'
    fs.writeFileSync(path.join(dir, 'attack', 'enterprise-attack-19.0.json'), JSON.stringify(bundle))
    resetAttackCache()
    const withDownload = attackFor({}, {CONTENT_LINT_CACHE_DIR: dir})!
    expect(withDownload.targetLabel).toBe('v19.0')
    expect(withDownload.releases.map((r) => r.version)).toEqual(['6.3', '7.2', '8.2', '9.0', '10.1', '11.3', '12.1', '13.1', '14.1', '15.1', '16.1', '17.1', '18.1', '19.0'])
    // XDG_CACHE_HOME/content-lint when CONTENT_LINT_CACHE_DIR is unset.
    const xdg = temporaryDir()
    fs.mkdirSync(path.join(xdg, 'content-lint', 'attack'), {recursive: true})
    fs.copyFileSync(path.join(dir, 'attack', 'enterprise-attack-19.0.json'), path.join(xdg, 'content-lint', 'attack', 'enterprise-attack-19.0.json'))
    expect(attackFor({}, {XDG_CACHE_HOME: xdg})?.targetLabel).toBe('v19.0')
    // A broken download is one clear error, pointing at the cure.
    fs.writeFileSync(path.join(dir, 'attack', 'enterprise-attack-19.0.json'), '{')
    resetAttackCache()
    expect(() => attackFor({}, {CONTENT_LINT_CACHE_DIR: dir})).toThrow(/is not valid JSON .*; run `content-lint attack update` again, or give --attack$/)
  })

  it('says the built-in table is old once its newest release is more than a year old, and only then', () => {
    const builtin = attackFor({}, {CONTENT_LINT_CACHE_DIR: temporaryDir()})!
    // 18.1's date in the table: the newest `modified` of its bundle's objects.
    expect(builtin.target.date).toBe('2025-11-12')
    expect(staleBuiltinNotice(builtin, new Date('2026-11-12T00:00:00Z'))).toBe(null)
    expect(staleBuiltinNotice(builtin, new Date('2026-11-13T00:00:01Z'))).toBe(
      "content-lint: the built-in ATT&CK data ends with v18.1 of 2025-11-12, more than a year ago: `content-lint attack update` adds MITRE's newest release"
    )
    // Pinned to an older release, the table is as old as before; with other data, no notice.
    expect(staleBuiltinNotice(attackFor({attackVersion: '15.1'}, {CONTENT_LINT_CACHE_DIR: temporaryDir()})!, new Date('2030-01-01'))).toMatch(/ends with v18\.1 of 2025-11-12/)
    expect(staleBuiltinNotice(loadAttack(dataDir), new Date('2030-01-01'))).toBe(null)
  })

  it('pinned below the newest release, knows what later releases change', () => {
    const pinned = loadAttack(dataDir, '1.0')
    expect(pinned.laterChanges('T1557')).toMatchObject({renamed: {fullName: 'Adversary-in-the-Middle', release: {version: '2.0'}}})
    expect(pinned.laterChanges('T1574.002').retired?.technique.revokedBy).toEqual(['T1574.001'])
    expect(pinned.laterChanges('T1064').retired?.technique.deprecated).toBe(true)
    expect(loadAttack(dataDir).laterChanges('T1557')).toEqual({})
  })
})

describe('judgeName', () => {
  it('tells canonical, placeholder, renamed, newer, parent renamed, parentless and garbled names apart', () => {
    const attack = loadAttack(dataDir)
    expect(judgeName(attack, 'T1557', 'Adversary-in-the-Middle')).toEqual({kind: 'canonical'})
    expect(judgeName(attack, 'T1557', 'T1557')).toEqual({kind: 'placeholder', id: 'T1557'})
    expect(judgeName(attack, 'T1557', 'Man-in-the-Middle')).toEqual({kind: 'renamed', versions: ['v1.0'], newer: false})
    expect(judgeName(loadAttack(dataDir, '1.0'), 'T1557', 'Adversary-in-the-Middle')).toEqual({kind: 'renamed', versions: ['v2.0'], newer: true})
    expect(judgeName(attack, 'T1557.002', 'Man-in-the-Middle: ARP Cache Poisoning')).toEqual({
      kind: 'mixed',
      parts: [{written: 'Man-in-the-Middle', id: 'T1557', versions: ['v1.0']}]
    })
    expect(judgeName(loadAttack(dataDir, '1.0'), 'T1557.002', 'Man-in-the-Middle: ARP Cache Poisoning')).toEqual({
      kind: 'mixed',
      parts: [{written: 'ARP Cache Poisoning', id: 'T1557.002', versions: ['v2.0']}]
    })
    expect(judgeName(attack, 'T1557.002', 'Adversary-in-the-Middle: ARP Poisoning')).toEqual({
      kind: 'mixed',
      parts: [{written: 'ARP Poisoning', id: 'T1557.002', versions: ['v1.0']}]
    })
    expect(judgeName(attack, 'T1059.001', 'PowerShell')).toEqual({kind: 'no-parent'})
    expect(judgeName(attack, 'T1078.004', 'Valid Accounts')).toEqual({kind: 'garbled', otherIds: ['T1078'], doubled: null, wrongParent: null})
  })

  it('finds a doubled segment without data', () => {
    expect(doubledSegment('Create Account: Create: Local Account')).toEqual({segment: 'Create', fixed: 'Create Account: Local Account'})
    expect(doubledSegment('Valid Accounts: Valid Accounts')).toEqual({segment: 'Valid Accounts', fixed: 'Valid Accounts'})
    expect(doubledSegment('Scheduled Task/Job: Scheduled Task')).toBe(null)
    expect(doubledSegment('Command and Scripting Interpreter')).toBe(null)
  })
})
