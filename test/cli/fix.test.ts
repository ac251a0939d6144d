/**
 * `--fix`: edits applied by offsets, overlaps left for the next pass, passes repeated
 * until stable (also across pages), atomic writes that keep the mode, a dry run that
 * prints a diff git can apply, `--fix-rule`.
 */
import fs from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {afterEach, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {findMarkdownFiles} from '../../src/core/files.js'
import {applyEdits, type Edit, fixFiles} from '../../src/cli/fix.js'
import {createLint} from '../../src/engine/lint.js'
import {contentLintSeverity} from '../../src/lint/plugin.js'
import {defineRule, noOptions} from '../../src/lint/rule.js'
import {rulesById} from '../../src/preset/rules.js'
import {cleanTemps, git, gitLibrary, library, notes, snapshot, tempDir} from '../helpers/usage-helpers.js'

afterEach(() => {
  cleanTemps()
  resetCorpusIndexes()
})

function edit(start: number, end: number, text: string, actual?: string): Edit {
  const message = new VFileMessage('test')
  if (actual !== undefined) message.actual = actual
  return {start, end, text, ruleId: 'test', message}
}

describe('applyEdits', () => {
  it('replaces exactly the ranges, in any order', () => {
    const result = applyEdits('abcdefgh', [edit(6, 7, 'G', 'g'), edit(1, 3, '', 'bc'), edit(4, 4, '+')])
    expect(result.text).toBe('ad+efGh')
    expect(result.applied.length).toBe(3)
  })

  it('leaves an overlapping or touching edit for the next pass (as ESLint does)', () => {
    const overlapping = applyEdits('abcdef', [edit(1, 4, 'X'), edit(2, 5, 'Y')])
    expect(overlapping.text).toBe('aXef')
    expect(overlapping.deferred.map((e) => e.text)).toEqual(['Y'])
    const touching = applyEdits('abcdef', [edit(1, 2, 'X'), edit(2, 3, 'Y')])
    expect(touching.text).toBe('aXcdef')
    expect(touching.deferred.map((e) => e.text)).toEqual(['Y'])
  })

  it('applies an edit reported twice once', () => {
    const result = applyEdits('abcdef', [edit(1, 2, 'X'), edit(1, 2, 'X')])
    expect(result.text).toBe('aXcdef')
    expect(result.applied.length).toBe(2)
    expect(result.deferred).toEqual([])
  })

  it('never applies an edit whose range no longer holds the reported text', () => {
    const result = applyEdits('abcdef', [edit(1, 3, '', 'zz'), edit(10, 12, 'X')])
    expect(result.text).toBe('abcdef')
    expect(result.stale.length).toBe(2)
  })
})

describe('content-lint --fix', () => {
  const product = path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')
  const useCase = path.join('UseCases', 'uc_account_manipulation.md')

  /** The fixture's defects fixed by hand: the expected result, written independently of the fixer. */
  function fixedByHand(before: Map<string, string>): Map<string, string> {
    const after = new Map(before)
    after.set(product, before.get(product)!.replace('\n[Next Page -->>]', '\n\n[Next Page -->>]'))
    after.set(useCase, before.get(useCase)!.replaceAll('</li></li>', '</li>'))
    return after
  }

  it('fixes every fixable finding, touching nothing else, and reports what it did', async () => {
    const dir = library()
    const before = snapshot(dir)
    fs.chmodSync(path.join(dir, useCase), 0o640)
    const result = await runCli(['--fix', '.'], dir)
    expect(result.code).toBe(0)
    expect(notes(result.stderr)).toBe(
      'content-lint: fixed 3 findings in 2 files (cell-html 2, table-shape 1)\n' + 'content-lint: 0 findings left, 0 of them fixable\n'
    )
    expect(result.stdout).toBe('') // nothing left to report
    expect(snapshot(dir)).toEqual(fixedByHand(before))
    // Written by renaming a temp file over the page: the mode is kept, no temp file is left.
    expect(fs.statSync(path.join(dir, useCase)).mode & 0o777).toBe(0o640)
    expect([...snapshot(dir).keys()].sort()).toEqual([...before.keys()].sort())
  })

  it('lists the files it changed with --verbose', async () => {
    const dir = library()
    const result = await runCli(['--fix', '--verbose', '.'], dir)
    expect(notes(result.stderr).split('\n').slice(2)).toEqual([`content-lint: fixed ${product} (table-shape 1)`, `content-lint: fixed ${useCase} (cell-html 2)`, ''])
  })

  it('is idempotent: a second run changes nothing', async () => {
    const dir = library()
    await runCli(['--fix', '.'], dir)
    const once = snapshot(dir)
    const mtimes = [...once.keys()].map((file) => fs.statSync(path.join(dir, file)).mtimeMs)
    const again = await runCli(['--fix', '.'], dir)
    expect(notes(again.stderr)).toMatch(/^content-lint: fixed 0 findings in 0 files\n/)
    expect(snapshot(dir)).toEqual(once)
    expect([...once.keys()].map((file) => fs.statSync(path.join(dir, file)).mtimeMs)).toEqual(mtimes)
  })

  it('reports what is left in the chosen format', async () => {
    const dir = library()
    // A finding that is not fixable: a row with a missing cell (table-shape gives no fix).
    const gizmo = path.join(dir, 'DataSources', 'Acme', 'Gizmo', 'RM', 'r_m_acme_gizmo_Malware.md')
    fs.appendFileSync(gizmo, '| process-ended |\n')
    const result = await runCli(['--fix', '--format', 'json', '.'], dir)
    expect(result.stderr).toMatch(/fixed 3 findings in 2 files[^\n]*\ncontent-lint: 1 finding left, 0 of them fixable\n/)
    const files = JSON.parse(result.stdout) as Array<{path: string; messages: Array<{ruleId: string; reason: string}>}>
    expect(files.map((f) => [f.path, f.messages.map((m) => m.ruleId)])).toEqual([[path.join('DataSources', 'Acme', 'Gizmo', 'RM', 'r_m_acme_gizmo_Malware.md'), ['table-shape']]])
  })

  it('--fix-dry-run prints a unified diff that git applies to give the --fix result, and writes nothing', async () => {
    const dir = gitLibrary()
    const before = snapshot(dir)
    const dry = await runCli(['--fix-dry-run', '.'], dir)
    expect(notes(dry.stderr)).toMatch(/^content-lint: would fix 3 findings in 2 files \(cell-html 2, table-shape 1\)\n/)
    expect(snapshot(dir)).toEqual(before)
    expect(dry.stdout).toMatch(/^={67}\n--- a\/DataSources\/Acme\/Widget\/ds_acme_widget\.md\n\+\+\+ b\/DataSources\/Acme\/Widget\/ds_acme_widget\.md\n@@ /)
    const patch = path.join(tempDir(), 'fix.patch')
    fs.writeFileSync(patch, dry.stdout)
    git(dir, 'apply', patch)
    expect(snapshot(dir)).toEqual(fixedByHand(before))
  })

  it('--fix-rule limits the rules that fix', async () => {
    const dir = library()
    const before = snapshot(dir)
    const result = await runCli(['--fix', '--fix-rule', 'table-shape', '.'], dir)
    expect(notes(result.stderr)).toMatch(/^content-lint: fixed 1 finding in 1 file \(table-shape 1\)\ncontent-lint: 2 findings left, 0 of them fixable\n/)
    const expected = new Map(before)
    expected.set(product, fixedByHand(before).get(product)!)
    expect(snapshot(dir)).toEqual(expected)
    for (const args of [['--fix', '--fix-rule', 'page-shape', '.'], ['--fix', '--fix-rule', 'no-such-rule', '.'], ['--fix-rule', 'cell-html', '.']]) {
      const wrong = await runCli(args, dir)
      expect(wrong.code, args.join(' ')).toBe(2)
      expect(wrong.stderr.trim().split('\n').length).toBe(1)
    }
  })

  it('keeps a symbolic link and writes to the page it points at', async () => {
    const dir = library()
    const real = path.join(dir, useCase)
    const outside = tempDir()
    const moved = path.join(outside, 'uc_account_manipulation.md')
    fs.renameSync(real, moved)
    fs.symlinkSync(moved, real)
    const before = fs.readFileSync(moved, 'utf8')
    await runCli(['--fix', '--fix-rule', 'cell-html', real], dir)
    expect(fs.lstatSync(real).isSymbolicLink()).toBe(true)
    expect(fs.readFileSync(moved, 'utf8')).toBe(before.replaceAll('</li></li>', '</li>'))
  })
})

/**
 * Throwaway rules for the repeat-until-stable loop: a name rule whose fix changes what
 * a count rule counts, on the same page and across pages.
 */
const lowerParserName = defineRule(
  {id: 'test-lower-parser-name', description: 'A parser name in capitals', defaultSeverity: 'warn', fixable: true, options: noOptions},
  ({page, report}) => {
    const name = page.parser?.name
    if (name && name.text !== name.text.toLowerCase()) report({reason: 'Parser name in capitals', span: name.span, expected: [name.text.toLowerCase()]})
  }
)

const countParserNames = defineRule(
  {id: 'test-count-parser-names', description: 'Parsers count against distinct linked parser names', defaultSeverity: 'warn', fixable: true, options: noOptions},
  ({page, report, linkedPage}) => {
    const product = page.product
    const count = product?.summary?.counts.find((c) => c.key === 'parsers')
    if (!product || !count) return
    const names = new Set<string>()
    for (const row of product.rows) {
      for (const group of row.eventTypeGroups) {
        for (const link of group.parsers) {
          const name = linkedPage(link)?.parser?.name?.text
          if (name) names.add(name)
        }
      }
    }
    if (count.value !== names.size) report({reason: `Parsers says ${count.value}, the linked parsers have ${names.size} names`, span: count.written.span, expected: [String(names.size)]})
  }
)

/** An endless fix: always one more `!`. */
const endless = defineRule(
  {id: 'test-endless', description: 'Never satisfied', defaultSeverity: 'warn', fixable: true, options: noOptions},
  ({page, report, textOf}) => {
    const name = page.parser?.name
    if (name) report({reason: 'More!', span: name.span, expected: [textOf(name.span) + '!']})
  }
)

function parserPage(name: string): string {
  return `#### Parser Content\n\`\`\`Java\n{\nName = ${name}\n  Vendor = Acme\n  Product = Widget\n  DataType = "app-login"\n}\n\`\`\`\n`
}

function countLibrary(): string {
  const dir = tempDir()
  const widget = path.join(dir, 'DataSources', 'Acme', 'Widget')
  fs.mkdirSync(path.join(widget, 'Ps'), {recursive: true})
  fs.writeFileSync(
    path.join(widget, 'ds_acme_widget.md'),
    [
      'Vendor: Acme',
      '============',
      'Product: Widget',
      '---------------',
      '| Rules | Models | MITRE TTPs | Event Types | Parsers |',
      '|:-----:|:------:|:----------:|:-----------:|:-------:|',
      '|   0   |   0    |     0      |      2      |    2    |',
      '',
      '|    Use-Case    | Event Types/Parsers    | MITRE TTP    | Content    |',
      '|:----:| ---- | ---- | ---- |',
      '| [Malware](../../../UseCases/uc_malware.md) |  app-login<br> ↳[acme-widget-login](Ps/pC_acmewidgetlogin.md)<br><br> app-logout<br> ↳[acme-widget-logout](Ps/pC_acmewidgetlogout.md)<br> | | |',
      ''
    ].join('\n')
  )
  fs.writeFileSync(path.join(widget, 'Ps', 'pC_acmewidgetlogin.md'), parserPage('acme-widget-login'))
  // A copy-paste slip: the logout parser carries the login parser's name, in capitals.
  fs.writeFileSync(path.join(widget, 'Ps', 'pC_acmewidgetlogout.md'), parserPage('ACME-WIDGET-LOGIN'))
  return dir
}

describe('fixing until stable', () => {
  // Only the throwaway rules: the built-in ones (on by default) are switched off.
  const allOff = Object.fromEntries([...rulesById.keys()].map((id) => [id, 'off']))
  const lintWith = (dir: string, rules: unknown[]) =>
    createLint({cwd: dir, detectConfig: false, plugins: [[contentLintSeverity, allOff], ...rules.map((rule) => [rule, 'warn'] as [unknown, unknown])]})

  it('lints the pages that read a fixed page again, and fixes what the first fix revealed', async () => {
    const dir = countLibrary()
    const lint = lintWith(dir, [lowerParserName, countParserNames])
    const files = await lint(findMarkdownFiles([dir], dir))
    // Before: two distinct names (`acme-widget-login`, `ACME-WIDGET-LOGIN`), Parsers says 2: no count finding.
    expect(files.flatMap((f) => f.messages.map((m) => m.ruleId))).toEqual(['test-lower-parser-name'])
    const result = await fixFiles(files, lint)
    expect(result.passes).toBe(2)
    expect(result.fixedByRule).toEqual({'test-lower-parser-name': 1, 'test-count-parser-names': 1})
    const product = fs.readFileSync(path.join(dir, 'DataSources', 'Acme', 'Widget', 'ds_acme_widget.md'), 'utf8')
    expect(product).toContain('|   0   |   0    |     0      |      2      |    1    |')
    expect(fs.readFileSync(path.join(dir, 'DataSources', 'Acme', 'Widget', 'Ps', 'pC_acmewidgetlogout.md'), 'utf8')).toBe(parserPage('acme-widget-login'))
    expect(result.files.flatMap((f) => f.messages)).toEqual([])
  })

  it('does the same in a dry run, reading the fixed page before it is written', async () => {
    const dir = countLibrary()
    const before = snapshot(dir)
    const lint = lintWith(dir, [lowerParserName, countParserNames])
    const result = await fixFiles(await lint(findMarkdownFiles([dir], dir)), lint, {dryRun: true})
    expect(snapshot(dir)).toEqual(before)
    expect(result.fixedByRule).toEqual({'test-lower-parser-name': 1, 'test-count-parser-names': 1})
    expect(result.changes.map((c) => path.relative(dir, c.path))).toEqual([
      path.join('DataSources', 'Acme', 'Widget', 'Ps', 'pC_acmewidgetlogout.md'),
      path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')
    ])
  })

  it('stops after 10 passes when a fix never settles, and says the finding is left', async () => {
    const dir = countLibrary()
    const lint = lintWith(dir, [endless])
    const result = await fixFiles(await lint(findMarkdownFiles([dir], dir)), lint)
    expect(result.passes).toBe(10)
    expect(result.fixableLeft).toBe(2)
    expect(fs.readFileSync(path.join(dir, 'DataSources', 'Acme', 'Widget', 'Ps', 'pC_acmewidgetlogin.md'), 'utf8')).toBe(parserPage('acme-widget-login!!!!!!!!!!'))
  })

  it('applies overlapping fixes one per pass', async () => {
    const dir = countLibrary()
    // Two fixes on one name: its first letter, and the whole name.
    const overlapping = defineRule(
      {id: 'test-overlapping', description: 'Two fixes on one name', defaultSeverity: 'warn', fixable: true, options: noOptions},
      ({page, report}) => {
        const name = page.parser?.name
        if (!name) return
        if (/^[A-Z]/.test(name.text)) report({reason: 'first letter', span: {start: name.span.start, end: name.span.start + 1}, expected: [name.text[0]!.toLowerCase()]})
        if (name.text !== name.text.toLowerCase()) report({reason: 'whole name', span: name.span, expected: [name.text.toLowerCase()]})
      }
    )
    const lint = lintWith(dir, [overlapping])
    const result = await fixFiles(await lint(findMarkdownFiles([dir], dir)), lint)
    // Pass 1: the first letter (sorted first: same start, shorter range); the whole
    // name overlaps it and waits. Pass 2: the whole name, reported again on the new text.
    expect(result.passes).toBe(2)
    expect(result.changes.flatMap((c) => c.applied.map((e) => [e.pass, e.message.reason]))).toEqual([
      [1, 'first letter'],
      [2, 'whole name']
    ])
    expect(fs.readFileSync(path.join(dir, 'DataSources', 'Acme', 'Widget', 'Ps', 'pC_acmewidgetlogout.md'), 'utf8')).toBe(parserPage('acme-widget-login'))
  })
})

describe('the fixer and VFile inputs', () => {
  it('lints text that is not on disk yet', async () => {
    const dir = library()
    const lint = createLint({cwd: dir, detectConfig: false, plugins: []})
    const file = path.join(dir, 'UseCases', 'uc_account_manipulation.md')
    const [linted] = await lint([new VFile({path: file, cwd: dir, value: fs.readFileSync(file, 'utf8').replaceAll('</li></li>', '</li>')})])
    expect(linted!.messages).toEqual([])
  })
})
