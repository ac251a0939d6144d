/**
 * files.ts: `ignoredUnder` (asked of single pages) must agree with what
 * `findMarkdownFiles` (the walk) leaves out, for ignore files at every level.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {findMarkdownFiles, ignoredUnder, libraryPages} from '../../src/core/files.js'
import {removeTemps, temp} from '../helpers/temp-dirs.js'

afterEach(() => {
  removeTemps()
})

function write(root: string, relative: string, text = '# x\n'): void {
  const file = path.join(root, relative)
  fs.mkdirSync(path.dirname(file), {recursive: true})
  fs.writeFileSync(file, text)
}

describe('ignoredUnder', () => {
  it('leaves out exactly what the walk leaves out', () => {
    const top = temp('content-lint-files-')
    fs.mkdirSync(path.join(top, '.git'))
    // An ignore file above the content root counts, as git reads it.
    write(top, '.gitignore', 'drafts/\n*.tmp.md\n')
    const root = path.join(top, 'library')
    write(root, '.remarkignore', 'UseCases/uc_old.md\nArchive\n!Archive/keep.md\n')
    write(root, 'DataSources/Acme/.gitignore', 'Ps/*\n!Ps/pC_kept.md\n')
    for (const page of [
      'index.md', 'notes.tmp.md', 'drafts/a.md', 'UseCases/uc_new.md', 'UseCases/uc_old.md', 'UseCases/drafts/b.md',
      'Archive/keep.md', 'Archive/old.md', 'DataSources/Acme/ds_acme.md', 'DataSources/Acme/Ps/pC_gone.md',
      'DataSources/Acme/Ps/pC_kept.md', 'DataSources/Acme/RM/r_m.md', 'node_modules/pkg/readme.md'
    ]) {
      write(root, page)
    }
    const walked = new Set(findMarkdownFiles([root], top))
    const all = libraryPages(root)
    // The lean walk skips node_modules too; everything else is there.
    expect(all).toHaveLength(12)
    const ignored = all.filter((page) => ignoredUnder(root, page)).map((page) => path.relative(root, page).split(path.sep).join('/'))
    expect(ignored).toEqual(all.filter((page) => !walked.has(page)).map((page) => path.relative(root, page).split(path.sep).join('/')))
    // Not vacuous: folders, files, patterns and a nested ignore file each leave something
    // out; a negation brings back a file (pC_kept.md), not one in an ignored folder (keep.md).
    expect(ignored.sort()).toEqual(['Archive/keep.md', 'Archive/old.md', 'DataSources/Acme/Ps/pC_gone.md', 'UseCases/drafts/b.md', 'UseCases/uc_old.md', 'drafts/a.md', 'notes.tmp.md'].sort())
  })
})
