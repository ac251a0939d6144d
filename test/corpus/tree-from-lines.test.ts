/**
 * tree-from-lines.ts on real pages: every page it takes gets remark-parse's tree,
 * positions included, and it takes nearly every page (the cold run's speed depends on
 * that: micromark is 30 times slower on these pages). Every 4th page in a stable order
 * plus the three largest; the whole snapshot was compared by hand when the module was
 * written: 11,230 pages equal, 4 declined, 0 differ.
 */
import fs from 'node:fs'
import path from 'node:path'
import {isDeepStrictEqual} from 'node:util'
import {describe, expect, it} from 'vitest'
import {parseMarkdownWithLibrary} from '../../src/syntax/syntax.js'
import {treeFromLines} from '../../src/syntax/tree-from-lines.js'
import {corpusRoot} from './setup.js'
import {TimeSlice} from '../../src/engine/time-slice.js'

const present = fs.existsSync(corpusRoot)

describe.skipIf(!present)('tree from lines on the 2021 snapshot', () => {
  it('equals the library’s tree on every page it takes, and takes nearly all', async () => {
    const pages = fs.readdirSync(corpusRoot, {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).sort()
    expect(pages.length).toBe(11_234)
    const bySize = [...pages].sort((a, b) => fs.statSync(path.join(corpusRoot, b)).size - fs.statSync(path.join(corpusRoot, a)).size)
    const sample = [...new Set([...bySize.slice(0, 3), ...pages.filter((_name, index) => index % 4 === 0)])]
    const differing: string[] = []
    const declined: string[] = []
    // Minutes of parsing on a loaded machine: the worker's channel gets a turn (see TimeSlice).
    const slice = new TimeSlice()
    for (const name of sample) {
      await slice.pause()
      const text = fs.readFileSync(path.join(corpusRoot, name), 'utf8')
      const ours = treeFromLines(text)
      if (!ours) declined.push(name)
      else if (!isDeepStrictEqual(ours, parseMarkdownWithLibrary(text))) differing.push(name)
    }
    expect(differing).toEqual([])
    expect(sample.length - declined.length).toBeGreaterThan(2800)
    // Of the whole snapshot, 4 pages are declined: three with `*` in a cell, the README
    // with a list.
    expect(declined.length).toBeLessThanOrEqual(4)
  }, 900_000)
})
