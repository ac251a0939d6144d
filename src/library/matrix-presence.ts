/**
 * How many of the library's product pages have an ATT&CK matrix. A product page
 * without one is a defect only where the library's other product pages have one (every
 * product page of both snapshots has one): `page-shape` asks here.
 */
import type {ContentLintSettings} from '../core/settings.js'
import type {CorpusIndex} from './corpus-index.js'
import {countedPages} from './summary-readings.js'

const measured = new WeakMap<CorpusIndex, {generation: number; withMatrix: number; pages: number}>()

/** Product pages with a matrix, of the product pages read (once per state of the index). */
export function matrixPresence(index: CorpusIndex, settings: ContentLintSettings): {withMatrix: number; pages: number} {
  const known = measured.get(index)
  if (known && known.generation === index.generation) return known
  let withMatrix = 0
  let pages = 0
  for (const {file, kind} of countedPages(index, settings)) {
    if (kind !== 'product') continue
    const page = index.page(file)
    if (!page?.product) continue
    pages++
    if (page.product.matrix) withMatrix++
  }
  const result = {generation: index.generation, withMatrix, pages}
  measured.set(index, result)
  return result
}
