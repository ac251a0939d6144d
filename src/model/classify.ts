/**
 * Page kinds from the library's naming scheme. A path that fits no scheme is left to
 * the page's structure (see `PageReader.guessKind`).
 */
import type {ContentLintSettings} from '../core/settings.js'
import type {PageKind} from './types.js'

/**
 * The kind a page's path says it is, or null when the path fits no naming scheme.
 * `relativePath` is relative to the content root with `/` separators.
 */
export function kindFromPath(relativePath: string, settings: ContentLintSettings): PageKind | null {
  const parts = relativePath.split('/')
  const name = parts[parts.length - 1] ?? ''
  const folder = parts.length > 1 ? parts[parts.length - 2] : undefined
  if (/^readme\.md$/i.test(name)) return 'index'
  if (parts.length === 1) return 'index'
  const top = parts[0]
  if (top === settings.dataSourcesDir) {
    // DataSources/<Vendor>/<Product>[/<more>…]/<page>: at least vendor and product.
    if (parts.length < 4) return null
    if (folder === 'RM' && /^r_m_.+\.md$/i.test(name)) return 'rules-and-models'
    if (folder === 'Ps' && /^pC_.+\.md$/.test(name)) return 'parser'
    if (/^ds_.+\.md$/.test(name)) return 'product'
    if (/^\d+_ds_.+\.md$/.test(name)) return 'continuation'
    return null
  }
  if (top === settings.useCasesDir) {
    if (parts.length === 2 && /^uc_.+\.md$/.test(name)) return 'use-case'
    return null
  }
  return null
}

/** Whether a page lies in a folder whose pages must all have a kind. */
export function inContentFolder(relativePath: string, settings: ContentLintSettings): boolean {
  const top = relativePath.split('/')[0]
  return relativePath.includes('/') && (top === settings.dataSourcesDir || top === settings.useCasesDir)
}
