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
 * ## Example
 *
 * A file `DataSources/Acme/Widget/RM/notes.md` is named like no page kind and has no
 * page kind's structure: one finding at 1:1.
 */
import {inContentFolder} from '../src/model/classify.js'
import type {PageKind} from '../src/model/types.js'
import {defineRule, noOptions} from '../src/lint/rule.js'

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
  ({page, settings, report}) => {
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
  }
)
