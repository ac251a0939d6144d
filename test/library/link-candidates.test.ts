/** Writing a corrected link destination the way the page writes its links. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {CorpusIndex} from '../../src/library/corpus-index.js'
import {defaultSettings} from '../../src/core/settings.js'
import {encodeLike, linkCandidates, type LinkCandidate, looseName, splitRelative, writeLike} from '../../src/library/link-candidates.js'

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

describe('link candidates on disk', () => {
  it('finds a file one ../ off or in other case, and never looks through a link out of the root', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'content-lint-candidates-'))
    try {
      const root = path.join(work, 'library')
      const outside = path.join(work, 'elsewhere')
      fs.mkdirSync(path.join(root, 'UseCases'), {recursive: true})
      fs.mkdirSync(path.join(root, 'DataSources', 'Acme', 'Widget'), {recursive: true})
      fs.mkdirSync(path.join(outside, 'Ps'), {recursive: true})
      fs.writeFileSync(path.join(root, 'UseCases', 'uc_malware.md'), '# Malware\n')
      fs.writeFileSync(path.join(outside, 'Ps', 'pC_secret.md'), '# Secret\n')
      fs.symlinkSync(outside, path.join(root, 'DataSources', 'Acme', 'Widget', 'Linked'))
      const index = new CorpusIndex(root, defaultSettings)
      const page = path.join(root, 'DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')
      expect(linkCandidates(index, page, '../../UseCases/uc_malware.md').map((c) => c.relative)).toEqual(['UseCases/uc_malware.md'])
      expect(linkCandidates(index, page, '../../../UseCases/UC_Malware.md').map((c) => c.relative)).toEqual(['UseCases/uc_malware.md'])
      expect(linkCandidates(index, page, '../../../UseCases/uc_phishing.md')).toEqual([])
      // `Linked/Ps/pC_Secret.md` would match `pC_secret.md` in other case, outside the root:
      // no candidate, and the linked folder is not even listed.
      const listed: string[] = []
      const entries = index.entries.bind(index)
      index.entries = (folder: string) => {
        listed.push(folder)
        return entries(folder)
      }
      expect(linkCandidates(index, page, 'Linked/Ps/pC_Secret.md')).toEqual([])
      expect(listed.filter((folder) => folder.includes('Linked'))).toEqual([])
    } finally {
      fs.rmSync(work, {recursive: true, force: true})
    }
  })
})
