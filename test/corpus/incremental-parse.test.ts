/**
 * The incremental parser on real pages: random edits inside a line (typing in a table
 * cell, the language server's common case) and anywhere, each compared with a full
 * parse. Pages: the largest (a single table of 70 kB rows) and a spread of others.
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parseMarkdown} from '../../src/syntax/syntax.js'
import {check} from '../helpers/incremental-helpers.js'
import {corpusRoot} from './setup.js'

const present = fs.existsSync(corpusRoot)

describe.skipIf(!present)('incremental parse on the 2021 snapshot', () => {
  it('gives a full parse’s tree on the largest page', async () => {
    const page = path.join(corpusRoot, 'DataSources', 'Microsoft', 'Windows', '2_ds_microsoft_windows.md')
    const parser = await check(parseMarkdown, fs.readFileSync(page, 'utf8'), 7, 2, 'within-line')
    // At least one edit stayed inside a row and took the row path.
    expect(parser.stats.row).toBeGreaterThan(0)
  })

  it('gives a full parse’s tree on a spread of pages', async () => {
    // Every 150th page in a stable order: product, parser, use case and RM pages.
    const pages = fs.readdirSync(corpusRoot, {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).sort()
    const sample = pages.filter((_name, index) => index % 150 === 0)
    expect(sample.length).toBeGreaterThan(70)
    const stats = {full: 0, row: 0, blocks: 0}
    for (const [index, name] of sample.entries()) {
      const text = fs.readFileSync(path.join(corpusRoot, name), 'utf8')
      const parser = await check(parseMarkdown, text, 500 + index, 10, index % 2 ? 'any' : 'within-line')
      for (const key of ['full', 'row', 'blocks'] as const) stats[key] += parser.stats[key]
    }
    expect(stats.row).toBeGreaterThan(20)
    expect(stats.blocks).toBeGreaterThan(20)
  }, 300_000)
})
