/**
 * ATT&CK data as the rules use it: one target release (the newest loaded, or the one
 * named by `attackVersion`) and every loaded release for each technique's name
 * history.
 */
import {type AttackRelease, type AttackTactic, type AttackTechnique, compareVersions} from './stix.js'

/** One name a technique had, and the loaded releases that used it. */
export interface NameInRelease {
  fullName: string
  /** Loaded releases using this name, oldest first. */
  versions: string[]
}

/** Changes to a technique in releases after the target (`laterChanges`). */
export interface LaterChanges {
  renamed?: {release: AttackRelease; fullName: string}
  /** Deprecated or revoked from this release on. */
  retired?: {release: AttackRelease; technique: AttackTechnique}
}

export class AttackData {
  /** Oldest first. */
  readonly releases: readonly AttackRelease[]
  readonly target: AttackRelease
  private readonly byFullName = new Map<string, string[]>()
  private readonly tacticsByName = new Map<string, AttackTactic>()
  private readonly tacticsByShortname = new Map<string, AttackTactic>()
  private readonly tacticsById = new Map<string, AttackTactic>()

  constructor(releases: readonly AttackRelease[], target: AttackRelease) {
    this.releases = [...releases].sort((a, b) => compareVersions(a.version ?? '0', b.version ?? '0'))
    this.target = target
    for (const technique of target.techniques.values()) {
      const list = this.byFullName.get(technique.fullName) ?? []
      list.push(technique.id)
      this.byFullName.set(technique.fullName, list)
    }
    for (const tactic of target.tactics) {
      this.tacticsByName.set(tactic.name, tactic)
      this.tacticsByShortname.set(tactic.shortname, tactic)
      if (tactic.id) this.tacticsById.set(tactic.id, tactic)
    }
  }

  /** `v18.1` (or `the loaded release` for a bundle that states no number). */
  get targetLabel(): string {
    return label(this.target)
  }

  /** The technique in the target release. */
  technique(id: string): AttackTechnique | undefined {
    return this.target.techniques.get(id)
  }

  /** Whether any loaded release knows the ID. */
  known(id: string): boolean {
    return this.releases.some((r) => r.techniques.has(id))
  }

  /** Loaded releases that define the ID, oldest first. */
  releasesWith(id: string): AttackRelease[] {
    return this.releases.filter((r) => r.techniques.has(id))
  }

  /** Every full name the technique had over the loaded releases, in order of first use. */
  nameHistory(id: string): NameInRelease[] {
    return this.history(id, (technique) => technique.fullName)
  }

  /** The own names (without parent) a technique had over the loaded releases, in order of first use. */
  ownNameHistory(id: string): NameInRelease[] {
    return this.history(id, (technique) => technique.name)
  }

  private history(id: string, nameOf: (technique: {name: string; fullName: string}) => string): NameInRelease[] {
    const out: NameInRelease[] = []
    for (const release of this.releases) {
      const technique = release.techniques.get(id)
      if (!technique) continue
      const name = nameOf(technique)
      const entry = out.find((n) => n.fullName === name)
      if (entry) entry.versions.push(label(release))
      else out.push({fullName: name, versions: [label(release)]})
    }
    return out
  }

  /** IDs whose full name in the target release is exactly `name`. */
  idsNamed(name: string): string[] {
    return this.byFullName.get(name) ?? []
  }

  /** The target release's tactic with this display name (`Command and Control`). */
  tacticNamed(name: string): AttackTactic | undefined {
    return this.tacticsByName.get(name)
  }

  /** The target release's tactic with this ID (`TA0002`). */
  tacticById(id: string): AttackTactic | undefined {
    return this.tacticsById.get(id)
  }

  /** Whether any loaded release has a tactic with this ID. */
  knownTactic(id: string): boolean {
    return this.releases.some((release) => release.tactics.some((tactic) => tactic.id === id))
  }

  tacticByShortname(shortname: string): AttackTactic | undefined {
    return this.tacticsByShortname.get(shortname)
  }

  get tactics(): readonly AttackTactic[] {
    return this.target.tactics
  }

  /**
   * What releases after the target change about a technique the target defines: its
   * first later name and its first later deprecation or revocation. Empty when the
   * target is the newest release loaded (no `attackVersion` pin, or a pin to it).
   */
  laterChanges(id: string): LaterChanges {
    const current = this.target.techniques.get(id)
    const changes: LaterChanges = {}
    if (!current) return changes
    for (const release of this.releases.slice(this.releases.indexOf(this.target) + 1)) {
      const later = release.techniques.get(id)
      if (!later) continue
      if (!changes.renamed && later.fullName !== current.fullName) changes.renamed = {release, fullName: later.fullName}
      const retired = later.revoked || later.deprecated
      if (!changes.retired && retired && !current.revoked && !current.deprecated) changes.retired = {release, technique: later}
    }
    return changes
  }

  /** `6.3–18.1`: the loaded range, for messages. */
  get span(): string {
    const first = this.releases[0]!
    const last = this.releases[this.releases.length - 1]!
    return first === last ? label(first) : `${label(first)}–${label(last)}`
  }
}

export function label(release: AttackRelease): string {
  return release.version ? `v${release.version}` : 'the loaded release'
}
