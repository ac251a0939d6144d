/**
 * `npm run eval:event-type-parser [-- <content root> <labels.tsv> [--min-confidence N] [--show A-F]]`
 *
 * Measures the `event-type-parser` rule's judgement against labelled pairs: runs the
 * same assessment the rule runs (`src/event-type-fit.ts` over the library statistics)
 * on every labelled (product page, event type, parser) pair, counts a pair as flagged
 * when the rule would report it, and prints precision and recall on the label
 * `corrected`, overall and per vendor range (A–F, G–M, N–Z by the vendor folder's
 * first letter), so a range left out of tuning can be reported on its own.
 *
 * Defaults: `../shared/corpus/content-doc-2021-11-11` and
 * `../shared/eval/event-type-parser-dev.tsv`, resolved from the working directory. The
 * labels are read at run time and never stored in the repository.
 * `--show A-F` also prints the disagreements of that range, to read by hand.
 */
import fs from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {CorpusIndex} from '../src/library/corpus-index.js'
import {assessListing} from '../src/library/event-type-fit.js'
import {libraryStats, lineKey} from '../src/library/library-stats.js'
import {resolveSettings} from '../src/core/settings.js'

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {'min-confidence': {type: 'string', default: '0.4'}, show: {type: 'string'}}
})
const root = path.resolve(positionals[0] ?? '../shared/corpus/content-doc-2021-11-11')
const labelsFile = path.resolve(positionals[1] ?? '../shared/eval/event-type-parser-dev.tsv')
const minConfidence = Number(values['min-confidence'])
if (!fs.existsSync(root) || !fs.existsSync(labelsFile)) {
  console.error(`Missing ${fs.existsSync(root) ? labelsFile : root}`)
  process.exit(2)
}

const rangeOf = (page: string): string => {
  const first = (page.split('/')[1] ?? '').charAt(0).toUpperCase()
  return first <= 'F' ? 'A-F' : first <= 'M' ? 'G-M' : 'N-Z'
}

const started = performance.now()
const settings = resolveSettings(undefined)
const index = new CorpusIndex(root, settings)
const stats = libraryStats(index, settings)
const built = (performance.now() - started) / 1000

const [header, ...lines] = fs.readFileSync(labelsFile, 'utf8').split('\n').filter((l) => l.trim() !== '')
const columns = header!.split('\t')
const col = (name: string) => {
  const at = columns.indexOf(name)
  if (at < 0) throw new Error(`${labelsFile} has no column \`${name}\``)
  return at
}
const [cPage, cEvent, cParser, cLink, cLabel] = ['page', 'event_type', 'parser', 'parser_link', 'label'].map(col) as [number, number, number, number, number]

interface Tally {
  tp: number
  fp: number
  fn: number
  tn: number
}
const tallies = new Map<string, Tally>()
const tally = (range: string) => {
  let t = tallies.get(range)
  if (!t) tallies.set(range, (t = {tp: 0, fp: 0, fn: 0, tn: 0}))
  return t
}
const disagreements: string[] = []
let missing = 0
for (const line of lines) {
  const cells = line.split('\t')
  const page = cells[cPage]!
  const file = path.join(root, page)
  const facts = index.page(file)
  if (!facts) {
    missing++
    continue
  }
  const listing = stats.listingFor(file, facts)
  const target = index.resolveLink(file, cells[cLink]!)
  const key = target.kind === 'file' && target.exists ? target.relative : cells[cLink]!
  const parser = listing.parsers.get(key)
  if (!parser || !listing.parsersOf.get(cells[cEvent]!)?.has(key)) {
    missing++
    continue
  }
  // The labels are 2021's pairs: a line is its event type alone.
  const verdict = assessListing({eventType: cells[cEvent]!, line: lineKey(null, cells[cEvent]!), parser, linkText: cells[cParser]!, listing, stats, folder: stats.folderOf(file), allow: new Map()})
  const flagged = verdict.signals.length > 0 && verdict.confidence >= minConfidence
  const corrected = cells[cLabel] === 'corrected'
  const range = rangeOf(page)
  for (const t of [tally(range), tally('all')]) {
    if (flagged && corrected) t.tp++
    else if (flagged) t.fp++
    else if (corrected) t.fn++
    else t.tn++
  }
  if (values.show === range && flagged !== corrected) {
    const why = verdict.signals.map((s) => `${s.kind} ${s.confidence.toFixed(2)}`).join(', ') || '-'
    disagreements.push(`${flagged ? 'FP' : 'FN'}\t${page.split('/')[1]}\t${cells[cEvent]}\t${cells[cParser]}\t${parser.dataType ?? '-'}\t${why}\t${[...(listing.eventTypesOf.get(key) ?? [])].join(',')}`)
  }
}

// How many distinct pairs the rule flags over the whole library (labelled or not).
let pairs = 0
let flaggedPairs = 0
for (const product of stats.productFolders()) {
  const listing = stats.listing(product)!
  for (const [eventType, keys] of listing.parsersOf) {
    for (const key of keys) {
      pairs++
      const parser = listing.parsers.get(key)!
      const verdict = assessListing({eventType, line: lineKey(null, eventType), parser, linkText: parser.name ?? key, listing, stats, folder: product, allow: new Map()})
      if (verdict.signals.length > 0 && verdict.confidence >= minConfidence) flaggedPairs++
    }
  }
}

console.log(`corpus ${root}\nlabels ${labelsFile}\nminConfidence ${minConfidence}; ${stats.products} products read in ${built.toFixed(1)} s`)
console.log(`library: ${flaggedPairs} of ${pairs} distinct (product, event type, parser) pairs flagged`)
if (missing) console.log(`${missing} labelled pairs not found in the corpus (not counted)`)
console.log('range\tlabelled\tcorrected\tflagged\tTP\tFP\tFN\tprecision\trecall')
for (const range of ['A-F', 'G-M', 'N-Z', 'all']) {
  const t = tallies.get(range)
  if (!t) continue
  const precision = t.tp / Math.max(1, t.tp + t.fp)
  const recall = t.tp / Math.max(1, t.tp + t.fn)
  console.log(`${range}\t${t.tp + t.fp + t.fn + t.tn}\t${t.tp + t.fn}\t${t.tp + t.fp}\t${t.tp}\t${t.fp}\t${t.fn}\t${precision.toFixed(3)}\t${recall.toFixed(3)}`)
}
if (disagreements.length) console.log(['', 'kind\tvendor\tevent type\tparser\tDataType\tsignals\tlisted under', ...disagreements].join('\n'))
