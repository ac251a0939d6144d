/**
 * `npm run planted [-- --snapshot 2021|2025|both] [--per-class N] [--seed S] [--class a,b] [--show]`
 *
 * The long planted-defect run (`scripts/planted/harness.ts`): for each snapshot beside
 * the checkout, the checker over the snapshot as it is, then over a copy with
 * `--per-class` defects of every class planted at once (default 30; fewer where a class
 * has fewer free sites), and per class: how many sites the right rule found at the
 * right place, the knock-on findings the class declares, and echoes (new findings of
 * a defect on pages that are right). Echoes in no site's area come from library-wide
 * statistics. `--class` plants only the classes named (`--class parser-moved
 * --per-class 1`: one listing added to one product, to measure what changes elsewhere).
 * `--show` lists every miss and echo. The seed is printed; `--seed`
 * (or `PLANTED_SEED`) repeats a run.
 */
import fs from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {type Change, plantAndCheck, runChecker, summarise} from './planted/harness.js'
import {seedFrom} from './planted/random.js'

const {values} = parseArgs({
  options: {class: {type: 'string'}, snapshot: {type: 'string', default: 'both'}, 'per-class': {type: 'string', default: '30'}, seed: {type: 'string'}, show: {type: 'boolean', default: false}}
})
const shared = path.resolve('..', 'shared', 'corpus')
const snapshots = {'2021': path.join(shared, 'content-doc-2021-11-11'), '2025': path.join(shared, 'cim2-2025-06-23')} as const
const chosen = values.snapshot === 'both' ? (['2021', '2025'] as const) : [values.snapshot as '2021' | '2025']
const seed = seedFrom(values.seed ?? process.env.PLANTED_SEED)
const perClass = Number(values['per-class'])

const where = (c: Change) => `${c.finding.page}:${c.finding.start.line}:${c.finding.start.column} ${c.finding.rule}: ${c.finding.reason.slice(0, 160)}`

for (const snapshot of chosen) {
  const root = snapshots[snapshot]
  if (!root || !fs.existsSync(root)) {
    console.error(`Missing ${root}`)
    process.exit(2)
  }
  const baseline = await runChecker(root)
  const perRule = new Map<string, number>()
  for (const f of baseline.findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1)
  console.log(`\n${snapshot} unplanted: ${baseline.findings.length} findings (${[...perRule].sort().map(([rule, n]) => `${rule} ${n}`).join(', ')})`)
  const run = await plantAndCheck(root, snapshot, baseline, perClass, seed, values.class ? new Set(values.class.split(',')) : undefined)
  const {classes, elsewhere} = summarise(run.result)
  console.log(`\n${snapshot} snapshot: seed ${seed}, ${run.sites} sites, checker ${baseline.seconds.toFixed(0)} s unplanted, ${run.seconds.toFixed(0)} s planted`)
  console.log('class\trule\tfound/sites\tknock-ons (declared)\techoes\tchanged\tgone')
  for (const s of classes) {
    const knock = [...s.knockOns].map(([rule, n]) => `${rule} ${n}`).join(', ') || '-'
    console.log(`${s.cls.id}\t${s.cls.rule}\t${s.found}/${s.sites}\t${knock}\t${s.echoes.length}\t${s.changed.length}\t${s.gone.length}`)
  }
  const count = (change: Change['change']) => elsewhere.filter((c) => c.change === change).length
  console.log(`elsewhere (no site's area): ${count('new')} new, ${count('changed')} changed, ${count('gone')} gone`)
  if (values.show) {
    for (const s of classes) {
      for (const miss of s.missed) console.log(`MISS ${s.cls.id} ${miss.site.page}:${miss.site.line} ${miss.site.what}\n     ${miss.findings.map((f) => `${f.rule}@${f.start.line}:${f.start.column}-${f.end.line}:${f.end.column} ${f.reason.slice(0, 140)}`).join('\n     ') || 'no finding on the line'}`)
      for (const echo of s.echoes) console.log(`ECHO ${s.cls.id} (${echo.site!.page}:${echo.site!.line} ${echo.site!.what}) → ${where(echo)}`)
      for (const changed of s.changed) console.log(`CHANGED ${s.cls.id} (${changed.site!.page}:${changed.site!.line}) → ${where(changed)}\n     was: ${changed.was!.reason.slice(0, 160)}`)
      for (const gone of s.gone) console.log(`GONE ${s.cls.id} (${gone.site!.page}:${gone.site!.line}) → ${where(gone)}`)
    }
    for (const change of elsewhere) console.log(`${change.change.toUpperCase()} elsewhere → ${where(change)}`)
  }
}
