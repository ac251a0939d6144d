/**
 * Page kinds from the library's naming scheme. A path that fits no scheme is left to
 * the page's structure (see `PageReader.guessKind`).
 */
import type {ContentLintSettings} from '../core/settings.js'
import type {PageKind} from './types.js'

/**
 * The kind a page's path says it is, or null when the path fits no naming scheme.
 * `relativePath` is relative to the content root with `/` separators.
 *
 * Under the data sources folder a product folder is any folder holding a `ds_*.md`
 * page: `<Vendor>/<Product>/` mostly, one level deeper for some products
 * (`Proofpoint/Proofpoint_TAP/POD/`), and the data sources folder itself for the
 * product with an empty vendor and product name (`DS/ds__.md`, with `DS/RM/`).
 */
export function kindFromPath(relativePath: string, settings: ContentLintSettings): PageKind | null {
  const parts = relativePath.split('/')
  const name = parts[parts.length - 1] ?? ''
  const folder = parts.length > 1 ? parts[parts.length - 2] : undefined
  if (/^readme\.md$/i.test(name)) return 'index'
  const top = parts[0]!
  if (parts.length > 1 && settings.dataSourcesDirs.includes(top)) {
    if (folder === 'RM' && /^r_m_.+\.md$/i.test(name)) return 'rules-and-models'
    if (folder === 'CR' && /^c_r_.+\.md$/i.test(name)) return 'correlation-rules'
    if (folder === 'Ps' && /^pC_.+\.md$/.test(name)) return 'parser'
    if (/^ds_.+\.md$/.test(name)) return 'product'
    if (/^\d+_ds_.+\.md$/.test(name)) return 'continuation'
    return null
  }
  if (parts.length === 2 && settings.useCasesDirs.includes(top)) return /^uc_.+\.md$/.test(name) ? 'use-case' : null
  return null
}

/**
 * The kind of a page that neither its path nor its structure names: a page at the
 * content root is one of the library's index pages (`Exabeam Data Sources.md`, a
 * change log); anywhere else it is of no known kind.
 */
export function fallbackKind(relativePath: string): PageKind | null {
  return relativePath.includes('/') ? null : 'index'
}

/** Whether a page lies in a folder whose pages are all named by the library's scheme. */
export function inContentFolder(relativePath: string, settings: ContentLintSettings): boolean {
  const top = relativePath.split('/')[0]!
  return relativePath.includes('/') && (settings.dataSourcesDirs.includes(top) || settings.useCasesDirs.includes(top))
}

