/**
 * A page's text as read from disk, and whether its bytes were valid UTF-8. Node's
 * `readFileSync(file, 'utf8')` replaces invalid bytes with U+FFFD without a word; the
 * library is generated as UTF-8, so a page that is not is reported (page-shape) rather
 * than checked silently with replacement characters.
 */
import fs from 'node:fs'
import type {ShapeProblem} from '../model/types.js'

/** The page's text; invalid UTF-8 is decoded with replacement characters. */
export function readPageText(file: string): string {
  return fs.readFileSync(file, 'utf8')
}

/**
 * The problem of a page whose bytes are not valid UTF-8, pointing at the first
 * replacement character of its text; null when the bytes are valid. The bytes are
 * read again only when the text holds a replacement character (a valid page may, but
 * few do), so valid pages cost one string search.
 */
export function encodingProblem(file: string, text: string): ShapeProblem | null {
  const at = text.indexOf('\uFFFD')
  if (at < 0) return null
  try {
    new TextDecoder('utf-8', {fatal: true}).decode(fs.readFileSync(file))
    return null
  } catch {
    return {reason: 'Page is not valid UTF-8: it is read with replacement characters (`\uFFFD`); save it as UTF-8', span: {start: at, end: at + 1}}
  }
}
