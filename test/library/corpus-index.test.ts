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
