/**
 * ## page-shape
 *
 * A page of a known kind lacks a part it must have (a product page without its
 * summary table, a parser page without its `Name`, a table without rows, a `Vendor:`
 * heading naming no vendor), or a page anywhere under the content root has no
 * recognisable kind at all.
 *
 * ## Why
 *
 * Every other rule reads the parts of a page. When a part is missing they stay silent
 * about it, and this rule says once, clearly, what is missing instead of the others
 * reporting nonsense.
 *
 * Two file names of one folder that differ only in letter case are one finding on
 * each page; the note names the other file.
 *
 * ## Example
 *
 * A file `DataSources/Acme/Widget/RM/notes.md` is named like no page kind and has no
 * page kind's structure: one finding at 1:1.
 */
import {inContentFolder} from '../src/model/classify.js'
import type {PageKind} from '../src/model/types.js'
import {matrixPresence} from '../src/library/matrix-presence.js'
import {defineRule, noOptions, type RuleContext} from '../src/lint/rule.js'

type Context = RuleContext<Record<string, never>>

const startOfPage = {start: 0, end: 0}

const kindNames: Record<PageKind, string> = {
  product: 'a product page (`ds_<vendor>_<product>.md`)',
  continuation: 'a continuation page (`2_ds_<vendor>_<product>.md`)',
  'rules-and-models': 'a rules-and-models page (`RM/r_m_<vendor>_<product>_<Use_Case>.md`)',
  'correlation-rules': 'a correlation-rules page (`CR/c_r_<vendor>_<product>_<Use_Case>.md`)',
  parser: 'a parser page (`Ps/pC_<parser>.md`)',
  'use-case': 'a use-case page (`UseCases/uc_<use_case>.md`)',
  'attack-map': 'the library\'s ATT&CK matrix page',
  'parser-names': 'a legacy parser names page',
  'correlation-catalogue': 'the correlation rules catalogue',
  index: 'an index page',
  unknown: 'no page kind'
}

export default defineRule(
  {
    id: 'page-shape',
    description: 'A page lacks a part its kind must have, or a content page has no recognisable kind',
    defaultSeverity: 'error',
    fixable: false,
    options: noOptions
  },
  (context) => {
    const {page, settings, report} = context
    if (page.kindFrom === 'none') {
      report({
        reason: 'Page has no recognisable kind: its name fits no page kind of the library and its structure fits none either',
        span: startOfPage,
        actual: ''
      })
      return
    }
    if (page.kindFrom === 'structure' && inContentFolder(page.path, settings)) {
      report({
        reason: `Page is shaped like ${kindNames[page.kind]} but is not named like one`,
        span: startOfPage,
        actual: ''
      })
    }
    for (const problem of page.shapeProblems) {
      report({reason: problem.reason, span: problem.span ?? startOfPage, actual: problem.span ? undefined : ''})
    }
    checkCaseTwins(context)
    checkMatrix(context)
  }
)

/** Files of the same folder whose names differ from this page's in letter case only. */
function checkCaseTwins(context: Context): void {
  const twins = context.index.caseTwins(context.filePath)
  // Whether they are still there is part of what the finding depends on.
  for (const twin of twins) context.resolve(encodeURIComponent(twin))
  if (twins.length === 0) return
  context.report({
    reason: `Page's file name differs only in letter case from ${twins.length === 1 ? 'another file\'s' : `those of ${twins.length} other files`} in its folder`,
    note: `${twins.map((t) => `\`${t}\``).join(', ')} ${twins.length === 1 ? 'lies' : 'lie'} beside it: on a case-insensitive file system one overwrites the other.`,
    span: startOfPage,
    actual: ''
  })
}

/**
 * A product page that lists techniques but has no ATT&CK matrix, where the library's
 * other product pages have one (a product with no technique, an `Enrichment`-only one,
 * has nothing to show in a matrix).
 */
function checkMatrix(context: Context): void {
  const product = context.page.product
  if (!product || product.matrix || !product.rows.some((row) => row.techniques.length > 0)) return
  context.dependOnLibrary()
  const {withMatrix, pages} = matrixPresence(context.index, context.settings)
  if (withMatrix * 2 <= pages) return
  context.report({
    reason: 'Missing the ATT&CK matrix of the techniques the use-case table lists',
    note: `${withMatrix} of the library's ${pages} product pages have one.`,
    span: startOfPage,
    actual: ''
  })
}
