/**
 * Property-based fuzzing (fast-check): pages made by mutating real-shaped fixture
 * pages, and random Markdown, go through the page model and every rule.
 *
 * Properties: no exception escapes; every page finishes under a time bound; every
 * finding's range lies inside the page; `expected[0]` applied to its range gives a
 * page on which that finding is gone.
 *
 * `npm test` runs a small budget; `npm run fuzz` (FUZZ_RUNS=100000) the long one.
 * Inputs that once broke something are kept in `fixtures/fuzz-regressions/` and run
 * every time.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import remarkLint from 'remark-lint'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {pruneTree} from '../../src/facts/facts-job.js'
import {extractPage, tooLargePage} from '../../src/model/extract.js'
import {seedPageState} from '../../src/lint/rule.js'
import {remarkContentLint} from '../../src/lint/plugin.js'
import {rules} from '../../src/preset/rules.js'
import {defaultSettings, resolveSettings} from '../../src/core/settings.js'
import {parseMarkdown} from '../../src/syntax/syntax.js'
import {fixturesRoot, markdownFiles} from '../helpers/harness.js'
import {setImmediate as nextTurn} from 'node:timers/promises'

const runs = Number(process.env.FUZZ_RUNS ?? 150)
const seeds = markdownFiles(fixturesRoot)
  .filter((file) => !file.includes(`${path.sep}fuzz-regressions${path.sep}`))
  .map((file) => ({relative: path.relative(fixturesRoot, file).split(path.sep).slice(1).join('/'), text: fs.readFileSync(file, 'utf8')}))

/** Pieces the mutations insert: the syntax these pages are made of, and bytes that break parsers. */
const pieces = [
  '|', '\\|', '<br>', '<br><br>', '<b>', '</b>', '<ul>', '</ul>', '<li>', '</li>', '</li></li>', '<i>', '\n', '\r\n', '\r', '\0',
  '\uFEFF', '[', ']', '](', ')', '(', '↳', ' ↳[p](Ps/pC_p.md)', 'T1059 - ', 'T1059.001 - T1059.001', 'T1059/001', '```', '`',
  '#', '### Vendor: ', '| --- |', ':', '<!--', '-->', '<!-- lint disable -->', '%2e%2e/', '../../../../etc/passwd', '&amp;', '&#0;',
  '\uD800', 'x'.repeat(5000), '| a | b |\n|---|---|\n', '    ', '\t', '>', '*', '-'
]

type Mutation = {kind: 'insert'; at: number; piece: string} | {kind: 'delete'; at: number; length: number} | {kind: 'duplicate'; at: number; length: number}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.oneof(fc.constantFrom(...pieces), fc.string({maxLength: 8}))}),
  fc.record({kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({min: 1, max: 200})}),
  fc.record({kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({min: 1, max: 400})})
)

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1)
    if (m.kind === 'insert') out = out.slice(0, at) + m.piece + out.slice(at)
    else if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length)
    else out = out.slice(0, at + m.length) + out.slice(at, at + m.length) + out.slice(at + m.length)
  }
  return out
}

const page = fc.oneof(
  {weight: 4, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, {maxLength: 12})).map(([seed, ms]) => ({relative: seed.relative, text: mutate(seed.text, ms)}))},
  {weight: 1, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.string({maxLength: 400, unit: 'binary'})).map(([seed, text]) => ({relative: seed.relative, text}))}
)

// Each case is linted as a page of an otherwise empty library: linked pages are missing.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-fuzz-'))
const processor = unified().use(remarkParse).use(remarkLint).use(remarkContentLint, {root}).use(rules.map((rule) => [rule, 'warn'] as [typeof rule, string]))

interface Finding {
  ruleId: string
  start: number
  end: number
  actual?: string
  expected?: string[]
  reason: string
}

/** Lint one page the way the CLI does: facts from the full tree, rules over the pruned one. */
async function lint(relative: string, text: string): Promise<Finding[]> {
  resetCorpusIndexes()
  const file = new VFile({path: path.join(root, relative), value: text, cwd: root})
  const tree = processor.parse(file)
  const facts = text.length > defaultSettings.maxPageSize ? tooLargePage(text, relative, defaultSettings) : extractPage(tree, text, relative, defaultSettings)
  const pruned = pruneTree(tree)
  seedPageState(pruned, file, facts, resolveSettings({root}))
  try {
    await processor.run(pruned, file)
  } catch (error) {
    // A malformed `<!-- lint … -->` comment fails the file in remark-lint's message
    // control: a fatal message on the page (the CLI's runner reports it so), not a crash.
    if (!file.messages.includes(error as never)) throw error
  }
  return file.messages.map((m) => {
    const place = m.place as {start?: {offset?: number}; end?: {offset?: number}; offset?: number} | undefined
    const start = place?.start?.offset ?? place?.offset ?? 0
    const end = place?.end?.offset ?? start
    return {ruleId: String(m.ruleId), start, end, actual: m.actual, expected: m.expected, reason: m.reason}
  })
}

async function checkPage(relative: string, text: string): Promise<void> {
  const started = performance.now()
  const facts = extractPage(parseMarkdown(text), text, relative, defaultSettings)
  JSON.stringify(facts) // plain data, serialisable
  const findings = await lint(relative, text)
  expect(performance.now() - started).toBeLessThan(10_000)
  for (const finding of findings) {
    expect(finding.reason).not.toMatch(/crashed/)
    expect(finding.start).toBeGreaterThanOrEqual(0)
    expect(finding.end).toBeGreaterThanOrEqual(finding.start)
    expect(finding.end).toBeLessThanOrEqual(text.length)
    // What --fix replaces must be what the finding says is there.
    if (finding.expected && finding.actual !== undefined) expect(text.slice(finding.start, finding.end)).toBe(finding.actual)
  }
  // Apply each fix alone: the finding it fixes must be gone.
  for (const finding of findings) {
    if (!finding.expected || finding.expected.length === 0) continue
    const fixed = text.slice(0, finding.start) + finding.expected[0] + text.slice(finding.end)
    // The same kind of finding (rule, reason, text) must be one fewer: another one
    // (a second stray tag) may move into the fixed place, so positions do not tell.
    const sameKind = (f: Finding) => f.ruleId === finding.ruleId && f.actual === finding.actual && f.reason === finding.reason
    const after = await lint(relative, fixed)
    expect(after.filter(sameKind).length, `fix of ${finding.ruleId} "${finding.reason}" at ${finding.start}`).toBeLessThan(findings.filter(sameKind).length)
  }
}

describe('fuzzing', () => {
  it(`survives ${runs} mutated and random pages`, async () => {
    // A seed of our own, printed, so a long run can be reported and repeated (FUZZ_SEED).
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31
    const started = Date.now()
    await fc.assert(
      fc.asyncProperty(page, async ({relative, text}) => {
        // Let vitest's worker answer its runner between cases: a long run that never
        // yields the event loop ends in 'Timeout calling onTaskUpdate'.
        await new Promise((resolve) => setImmediate(resolve))
        await checkPage(relative, text)
      }),
      {numRuns: runs, seed}
    )
    console.log(`fuzz: ${runs} cases passed, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s`)
    // The long run (npm run fuzz) takes about 20 ms a case on one core: allow 200 ms.
  }, Math.max(600_000, runs * 200))

  it('refuses a 10 MB page and a 100k-row table with a finding, and survives deep nesting, empty pages, BOM + CRLF', async () => {
    const row = '| [Malware](../../../UseCases/uc_malware.md) |  app-login<br> ↳[acme-login](Ps/pC_acmelogin.md)<br> | T1078 - Valid Accounts<br> | [<ul><li>1 Rules</li></ul>](RM/r.md) |\n'
    const head = 'Vendor: Acme\n============\nProduct: Widget\n---------------\n| Rules | Models | MITRE TTPs | Event Types | Parsers |\n|---|---|---|---|---|\n| 1 | 0 | 1 | 1 | 1 |\n\n| Use-Case | Event Types/Parsers | MITRE TTP | Content |\n|---|---|---|---|\n'
    for (const text of [head + row.repeat(100_000), head + '| x | ' + 'a<br>'.repeat(2_000_000) + ' | y | z |\n']) {
      const started = performance.now()
      const findings = await lint('DataSources/Acme/Widget/ds_acme_widget.md', text)
      expect(findings.map((f) => `${f.ruleId} ${f.reason}`)).toEqual([
        `page-shape Page has ${(text.length / 1024 / 1024).toFixed(1)} M characters, over the limit of 4.0 M (setting \`maxPageSize\`): not checked`
      ])
      expect(performance.now() - started).toBeLessThan(10_000)
    }
    const cases: Array<[string, string]> = [
      // A long cell within the limit: 10,000 lines in one cell.
      ['DataSources/Acme/Widget/ds_acme_widget.md', head + '| x | ' + 'a<br>'.repeat(10_000) + ' | y | z |\n'],
      ['DataSources/Acme/Widget/ds_acme_widget.md', '> '.repeat(3000) + '- '.repeat(3000) + 'deep'],
      ['DataSources/Acme/Widget/ds_acme_widget.md', ''],
      ['UseCases/uc_malware.md', '\uFEFFUse Case: Malware\r\n=================\r\n\r\n### Vendor: Acme\r\n| Product | Event Types | MITRE TTP | Content |\r\n|---|---|---|---|\r\n| [W](../x.md) | <ul><li>a</li></li></ul> | T1059 - X<br> | |\r\n']
    ]
    for (const [relative, text] of cases) {
      const started = performance.now()
      // Each deep-nesting parse is seconds of one synchronous call (half a minute on a
      // loaded machine): the test worker's channel gets a turn between them, or vitest's
      // 60 s worker RPC timeout fails the run (see src/engine/time-slice.ts).
      await nextTurn()
      const facts = extractPage(parseMarkdown(text), text, relative, defaultSettings)
      expect(facts.kind).toBeTruthy()
      await nextTurn()
      const findings = await lint(relative, text)
      for (const f of findings) expect(f.end).toBeLessThanOrEqual(text.length)
      expect(performance.now() - started, `${relative} (${text.length} chars)`).toBeLessThan(120_000)
    }
  }, 600_000)

  it('keeps passing on the inputs that once broke it', async () => {
    const folder = path.join(fixturesRoot, 'fuzz-regressions')
    if (!fs.existsSync(folder)) return
    for (const file of markdownFiles(folder)) {
      const relative = path.relative(folder, file).split(path.sep).join('/')
      await checkPage(relative, fs.readFileSync(file, 'utf8'))
    }
  })
})
