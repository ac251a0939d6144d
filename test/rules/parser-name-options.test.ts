/** parser-name's option: file name letter case. */
import {describe, expect, it} from 'vitest'
import rule from '../../rules/parser-name.js'
import {runFixture} from '../helpers/harness.js'

describe('parser-name options', () => {
  it('refuses what it does not understand', () => {
    expect(() => rule.meta.options({fileNameCase: 'upper'})).toThrow(/fileNameCase/)
    expect(() => rule.meta.options({caseSensitive: true})).toThrow(/unknown option `caseSensitive`/)
    expect(rule.meta.options(undefined)).toEqual({fileNameCase: 'ignore'})
  })

  it('with fileNameCase "exact", also asks for the Name\'s letter case in the file name', async () => {
    const results = await runFixture('parser-name', [[rule, ['warn', {fileNameCase: 'exact'}]]])
    const page = results.find((r) => r.page.endsWith('pC_acmewidgeto365alert.md'))!
    expect(page.expected).toEqual([])
    expect(page.actual).toEqual([
      '4:8-4:30 parser-name Parser file name does not follow `pC_<Name without dashes>.md`\nnote: The file is `pC_acmewidgeto365alert.md`; for the Name `acme-widget-O365-alert` it is `pC_acmewidgetO365alert.md`.'
    ])
  })
})
