/**
 * Library-wide statistics kept on disk per product: a product's listing is reused only
 * while the pages it was built from (its product pages and the parser pages they link
 * to, present or missing) are as they were; a change to one product rebuilds that
 * product alone, and the findings that read the statistics follow the change.
 *
 * The library here is written by the test: three or four invented products each listing
 * one parser of DataType `widget-event`. Acme lists its parser under `gadget-change` alone,
 * so event-type-parser reports it with the share of products that list `widget-event`
 * parsers under `gadget-change`, a number that changes when another product's pages do.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {CorpusIndex, resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {libraryStats} from '../../src/library/library-stats.js'
import {resolveSettings} from '../../src/core/settings.js'
import {removeTemps, temp} from '../helpers/temp-dirs.js'

afterEach(() => {
  resetCorpusIndexes()
  removeTemps()
})

function productPage(vendor: string, product: string, eventType: string, parser: string): string {
  const link = `[${parser}](Ps/pC_${parser.replace(/-/g, '')}.md)`
  return [
    `Vendor: ${vendor}`,
    '========',
    `Product: ${product}`,
    '--------',
    '| Rules | Models | MITRE TTPs | Event Types | Parsers |',
    '|:-----:|:------:|:----------:|:-----------:|:-------:|',
    '|  2  |  1   |    1     |     1      |   1    |',
    '',
    '|    Use-Case    | Event Types/Parsers    | MITRE TTP    | Content    |',
    '|:----:| ---- | ---- | ---- |',
    `| [Data Access](../../../UseCases/uc_data_access.md) |  ${eventType}<br> ↳${link} | T1078 - Valid Accounts | [<ul><li>2 Rules</li></ul><ul><li>1 Models</li></ul>](RM/r_m_x_Data_Access.md) |`,
    ''
  ].join('\n')
}

function parserPage(name: string, dataType: string): string {
  return ['#### Parser Content', '```Java', '{', `Name = ${name}`, `  DataType = "${dataType}"`, `  Conditions = ["""${name}"""]`, '}', '```', ''].join('\n')
}

/** Write (or rewrite) one product with one parser; returns the parser page's path. */
function product(dir: string, vendor: string, name: string, eventType: string, dataType = 'widget-event'): string {
  const folder = path.join(dir, 'DataSources', vendor, name)
  const parser = `${vendor}-${name}-stream`.toLowerCase()
  fs.mkdirSync(path.join(folder, 'Ps'), {recursive: true})
  fs.writeFileSync(path.join(folder, `ds_${vendor}_${name}.md`.toLowerCase()), productPage(vendor, name, eventType, parser))
  const parserFile = path.join(folder, 'Ps', `pC_${parser.replace(/-/g, '')}.md`)
  fs.writeFileSync(parserFile, parserPage(parser, dataType))
  return parserFile
}

/** Acme, Globex and Hooli; with `fourth`, Umbrella too (a lone listing is judged by three other products or more). */
function library(fourth = false): string {
  const dir = temp('content-lint-stats-')
  fs.mkdirSync(path.join(dir, '.git'))
  product(dir, 'Acme', 'Widget', 'gadget-change')
  product(dir, 'Globex', 'Portal', 'widget-event')
  product(dir, 'Hooli', 'Signal', 'widget-event')
  if (fourth) product(dir, 'Umbrella', 'Beacon', 'widget-event')
  return dir
}

const acmePage = path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')

/** The event-type-parser findings on Acme's page: reason, then the note (its evidence). */
function acmeFindings(stdout: string): string[] {
  const files = JSON.parse(stdout) as Array<{path: string; messages: Array<{reason: string; ruleId: string; note?: string}>}>
  return files.filter((f) => f.path === acmePage).flatMap((f) => f.messages.filter((m) => m.ruleId === 'event-type-parser').map((m) => `${m.reason}\n${m.note ?? ''}`))
}

/** A new process's run (fresh indexes) over Acme's page alone, with the cache at `cache` or none. */
async function checkAcme(dir: string, cache: string | null): Promise<string[]> {
  resetCorpusIndexes()
  const args = ['--format', 'json', ...(cache ? ['--cache-location', cache] : ['--no-cache']), acmePage]
  return acmeFindings((await runCli(args, dir)).stdout)
}

describe('library-wide statistics kept per product', () => {
  it('follow a change to another product’s product page, parser page, or a parser page that goes and comes back', async () => {
    const dir = library(true)
    const cache = temp('content-lint-stats-cache-')
    resetCorpusIndexes()
    await runCli(['--format', 'json', '--cache-location', cache, '.'], dir)
    // Acme is judged by the other products alone (its own listing would vouch for
    // itself): none of the 3 others with `widget-event` parsers lists one so.
    const first = await checkAcme(dir, cache)
    expect(first).toHaveLength(1)
    expect(first[0]).toContain('under `gadget-change`: 0 of 3')
    expect(first[0]).toContain('confidence 0.75')

    // Hooli now lists its parser under `gadget-change` too: 1 of 3 (confidence 0.75 - 0.5 × 1/3).
    product(dir, 'Hooli', 'Signal', 'gadget-change')
    const second = await checkAcme(dir, cache)
    expect(second).toHaveLength(1)
    expect(second[0]).toContain('under `gadget-change`: 1 of 3')
    expect(second[0]).toContain('confidence 0.58')
    expect(second).toEqual(await checkAcme(dir, null))

    // Globex's parser page says another DataType: 2 other products list `widget-event`
    // parsers, fewer than the 3 a lone listing is judged by: no finding.
    const globexParser = path.join(dir, 'DataSources', 'Globex', 'Portal', 'Ps', 'pC_globexportalstream.md')
    const original = fs.readFileSync(globexParser)
    fs.writeFileSync(globexParser, parserPage('globex-portal-stream', 'other-event'))
    expect(await checkAcme(dir, cache)).toEqual([])
    expect(await checkAcme(dir, null)).toEqual([])

    // Globex's parser page is deleted: its link is dead, so its DataType is unknown;
    // then it comes back as at first (its product page untouched: the listing built
    // while the link was dead must know it read a missing page).
    fs.rmSync(globexParser)
    expect(await checkAcme(dir, cache)).toEqual([])
    fs.writeFileSync(globexParser, original)
    const back = await checkAcme(dir, cache)
    expect(back).toEqual(second)
    expect(back).toEqual(await checkAcme(dir, null))
  })

  it('rebuild only the products whose pages changed, and all of them from a stored value of the wrong shape', () => {
    const dir = library()
    const settings = resolveSettings(undefined)
    const stored = new Map<string, unknown>()
    const statsOf = () => {
      // A new index per run, as a new process has.
      const index = new CorpusIndex(dir, settings)
      index.aggregates = {read: (name) => stored.get(name) ?? null, write: (name, value) => void stored.set(name, structuredClone(value))}
      return libraryStats(index, settings)
    }
    const cold = statsOf()
    expect(cold.built.sort()).toEqual(['DataSources/Acme/Widget', 'DataSources/Globex/Portal', 'DataSources/Hooli/Signal'])
    expect(cold.pairing('widget-event', 'gadget-change')).toEqual({products: 1, of: 3})

    const warm = statsOf()
    expect(warm.built).toEqual([])
    expect(warm.reused).toHaveLength(3)
    expect(warm.pairing('widget-event', 'gadget-change')).toEqual({products: 1, of: 3})

    // One parser page changes its DataType: its product alone is built again.
    product(dir, 'Hooli', 'Signal', 'widget-event', 'other-event')
    const changed = statsOf()
    expect(changed.built).toEqual(['DataSources/Hooli/Signal'])
    expect(changed.pairing('widget-event', 'gadget-change')).toEqual({products: 1, of: 2})
    expect(changed.pairing('other-event', 'widget-event')).toEqual({products: 1, of: 1})

    // A new product folder is built; the others are reused.
    product(dir, 'Initech', 'Winlog', 'gadget-change')
    const added = statsOf()
    expect(added.built).toEqual(['DataSources/Initech/Winlog'])
    expect(added.pairing('widget-event', 'gadget-change')).toEqual({products: 2, of: 3})

    // A product folder removed: nothing to build, but what is stored changes.
    const before = stored.size
    fs.rmSync(path.join(dir, 'DataSources', 'Initech'), {recursive: true})
    const removed = statsOf()
    expect(removed.built).toEqual([])
    expect(removed.pairing('widget-event', 'gadget-change')).toEqual({products: 1, of: 2})
    expect(stored.size).toBe(before)
    expect(statsOf().reused).toHaveLength(3)

    // A damaged value is ignored: everything is built again.
    for (const name of stored.keys()) stored.set(name, {format: 2, folders: new Map([['DataSources/Acme/Widget', {pages: 'x'}]])})
    expect(statsOf().built).toHaveLength(3)
    for (const name of stored.keys()) stored.set(name, 'not statistics')
    expect(statsOf().built).toHaveLength(3)
  })
})

describe('rows that list a line with other parsers (odd-row)', () => {
  /** A product whose three rows list `widget-event` with its stream parser, the first row also with its audit parser. */
  function oddRowProduct(dir: string, vendor: string, deadInOtherRows = false): void {
    const folder = path.join(dir, 'DataSources', vendor, 'Box')
    fs.mkdirSync(path.join(folder, 'Ps'), {recursive: true})
    const stream = `${vendor}-box-stream`.toLowerCase()
    const audit = `${vendor}-box-audit`.toLowerCase()
    const link = (name: string) => `↳[${name}](Ps/pC_${name.replace(/-/g, '')}.md)`
    const row = (useCase: string, parsers: string[]) =>
      `| [${useCase}](../../../UseCases/uc_x.md) |  widget-event<br> ${parsers.map(link).join('<br> ')} | T1078 - Valid Accounts | [<ul><li>2 Rules</li></ul>](RM/r_m_x.md) |`
    const page = productPage(vendor, 'Box', 'widget-event', stream).split('\n').slice(0, 10)
    // With `deadInOtherRows`, the other rows list a dead link too: it may be the audit parser, misspelt.
    const others = deadInOtherRows ? [stream, `${audit}x`] : [stream]
    page.push(row('Data Access', [stream, audit]), row('Data Leak', others), row('Malware', others), '')
    fs.writeFileSync(path.join(folder, `ds_${vendor.toLowerCase()}_box.md`), page.join('\n'))
    fs.writeFileSync(path.join(folder, 'Ps', `pC_${stream.replace(/-/g, '')}.md`), parserPage(stream, 'widget-event'))
    fs.writeFileSync(path.join(folder, 'Ps', `pC_${audit.replace(/-/g, '')}.md`), parserPage(audit, 'audit-trail'))
  }

  async function oddRowFindings(products: number, deadInOtherRows = false): Promise<number> {
    const dir = temp('content-lint-rows-')
    fs.mkdirSync(path.join(dir, '.git'))
    for (const vendor of ['Acme', 'Globex', 'Hooli', 'Initech', 'Umbrella', 'Vandelay'].slice(0, products)) oddRowProduct(dir, vendor, deadInOtherRows)
    resetCorpusIndexes()
    const files = JSON.parse((await runCli(['--format', 'json', '--no-cache', '.'], dir)).stdout) as Array<{messages: Array<{ruleId: string; reason: string}>}>
    return files.flatMap((f) => f.messages).filter((m) => m.ruleId === 'event-type-parser' && m.reason.includes('other rows of this product list')).length
  }

  it('are reported while they are slips, and not in a library whose rows differ on purpose', async () => {
    // Five products, each with one line listed otherwise in one row: slips, each reported.
    expect(await oddRowFindings(5)).toBe(5)
    // Six: more than five lines differ (and more than one in a hundred); rows differ here by design.
    expect(await oddRowFindings(6)).toBe(0)
  })

  it('leave out rows whose line holds a dead link: it may be the parser, misspelt', async () => {
    expect(await oddRowFindings(1)).toBe(1)
    expect(await oddRowFindings(1, true)).toBe(0)
  })
})
