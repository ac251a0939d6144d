import {parseMarkdown} from './dist/src/syntax.js'
import {extractPage} from './dist/src/model/extract.js'
import {pruneTree} from './dist/src/facts-job.js'
import {defaultSettings} from './dist/src/settings.js'
for (const n of [5000, 20000]) {
  const text = '> '.repeat(n) + '- '.repeat(n) + 'deep <!-- lint disable -->'
  let stage = 'parse'
  try { const t = parseMarkdown(text); stage='extract'; extractPage(t, text, 'x.md', defaultSettings); stage='prune'; const p = pruneTree(t); console.log(n, 'ok') } catch (e) { console.log(n, stage, e.message) }
}
