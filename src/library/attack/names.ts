/**
 * What a written technique name is, against ATT&CK data: the canonical name, an ID
 * written as a placeholder, a name of an older (or newer) release, or a misspelt or
 * garbled one. Kept apart from the rule so each verdict can be tested on its own.
 */
import {isTechniqueId, normaliseId} from '../../model/techniques.js'
import type {AttackData} from './data.js'

export type NameVerdict =
  | {kind: 'canonical'}
  | {kind: 'placeholder'; id: string}
  /** The name of this ID in other loaded releases (`versions`); `newer`: only releases after the target. */
  | {kind: 'renamed'; versions: string[]; newer: boolean}
  /**
   * `Parent: Sub` whose parts are names of the parent and of the sub-technique, but not
   * of one release together; `parts` are those that are not the target release's.
   */
  | {kind: 'mixed'; parts: Array<{written: string; id: string; versions: string[]}>}
  /** A sub-technique's own name without `Parent: `. */
  | {kind: 'no-parent'}
  | {
      kind: 'garbled'
      /** Techniques whose name in the target release is exactly the written name. */
      otherIds: string[]
      doubled: DoubledSegment | null
      /** The `Parent:` part when it is none of the parent's names. */
      wrongParent: string | null
    }

export interface DoubledSegment {
  /** `Create` in `Create Account: Create: Local Account`. */
  segment: string
  /** The name without it: `Create Account: Local Account`. */
  fixed: string
}

/**
 * A `: `-separated segment that repeats the previous one, or the start of it
 * (`Create Account: Create: Local Account`): a generator glitch that needs no data to see.
 */
export function doubledSegment(name: string): DoubledSegment | null {
  const segments = name.split(': ')
  for (let i = 1; i < segments.length; i++) {
    const previous = segments[i - 1]!
    const segment = segments[i]!
    const repeats = segment === previous || (i < segments.length - 1 && segment !== '' && previous.startsWith(segment + ' '))
    if (repeats) return {segment, fixed: [...segments.slice(0, i), ...segments.slice(i + 1)].join(': ')}
  }
  return null
}

/** Classify `name` written for technique `id` (which the target release defines). */
export function judgeName(attack: AttackData, id: string, name: string): NameVerdict {
  const technique = attack.technique(id)
  if (!technique) throw new Error(`judgeName: ${id} is not in the target release`)
  if (isTechniqueId(name)) return {kind: 'placeholder', id: normaliseId(name.trim())}
  if (name === technique.fullName) return {kind: 'canonical'}
  const target = attack.target.version
  const former = attack.nameHistory(id).find((n) => n.fullName === name)
  if (former) {
    const targetIndex = attack.releases.indexOf(attack.target)
    const newer = former.versions.every((v) => attack.releases.findIndex((r) => `v${r.version}` === v) > targetIndex)
    return {kind: 'renamed', versions: former.versions, newer: newer && target !== null}
  }
  const parentId = technique.parentId
  const parent = parentId ? attack.technique(parentId) : undefined
  if (parentId && parent) {
    const at = name.indexOf(': ')
    const ownNames = attack.ownNameHistory(id)
    if (at < 0 && ownNames.some((n) => n.fullName === name)) return {kind: 'no-parent'}
    if (at >= 0) {
      const parentPart = name.slice(0, at)
      const subPart = name.slice(at + 2)
      const parentFormer = attack.nameHistory(parentId).find((n) => n.fullName === parentPart)
      const subFormer = ownNames.find((n) => n.fullName === subPart)
      if (parentFormer && subFormer) {
        const parts = [
          {written: parentPart, id: parentId, versions: parentFormer.versions, current: parentPart === parent.fullName},
          {written: subPart, id, versions: subFormer.versions, current: subPart === technique.name}
        ]
        return {kind: 'mixed', parts: parts.filter((p) => !p.current).map(({written, id: partId, versions}) => ({written, id: partId, versions}))}
      }
      return {kind: 'garbled', otherIds: attack.idsNamed(name).filter((other) => other !== id), doubled: doubledSegment(name), wrongParent: parentFormer ? null : parentPart}
    }
  }
  return {kind: 'garbled', otherIds: attack.idsNamed(name).filter((other) => other !== id), doubled: doubledSegment(name), wrongParent: null}
}

/** `v7.2–v9.0` for a list of consecutive release labels. */
export function releaseRange(versions: readonly string[]): string {
  if (versions.length === 0) return ''
  return versions.length === 1 ? versions[0]! : `${versions[0]}–${versions[versions.length - 1]}`
}
