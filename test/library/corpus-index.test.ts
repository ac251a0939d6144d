/** The index's answers about linked pages: kept within a run, never stale across runs or unsaved text. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {CorpusIndex} from '../../src/library/corpus-index.js'
import {defaultSettings} from '../../src/core/settings.js'

const parserPage = (name: string) => `Vendor: Acme\nProduct: Widget\n### Parser Name: ${name}\n`

describe('corpus index page answers', () => {
  it('sees a page changed on disk after refresh(), and unsaved text at once', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-index-'))
    const page = path.join(root, 'DataSources', 'Acme', 'Widget', 'Ps', 'pC_one.md')
    fs.mkdirSync(path.dirname(page), {recursive: true})
    fs.writeFileSync(page, parserPage('one'))
    const index = new CorpusIndex(root, defaultSettings)
    const first = index.page(page)
    expect(first).not.toBeNull()
    // Asked again in the same run: the same answer (not read again).
    expect(index.page(page)).toBe(first)
    fs.writeFileSync(page, parserPage('two') + '\n')
    index.refresh()
    const second = index.page(page)
    expect(second).not.toBe(first)
    expect(JSON.stringify(second)).toContain('two')
    index.setUnsaved(page, parserPage('three'))
    expect(JSON.stringify(index.page(page))).toContain('three')
    index.setUnsaved(page, null)
    expect(JSON.stringify(index.page(page))).toContain('two')
    fs.rmSync(page)
    index.refresh()
    expect(index.page(page)).toBeNull()
  })
})

describe('another version of the library (setVersion)', () => {
  it('reads pages as they were: changed, deleted (with their folder) and added ones, then as on disk again', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-index-'))
    try {
      const ps = path.join(root, 'DataSources', 'Acme', 'Widget', 'Ps')
      fs.mkdirSync(ps, {recursive: true})
      const kept = path.join(ps, 'pC_kept.md')
      const changed = path.join(ps, 'pC_changed.md')
      const added = path.join(ps, 'pC_added.md')
      // Deleted since, with its whole folder.
      const deleted = path.join(root, 'DataSources', 'Acme', 'Gone', 'Ps', 'pC_gone.md')
      fs.writeFileSync(kept, parserPage('kept'))
      fs.writeFileSync(changed, parserPage('changed now'))
      fs.writeFileSync(added, parserPage('added'))
      const from = path.join(root, 'DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')
      const index = new CorpusIndex(root, defaultSettings)
      const link = (target: string) => index.resolveLink(from, path.relative(path.dirname(from), target).split(path.sep).join('/'))

      index.setVersion(new Map([[changed, parserPage('changed then')], [added, null], [deleted, parserPage('gone')]]))
      expect(JSON.stringify(index.page(changed))).toContain('changed then')
      expect(JSON.stringify(index.page(kept))).toContain('kept')
      expect(index.page(added)).toBeNull()
      expect(link(added)).toMatchObject({kind: 'file', exists: false})
      expect(JSON.stringify(index.page(deleted))).toContain('gone')
      expect(link(deleted)).toMatchObject({kind: 'file', exists: true})
      expect(index.entries(ps)?.sort()).toEqual(['pC_changed.md', 'pC_kept.md'])
      expect(index.entries(path.join(root, 'DataSources', 'Acme'))?.sort()).toEqual(['Gone', 'Widget'])
      expect(index.hasUnsaved()).toBe(true)

      index.setVersion(new Map())
      expect(JSON.stringify(index.page(changed))).toContain('changed now')
      expect(JSON.stringify(index.page(added))).toContain('added')
      expect(index.page(deleted)).toBeNull()
      expect(link(deleted)).toMatchObject({kind: 'file', exists: false})
      expect(index.entries(path.join(root, 'DataSources', 'Acme'))).toEqual(['Widget'])
      expect(index.hasUnsaved()).toBe(false)
    } finally {
      fs.rmSync(root, {recursive: true, force: true})
    }
  })
})
