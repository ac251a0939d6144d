/**
 * How the whole library writes each technique's name: for every technique ID, each
 * name written for it and how often. With no ATT&CK data this is what tells a
 * misspelt name from the usual one (`Command and Scripting Interperter` against the
 * `Command and Scripting Interpreter` written everywhere else).
 *
 * The pages are read through the corpus index, so each page is parsed once and its
 * facts are shared with the other rules that look at linked pages. The tally is kept
 * per index (one per content root and run).
 */
import fs from 'node:fs'
import path from 'node:path'
import type {CorpusIndex} from '../corpus-index.js'
import {findMarkdownFiles} from '../../core/files.js'
import {kindFromPath} from '../../model/classify.js'
import {isTechniqueId} from '../../model/techniques.js'
import type {ContentLintSettings} from '../../core/settings.js'

/** technique ID → name as written → number of mentions. */
export type LibraryNames = Map<string, Map<string, number>>

const tallies = new WeakMap<CorpusIndex, LibraryNames>()

/** Page kinds that mention techniques. */
const mentioning = new Set(['product', 'continuation', 'rules-and-models', 'use-case'])

export function libraryTechniqueNames(index: CorpusIndex, settings: ContentLintSettings): LibraryNames {
  let names = tallies.get(index)
  if (names) return names
  names = new Map()
  for (const folder of [...settings.dataSourcesDirs, ...settings.useCasesDirs]) {
    const absolute = path.join(index.root, folder)
    if (!fs.existsSync(absolute)) continue
    for (const file of findMarkdownFiles([absolute], index.root)) {
      const kind = kindFromPath(index.relative(file), settings)
      if (!kind || !mentioning.has(kind)) continue
      const page = index.page(file)
      for (const mention of page?.techniqueMentions ?? []) {
        // Placeholders (an ID where the name belongs) are no spelling of the name.
        if (!mention.name || isTechniqueId(mention.name.text)) continue
        let counts = names.get(mention.id)
        if (!counts) names.set(mention.id, (counts = new Map()))
        counts.set(mention.name.text, (counts.get(mention.name.text) ?? 0) + 1)
      }
    }
  }
  tallies.set(index, names)
  return names
}

/** Take the tally built elsewhere for the library behind `index` (an editor builds it on a worker thread). */
export function adoptLibraryTechniqueNames(index: CorpusIndex, names: LibraryNames): void {
  tallies.set(index, names)
}
