/** Writing a corrected link destination the way the page writes its links. */
import {describe, expect, it} from 'vitest'
import {encodeLike, type LinkCandidate, looseName, splitRelative, writeLike} from '../src/link-candidates.js'

const candidate = (ups: number, segments: string[], writtenUps = ups): LinkCandidate => ({relative: segments.join('/'), ups, segments, writtenUps})

describe('link candidates', () => {
  it('splits a relative path into its ../ count and the rest', () => {
    expect(splitRelative('../../UseCases/uc_x.md')).toEqual({ups: 2, tail: ['UseCases', 'uc_x.md']})
    expect(splitRelative('./Ps/../Ps/pC_x.md')).toEqual({ups: 0, tail: ['Ps', 'pC_x.md']})
    expect(splitRelative('/UseCases/uc_x.md')).toBeNull()
    expect(splitRelative('..')).toBeNull()
  })

  it('compares names loosely: case, dashes, underscores, spaces', () => {
    expect(looseName('Data-Lake')).toBe(looseName('data_lake'))
    expect(looseName('Data Lake')).toBe(looseName('DataLake'))
    expect(looseName('pC_syslogdbquery2.md')).not.toBe(looseName('pC_syslogdbquery1.md'))
  })

  it('keeps the segments that do not change as written and the fragment', () => {
    expect(writeLike('../../../UseCases/uc_a_%26_b.md#top', candidate(4, ['UseCases', 'uc_a_&_b.md'], 3))).toBe('../../../../UseCases/uc_a_%26_b.md#top')
    expect(writeLike('./Ps/pC_X.md', candidate(0, ['Ps', 'pC_x.md']))).toBe('./Ps/pC_x.md')
  })

  it('encodes new names in the style of the page', () => {
    expect(encodeLike('Data Lake', 'A/Data%20Pond/x.md')).toBe('Data%20Lake')
    expect(encodeLike('Data Lake', 'A/Data Pond/x.md')).toBe('Data Lake')
    expect(encodeLike('a_&_b.md', 'x_%26_y.md')).toBe('a_%26_b.md')
    expect(encodeLike('a_&_b.md', 'x_&_y.md')).toBe('a_&_b.md')
    expect(encodeLike('r_(ips).md', 'x.md')).toBe('r_(ips).md')
    expect(encodeLike('r_(ips.md', 'x.md')).toBe('r_%28ips.md')
    expect(encodeLike('a#b?.md', 'x.md')).toBe('a%23b%3F.md')
    expect(encodeLike('é.md', 'x.md')).toBe('%C3%A9.md')
    expect(encodeLike('é.md', 'ü.md')).toBe('é.md')
  })
})
