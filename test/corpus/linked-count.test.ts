/**
 * linked-count on the 2021 snapshot.
 *
 * Counted without content-lint, by a Python script over the raw pages: the last cell of
 * every product page, continuation page and use-case page row that links into `RM/`
 * (`[<ul><li>41 Rules</li></ul>…](RM/….md)`), `<li>(\d+) Rules</li>` and
 * `<li>(\d+) Models</li>` read from it, compared with the linked RM page's summary row
 * (the line two below `| Rules | Models |`, split on `|`). Of 5,341 product page cells
 * 9 rule counts and 1 model count differ, all on first product pages; of the 5,330
 * use-case page cells none. Columns: python `line.index('<li>41 Rules</li>') + 4`, 1-based.
 */
import {describe, expect, it} from 'vitest'
import {corpusRun, findingsOf} from './report.js'

const run = corpusRun()

describe.skipIf(!run)('linked-count on the 2021 snapshot', () => {
  const findings = findingsOf('linked-count')

  it('finds the 10 Content counts that disagree with their RM page (9 rules, 1 model), all on product pages', () => {
    const found = findings.map(({page, message}) => {
      const place = message.place as {start: {line: number; column: number}; end: {line: number; column: number}}
      return `${page} ${place.start.line}:${place.start.column}-${place.end.line}:${place.end.column} ${message.actual}→${message.expected?.join()} ${message.reason}`
    })
    const rules = (n: number, rm: number) => `Content says ${n} rules, the linked RM page's summary says ${rm}`
    expect(found.sort()).toEqual(
      [
        `DataSources/Check_Point/NGFW/ds_check_point_ngfw.md 11:7845-11:7847 41→42 ${rules(41, 42)}`,
        `DataSources/Cisco/AnyConnect/ds_cisco_anyconnect.md 11:697-11:699 28→29 ${rules(28, 29)}`,
        `DataSources/Cisco/Cisco_Firepower/ds_cisco_cisco_firepower.md 11:3760-11:3762 37→38 ${rules(37, 38)}`,
        `DataSources/Citrix/Citrix_Netscaler_VPN/ds_citrix_citrix_netscaler_vpn.md 11:1027-11:1029 36→37 ${rules(36, 37)}`,
        `DataSources/F5/F5_BIG-IP/ds_f5_f5_big-ip.md 11:1153-11:1155 60→61 ${rules(60, 61)}`,
        `DataSources/F5/F5_BIG-IP_Access_Policy_Manager_(APM)/ds_f5_f5_big-ip_access_policy_manager_(apm).md 11:1047-11:1049 49→50 ${rules(49, 50)}`,
        `DataSources/Palo_Alto_Networks/GlobalProtect/ds_palo_alto_networks_globalprotect.md 11:2697-11:2699 46→47 ${rules(46, 47)}`,
        `DataSources/Proofpoint/Proofpoint_Enterprise_Protection/ds_proofpoint_proofpoint_enterprise_protection.md 11:999-11:1001 37→39 ${rules(37, 39)}`,
        `DataSources/Proofpoint/Proofpoint_Enterprise_Protection/ds_proofpoint_proofpoint_enterprise_protection.md 11:1025-11:1027 18→19 Content says 18 models, the linked RM page's summary says 19`,
        `DataSources/SSL_Open_VPN/SSL_Open_VPN/ds_ssl_open_vpn_ssl_open_vpn.md 11:1179-11:1181 49→50 ${rules(49, 50)}`
      ].sort()
    )
  })
})

describe.skipIf(!corpusRun('2025'))('linked-count on the 2025 snapshot', () => {
  it('finds the two Content counts of Proofpoint Email Protection that disagree with its RM page', () => {
    // The same Python count over the 2025 pages: 33 Rules and 15 Models in the product
    // page's cell, 34 and 16 in the linked RM page's summary; no use-case page cell differs.
    const found = findingsOf('linked-count', '2025').map(({page, message}) => `${page} ${message.actual}→${message.expected?.join()}`)
    expect(found.sort()).toEqual([
      'DS/Proofpoint/proofpoint_email_protection/ds_proofpoint_proofpoint_email_protection.md 15→16',
      'DS/Proofpoint/proofpoint_email_protection/ds_proofpoint_proofpoint_email_protection.md 33→34'
    ])
  })
})
