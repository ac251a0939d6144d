/**
 * `event-type-parser` on the 2021 snapshot (the CLI run of setup.ts).
 *
 * The numbers were counted independently of content-lint: a separate Python script
 * read every product and continuation page's `Event Types/Parsers` cells (rows of the
 * use-case table, with or without a use-case link) and every linked parser page's
 * `DataType` and `Name`, re-implemented the signals described in
 * `src/event-type-fit.ts` (word contradictions with the Windows event table, displaced
 * parsers, one-outcome and lone listings with the library-wide DataType → event type
 * shares, plain activity under alerts, failures of unrelated activity, the odd event
 * type out of a parser's family) and counted the (page, event type, parser link)
 * triples at confidence >= 0.4, first occurrence per page. With the signals of the
 * first version only it counts 5,997 (the number this test pinned before); with the
 * present ones 7,652, page for page what the CLI reports on the 735 product and
 * continuation pages.
 *
 * The difference, +1,679 − 24: findings raised by the new signals alone (pairs no old
 * signal reached 0.4 on) — 354 plain activity under an alert event type, 301 failures
 * of unrelated activity, 320 parsers displaced from an event type named like their
 * DataType but for a source prefix (`windows-failed-logon` → `failed-logon`), 62
 * displaced from the event type their name's Windows event ID is (`s-4719` →
 * `audit-policy-change`), 124 odd ones out (`file-operations` parsers under
 * `local-logon` besides `file-read`…), 490 combinations of these, and 28 from the
 * Windows Server 2003 IDs added to the event table (`raw-528`, a logon, under
 * `vpn-logout`); and 24 lone `4662` parsers under `ds-access` on the two Windows pages
 * no longer reported, because 4662 is a Directory Service Access event. Read by hand:
 * samples of the new findings on the Windows, Office 365, Okta, Unix, Salesforce and
 * Cisco ISE pages (alerts listing logon parsers, `failed-app-login` listing
 * `app-activity` parsers, shifted Windows account lists), the product and event type
 * of every new odd-one-out finding (25 products), and the eval script's disagreements
 * on vendors A–M.
 *
 * Per signal (a finding may carry several), by the same script: 1,285 findings say an
 * alert is listed with plain activity, 1,695 a failure of unrelated activity, 829 a
 * displacement from an event type named like the DataType, 254 one from the event
 * type of the name's Windows event, 362 an odd one out.
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf} from './report.js'

const run = corpusRun()

describe.skipIf(!run)('event-type-parser on the 2021 snapshot', () => {
  const findings = findingsOf('event-type-parser')

  it('reports each suspicious (event type, parser) pair once per page', () => {
    expect(findings.length).toBe(7652)
    const keys = findings.map((f) => `${f.page} ${f.message.reason.split(', which')[0]}`)
    expect(new Set(keys).size).toBe(findings.length)
    for (const {page, message} of findings) {
      expect(page).toMatch(/\/(2_)?ds_[^/]+\.md$/)
      expect(message.reason).toMatch(/\(confidence (0\.[4-9]\d|1\.00)\)$/)
    }
  })

  it('counts each new signal (src/event-type-fit.ts) as the independent script does', () => {
    const saying = (phrase: string) => findings.filter((f) => f.message.reason.includes(phrase)).length
    expect(saying('is an alert, and neither its DataType nor its name says alert or detection')).toBe(1285)
    expect(saying('neither its DataType nor its name says failed, and its DataType is not')).toBe(1695)
    expect(saying('(named like its DataType) without it')).toBe(829)
    expect(saying('(the Windows event its name carries) without it')).toBe(254)
    expect(saying('other event types that hang together')).toBe(362)
  })

  it('reads the Windows page with its event IDs (shifted account and logon lists)', () => {
    const windows = (eventType: string, parser: string) =>
      findings.find(
        (f) => f.page === 'DataSources/Microsoft/Windows/ds_microsoft_windows.md' && f.message.actual === parser && f.message.reason.includes(`is listed under \`${eventType}\``)
      )
    // Windows 4625 (a failed logon, DataType `windows-failed-logon`) under `failed-app-login`.
    expect(windows('failed-app-login', 's-4625-jp')?.message.reason).toContain('this product lists `failed-logon` (named like its DataType) without it')
    // Windows 4724 (a password reset) under `account-password-change`.
    expect(windows('account-password-change', 'raw-4724')?.message.reason).toContain('it fits `account-password-reset` better')
    // Windows 4719 (audit policy change, DataType `windows-audit`) under `audit-log-clear`.
    expect(windows('audit-log-clear', 's-4719')?.message.reason).toContain('it fits `audit-policy-change` better')
    // Windows 4624 (a logon) under `security-alert`, and under `vpn-logout`.
    expect(windows('security-alert', 's-4624-jp')?.message.reason).toContain('`security-alert` is an alert')
    expect(windows('vpn-logout', 's-4624-jp')?.message.reason).toContain('says start, not end')
    // Windows 4663 (object access) under `file-read`, `file-write` and `audit-policy-change`.
    expect(windows('audit-policy-change', 'raw-4663')?.message.reason).toContain('`audit-policy-change` shares no word with them')
    expect(windows('file-read', 'raw-4663')).toBeUndefined()
    // Windows 4662 is a Directory Service Access event: it fits `ds-access`.
    expect(windows('ds-access', 'raw-4662')).toBeUndefined()
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
