/**
 * The product page a page belongs to by where it lies: the `ds_<vendor>_<product>.md`
 * page of its product folder (`<folder>/Ps/pC_x.md` and `<folder>/RM/r_m_….md` belong
 * to `<folder>`). Every parser link of the library points into its own product
 * folder's `Ps/`, so this is also the product page that lists the parser.
 */
import path from 'node:path'
import type {CorpusIndex} from './corpus-index.js'
import {kindFromPath} from '../model/classify.js'
import type {PageFacts} from '../model/types.js'
import type {ContentLintSettings} from '../core/settings.js'

/** The product page of the folder `filePath` (absolute) lies in, or null when there is not exactly one. */
export function productPageOf(index: CorpusIndex, filePath: string, settings: ContentLintSettings): {relative: string; page: PageFacts} | null {
  if (!index.contains(filePath)) return null
  let folder = path.dirname(filePath)
  const relativeFile = index.relative(filePath)
  const kind = kindFromPath(relativeFile, settings)
  if (kind === 'parser' || kind === 'rules-and-models') folder = path.dirname(folder)
  const relativeFolder = index.relative(folder)
  const products = (index.entries(folder) ?? []).filter((name) => kindFromPath(relativeFolder === '' ? name : `${relativeFolder}/${name}`, settings) === 'product')
  if (products.length !== 1) return null
  const absolute = path.join(folder, products[0]!)
  const page = index.page(absolute)
  return page ? {relative: index.relative(absolute), page} : null
}
