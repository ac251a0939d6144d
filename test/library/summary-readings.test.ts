/**
 * The summary columns' meanings are a vote of every product and RM page; the votes are
 * kept with the pages they were read from, so a changed page recounts its own vote and
 * the votes of the pages that read it, and the meanings come out as a full count gives.
 *
 * The library is the summary-count fixture (invented pages): 7 product pages and 9 RM
 * pages under DataSources/Acme (`find … -name 'ds_*.md' -o -name 'r_m_*.md'`: the
 * continuation pages `2_ds_*.md` are no counted page).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {resolveSettings} from '../../src/core/settings.js'
import {CorpusIndex, resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {chooseMeaning, judgedRulesAndModelsReadings, measureLibrary, readingById} from '../../src/library/summary-readings.js'
import {removeTemps, temp} from '../helpers/temp-dirs.js'

afterEach(() => {
  resetCorpusIndexes()
  removeTemps()
})

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'summary-count')

describe('measureLibrary with the votes of an earlier count', () => {
  it('recounts only the changed page and the pages that read it, with the meanings of a full count', () => {
    const root = temp('content-lint-readings-')
    fs.cpSync(fixture, root, {recursive: true})
    const settings = resolveSettings(undefined)
    const measure = (saved?: Parameters<typeof measureLibrary>[2]) => measureLibrary(new CorpusIndex(root, settings), settings, saved)

    const first = measure()
    const counted = fs.readdirSync(path.join(root, 'DataSources'), {recursive: true, encoding: 'utf8'}).filter((f) => /(^|\/)(ds|r_m)_[^/]*\.md$/.test(f))
    expect(first.recounted).toBe(counted.length)
    expect(first.recounted).toBe(16)

    // Nothing changed: every vote is taken again.
    const again = measure(first.votes)
    expect(again.recounted).toBe(0)
    expect(again.meanings).toEqual(first.meanings)

    // One RM page changes (its Rules number): its vote and its product page's (which
    // reads its RM pages through the use-case rows' Content links) are counted again.
    const rm = path.join(root, 'DataSources/Acme/Gizmo/RM/r_m_acme_gizmo_Malware.md')
    fs.writeFileSync(rm, fs.readFileSync(rm, 'utf8').replace(/^\|\s*(\d+)\s*\|/m, (_, n: string) => `|  ${Number(n) + 40}  |`))
    const changed = measure(again.votes)
    expect(changed.recounted).toBe(2)
    expect(changed.meanings).toEqual(measure().meanings)

    // The same page read from unsaved text (an editor's buffer, `--fix` between passes,
    // the hook's lint of the change's base): its vote and its product page's are counted
    // again from that text, the rest taken as stored.
    const unsaved = (saved?: Parameters<typeof measureLibrary>[2]) => {
      const index = new CorpusIndex(root, settings)
      index.setUnsaved(rm, fs.readFileSync(rm, 'utf8').replace(/^\|\s*(\d+)\s*\|/m, '|  1  |'))
      return measureLibrary(index, settings, saved)
    }
    const overlaid = unsaved(changed.votes)
    expect(overlaid.recounted).toBe(2)
    expect(overlaid.meanings).toEqual(unsaved().meanings)
  })
})

describe('chooseMeaning', () => {
  const agreement = (id: string, agree: number, pages = 100) => ({reading: readingById.get(id)!, pages, agree})
  const choose = (...agreements: ReturnType<typeof agreement>[]) => chooseMeaning('product', 'rules', agreements).holds?.id ?? null

  it('takes a reading on two thirds of the pages, and below that only a clear leader on most of them', () => {
    expect(choose(agreement('product.rules.rm-bounds', 67), agreement('product.rules.rm-sum', 60))).toBe('product.rules.rm-bounds')
    // 2025's product Rules in a smaller library: 60% against 20% is still its meaning.
    expect(choose(agreement('product.rules.rm-bounds', 60), agreement('product.rules.rm-sum', 20))).toBe('product.rules.rm-bounds')
    expect(choose(agreement('product.rules.rm-bounds', 60), agreement('product.rules.rm-sum', 31))).toBeNull()
    expect(choose(agreement('product.rules.rm-bounds', 50), agreement('product.rules.rm-sum', 10))).toBeNull()
    // One reading alone shows no lead: below two thirds it does not hold.
    expect(choose(agreement('product.rules.rm-bounds', 60))).toBeNull()
    expect(choose(agreement('product.rules.rm-bounds', 67))).toBe('product.rules.rm-bounds')
  })
})

describe('judgedRulesAndModelsReadings', () => {
  const meaning = (kind: 'product' | 'rules-and-models', column: 'parsers', id: string | null) => ({
    kind,
    column,
    holds: id ? readingById.get(id)! : null,
    alsoHolds: [],
    measured: true,
    agreements: []
  })

  it("widens the product page's number in an RM page's readings to the right count where that number is wrong by the product column's meaning", () => {
    const root = temp('content-lint-readings-')
    fs.cpSync(fixture, root, {recursive: true})
    const settings = resolveSettings(undefined)
    const productFile = path.join(root, 'DataSources/Acme/Gizmo/ds_acme_gizmo.md')
    const readingsOf = (productHolds: string | null) => {
      resetCorpusIndexes()
      const index = new CorpusIndex(root, settings)
      const reader = {
        linked(from: {path: string}, link: {url: string}) {
          const target = index.resolveLink(path.join(index.root, from.path), link.url)
          return target.kind === 'file' && target.exists ? index.page(target.path) : null
        }
      }
      const rm = index.page(path.join(root, 'DataSources/Acme/Gizmo/RM/r_m_acme_gizmo_Malware.md'))!
      const meanings = [meaning('product', 'parsers', productHolds), meaning('rules-and-models', 'parsers', 'rm.parsers.product')]
      return judgedRulesAndModelsReadings(rm, reader, meanings).get('rm.parsers.product')
    }
    // Gizmo's Parsers says 2 and its use-case table links 4 parser pages: wrong, and
    // reported on the product page; its RM page may say either (a copy of the 2, or the
    // right 4), not something else.
    expect(readingsOf('product.parsers.pages')).toEqual({min: 2, max: 4})
    // With no meaning for the product column, nothing reports the product's number:
    // the RM page is still judged against it.
    expect(readingsOf(null)).toEqual({min: 2, max: 2})
    // Made right, the product's number is the RM page's reading again.
    fs.writeFileSync(productFile, fs.readFileSync(productFile, 'utf8').replace(/^(\|\s*2\s*\|\s*1\s*\|\s*1\s*\|\s*2\s*\|\s*)2(\s*\|)/m, '$14$2'))
    expect(readingsOf('product.parsers.pages')).toEqual({min: 4, max: 4})
  })
})
