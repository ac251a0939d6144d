/**
 * The rule documentation pages: generated from each rule's doc comment, so a page that
 * differs from what the comment gives now is out of date (run `npm run docs:rules`).
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {docComment, rulePage, rulePages} from '../../scripts/rule-docs.js'
import {rules} from '../../src/preset/rules.js'
import {repo} from '../helpers/usage-helpers.js'

describe('docs/rules', () => {
  it('holds, for every rule, the page its doc comment gives now (else run `npm run docs:rules`)', () => {
    const pages = rulePages(repo)
    expect(pages.size).toBe(rules.length + 1)
    const folder = path.join(repo, 'docs', 'rules')
    const onDisk = fs.readdirSync(folder).filter((name) => name.endsWith('.md')).sort()
    expect(onDisk).toEqual([...pages.keys()].sort())
    for (const [name, text] of pages) expect(fs.readFileSync(path.join(folder, name), 'utf8'), `docs/rules/${name} is out of date: npm run docs:rules`).toBe(text)
  })

  it('reads the comment that opens a file, margins removed, code blocks kept', () => {
    const source = '// licence\n/**\n * ## x-rule\n *\n * Finds * things.\n *\n *     | a |\n */\nimport x from "y"\n/** not this */\n'
    expect(docComment(source)).toBe('## x-rule\n\nFinds * things.\n\n    | a |')
    expect(docComment('import x from "y"\n')).toBe('')
  })

  it('makes a page of the meta and the comment, and refuses a comment of another rule', () => {
    const meta = {id: 'x-rule', description: 'Finds x.', defaultSeverity: 'warn', fixable: true, options: () => ({})} as const
    const page = rulePage(meta, '/**\n * ## x-rule\n *\n * Body text.\n *\n * ## Why\n *\n * Because.\n */\n')
    expect(page).toContain('# x-rule\n\nFinds x.\n')
    expect(page).toContain('| warn | yes | [rules/x-rule.ts](../../rules/x-rule.ts) |')
    expect(page).toContain('Body text.\n\n## Why\n\nBecause.\n')
    expect(page).not.toContain('## x-rule')
    expect(() => rulePage(meta, '/**\n * ## other\n */\n')).toThrow(/must open with a doc comment starting `## x-rule`/)
  })
})
