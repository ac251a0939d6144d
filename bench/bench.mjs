#!/usr/bin/env node
/**
 * `npm run bench`: content-lint against remark-cli on the same corpus, in the same run,
 * for each snapshot beside the checkout (the 2021 one and the 2025 one, today's format).
 *
 * Machines here are shared and noisy, so every number that matters is a ratio against
 * the peer measured alternately in the same run, and times are medians of several runs.
 *
 *     npm run bench -- [--corpus DIR]… [--attack FILE|DIR] [--runs N] [--skip-peer]
 *
 * Scenarios (targets from the performance issue, as ratios to the peer's cold run):
 *   cold      whole corpus, all rules, a user's first run: the cache on,  ≤ 0.10
 *             empty, and written
 *   warm      the same again with nothing changed, cache on             ≤ 0.01
 *   changed   10 changed pages and the pages that depend on them        ≤ 2 s wall
 *             (`--dependents`, as the pre-commit hook runs), cache warm
 *   largest   the largest page re-checked after an edit in a long-lived ≤ 3 s wall
 *             process, as the language server does (bench/editor.mjs)
 *   server    the largest product page's first diagnostics after       ≤ 3 s wall
 *             `content-lint-language-server` starts, with the CLI's
 *             cache for the workspace and without (bench/editor-server.mjs)
 *   hook      10 changed pages staged in git, `--staged` (only the findings the change
 *             brings: the pages linted again as they were at HEAD) against
 *             `--staged --all-findings`, cache warm
 *   memory    peak RSS of the cold run                                  ≤ 1 GB
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {parseArgs} from 'node:util'

const repo = path.resolve(import.meta.dirname, '..')
const {values} = parseArgs({
  options: {
    corpus: {type: 'string', multiple: true},
    runs: {type: 'string', default: '3'},
    'skip-peer': {type: 'boolean', default: false},
    // ATT&CK data loaded, as the target says: the shared releases beside the checkout.
    attack: {type: 'string', default: path.resolve(repo, '..', 'shared', 'attack')}
  }
})
const snapshots = ['content-doc-2021-11-11', 'cim2-2025-06-23'].map((name) => path.resolve(repo, '..', 'shared', 'corpus', name))
const corpora = (values.corpus ?? snapshots.filter((dir) => fs.existsSync(dir))).map((dir) => path.resolve(dir))
const runs = Number(values.runs)
const cli = path.join(repo, 'dist', 'src', 'cli', 'cli.js')
const remark = path.join(repo, 'node_modules', 'remark-cli', 'cli.js')
const peerConfig = path.join(repo, 'bench', 'remarkrc-peer.mjs')
const hasTime = fs.existsSync('/usr/bin/time')

if (!fs.existsSync(cli)) throw new Error('Build first: npm run build')
if (corpora.length === 0) throw new Error('No corpus: give --corpus DIR, or put the snapshots at ../shared/corpus')
for (const corpus of corpora) if (!fs.existsSync(corpus)) throw new Error(`No corpus at ${corpus}`)

/** Run a command; wall seconds and peak RSS (MB, when /usr/bin/time is there). */
function measure(command, args, options = {}) {
  const started = performance.now()
  const full = hasTime ? ['/usr/bin/time', ['-f', '%M', command, ...args]] : [command, args]
  const result = spawnSync(full[0], full[1], {encoding: 'utf8', maxBuffer: 1 << 30, ...options})
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-500)}`)
  }
  const rss = hasTime ? Number(result.stderr.trim().split('\n').pop()) / 1024 : NaN
  return {seconds, rss}
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a')

const attack = fs.existsSync(values.attack) ? ['--attack', path.resolve(values.attack)] : []
if (attack.length === 0) console.error(`No ATT&CK data at ${values.attack}: the built-in ATT&CK table is used`)
const temp = (prefix) => fs.mkdtempSync(path.join(os.tmpdir(), prefix))

/**
 * Ten pages whose product pages depend on them: RM and parser pages of a large product
 * (Microsoft Azure in both snapshots, else the product folder with the most RM pages).
 */
function changedPages(root) {
  const folders = []
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
      if (!entry.isDirectory()) continue
      const child = path.join(dir, entry.name)
      if (fs.existsSync(path.join(child, 'RM')) && fs.existsSync(path.join(child, 'Ps'))) folders.push(child)
      else if (!['RM', 'Ps', 'CR'].includes(entry.name)) walk(child)
    }
  }
  for (const name of ['DataSources', 'DS']) if (fs.existsSync(path.join(root, name))) walk(path.join(root, name))
  const size = (dir) => fs.readdirSync(path.join(dir, 'RM')).length
  const product = folders.find((dir) => /[/\\]microsoft[/\\]azure$/i.test(dir)) ?? folders.sort((a, b) => size(b) - size(a))[0]
  const pick = (sub) => fs.readdirSync(path.join(product, sub)).sort().slice(0, 5).map((f) => path.join(product, sub, f))
  return [...pick('RM'), ...pick('Ps')]
}

/**
 * The largest page of a library (what an editor has the hardest time with), or the
 * largest whose file name matches `only` (product pages: `ds_*.md`).
 */
function largestPage(root, only = /\.md$/) {
  let best = {file: '', size: -1}
  for (const name of fs.readdirSync(root, {recursive: true, encoding: 'utf8'})) {
    if (!name.endsWith('.md') || !only.test(path.basename(name))) continue
    const size = fs.statSync(path.join(root, name)).size
    if (size > best.size) best = {file: path.join(root, name), size}
  }
  return best.file
}

for (const corpus of corpora) {
  console.log(`\n### ${path.basename(corpus)}\n`)
  for (const [k, v] of benchCorpus(corpus)) console.log(`| ${k} | ${v} |`)
}

/** Every scenario on one corpus: the rows of its table. */
function benchCorpus(corpus) {
  const cacheDir = temp('content-lint-bench-cache-')
  const lint = (extra, cwd = path.dirname(corpus)) => measure(process.execPath, [cli, '--format', 'json', ...attack, ...extra], {cwd})
  const peer = () => measure(process.execPath, [remark, '--rc-path', peerConfig, '--no-config', '--quiet', '--report', 'json', corpus], {cwd: path.dirname(corpus)})

  const cold = []
  const peers = []
  for (let i = 0; i < runs; i++) {
    // Alternate: peer, then content-lint, so both see the same machine weather.
    if (!values['skip-peer']) {
      peers.push(peer())
      console.error(`peer run ${i + 1}: ${fmt(peers.at(-1).seconds)} s`)
    }
    // A user's first run: the cache on, starting empty, written as the run goes.
    const fresh = temp('content-lint-bench-cold-')
    cold.push(lint(['--cache-location', fresh, corpus]))
    fs.rmSync(fresh, {recursive: true, force: true})
    console.error(`content-lint cold run ${i + 1}: ${fmt(cold.at(-1).seconds)} s`)
  }

  // Warm: prime the cache once, then measure re-runs with nothing changed.
  lint(['--cache-location', cacheDir, corpus])
  const warm = []
  for (let i = 0; i < runs; i++) warm.push(lint(['--cache-location', cacheDir, corpus]))

  // Changed: a copy of the corpus, cache primed, 10 pages edited (RM and parser pages,
  // whose product pages depend on them), then the whole tree re-checked.
  const copy = temp('content-lint-bench-copy-')
  fs.cpSync(corpus, copy, {recursive: true})
  const copyCache = temp('content-lint-bench-cache-')
  lint(['--cache-location', copyCache, copy], path.dirname(copy))
  const victims = changedPages(copy)
  // A run of a few seconds is at the machine's mercy: repeated (each time after a new
  // change to the same pages) and the median taken, as for the other scenarios.
  const changedRuns = []
  for (let i = 0; i < Math.max(3, runs); i++) {
    for (const file of victims) fs.appendFileSync(file, '\n')
    changedRuns.push(lint(['--cache-location', copyCache, '--dependents', ...victims], path.dirname(copy)))
  }
  const changed = {seconds: median(changedRuns.map((r) => r.seconds))}
  const changedRange = `${fmt(Math.min(...changedRuns.map((r) => r.seconds)))}–${fmt(Math.max(...changedRuns.map((r) => r.seconds)))}`
  // The whole tree again after the same kind of change: what a CI run without --since does.
  for (const file of victims) fs.appendFileSync(file, '\n')
  const changedTree = lint(['--cache-location', copyCache, copy], path.dirname(copy))

  // Largest page: opened once in a long-lived process (which reads the library), then
  // edited and re-checked, as the language server does on each change.
  const largest = largestPage(corpus)
  const editorRun = spawnSync(process.execPath, [path.join(repo, 'bench', 'editor.mjs'), largest, '--edits', String(Math.max(3, runs))], {encoding: 'utf8'})
  if (editorRun.status !== 0) throw new Error(`bench/editor.mjs failed: ${editorRun.stderr.slice(-500)}`)
  const editor = JSON.parse(editorRun.stdout)

  const hook = benchHook(copy, copyCache, victims, lint)
  const server = benchServer(corpus)

  fs.rmSync(copy, {recursive: true, force: true})
  fs.rmSync(copyCache, {recursive: true, force: true})
  fs.rmSync(cacheDir, {recursive: true, force: true})

  const peerCold = median(peers.map((r) => r.seconds))
  const rows = [
    ['machine', `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GB, Node ${process.version}`],
    ['runs each', String(runs)],
    ['peer: remark-cli + gfm + recommended + validate-links, cold', `${fmt(peerCold)} s, peak ${fmt(median(peers.map((r) => r.rss)), 0)} MB`],
    ['content-lint cold (first run: cache on, empty, written)', `${fmt(median(cold.map((r) => r.seconds)))} s, ratio ${fmt(median(cold.map((r) => r.seconds)) / peerCold, 3)} (target ≤ 0.10)`],
    ['content-lint warm (cache, nothing changed)', `${fmt(median(warm.map((r) => r.seconds)))} s, ratio ${fmt(median(warm.map((r) => r.seconds)) / peerCold, 4)} (target ≤ 0.01)`],
    ['10 changed pages + dependents (`--dependents`), cache warm', `${fmt(changed.seconds)} s wall, median of ${changedRuns.length} (${changedRange}) (target ≤ 2 s)`],
    ['whole tree after 10 pages changed, cache warm', `${fmt(changedTree.seconds)} s wall`],
    [`largest page (${path.relative(corpus, largest)}, ${fmt(fs.statSync(largest).size / 2 ** 20, 1)} MB) re-checked in an editor`, `${fmt(editor.recheck.total)} s wall (target ≤ 3 s); typing in a row ${fmt(editor.row.total)} s (parse ${fmt(editor.row.parse)} s, rules ${fmt(editor.row.rules)} s), appending a line ${fmt(editor.append.total)} s (parse ${fmt(editor.append.parse)} s, rules ${fmt(editor.append.rules)} s); first open ${fmt(editor.first.total)} s`],
    [`language server, largest product page (${path.relative(corpus, server.page)}), the CLI’s cache present`, `${server.cached} (target: first ≤ 3 s)`],
    ['language server, largest product page, no cache', `${server.cold} (target: first ≤ 3 s)`],
    ['hook: 10 changed pages staged, `--staged` (new findings only) against `--all-findings`', `${fmt(hook.newOnly)} s against ${fmt(hook.all)} s, ratio ${fmt(hook.newOnly / hook.all)}`],
    ['peak memory, cold run', `${fmt(median(cold.map((r) => r.rss)), 0)} MB (target ≤ 1024 MB)`]
  ]
  return [['measure', 'result'], ['---', '---'], ...rows]
}

/**
 * Hook: the copy as a git repository, the same 10 pages changed and staged; the
 * findings the change brings (`--staged`) against all of them (`--all-findings`).
 */
function benchHook(copy, copyCache, victims, lint) {
  const git = (...args) => spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], {cwd: copy, encoding: 'utf8', maxBuffer: 1 << 30})
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-q', '-m', 'library')
  lint(['--cache-location', copyCache, copy], path.dirname(copy))
  const runsOf = {all: [], newOnly: []}
  for (let i = 0; i < Math.max(3, runs); i++) {
    for (const file of victims) fs.appendFileSync(file, '\n')
    git('add', '-A')
    runsOf.all.push(lint(['--cache-location', copyCache, '--staged', '--all-findings'], copy))
    runsOf.newOnly.push(lint(['--cache-location', copyCache, '--staged'], copy))
  }
  return {all: median(runsOf.all.map((r) => r.seconds)), newOnly: median(runsOf.newOnly.map((r) => r.seconds))}
}

/**
 * Language server: the largest product page opened in a server just started, with the
 * CLI's cache for the workspace (primed by a CLI run there) and without (a new cache
 * home each run: the server fills the cache as it reads). ATT&CK data as a user's
 * `content-lint attack update` leaves it: the bundle in the cache home.
 */
function benchServer(corpus) {
  const page = largestPage(corpus, /^ds_.*\.md$/)
  const bundle = attack.length === 0 ? null : fs.statSync(attack[1]).isFile() ? attack[1] : path.join(attack[1], fs.readdirSync(attack[1]).filter((f) => f.endsWith('.json')).sort((a, b) => a.localeCompare(b, 'en', {numeric: true})).at(-1))
  const cacheHome = () => {
    const home = temp('content-lint-bench-home-')
    if (bundle) {
      fs.mkdirSync(path.join(home, 'content-lint'))
      fs.copyFileSync(bundle, path.join(home, 'content-lint', 'enterprise-attack.json'))
    }
    return home
  }
  const server = (home) => {
    const result = spawnSync(process.execPath, [path.join(repo, 'bench', 'editor-server.mjs'), corpus, page], {encoding: 'utf8', env: {...process.env, XDG_CACHE_HOME: home}})
    if (result.status !== 0) throw new Error(`bench/editor-server.mjs failed: ${result.stderr.slice(-500)}`)
    return JSON.parse(result.stdout)
  }
  const primed = cacheHome()
  measure(process.execPath, [cli, '--format', 'json', '.'], {cwd: corpus, env: {...process.env, XDG_CACHE_HOME: primed}})
  const runsOf = {cached: [], cold: []}
  for (let i = 0; i < Math.max(3, runs); i++) {
    runsOf.cached.push(server(primed))
    const home = cacheHome()
    runsOf.cold.push(server(home))
    fs.rmSync(home, {recursive: true, force: true})
  }
  fs.rmSync(primed, {recursive: true, force: true})
  const summary = (list) =>
    `first ${fmt(median(list.map((r) => r.first.seconds)))} s (${list[0].first.findings} findings), complete ${fmt(median(list.map((r) => r.complete.seconds)))} s (${list[0].complete.findings}), peak ${fmt(median(list.map((r) => r.peakMB)), 0)} MB`
  return {page, cached: summary(runsOf.cached), cold: summary(runsOf.cold)}
}
