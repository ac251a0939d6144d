/**
 * The page model on hand-written pages of every kind: what is read, and exactly where.
 * Expected positions were counted independently (python `line.index(text) + 1`).
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {extractPage} from '../../src/model/extract.js'
import type {PageFacts, Span} from '../../src/model/types.js'
import {defaultSettings, resolveSettings} from '../../src/core/settings.js'
import {parseMarkdown} from '../../src/syntax/syntax.js'
import {fixturesRoot} from '../helpers/harness.js'

const library = path.join(fixturesRoot, 'page-shape')

function read(relative: string, settings = defaultSettings): {page: PageFacts; at: (span: Span) => string} {
  const text = fs.readFileSync(path.join(library, relative), 'utf8')
  const page = extractPage(parseMarkdown(text), text, relative, settings)
  return {page, at: (span) => where(text, span)}
}

/** `line:column-line:column` of a span, counted here without vfile-location. */
function where(text: string, span: Span): string {
  const point = (offset: number) => {
    const before = text.slice(0, offset).split('\n')
    return `${before.length}:${before[before.length - 1]!.length + 1}`
  }
  return `${point(span.start)}-${point(span.end)}`
}

describe('product page', () => {
  const {page, at} = read('DataSources/Acme/Widget/ds_acme_widget.md')
  const product = page.product!

  it('is recognised by its path', () => {
    expect([page.kind, page.kindFrom, page.shapeProblems]).toEqual(['product', 'path', []])
  })

  it('reads the vendor and product headings', () => {
    expect([product.vendor!.text, at(product.vendor!.span)]).toEqual(['Acme', '1:9-1:13'])
    expect([product.product!.text, at(product.product!.span)]).toEqual(['Widget', '3:10-3:16'])
  })

  it('reads the summary numbers where they stand', () => {
    const counts = product.summary!.counts
    expect(counts.map((c) => [c.key, c.value])).toEqual([['rules', 3], ['models', 1], ['techniques', 2], ['eventTypes', 2], ['parsers', 2]])
    expect(counts.slice(0, 3).map((c) => at(c.written.span))).toEqual(['7:5-7:6', '7:13-7:14', '7:24-7:25'])
  })

  it('reads a use-case row: link, event-type groups with parsers, techniques, content counts', () => {
    const row = product.rows[0]!
    expect(row.useCase!.text).toBe('Account Manipulation')
    expect(at(row.useCase!.textSpan)).toBe('11:4-11:24')
    expect(at(row.useCase!.urlSpan)).toBe('11:26-11:70')
    expect(row.eventTypeGroups.map((g) => [g.eventType.text, g.parsers.map((p) => p.text)])).toEqual([
      ['app-login', ['acme-widget-login']],
      ['account-password-change', ['acme-widget-pwchange']]
    ])
    expect(at(row.eventTypeGroups[0]!.eventType.span)).toBe('11:75-11:84')
    expect(at(row.eventTypeGroups[0]!.parsers[0]!.span)).toBe('11:90-11:135')
    expect(at(row.eventTypeGroups[1]!.eventType.span)).toBe('11:144-11:167')
    const t = row.techniques[0]!
    expect([t.form, t.id, t.name!.text, at(t.writtenId!.span), at(t.name!.span)]).toEqual(['text', 'T1098', 'Account Manipulation', '11:231-11:236', '11:239-11:259'])
    expect(row.techniques.map((m) => m.id)).toEqual(['T1098', 'T1078'])
    expect(row.content!.rules!.value).toBe(3)
    expect(at(row.content!.rules!.number.span)).toBe('11:301-11:302')
    expect(at(row.content!.models!.number.span)).toBe('11:326-11:327')
    expect(row.content!.link!.url).toBe('RM/r_m_acme_widget_Account_Manipulation.md')
  })

  it('reads the ATT&CK matrix by tactic column', () => {
    const columns = product.matrix!.columns
    expect(columns.map((c) => c.tactic.text)).toEqual(['Initial Access', 'Persistence'])
    expect(at(columns[1]!.tactic.span)).toBe('15:20-15:31')
    const link = columns[1]!.techniques[0]!
    expect([link.form, link.id, link.name!.text, at(link.span), at(link.name!.span)]).toEqual(['link', 'T1098', 'Account Manipulation', '17:73-17:138', '17:74-17:94'])
  })

  it('lists every technique mention of the page in page order', () => {
    expect(page.techniqueMentions.map((m) => `${m.form} ${m.id}`)).toEqual(['text T1098', 'text T1078', 'link T1078', 'link T1098'])
  })
})

describe('rules-and-models page', () => {
  const {page, at} = read('DataSources/Acme/Widget/RM/r_m_acme_widget_Account_Manipulation.md')
  const rm = page.rulesAndModels!

  it('reads the links of its headings and its summary', () => {
    expect(page.kind).toBe('rules-and-models')
    expect(rm.productLink!.url).toBe('../ds_acme_widget.md')
    expect(rm.useCaseLink!.text).toBe('Account Manipulation')
    expect(rm.summary!.counts.map((c) => c.value)).toEqual([3, 1, 2, 2, 2])
  })

  it('reads rules grouped by technique, and models', () => {
    const row = rm.rows[0]!
    expect([row.eventType.text, at(row.eventType.span)]).toEqual(['app-login', '12:3-12:12'])
    const group = row.ruleGroups[0]!
    expect([group.technique!.form, group.technique!.id, at(group.technique!.writtenId!.span), at(group.technique!.name!.span)]).toEqual(['bold', 'T1078', '12:32-12:37', '12:40-12:54'])
    expect(group.rules.map((r) => [r.id.text, r.description])).toEqual([
      ['WID-LOGIN-F', 'First login to the widget console'],
      ['WID-LOGIN-A', 'Abnormal login to the widget console']
    ])
    expect(at(group.rules[1]!.id.span)).toBe('12:128-12:139')
    expect(row.models.map((m) => [m.id.text, at(m.id.span), m.description])).toEqual([['WID-LOGIN-M', '12:189-12:200', 'Widget consoles used by a user']])
    expect(rm.rows[1]!.ruleGroups[0]!.rules.map((r) => r.id.text)).toEqual(['WID-PW-F'])
  })
})

describe('parser page', () => {
  it('reads Name, DataType, Vendor and Product from the code block', () => {
    const {page, at} = read('DataSources/Acme/Widget/Ps/pC_acmewidgetlogin.md')
    const p = page.parser!
    expect([p.name!.text, at(p.name!.span)]).toEqual(['acme-widget-login', '4:8-4:25'])
    expect([p.dataType!.text, at(p.dataType!.span)]).toEqual(['app-login', '8:15-8:24'])
    expect([p.vendor!.text, at(p.vendor!.span)]).toEqual(['Acme', '5:12-5:16'])
    expect([p.product!.text, at(p.product!.span)]).toEqual(['Widget', '6:13-6:19'])
  })

  it('reads a parser named by its HOCON key', () => {
    const text = '#### Parser Content\n```Java\n{\nacme-keyed = {\n  Vendor = Acme\n  DataType = "app-login"\n}\n}\n```\n'
    const page = extractPage(parseMarkdown(text), text, 'DataSources/Acme/Widget/Ps/pC_acmekeyed.md', defaultSettings)
    expect(page.parser!.name!.text).toBe('acme-keyed')
    expect(where(text, page.parser!.name!.span)).toBe('4:1-4:11')
    expect(page.shapeProblems).toEqual([])
  })
})

describe('use-case page', () => {
  it('reads vendor sections and product rows', () => {
    const {page, at} = read('UseCases/uc_account_manipulation.md')
    const section = page.useCase!.sections[0]!
    expect([section.vendor.text, at(section.vendor.span)]).toEqual(['Acme', '5:13-5:17'])
    const row = section.rows[0]!
    expect([row.product!.text, at(row.product!.textSpan)]).toEqual(['Widget', '8:4-8:10'])
    expect(row.eventTypes.map((e) => e.text)).toEqual(['account-password-change', 'app-login'])
    expect(at(row.eventTypes[1]!.span)).toBe('8:100-8:109')
    expect(at(row.techniques[1]!.writtenId!.span)).toBe('8:154-8:159')
    expect(at(row.content!.rules!.number.span)).toBe('8:192-8:193')
  })
})

describe('continuation and index pages', () => {
  it('reads the rows of a continuation page', () => {
    const {page} = read('DataSources/Acme/Widget/2_ds_acme_widget.md')
    expect(page.kind).toBe('continuation')
    expect(page.continuation!.rows.map((r) => r.useCase!.text)).toEqual(['Malware'])
  })

  it('treats top-level pages and READMEs as index pages', () => {
    expect(read('README.md').page.kind).toBe('index')
  })
})

describe('configurable header names', () => {
  const later = [
    'Vendor: Acme',
    '============',
    'Product: Widget',
    '---------------',
    '| Rules | Models | MITRE ATT&CK® TTPs | Activity Types | Parsers |',
    '|---|---|---|---|---|',
    '| 1 | 0 | 1 | 1 | 1 |',
    '',
    '| Use-Case | Activity Types/Parsers | MITRE ATT&CK® TTP | Content |',
    '|---|---|---|---|',
    '| [Malware](../../../UseCases/uc_malware.md) | process-created<br> ↳[p](Ps/pC_p.md)<br> | T1204 - User Execution<br> | [<ul><li>1 Rules</li></ul>](RM/r.md) |',
    ''
  ].join('\n')

  it('reads a later release’s headers with the default names', () => {
    const page = extractPage(parseMarkdown(later), later, 'DataSources/Acme/Widget/ds_acme_widget.md', defaultSettings)
    expect(page.shapeProblems).toEqual([])
    expect(page.product!.summary!.counts.map((c) => c.key)).toEqual(['rules', 'models', 'techniques', 'eventTypes', 'parsers'])
    expect(page.product!.rows[0]!.eventTypeGroups[0]!.eventType.text).toBe('process-created')
  })

  it('reports the shape instead of guessing when the names are configured away', () => {
    const settings = resolveSettings({headers: {eventTypesParsers: ['Event Types/Parsers']}})
    const page = extractPage(parseMarkdown(later), later, 'DataSources/Acme/Widget/ds_acme_widget.md', settings)
    expect(page.shapeProblems.map((p) => p.reason)).toEqual(['Missing the use-case table (`| Use-Case | Event Types/Parsers | MITRE TTP | Content |`)'])
    expect(page.product!.rows).toEqual([])
  })

  it('refuses unknown settings with a clear message', () => {
    expect(() => resolveSettings({header: {}})).toThrow(/Unknown content-lint setting `header`/)
    expect(() => resolveSettings({headers: {rules: 3}})).toThrow(/headers.rules/)
  })
})

describe("the library's matrix page", () => {
  const relative = 'MitreMap 2024.md'
  const text = fs.readFileSync(path.join(fixturesRoot, 'coverage-map', relative), 'utf8')
  const page = extractPage(parseMarkdown(text), text, relative, defaultSettings)
  const map = page.attackMap!

  it('reads its title, totals, matrix and the technique table under it', () => {
    expect([page.kind, page.kindFrom, page.shapeProblems]).toEqual(['attack-map', 'structure', []])
    expect([map.title!.text, where(text, map.title!.span)]).toEqual(['MITRE ATT&CK® Framework for Enterprise', '1:1-1:39'])
    expect([map.techniques!.value, map.subTechniques!.value]).toEqual([3, 1])
    expect(map.matrix!.columns.map((c) => c.techniques.map((t) => t.id))).toEqual([['T1078', 'T1133'], ['T1078']])
    expect(map.rows.map((r) => [r.code.text, r.technique?.id ?? null, r.rules?.value, where(text, r.rules!.span)])).toEqual([
      ['T1078', 'T1078', 3, '11:85-11:86'],
      ['T1059.001', 'T1059.001', 1, '12:84-12:85'],
      ['TA0002', null, 2, '13:24-13:25']
    ])
    // A tactic's row is not a tactic mention (`attack-tactic` checks those).
    expect(page.tacticMentions).toEqual([])
  })
})
