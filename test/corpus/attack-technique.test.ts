/**
 * attack-technique on the 2021 snapshot with the built-in ATT&CK table (releases 6.3 to
 * 18.1, derived from the bundles at `../shared/attack`; the target is 18.1).
 *
 * How the numbers were counted without content-lint: a Python script outside the
 * repository read every page as text and took the technique mentions with three
 * regular expressions (`[Name](https://attack.mitre.org/techniques/T1234/001)`,
 * `<b>T1234 - Name</b>`, and `T1234 - Name` after a `|` or `<br>` and before the next
 * `<br>` or `|`): 70,179 mentions (35,038 text, 22,854 bold, 12,287 links; `grep -o
 * 'T[0-9]\{4\}'` finds 74,865 IDs = those mentions + the 4,508 IDs written as names +
 * 177 in parser pages + 1 `AUT0…`). It read each bundle with `json.load`, built each
 * technique's `Parent: Sub` name per release from the `subtechnique-of` relationships,
 * and sorted every mention whose name differs from 18.1's:
 * - name shaped like an ID → placeholder: 4,508 mentions of 29 IDs;
 * - name that is the ID's name in some release 6.3–17.1 → renamed: 5,919 mentions of
 *   22 names;
 * - anything else → garbled: 1,518 mentions of 5 names.
 * 58,234 mentions carry 18.1's name and must give no name finding. Deprecated or
 * revoked in 18.1 (`x_mitre_deprecated`, `revoked` and `revoked-by`): T1064 252,
 * T1175 216, T1043 32 mentions; T1574.002 252 (216 in text and bold, 36 matrix links),
 * revoked by T1574.001. No mention has an
 * ID outside the bundles, a link text with an ID, `T1234/001` in text or `T1234.001`
 * in a URL (`grep` finds none), and each ID is written with one name across the library.
 * The same script compared its positions with the CLI's: every finding sits on the
 * name (or ID) it counted.
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf} from './report.js'

const run = corpusRun()

type Finding = ReturnType<typeof findingsOf>[number]

function tally(findings: Finding[], key: (f: Finding) => string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const f of findings) out[key(f)] = (out[key(f)] ?? 0) + 1
  return out
}

const idOf = (f: Finding) => /\bT\d{4}(?:\.\d{3})?\b/.exec(f.message.reason)![0]

describe.skipIf(!run)('attack-technique on the 2021 snapshot (ATT&CK 18.1)', () => {
  const findings = findingsOf('attack-technique')
  const garbled = findings.filter((f) => f.message.reason.startsWith('Misspelt name of '))
  const placeholders = findings.filter((f) => f.message.reason.startsWith('Placeholder name'))
  const renamed = findings.filter((f) => f.message.reason.startsWith('Former name of '))
  const deprecated = findings.filter((f) => / is deprecated in ATT&CK v18\.1/.test(f.message.reason))
  const revoked = findings.filter((f) => / is revoked in ATT&CK v18\.1/.test(f.message.reason))

  it('finds the garbled names: 1,518 mentions of 5 names, each replaced by 18.1\'s name', () => {
    expect(tally(garbled, (f) => `${idOf(f)} ${f.message.actual} → ${f.message.expected?.join(' | ')}`)).toEqual({
      'T1059 Command and Scripting Interperter → Command and Scripting Interpreter': 693,
      'T1059.001 Command and Scripting Interperter: PowerShell → Command and Scripting Interpreter: PowerShell': 360,
      'T1136.001 Create Account: Create: Local Account → Create Account: Local Account': 300,
      'T1136.003 Create Account: Create: Cloud Account → Create Account: Cloud Account': 21,
      'T1190 Exploit Public Fasing Application → Exploit Public-Facing Application': 144
    })
    expect(garbled.length).toBe(1518)
    expect(garbled.every((f) => f.message.fatal === true)).toBe(true)
  })

  it('finds the placeholders: 29 IDs written as their own name, 4,508 mentions', () => {
    expect(placeholders.length).toBe(4508)
    const byId = tally(placeholders, (f) => f.message.actual!)
    expect(Object.keys(byId).length).toBe(29)
    expect(byId).toMatchObject({'T1204.001': 582, 'T1078.002': 422, 'T1003.003': 331, 'T1175': 216, 'T1562.002': 4, 'T1569.002': 10})
    for (const f of placeholders) {
      expect(idOf(f)).toBe(f.message.actual)
      expect(f.message.expected).toHaveLength(1)
      expect(f.message.fatal).toBe(true)
    }
    expect(placeholders.find((f) => f.message.actual === 'T1175')?.message.expected).toEqual(['Component Object Model and Distributed COM'])
  })

  it('finds the 22 names renamed since their release, as warnings', () => {
    expect(tally(renamed, (f) => `${f.message.actual} → ${f.message.expected?.join(' | ')}`)).toEqual({
      'Man-in-the-Middle → Adversary-in-the-Middle': 72,
      'Signed Binary Proxy Execution → System Binary Proxy Execution': 189,
      'Signed Binary Proxy Execution: Compiled HTML File → System Binary Proxy Execution: Compiled HTML File': 144,
      'Signed Binary Proxy Execution: Control Panel → System Binary Proxy Execution: Control Panel': 252,
      'Signed Binary Proxy Execution: CMSTP → System Binary Proxy Execution: CMSTP': 144,
      'Signed Binary Proxy Execution: InstallUtil → System Binary Proxy Execution: InstallUtil': 268,
      'Signed Binary Proxy Execution: Msiexec → System Binary Proxy Execution: Msiexec': 144,
      'Signed Binary Proxy Execution: Regsvcs/Regasm → System Binary Proxy Execution: Regsvcs/Regasm': 144,
      'Signed Binary Proxy Execution: Regsvr32 → System Binary Proxy Execution: Regsvr32': 268,
      'Signed Binary Proxy Execution: Rundll32 → System Binary Proxy Execution: Rundll32': 434,
      'Indicator Removal on Host → Indicator Removal': 290,
      'Indicator Removal on Host: Clear Windows Event Logs → Indicator Removal: Clear Windows Event Logs': 146,
      'Indicator Removal on Host: File Deletion → Indicator Removal: File Deletion': 431,
      'Network Service Scanning → Network Service Discovery': 197,
      'Masquerading: Rename System Utilities → Masquerading: Rename Legitimate Utilities': 144,
      'Masquerading: Match Legitimate Name or Location → Masquerading: Match Legitimate Resource Name or Location': 153,
      'Exfiltration Over Alternative Protocol: Exfiltration Over Unencrypted/Obfuscated Non-C2 Protocol → Exfiltration Over Alternative Protocol: Exfiltration Over Unencrypted Non-C2 Protocol': 642,
      'Scheduled Task/Job: At (Windows) → Scheduled Task/Job: At': 144,
      'Account Manipulation: Exchange Email Delegate Permissions → Account Manipulation: Additional Email Delegate Permissions': 1530,
      'Remote Access Software → Remote Access Tools': 144,
      'Group Policy Modification → Domain or Tenant Policy Modification': 15,
      'Data from Cloud Storage Object → Data from Cloud Storage': 24
    })
    expect(renamed.length).toBe(5919)
    expect(renamed.every((f) => f.message.fatal === false)).toBe(true)
  })

  it('finds T1175, T1064 and T1043 deprecated and T1574.002 revoked by T1574.001, on the ID', () => {
    expect(tally(deprecated, (f) => f.message.actual!)).toEqual({T1064: 252, T1175: 216, T1043: 32})
    expect(deprecated.every((f) => f.message.expected === undefined && f.message.fatal === false)).toBe(true)
    // In text `T1574.002`, in a matrix URL `T1574/002`: the replacement is written the same way.
    expect(tally(revoked, (f) => `${f.message.actual} → ${f.message.expected?.join(' | ')}`)).toEqual({
      'T1574.002 → T1574.001': 216,
      'T1574/002 → T1574/001': 36
    })
    expect(revoked[0]!.message.reason).toBe('T1574.002 is revoked in ATT&CK v18.1, replaced by T1574.001')
    expect(revoked[0]!.message.note).toBe('T1574.002 (`Hijack Execution Flow: DLL Side-Loading`) is revoked in ATT&CK v18.1, replaced by T1574.001 (`Hijack Execution Flow: DLL`).')
  })

  it('finds nothing else, and nothing on a name that is canonical in 18.1', () => {
    expect(findings.length).toBe(1518 + 4508 + 5919 + 500 + 252)
    // 11,945 name findings = the 70,179 mentions less the 58,234 that carry 18.1's name.
    const names = [...garbled, ...placeholders, ...renamed]
    expect(names.length).toBe(70179 - 58234)
    for (const f of names) {
      expect(f.message.expected![0]).not.toBe(f.message.actual)
      // The range is the name and nothing more: it ends where the written name does.
      const place = f.message.place as {start: {line: number; column: number}; end: {line: number; column: number}}
      expect(place.end.line).toBe(place.start.line)
      expect(place.end.column - place.start.column).toBe(f.message.actual!.length)
    }
  })
})

/**
 * On the 2025 snapshot, counted the same way (the Python script over the raw pages and
 * the 13 bundles): 96,606 mentions (48,351 text, 35,573 bold, 12,682 links), of which
 * 9,569 placeholders of 49 IDs, 8,361 names of an older release (21 names), 4,436
 * garbled names (5), and 259 mentions of T1574.002, revoked in 18.1.
 */
describe.skipIf(!corpusRun('2025'))('attack-technique on the 2025 snapshot (ATT&CK 18.1)', () => {
  const findings = findingsOf('attack-technique', '2025')
  const of = (pattern: RegExp) => findings.filter((f) => pattern.test(f.message.reason))

  it('finds the garbled names, the same five as in 2021, more often', () => {
    expect(tally(of(/^Misspelt name of /), (f) => `${idOf(f)} ${f.message.actual}`)).toEqual({
      'T1190 Exploit Public Fasing Application': 2492,
      'T1059 Command and Scripting Interperter': 954,
      'T1059.001 Command and Scripting Interperter: PowerShell': 610,
      'T1136.001 Create Account: Create: Local Account': 367,
      'T1136.003 Create Account: Create: Cloud Account': 13
    })
  })

  it('finds the placeholders, the renamed names and the revoked technique', () => {
    const placeholders = of(/^Placeholder name/)
    expect(placeholders.length).toBe(9569)
    expect(new Set(placeholders.map((f) => f.message.actual)).size).toBe(49)
    expect(tally(placeholders, (f) => f.message.actual!)).toMatchObject({'T1204.001': 883, 'T1078.002': 637, 'T1003.002': 469, 'T1059.003': 442, 'T1003.003': 402, 'T1003.001': 327})
    const renamed = of(/^Former name of /)
    expect(renamed.length).toBe(8361)
    expect(new Set(renamed.map((f) => f.message.actual)).size).toBe(21)
    expect(of(/ is revoked in ATT&CK v18\.1/).length).toBe(259)
    expect(findings.length).toBe(9569 + 8361 + 4436 + 259)
  })
})
