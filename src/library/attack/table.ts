/**
 * The compact ATT&CK table content-lint ships (`data/attack-enterprise.json`): what
 * the rules read of every ATT&CK Enterprise release from 6.3 on, derived from MITRE's
 * STIX bundles by `npm run attack:data` (scripts/attack-data.ts), with MITRE's
 * copyright notice and terms of use.
 *
 * It holds no text of MITRE's beyond names: technique and tactic IDs and names,
 * sub-technique parents, tactics per technique, deprecated and revoked-by, each
 * release's version, date and matrix column order. A technique's facts are stored
 * once for each run of consecutive releases that agree on them, so the 13 releases
 * hold 1,202 states, not the 9,114 techniques of 13 full listings.
 *
 * Encoding (`tableFromReleases`) and decoding (`releasesFromTable`) live together so
 * they cannot drift apart: decoding gives, for every release, what `readBundle` gives
 * for that release's bundle (test/library/attack-table.test.ts checks it).
 */
import {AttackDataError, type AttackRelease, type AttackTactic, type AttackTechnique, compareVersions} from './stix.js'

export const tableFormat = 'content-lint attack-enterprise table 1'

/**
 * MITRE's terms of use for ATT&CK (the LICENSE.txt of MITRE's attack-stix-data
 * repository), which any copy must reproduce, and the copyright statement of the
 * bundles' marking definition.
 */
export const mitreNotice: readonly string[] = [
  'MITRE ATT&CK® and ATT&CK® are registered trademarks of The MITRE Corporation. Copyright 2015-2025, The MITRE Corporation.',
  'License: The MITRE Corporation (MITRE) hereby grants you a non-exclusive, royalty-free license to use ATT&CK® for research, development, and commercial purposes. Any copy you make for such purposes is authorized provided that you reproduce MITRE\'s copyright designation and this license in any such copy.',
  '"© 2021 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation."',
  'Disclaimers: MITRE does not claim ATT&CK enumerates all possibilities for the types of actions and behaviors documented as part of its adversary model and framework of techniques. Using the information contained within ATT&CK to address or cover full categories of techniques will not guarantee full defensive coverage as there may be undisclosed techniques or variations on existing techniques not documented by ATT&CK.',
  'ALL DOCUMENTS AND THE INFORMATION CONTAINED THEREIN ARE PROVIDED ON AN "AS IS" BASIS AND THE CONTRIBUTOR, THE ORGANIZATION HE/SHE REPRESENTS OR IS SPONSORED BY (IF ANY), THE MITRE CORPORATION, ITS BOARD OF TRUSTEES, OFFICERS, AGENTS, AND EMPLOYEES, DISCLAIM ALL WARRANTIES, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTY THAT THE USE OF THE INFORMATION THEREIN WILL NOT INFRINGE ANY RIGHTS OR ANY IMPLIED WARRANTIES OF MERCHANTABILITY OR FITNESS FOR A PARTICULAR PURPOSE.',
  'Terms of use: https://attack.mitre.org/resources/legal-and-branding/terms-of-use/'
]

export interface TableRelease {
  version: string
  /** See ReleaseInfo.date in bundle-info.ts. */
  date: string | null
  /** The release's tactics as `readBundle` lists them: `[ID or null, name, short name]`. */
  tactics: Array<[string | null, string, string]>
  /** Tactic short names in matrix column order. */
  matrix: string[]
}

/** A technique's facts over a run of consecutive releases (indices into `releases`, inclusive). */
export interface TableState {
  in: [number, number]
  name: string
  parent?: string
  tactics: string[]
  deprecated?: true
  revoked?: true
  revokedBy?: string[]
}

export interface AttackTable {
  format: string
  notice: readonly string[]
  derivedFrom: string
  releases: TableRelease[]
  /** Technique ID → its states, oldest first. */
  techniques: Record<string, TableState[]>
}

/** The facts of one release's technique as a state (without its release range). */
function stateOf(technique: AttackTechnique): Omit<TableState, 'in'> {
  return {
    name: technique.name,
    ...(technique.parentId !== null ? {parent: technique.parentId} : {}),
    tactics: [...technique.tactics],
    ...(technique.deprecated ? {deprecated: true as const} : {}),
    ...(technique.revoked ? {revoked: true as const} : {}),
    ...(technique.revokedBy.length > 0 ? {revokedBy: [...technique.revokedBy]} : {})
  }
}

/** Whether a stored state holds these facts (both built by `stateOf`, so their keys come in one order). */
function holds(stored: TableState, facts: Omit<TableState, 'in'>): boolean {
  const {in: _range, ...storedFacts} = stored
  return JSON.stringify(storedFacts) === JSON.stringify(facts)
}

/**
 * A technique's states, oldest first: one per run of consecutive releases that agree
 * on its facts and on its full name (a parent's rename starts a new state of each
 * sub-technique, so that one technique object serves every release of a state).
 */
function statesOf(id: string, sorted: readonly AttackRelease[]): TableState[] {
  const states: TableState[] = []
  let lastFullName = ''
  sorted.forEach((release, index) => {
    const technique = release.techniques.get(id)
    if (!technique) return
    const state = stateOf(technique)
    const last = states[states.length - 1]
    // Merged only with the state of the release just before: a gap starts a new state.
    if (last && last.in[1] === index - 1 && technique.fullName === lastFullName && holds(last, state)) last.in[1] = index
    else states.push({in: [index, index], ...state})
    lastFullName = technique.fullName
  })
  return states
}

/** The table of these releases (each must state its version). */
export function tableFromReleases(releases: readonly AttackRelease[], derivedFrom: string): AttackTable {
  const sorted = [...releases].sort((a, b) => compareVersions(a.version!, b.version!))
  const ids = [...new Set(sorted.flatMap((r) => [...r.techniques.keys()]))].sort()
  const techniques: Record<string, TableState[]> = {}
  for (const id of ids) techniques[id] = statesOf(id, sorted)
  return {
    format: tableFormat,
    notice: mitreNotice,
    derivedFrom,
    releases: sorted.map((r) => ({
      version: r.version!,
      date: r.date ?? null,
      tactics: r.tactics.map((t): [string | null, string, string] => [t.id, t.name, t.shortname]),
      matrix: r.matrix ?? []
    })),
    techniques
  }
}

/**
 * The table as JSON text with one technique per line: a new release's table shows in
 * a diff as the techniques it changed.
 */
export function serializeTable(table: AttackTable): string {
  const {techniques, releases, ...head} = table
  const headLines = Object.entries(head).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ')}`)
  const releaseLines = releases.map((release) => ' ' + JSON.stringify(release))
  const techniqueLines = Object.entries(techniques).map(([id, states]) => ` ${JSON.stringify(id)}: ${JSON.stringify(states)}`)
  return `{\n${headLines.join(',\n')},\n"releases": [\n${releaseLines.join(',\n')}\n],\n"techniques": {\n${techniqueLines.join(',\n')}\n}\n}\n`
}

/** Releases from a table's JSON text; `source` names the file in releases and errors. */
export function releasesFromTable(text: string, source: string): AttackRelease[] {
  const damaged = (what: string): never => {
    throw new AttackDataError(`The ATT&CK table ${source} is damaged (${what}); reinstall content-lint`)
  }
  let table: AttackTable
  try {
    table = JSON.parse(text) as AttackTable
  } catch (error) {
    return damaged(`not JSON: ${(error as Error).message}`)
  }
  if (table?.format !== tableFormat) damaged(`its format is not \`${tableFormat}\``)
  if (!Array.isArray(table.releases) || table.releases.length === 0) damaged('it lists no releases')
  if (typeof table.techniques !== 'object' || table.techniques === null) damaged('it has no techniques')
  const releases: AttackRelease[] = table.releases.map((release) => ({
    version: release.version,
    source,
    techniques: new Map(),
    tactics: release.tactics.map(([id, name, shortname]): AttackTactic => ({id, name, shortname})),
    date: release.date,
    matrix: release.matrix
  }))
  // One technique object per state, shared by the releases of its range (a state's
  // full name is one: see statesOf): 835 IDs over 13 releases are 1,202 objects, not
  // 9,114 (the rules only read them).
  const entries = Object.entries(table.techniques)
  for (const [id, states] of entries) {
    for (const state of states) {
      const [first, last] = state.in
      if (!(first >= 0 && last >= first && last < releases.length)) damaged(`${id} names releases that are not in it`)
      const parent = state.parent !== undefined ? table.techniques[state.parent]?.find((s) => s.in[0] <= first && first <= s.in[1]) : undefined
      const technique = techniqueOf(id, state, parent ? `${parent.name}: ${state.name}` : state.name)
      for (let index = first; index <= last; index++) releases[index]!.techniques.set(id, technique)
    }
  }
  return releases
}

function techniqueOf(id: string, state: TableState, fullName: string): AttackTechnique {
  return {
    id,
    name: state.name,
    fullName,
    parentId: state.parent ?? null,
    tactics: state.tactics,
    deprecated: state.deprecated === true,
    revoked: state.revoked === true,
    revokedBy: state.revokedBy ?? []
  }
}
