/**
 * `<!-- lint … -->` comments are applied by remark-message-control, which once dropped
 * every finding after the last leaf of the page: a dead link in the destination of the
 * last link of the last table row (the destination follows the link's text, its last
 * leaf). remark-cli with the preset and the language server lost such findings; the
 * CLI kept them.
 */
import fs from 'node:fs'
import path from 'node:path'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import {VFile} from 'vfile'
import {afterEach, describe, expect, it} from 'vitest'
import preset from '../../src/preset/preset.js'
import {processor as editorProcessor} from '../../src/preset/processor.js'
import {resetCorpusIndexes} from '../../src/library/corpus-index.js'
import {cleanTemps, library, positionOf} from '../helpers/usage-helpers.js'

afterEach(() => {
  cleanTemps()
  resetCorpusIndexes()
})

const page = path.join('UseCases', 'uc_malware.md')

async function findings(run: typeof editorProcessor, dir: string, text: string): Promise<string[]> {
  const file = new VFile({path: path.join(dir, page), cwd: dir, value: text})
  await run.run(run.parse(file), file)
  return file.messages.map((m) => `${m.line}:${m.column}-${m.place && 'end' in m.place ? `${m.place.end.line}:${m.place.end.column}` : ''} ${m.ruleId}`)
}

describe('findings at the end of a page', () => {
  const dead = '../DataSources/Acme/Widget/RM/r_m_acme_widget_Missing.md'

  for (const [name, make] of [
    ['remark with the preset', () => unified().use(remarkParse).use(preset)],
    ['the language server’s processor', () => editorProcessor]
  ] as const) {
    it(`${name}: a dead link in the last row of the last table, with and without a block after it`, async () => {
      const dir = library()
      const text = fs.readFileSync(path.join(dir, page), 'utf8')
      // The page ends with its use-case table; its last row's Content link is the last link.
      const last = text.lastIndexOf('../DataSources/Acme/Widget/RM/r_m_acme_widget_Malware.md')
      expect(text.slice(last).split('\n').filter(Boolean)).toHaveLength(1)
      const broken = text.slice(0, last) + dead + text.slice(last + '../DataSources/Acme/Widget/RM/r_m_acme_widget_Malware.md'.length)
      const at = positionOf(broken, dead)
      const expected = `${at.line}:${at.column}-${at.line}:${at.column + dead.length} no-dead-link`
      expect(await findings(make() as typeof editorProcessor, dir, broken)).toEqual([expected])
      expect(await findings(make() as typeof editorProcessor, dir, broken + '\nA paragraph after the table.\n')).toEqual([expected])
      // Without a final newline too.
      expect(await findings(make() as typeof editorProcessor, dir, broken.trimEnd())).toEqual([expected])
    })
  }
})
