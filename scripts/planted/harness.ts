/**
 * Planted defects: copy a snapshot, plant one defect per site for every defect class
 * (`classes.ts`), many sites per class, each on a line the unplanted run found nothing
 * on and in a product folder no other site touches, run the checker once over the copy,
 * and compare its findings with the unplanted run's.
 *
 * For each site: was there a finding by the class's rule whose range covers the planted
 * text? For every finding that is new (or gone): which site's area is it in, and is it
 * a knock-on the class declares (`KnockOn`), or an echo of the defect on pages that are
 * right? New findings in no site's area are echoes through library-wide statistics.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {type DefectClass, defectClasses, type PlantContext, type Site} from './classes.js'
import {kindByPath, LibraryText, productFolderOf} from './library-text.js'
import {Random} from './random.js'

/** A finding as the JSON report gives it, with its page relative to the content root. */
export interface Finding {
  page: string
  rule: string
  start: {line: number; column: number}
  end: {line: number; column: number}
  reason: string
  actual: string
}

interface ReportedFile {
  path: string
  messages: Array<{ruleId: string | null; reason: string; actual?: string; line: number | null; column: number | null; place?: unknown}>
}

/** The findings of a JSON report run from `cwd`, pages relative to `root`. */
export function findingsOfReport(report: readonly ReportedFile[], root: string, cwd: string): Finding[] {
  const out: Finding[] = []
  for (const file of report) {
    const page = path.relative(root, path.resolve(cwd, file.path)).split(path.sep).join('/')
    for (const m of file.messages) {
      const place = m.place as {start?: {line: number; column: number}; end?: {line: number; column: number}} | null
      const start = place?.start ?? {line: m.line ?? 0, column: m.column ?? 0}
      const end = place?.end ?? start
      out.push({page, rule: m.ruleId ?? '', start, end, reason: m.reason, actual: m.actual ?? ''})
    }
  }
  return out
}

export interface Baseline {
  findings: Finding[]
  /** The run's stderr (its notices say which summary columns it does not check). */
  stderr: string
}

/** Summary columns the run does not check, from its notices: `summary-count: Parsers on product pages not checked`. */
function checkedColumns(library: LibraryText, stderr: string): PlantContext['checkedColumns'] {
  const unchecked = new Set([...stderr.matchAll(/summary-count: (.+?) on (product|RM) pages not checked/g)].map((m) => `${m[2] === 'RM' ? 'rules-and-models' : 'product'}\0${m[1]!.toLowerCase()}`))
  const all = ['rules', 'models', 'mitre ttps', 'mitre att&ck® ttps', 'event types', 'activity types', 'parsers']
  const of = (kind: 'product' | 'rules-and-models') => new Set(all.filter((header) => !unchecked.has(`${kind}\0${header}`)))
  return new Map([
    ['product', of('product')],
    ['rules-and-models', of('rules-and-models')]
  ])
}

/** Lines with findings, by page. */
function linesWithFindings(findings: readonly Finding[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>()
  for (const f of findings) {
    let lines = out.get(f.page)
    if (!lines) out.set(f.page, (lines = new Set()))
    for (let line = f.start.line; line <= f.end.line; line++) lines.add(line)
  }
  return out
}

/** Candidate sites of one class, page by page in random order, lazily. */
function* candidatesOf(cls: DefectClass, context: PlantContext): Generator<Site> {
  const pages = context.random.shuffled(context.library.pages.filter((page) => cls.kinds.includes(kindByPath(page))))
  for (const page of pages) yield* context.random.shuffled(cls.candidates(page, context))
}

/**
 * Choose up to `perClass` sites of each class, taking turns between classes, each in a
 * product folder no other site has and on a line without findings.
 */
export function chooseSites(library: LibraryText, baseline: Baseline, classes: readonly DefectClass[], perClass: number, random: Random): Site[] {
  const withFindings = linesWithFindings(baseline.findings)
  const context: PlantContext = {
    library,
    random,
    checkedColumns: checkedColumns(library, baseline.stderr),
    hasFinding: (page, line) => withFindings.get(page)?.has(line) ?? false
  }
  const taken = new Set<string>()
  const sites: Site[] = []
  const streams = classes.map((cls) => ({cls, candidates: candidatesOf(cls, context), count: 0, done: false}))
  while (streams.some((s) => !s.done)) {
    for (const stream of streams) {
      if (stream.done) continue
      let next = stream.candidates.next()
      while (!next.done && taken.has(next.value.area)) next = stream.candidates.next()
      if (next.done) {
        stream.done = true
        continue
      }
      taken.add(next.value.area)
      sites.push(next.value)
      if (++stream.count >= perClass) stream.done = true
    }
  }
  return sites
}

/** Where a site's planted text lies in the planted page, as offsets. */
function plantedRange(site: Site, sites: readonly Site[]): {start: number; end: number} {
  let shift = 0
  for (const other of sites) {
    if (other.edit.page === site.edit.page && other.edit.start < site.edit.start) shift += other.edit.text.length - (other.edit.end - other.edit.start)
  }
  const start = site.edit.start + shift
  return {start: start + site.expected.start, end: start + site.expected.end}
}

/** Copy `root` into a new temporary folder and plant the sites; returns the copy's root. */
export function plantCopy(root: string, sites: readonly Site[]): string {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-planted-')), path.basename(root))
  fs.cpSync(root, copy, {recursive: true})
  const byPage = new Map<string, Site[]>()
  for (const site of sites) byPage.set(site.edit.page, [...(byPage.get(site.edit.page) ?? []), site])
  for (const [page, onPage] of byPage) {
    let text = fs.readFileSync(path.join(root, page), 'utf8')
    for (const {edit} of [...onPage].sort((a, b) => b.edit.start - a.edit.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end)
    fs.writeFileSync(path.join(copy, page), text)
  }
  return copy
}

/** The built CLI: beside this script when it runs built (`dist/scripts/planted/`), else in `dist/` (vitest runs the source). */
const here = path.dirname(fileURLToPath(import.meta.url))
const cli = import.meta.url.endsWith('.js') ? path.resolve(here, '../../src/cli/cli.js') : path.resolve(here, '../../dist/src/cli/cli.js')

/**
 * The built CLI's run over a content root (`node dist/src/cli/cli.js --format json`),
 * in its own process as a user runs it, the report written to a file (it is tens of MB).
 */
export async function runChecker(root: string): Promise<Baseline & {seconds: number}> {
  const started = performance.now()
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-planted-report-')), 'report.json')
  try {
    const {code, stderr} = await new Promise<{code: number | null; stderr: string}>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, '--format', 'json', '--no-cache', '-o', out, root], {cwd: path.dirname(root), stdio: ['ignore', 'ignore', 'pipe']})
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      child.on('error', reject)
      child.on('close', (code) => resolve({code, stderr}))
    })
    if (code !== 0 && code !== 1) throw new Error(`content-lint failed on ${root} (exit ${code}): ${stderr}`)
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as ReportedFile[]
    return {findings: findingsOfReport(report, root, path.dirname(root)), stderr, seconds: (performance.now() - started) / 1000}
  } finally {
    fs.rmSync(path.dirname(out), {recursive: true, force: true})
  }
}

/** Line/column (1-based, as vfile) of an offset in a text. */
function pointOf(text: string, offset: number): {line: number; column: number} {
  const before = text.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  return {line: before.split('\n').length, column: offset - lineStart + 1}
}

const before = (a: {line: number; column: number}, b: {line: number; column: number}) => a.line < b.line || (a.line === b.line && a.column <= b.column)

/** What happened at one site. */
export interface SiteResult {
  site: Site
  found: boolean
  /** The finding that found it, or those on its line by other rules or elsewhere (for a miss). */
  findings: Finding[]
}

/** A finding that differs between the runs, and whose it is. */
export interface Change {
  finding: Finding
  /** `changed`: the same text on the same line, reported with another reason (`was` holds the old one). */
  change: 'new' | 'gone' | 'changed'
  was?: Finding
  site: Site | null
  /** `expected`: the site's own finding; `knock-on`: one its class declares; `echo`: anything else. */
  verdict: 'expected' | 'knock-on' | 'echo'
}

export interface PlantedResult {
  sites: SiteResult[]
  changes: Change[]
}

/** Maps a planted page's line numbers back to the original's (a planted row copy adds lines). */
function lineMapper(sites: readonly Site[]): (page: string, line: number) => number {
  const added = new Map<string, Array<{after: number; count: number}>>()
  for (const site of sites) {
    // The classes replace text within a line; only a planted row copy brings line breaks.
    const count = site.edit.text.split('\n').length - 1
    if (count > 0) added.set(site.page, [...(added.get(site.page) ?? []), {after: site.line, count}])
  }
  return (page, line) => {
    let original = line
    for (const {after, count} of added.get(page) ?? []) if (line > after) original -= Math.min(count, line - after)
    return original
  }
}

const keyOf = (f: Finding, line: number) => [f.page, f.rule, line, f.reason, f.actual].join('\0')

/** Findings of `a` not in `b` (as multisets of keys), with `a`'s lines mapped by `lineA`. */
function difference(a: readonly Finding[], b: readonly Finding[], lineA: (f: Finding) => number, lineB: (f: Finding) => number): Finding[] {
  const counts = new Map<string, number>()
  for (const f of b) counts.set(keyOf(f, lineB(f)), (counts.get(keyOf(f, lineB(f))) ?? 0) + 1)
  return a.filter((f) => {
    const key = keyOf(f, lineA(f))
    const n = counts.get(key) ?? 0
    if (n > 0) counts.set(key, n - 1)
    return n === 0
  })
}

/** The areas of the use-case pages' rows: page → line → product folder. */
function useCaseRowAreas(library: LibraryText): Map<string, Map<number, string>> {
  const out = new Map<string, Map<number, string>>()
  for (const page of library.ofKind('use-case')) {
    const lines = new Map<number, string>()
    for (const line of library.lines(page)) {
      const link = /\]\(([^)\s]+)\)/.exec(line.text)
      const target = link ? library.resolve(page, link[1]!) : null
      const folder = target ? productFolderOf(target) : null
      if (folder) lines.set(line.number, folder)
    }
    out.set(page, lines)
  }
  return out
}

/** Compare the runs: each site found or not, each changed finding attributed. */
export function compareRuns(library: LibraryText, sites: readonly Site[], baseline: readonly Finding[], planted: readonly Finding[], plantedRoot: string): PlantedResult {
  const toOriginal = lineMapper(sites)
  const fresh = difference(planted, baseline, (f) => toOriginal(f.page, f.start.line), (f) => f.start.line)
  const gone = difference(baseline, planted, (f) => f.start.line, (f) => toOriginal(f.page, f.start.line))
  const byArea = new Map(sites.map((site) => [site.area, site]))
  const rowAreas = useCaseRowAreas(library)
  const siteOf = (f: Finding, line: number) => byArea.get((kindByPath(f.page) === 'use-case' ? rowAreas.get(f.page)?.get(line) : productFolderOf(f.page)) ?? '') ?? null

  const results = sites.map((site): SiteResult => {
    const text = fs.readFileSync(path.join(plantedRoot, site.page), 'utf8')
    const range = plantedRange(site, sites)
    const [start, end] = [pointOf(text, range.start), pointOf(text, range.end)]
    const hits = fresh.filter((f) => f.page === site.page && f.rule === site.cls.rule && (site.cls.match === 'covers' ? before(f.start, start) && before(end, f.end) : before(f.start, end) && before(start, f.end)))
    return {site, found: hits.length > 0, findings: hits.length > 0 ? hits : fresh.filter((f) => f.page === site.page && f.start.line === start.line)}
  })
  const expected = new Set(results.flatMap((r) => (r.found ? r.findings : [])))
  const changes: Change[] = pairChanged(fresh, gone, toOriginal).map(({finding, change, was, line}) => {
    const site = siteOf(finding, line)
    const declared = site?.cls.knockOns.some((k) => k.rule === finding.rule && k.kinds.includes(kindByPath(finding.page)))
    return {finding, change, was, site, verdict: expected.has(finding) ? 'expected' : declared ? 'knock-on' : 'echo'}
  })
  return {sites: results, changes}
}

/** New and gone findings, a new one and a gone one of the same page, rule, line and text paired as one changed finding. */
function pairChanged(fresh: readonly Finding[], gone: readonly Finding[], toOriginal: (page: string, line: number) => number) {
  const key = (f: Finding, line: number) => [f.page, f.rule, line, f.actual].join('\0')
  const goneByKey = new Map<string, Finding[]>()
  for (const f of gone) goneByKey.set(key(f, f.start.line), [...(goneByKey.get(key(f, f.start.line)) ?? []), f])
  const out: Array<{finding: Finding; change: Change['change']; was?: Finding; line: number}> = []
  for (const finding of fresh) {
    const line = toOriginal(finding.page, finding.start.line)
    const was = goneByKey.get(key(finding, line))?.shift()
    out.push(was ? {finding, change: 'changed', was, line} : {finding, change: 'new', line})
  }
  for (const left of goneByKey.values()) for (const finding of left) out.push({finding, change: 'gone', line: finding.start.line})
  return out
}

export interface PlantedRun {
  seed: number
  snapshot: string
  sites: number
  seconds: number
  result: PlantedResult
}

/** Plant `perClass` sites of every class that applies to the snapshot (or of the classes `only` names), run the checker, compare. */
export async function plantAndCheck(root: string, snapshot: '2021' | '2025', baseline: Baseline, perClass: number, seed: number, only?: ReadonlySet<string>): Promise<PlantedRun> {
  const library = new LibraryText(root)
  const classes = defectClasses.filter((cls) => (!cls.only || cls.only === snapshot) && (!only || only.has(cls.id)))
  const sites = chooseSites(library, baseline, classes, perClass, new Random(seed))
  const copy = plantCopy(root, sites)
  try {
    const planted = await runChecker(copy)
    return {seed, snapshot, sites: sites.length, seconds: planted.seconds, result: compareRuns(library, sites, baseline.findings, planted.findings, copy)}
  } finally {
    // PLANTED_KEEP=1 leaves the planted copy in place, to run the checker on it by hand.
    if (process.env.PLANTED_KEEP) console.error(`planted copy kept: ${copy}`)
    else fs.rmSync(path.dirname(copy), {recursive: true, force: true})
  }
}

/** Per class: sites, found, knock-ons and echoes (new and gone). */
export interface ClassSummary {
  cls: DefectClass
  sites: number
  found: number
  /** Declared knock-ons seen, by rule. */
  knockOns: Map<string, number>
  /** New findings in the class's areas that are neither the site's nor declared. */
  echoes: Change[]
  /** Findings of the unplanted run in the class's areas reported with another reason. */
  changed: Change[]
  /** Findings of the unplanted run gone from the class's areas (a defect that silences a check). */
  gone: Change[]
  missed: SiteResult[]
}

export function summarise(result: PlantedResult): {classes: ClassSummary[]; elsewhere: Change[]} {
  const classes = new Map<DefectClass, ClassSummary>()
  const of = (cls: DefectClass) => {
    let s = classes.get(cls)
    if (!s) classes.set(cls, (s = {cls, sites: 0, found: 0, knockOns: new Map(), echoes: [], changed: [], gone: [], missed: []}))
    return s
  }
  for (const r of result.sites) {
    const s = of(r.site.cls)
    s.sites++
    if (r.found) s.found++
    else s.missed.push(r)
  }
  const elsewhere: Change[] = []
  for (const change of result.changes) {
    if (!change.site) {
      elsewhere.push(change)
      continue
    }
    const s = of(change.site.cls)
    if (change.change === 'gone') s.gone.push(change)
    else if (change.change === 'changed') s.changed.push(change)
    else if (change.verdict === 'knock-on') s.knockOns.set(change.finding.rule, (s.knockOns.get(change.finding.rule) ?? 0) + 1)
    else if (change.verdict === 'echo') s.echoes.push(change)
  }
  return {classes: [...classes.values()], elsewhere}
}

/**
 * A smaller library for the quick run in `npm test`: `products` product folders of
 * `root` drawn at random (each whole, with its RM, parser and CR pages), the use-case
 * pages and the pages at the root, copied to a new temporary folder. Links to the
 * products left out are dead there, in both runs alike, so sites on those lines are
 * never chosen (they have findings). Returns the copy's content root; remove its
 * parent folder when done.
 */
export function sampleLibrary(root: string, products: number, random: Random): string {
  const library = new LibraryText(root)
  const folders = random.shuffled([...new Set(library.ofKind('product').map((page) => productFolderOf(page)!))]).slice(0, products)
  // A nested product folder (`Proofpoint_TAP/POD/`) is copied with its parent's pages too: keep the outermost ones only.
  const chosen = folders.filter((f) => !folders.some((g) => g !== f && f.startsWith(g + '/')))
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-planted-sample-')), path.basename(root))
  fs.mkdirSync(copy, {recursive: true})
  for (const folder of chosen) fs.cpSync(path.join(root, folder), path.join(copy, folder), {recursive: true})
  for (const page of library.pages) {
    if (!page.includes('/') || kindByPath(page) === 'use-case') {
      fs.mkdirSync(path.dirname(path.join(copy, page)), {recursive: true})
      fs.copyFileSync(path.join(root, page), path.join(copy, page))
    }
  }
  return copy
}
