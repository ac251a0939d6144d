/**
 * tree-from-events.ts on real pages: the tree it builds equals remark-parse's, positions
 * included, and it covers nearly every page (the CLI's speed depends on that). Pages:
 * every 20th in a stable order plus the three largest. The whole snapshot was compared
 * by hand when the module was written: 11,233 pages equal, 1 declined (it has a list).
 */
import fs from 'node:fs'
import path from 'node:path'
import {isDeepStrictEqual} from 'node:util'
import {describe, expect, it} from 'vitest'
import {markdownEvents, parseMarkdownWithLibrary} from '../../src/syntax/syntax.js'
import {treeFromEvents} from '../../src/syntax/tree-from-events.js'
import {corpusRoot} from './setup.js'
import {TimeSlice} from '../../src/engine/time-slice.js'

const present = fs.existsSync(corpusRoot)

describe.skipIf(!present)('tree from events on the 2021 snapshot', () => {
  it('equals the library’s tree on a spread of pages and the largest', async () => {
    const pages = fs.readdirSync(corpusRoot, {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).sort()
    const bySize = [...pages].sort((a, b) => fs.statSync(path.join(corpusRoot, b)).size - fs.statSync(path.join(corpusRoot, a)).size)
    const sample = [...new Set([...bySize.slice(0, 3), ...pages.filter((_name, index) => index % 20 === 0)])]
    expect(sample.length).toBeGreaterThan(560)
    const differing: string[] = []
    let declined = 0
    // Minutes of parsing on a loaded machine: the worker's channel gets a turn (see TimeSlice).
    const slice = new TimeSlice()
    for (const name of sample) {
      await slice.pause()
      const text = fs.readFileSync(path.join(corpusRoot, name), 'utf8')
      const ours = treeFromEvents(markdownEvents(text))
      if (!ours) declined++
      else if (!isDeepStrictEqual(ours, parseMarkdownWithLibrary(text))) differing.push(name)
    }
    expect(differing).toEqual([])
    // The snapshot has one page with a list, the only construct of it declined.
    expect(declined).toBeLessThanOrEqual(1)
  }, 600_000)
})
