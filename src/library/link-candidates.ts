/**
 * The file a dead link was most likely meant to reach, and how to write the link to it.
 *
 * Generated links break in a few regular ways: one `../` too few or too many (a
 * product folder nested one level deeper than the generator assumed), letter case
 * that only a case-insensitive file system forgives, or a name written with dashes,
 * underscores or spaces where the file has others. This looks for existing files
 * that differ from the written destination in exactly those ways, through the corpus
 * index's folder listings, so it never opens or lists anything outside the content
 * root. It is hand-written because it is specific to the library's naming; nothing
 * here fetches or guesses beyond those listed differences.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {CorpusIndex} from './corpus-index.js'

/** An existing file a dead link may have meant. */
export interface LinkCandidate {
  /** Path relative to the content root, `/`-separated, with its real letter case. */
  relative: string
  /** How many `../` lead from the linking page's folder to it. */
  ups: number
  /** The segments below that, with their real names. */
  segments: string[]
  /** How the written destination differs: `ups` is the written number of `../`. */
  writtenUps: number
}

/** A name compared loosely: letter case, dashes, underscores and white space ignored. */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '')
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** `../../A/b.md` → 2 and `['A', 'b.md']`; null for paths that are not of that form. */
export function splitRelative(decodedPath: string): {ups: number; tail: string[]} | null {
  if (decodedPath === '' || decodedPath.startsWith('/') || decodedPath.includes('\\') || decodedPath.includes('\0')) return null
  const normal = path.posix.normalize(decodedPath).split('/').filter((p) => p !== '' && p !== '.')
  let ups = 0
  while (normal[ups] === '..') ups++
  const tail = normal.slice(ups)
  if (tail.length === 0 || tail.includes('..')) return null
  return {ups, tail}
}

/**
 * Existing files that a link written on `fromFile` (absolute) with destination `url`
 * (as parsed, not percent-decoded) was most likely meant to reach, best tier first:
 *
 * 1. the same number of `../`, each segment matched by its loose name (case,
 *    dashes, underscores, spaces);
 * 2. one `../` more or fewer, segments matched exactly or loosely.
 *
 * Returns the candidates of the first tier that has any. A segment matches loosely
 * only when exactly one entry of its folder has the same loose name. Levels above
 * the content root are never looked at.
 */
export function linkCandidates(index: CorpusIndex, fromFile: string, url: string): LinkCandidate[] {
  const cut = url.search(/[?#]/)
  const written = splitRelative(decode(cut >= 0 ? url.slice(0, cut) : url))
  if (!written) return []
  const fromFolder = index.relative(path.dirname(fromFile))
  const folderParts = fromFolder === '' ? [] : fromFolder.split('/')
  for (const tier of [[written.ups], [written.ups + 1, written.ups - 1]]) {
    const found = new Map<string, LinkCandidate>()
    for (const ups of tier) {
      if (ups < 0 || ups > folderParts.length) continue
      const base = folderParts.slice(0, folderParts.length - ups)
      const segments = matchSegments(index, base, written.tail)
      if (!segments) continue
      const relative = [...base, ...segments].join('/')
      // The same checks as any link: inside the root, no symbolic link out of it.
      const target = index.resolveLink(fromFile, [...Array<string>(ups).fill('..'), ...segments].map(encodeURIComponent).join('/'))
      if (target.kind !== 'file' || !target.exists) continue
      found.set(relative, {relative, ups, segments, writtenUps: written.ups})
    }
    if (found.size > 0) return [...found.values()]
  }
  return []
}

/** Match `tail` below `base` segment by segment: exact name first, else one loose match. */
function matchSegments(index: CorpusIndex, base: string[], tail: string[]): string[] | null {
  const real: string[] = []
  let folder = path.join(index.root, ...base)
  for (const segment of tail) {
    // A folder that is a symbolic link out of the root is never listed.
    if (!staysInside(index, folder)) return null
    const entries = index.entries(folder)
    if (!entries) return null
    let name: string | undefined = entries.includes(segment) ? segment : undefined
    if (!name) {
      const loose = entries.filter((entry) => looseName(entry) === looseName(segment))
      if (loose.length !== 1) return null
      name = loose[0]
    }
    real.push(name!)
    folder = path.join(folder, name!)
  }
  return real
}

/** Whether a folder, with symbolic links followed, is still inside the content root. */
function staysInside(index: CorpusIndex, folder: string): boolean {
  try {
    const relative = path.relative(fs.realpathSync(index.root), fs.realpathSync(folder))
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
  } catch {
    return false
  }
}

/**
 * Characters a destination may hold as they are (RFC 3986 unreserved and sub-delims,
 * `:` and `@`); parentheses are handled apart because CommonMark needs them balanced.
 */
const plainCharacter = /^[A-Za-z0-9\-._~!$&'*+,;=:@]$/

/**
 * Write the destination of a link to `candidate` the way `written` (the destination
 * as written in the page) is written: segments that do not change are kept as
 * written, new names are encoded as the page encodes (`%20` or raw spaces, `%26` or
 * raw `&`, …), and the `?query`/`#fragment` part is kept.
 */
export function writeLike(written: string, candidate: LinkCandidate): string {
  const cut = written.search(/[?#]/)
  const writtenPath = cut >= 0 ? written.slice(0, cut) : written
  const suffix = cut >= 0 ? written.slice(cut) : ''
  const parts = writtenPath.split('/')
  const lead = parts[0] === '.' && candidate.ups === 0 ? './' : ''
  // Written segments below the `../` (and `./`) prefix, when the path is that simple.
  const prefix = parts.findIndex((p) => p !== '.' && p !== '..')
  const writtenTail = prefix >= 0 ? parts.slice(prefix) : []
  const simple = writtenTail.every((p) => p !== '.' && p !== '..' && p !== '')
  const segments = candidate.segments.map((name, i) => {
    const as = writtenTail[i]
    if (simple && writtenTail.length === candidate.segments.length && as !== undefined && decode(as) === name) return as
    return encodeLike(name, written)
  })
  return lead + '../'.repeat(candidate.ups) + segments.join('/') + suffix
}

/** `&` → `%26`: a character's UTF-8 bytes percent-encoded. */
function percent(character: string): string {
  return [...new TextEncoder().encode(character)].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('')
}

/** Encode one file name in the style of a written destination. */
export function encodeLike(name: string, written: string): string {
  const encodedInWritten = (character: string) => written.toUpperCase().includes(percent(character))
  const rawNonAscii = /[^\x00-\x7f]/.test(written)
  let depth = 0
  let balanced = true
  for (const character of name) {
    if (character === '(') depth++
    else if (character === ')' && --depth < 0) balanced = false
  }
  balanced &&= depth === 0
  let out = ''
  for (const character of name) {
    if (character === ' ') out += written.includes(' ') ? ' ' : '%20'
    else if (character === '(' || character === ')') out += balanced && !encodedInWritten(character) ? character : percent(character)
    else if (plainCharacter.test(character)) out += /[A-Za-z0-9]/.test(character) || !encodedInWritten(character) ? character : percent(character)
    else if (/[^\x00-\x7f]/.test(character) && rawNonAscii) out += character
    else out += percent(character)
  }
  return out
}
