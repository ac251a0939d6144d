/**
 * `event-type-parser` on the 2021 snapshot (the CLI run of setup.ts).
 *
 * The numbers were counted independently of content-lint: a separate Python script
 * read every product and continuation page's `Event Types/Parsers` cells and every
 * linked parser page's `DataType` and `Name`, re-implemented the signals described in
 * `src/event-type-fit.ts` (word contradictions, displaced parsers, one-outcome and
 * lone listings with the library-wide DataType → event type shares) and counted the
 * (page, event type, parser link) triples at confidence >= 0.4, first occurrence per
 * page: 5,997 of the 13,244 distinct triples. On the labelled pairs of vendors A–F it
 * agreed with `npm run eval:event-type-parser` pair for pair.
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf} from './report.js'

const run = corpusRun()

describe.skipIf(!run)('event-type-parser on the 2021 snapshot', () => {
  const findings = findingsOf('event-type-parser')

  it('reports each suspicious (event type, parser) pair once per page', () => {
    expect(findings.length).toBe(5997)
    const keys = findings.map((f) => `${f.page} ${f.message.reason.split(', which')[0]}`)
    expect(new Set(keys).size).toBe(findings.length)
    for (const {page, message} of findings) {
      expect(page).toMatch(/\/(2_)?ds_[^/]+\.md$/)
      expect(message.reason).toMatch(/\(confidence (0\.[4-9]\d|1\.00)\)$/)
    }
  })

  const azure = (page: string, eventType: string) =>
    findings.filter((f) => f.page === `DataSources/Microsoft/Azure/${page}` && f.message.reason.includes(`is listed under \`${eventType}\``))

  it('finds the Azure pairs the later release moved (content-format.md)', () => {
    for (const page of ['ds_microsoft_azure.md', '2_ds_microsoft_azure.md']) {
      // `member-added` lists `azure-event-hub-member-removed` (DataType member-removed).
      const removed = azure(page, 'member-added').find((f) => f.message.actual === 'azure-event-hub-member-removed')
      expect(removed?.message.reason).toContain('says delete, not create')
      expect(removed?.message.reason).toContain('it fits `member-removed` better')
      // `usb-insert` lists `azure-event-hub-member-added`.
      const added = azure(page, 'usb-insert').find((f) => f.message.actual === 'azure-event-hub-member-added')
      expect(added?.message.reason).toContain('it fits `member-added` better')
      // `authentication-failed` lists the four `azure-file-read*` parsers (DataType file-read).
      const reads = azure(page, 'authentication-failed').filter((f) => /^azure-file-read(-\d)?$/.test(f.message.actual ?? ''))
      expect(reads.map((f) => f.message.actual).sort()).toEqual(['azure-file-read', 'azure-file-read-1', 'azure-file-read-2', 'azure-file-read-3'])
      for (const f of reads) expect(f.message.reason).toContain('it fits `file-read` better')
    }
  })

  it('places each finding on the parser link, from its `[`', () => {
    for (const {message} of findings.slice(0, 200)) {
      const place = message.place as {start: {line: number; column: number}; end: {line: number; column: number}}
      expect(place.end.line).toBe(place.start.line)
      expect(place.end.column - place.start.column).toBeGreaterThan((message.actual ?? '').length + 4)
    }
  })
})
