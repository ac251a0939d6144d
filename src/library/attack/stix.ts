/**
 * Reading one ATT&CK Enterprise release from a STIX 2 bundle in the official
 * `enterprise-attack.json` format (MITRE's `attack-stix-data` repository).
 *
 * The bundle is read with `JSON.parse` and checked by hand: content-lint needs a
 * handful of fields of four object types (`attack-pattern`, `x-mitre-tactic`,
 * `x-mitre-collection`, `relationship`), and a STIX library or a full JSON schema
 * would validate the hundreds of fields (and object types: malware, groups, data
 * components, detection strategies…) that are ignored here. Every field that *is*
 * read is checked, so a wrong file gives one clear error instead of odd findings;
 * every other object and field is skipped, so the full official bundle reads as well
 * as a reduced one.
 */
import {releaseInfo} from './bundle-info.js'

/** A technique or sub-technique as one release defines it. */
export interface AttackTechnique {
  /** `T1059` or `T1059.001`. */
  id: string
  /** The object's own name (`PowerShell` for T1059.001). */
  name: string
  /** The name as the library writes it: `Parent Name: Sub Name` for a sub-technique. */
  fullName: string
  /** The parent technique's ID for a sub-technique. */
  parentId: string | null
  /** Tactic short names from `kill_chain_phases` (`defense-evasion`). */
  tactics: string[]
  deprecated: boolean
  revoked: boolean
  /** IDs of the techniques that replace a revoked one (`revoked-by` relationships). */
  revokedBy: string[]
}

export interface AttackTactic {
  /** `TA0002`, when the tactic carries its ATT&CK ID. */
  id: string | null
  /** `Execution`. */
  name: string
  /** `execution`: what `kill_chain_phases` name. */
  shortname: string
}

export interface AttackRelease {
  /** `18.1`, from the `x-mitre-collection` object, else the file name; null when neither says. */
  version: string | null
  /** Where the bundle was read from (for messages). */
  source: string
  techniques: Map<string, AttackTechnique>
  tactics: AttackTactic[]
  /** The release's date and matrix column order (see bundle-info.ts). */
  date?: string | null
  matrix?: string[]
}

/** A bundle or folder that cannot be used: the CLI reports the message as one line, exit 2. */
export class AttackDataError extends Error {
  override name = 'AttackDataError'
}

const techniqueId = /^T\d{4}(?:\.\d{3})?$/
const tacticId = /^TA\d{4}$/

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The `mitre-attack` external ID of an object (`T1059.001`, `TA0002`), if any. */
function attackId(object: Json): string | null {
  const refs = object.external_references
  if (!Array.isArray(refs)) return null
  for (const ref of refs) {
    if (isObject(ref) && ref.source_name === 'mitre-attack' && typeof ref.external_id === 'string') return ref.external_id
  }
  return null
}

/** `enterprise-attack-18.1.json` → `18.1`. */
export function versionFromFileName(file: string): string | null {
  const m = /(\d+(?:\.\d+)+|\d+)\.json$/i.exec(file)
  return m ? m[1]! : null
}

/**
 * Read one release. `source` names the file or URL in error messages; `versionHint`
 * (from the file name) is used when the bundle has no `x-mitre-collection` version.
 */
export function readBundle(text: string, source: string, versionHint: string | null = null): AttackRelease {
  const reader = new ReleaseReader(source)
  const objects = bundleObjects(text, source)
  for (const object of objects) reader.read(object)
  return {...reader.release(versionHint), ...releaseInfo(objects)}
}

/** The objects of a STIX bundle, or an error saying the text is not one. */
function bundleObjects(text: string, source: string): unknown[] {
  let bundle: unknown
  try {
    bundle = JSON.parse(text)
  } catch (error) {
    throw new AttackDataError(`ATT&CK data ${source} is not valid JSON (${(error as Error).message})`)
  }
  if (!isObject(bundle) || bundle.type !== 'bundle' || !Array.isArray(bundle.objects)) {
    throw new AttackDataError(`ATT&CK data ${source} is not a STIX bundle (expected {"type": "bundle", "objects": [...]})`)
  }
  return bundle.objects as unknown[]
}

/** A relationship between two techniques, kept until every technique is read. */
interface Relationship {
  type: 'subtechnique-of' | 'revoked-by'
  source: string
  target: string
}

/**
 * What one bundle's objects say, collected object by object, then put together:
 * relationships name techniques by STIX ID and may come before them.
 */
class ReleaseReader {
  private version: string | null = null
  private readonly byStixId = new Map<string, AttackTechnique>()
  private readonly techniques = new Map<string, AttackTechnique>()
  private readonly tactics: AttackTactic[] = []
  private readonly relationships: Relationship[] = []

  constructor(private readonly source: string) {}

  /** Take in one entry of the bundle's `objects`; object types not listed here are skipped. */
  read(object: unknown): void {
    if (!isObject(object) || typeof object.type !== 'string') {
      throw new AttackDataError(`ATT&CK data ${this.source}: the bundle holds an entry that is not a STIX object`)
    }
    switch (object.type) {
      case 'x-mitre-collection':
        this.readCollection(object)
        break
      case 'attack-pattern':
        this.readTechnique(object)
        break
      case 'x-mitre-tactic':
        this.readTactic(object)
        break
      case 'relationship':
        this.readRelationship(object)
        break
      default:
        break
    }
  }

  /** The release, once every object is read: sub-techniques linked to their parents, revoked ones to their successors. */
  release(versionHint: string | null): AttackRelease {
    if (this.techniques.size === 0) {
      throw new AttackDataError(`ATT&CK data ${this.source} holds no ATT&CK Enterprise techniques (no \`attack-pattern\` with a \`mitre-attack\` ID)`)
    }
    this.applyRelationships()
    this.nameSubTechniques()
    return {version: this.version ?? versionHint, source: this.source, techniques: this.techniques, tactics: this.tactics}
  }

  /** The release number, from the first collection object that has one. */
  private readCollection(object: Json): void {
    if (this.version !== null || object.x_mitre_version === undefined) return
    if (typeof object.x_mitre_version !== 'string' || !/^\d+(\.\d+)*$/.test(object.x_mitre_version)) {
      this.bad(object, 'has an `x_mitre_version` that is not a release number')
    }
    this.version = object.x_mitre_version as string
  }

  private readTechnique(object: Json): void {
    const id = attackId(object)
    // Techniques of other domains (mobile, ICS) may share a bundle; only Enterprise counts.
    const domains = object.x_mitre_domains
    if (Array.isArray(domains) && !domains.includes('enterprise-attack')) return
    if (id === null) return
    if (!techniqueId.test(id)) this.bad(object, `has the ATT&CK ID \`${id}\`, not a technique ID (T1234 or T1234.001)`)
    if (typeof object.name !== 'string' || object.name.trim() === '') this.bad(object, 'has no `name`')
    if (typeof object.id !== 'string') this.bad(object, 'has no STIX `id`')
    const technique: AttackTechnique = {
      id,
      name: (object.name as string).trim(),
      fullName: (object.name as string).trim(),
      parentId: null,
      tactics: this.tacticsOf(object),
      deprecated: object.x_mitre_deprecated === true,
      revoked: object.revoked === true,
      revokedBy: []
    }
    this.byStixId.set(object.id as string, technique)
    const existing = this.techniques.get(id)
    // Two objects with one ID: the one in use wins over a revoked or deprecated one.
    if (!existing || ((existing.revoked || existing.deprecated) && !technique.revoked && !technique.deprecated)) {
      this.techniques.set(id, technique)
    }
  }

  /** Tactic short names of a technique: its `mitre-attack` kill chain phases. */
  private tacticsOf(technique: Json): string[] {
    const phases = technique.kill_chain_phases ?? []
    if (!Array.isArray(phases)) this.bad(technique, 'has `kill_chain_phases` that is not a list')
    const tactics: string[] = []
    for (const phase of phases as unknown[]) {
      if (!isObject(phase) || typeof phase.kill_chain_name !== 'string' || typeof phase.phase_name !== 'string') {
        this.bad(technique, 'has a kill chain phase without `kill_chain_name` and `phase_name`')
      }
      const p = phase as Json
      if (p.kill_chain_name === 'mitre-attack') tactics.push(p.phase_name as string)
    }
    return tactics
  }

  private readTactic(object: Json): void {
    if (typeof object.name !== 'string' || typeof object.x_mitre_shortname !== 'string') {
      this.bad(object, 'is a tactic without `name` and `x_mitre_shortname`')
    }
    const id = attackId(object)
    this.tactics.push({id: id && tacticId.test(id) ? id : null, name: object.name as string, shortname: object.x_mitre_shortname as string})
  }

  private readRelationship(object: Json): void {
    const type = object.relationship_type
    if (type !== 'subtechnique-of' && type !== 'revoked-by') return
    if (typeof object.source_ref !== 'string' || typeof object.target_ref !== 'string') {
      this.bad(object, 'is a relationship without `source_ref` and `target_ref`')
    }
    this.relationships.push({type, source: object.source_ref as string, target: object.target_ref as string})
  }

  private applyRelationships(): void {
    for (const rel of this.relationships) {
      const from = this.byStixId.get(rel.source)
      const to = this.byStixId.get(rel.target)
      // Relationships of other objects (groups revoked by groups) are no business of ours.
      if (!from || !to) continue
      if (rel.type === 'subtechnique-of') from.parentId = to.id
      else if (!from.revokedBy.includes(to.id)) from.revokedBy.push(to.id)
    }
  }

  /** `Parent Name: Sub Name`, as the library writes a sub-technique. */
  private nameSubTechniques(): void {
    for (const technique of this.byStixId.values()) {
      // Releases before the `subtechnique-of` relationships still name sub-techniques by ID.
      if (technique.parentId === null && technique.id.includes('.')) technique.parentId = technique.id.slice(0, 5)
      const parent = technique.parentId ? this.techniques.get(technique.parentId) : undefined
      if (parent) technique.fullName = `${parent.name}: ${technique.name}`
    }
  }

  /** Stop at an object that lacks a field content-lint reads, naming it. */
  private bad(object: Json, what: string): never {
    const id = typeof object.id === 'string' ? object.id : 'an object without id'
    throw new AttackDataError(`ATT&CK data ${this.source}: ${id} ${what}`)
  }
}

/** Compare release numbers numerically: `9.0` < `10.1`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
