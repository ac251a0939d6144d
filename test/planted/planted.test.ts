/**
 * The quick planted-defect run (`npm run planted` is the long one; the harness is
 * `scripts/planted/`): for each snapshot beside the checkout, a sample of its product
 * folders, defects of every class planted at random sites (the seed is printed;
 * `PLANTED_SEED` repeats a run), the built CLI run once before and once after. Each
 * site must be found by its class's rule with a range covering the planted text, and
 * no new finding may appear that the class does not declare as its knock-on, neither
 * in the site's product folder nor anywhere else (library-wide statistics).
 *
 * It runs the built CLI (`dist/`): `npm test` builds first. Skipped, saying so, where
 * the snapshots are missing.
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defectClasses} from '../../scripts/planted/classes.js'
import {plantAndCheck, runChecker, sampleLibrary, summarise} from '../../scripts/planted/harness.js'
import {Random, seedFrom} from '../../scripts/planted/random.js'

const shared = path.resolve('..', 'shared', 'corpus')
const snapshots = {'2021': path.join(shared, 'content-doc-2021-11-11'), '2025': path.join(shared, 'cim2-2025-06-23')} as const
const built = fs.existsSync(path.resolve('dist', 'src', 'cli', 'cli.js'))

/**
 * Classes whose rate three sites cannot measure (README, "Planted defects": the long
 * run finds `parser-moved` at 60 of 60 sites in 2021 and 59 of 60 in 2025, seed 2611;
 * a miss now and then is expected). The quick run plants them in a copy of their own
 * and prints what it found, but does not fail on their misses or echoes; every other
 * class, planted together in another copy, must be found at every site, with no echo,
 * and no new finding may appear outside the sites' areas.
 *
 * Apart because a parser copied into another product moves the library-wide counts
 * `event-type-parser` rests on, and in a sample of 45 product folders those counts are
 * small: one more product listing a parser family can carry a count past a threshold
 * and make a finding on a product where another class planted its site, counted there
 * as that class's echo (seed 66: a foreign `process-created` parser copied into one
 * product, a finding on another whose only plant was a misspelt link text).
 */
const shortfalls = new Set(['parser-moved'])
const strictClasses = new Set(defectClasses.map((cls) => cls.id).filter((id) => !shortfalls.has(id)))

describe('planted defects (quick run)', () => {
  for (const [snapshot, root] of Object.entries(snapshots) as Array<['2021' | '2025', string]>) {
    const present = built && fs.existsSync(root)
    if (!present) console.warn(`planted defects: ${snapshot} skipped (${built ? `no snapshot at ${root}` : 'no build in dist/'})`)
    it.runIf(present)(
      `${snapshot}: every site found by its rule at its place, and no finding the defect does not cause`,
      async () => {
        const seed = seedFrom(process.env.PLANTED_SEED)
        console.log(`planted defects ${snapshot}: seed ${seed} (PLANTED_SEED=${seed} repeats it)`)
        const sample = sampleLibrary(root, 45, new Random(seed))
        try {
          const baseline = await runChecker(sample)
          const short = summarise((await plantAndCheck(sample, snapshot, baseline, 3, seed, shortfalls)).result)
          for (const s of short.classes) console.log(`planted defects ${snapshot}: ${s.cls.id} found at ${s.found} of ${s.sites} sites, ${s.echoes.length} echoes (not asserted)`)
          const {classes, elsewhere} = summarise((await plantAndCheck(sample, snapshot, baseline, 3, seed, strictClasses)).result)
          const missed = classes.flatMap((s) => s.missed.map((m) => `${s.cls.id} ${m.site.page}:${m.site.line} ${m.site.what}`))
          const echoes = classes.flatMap((s) => s.echoes.map((e) => `${s.cls.id} → ${e.finding.page}:${e.finding.start.line} ${e.finding.rule} ${e.finding.reason}`))
          expect(classes.length, 'classes planted').toBeGreaterThanOrEqual(10)
          expect(missed, `seed ${seed}`).toEqual([])
          expect(echoes, `seed ${seed}`).toEqual([])
          expect(elsewhere.filter((c) => c.change === 'new').map((c) => `${c.finding.page}:${c.finding.start.line} ${c.finding.rule} ${c.finding.reason}`), `seed ${seed}`).toEqual([])
        } finally {
          fs.rmSync(path.dirname(sample), {recursive: true, force: true})
        }
      },
      600_000
    )
  }
})
