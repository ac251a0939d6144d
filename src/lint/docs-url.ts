/**
 * Where a rule's documentation lives: `docs/rules/<id>.md`, generated from the rule's
 * doc comment (`npm run docs:rules`) and shipped in the package. Findings carry this
 * URL (vfile-message's `url`: the language server's `codeDescription`), SARIF names it
 * as the rule's `helpUri`, and the reports link to it.
 */
import path from 'node:path'
import {packageRoot} from '../core/version.js'

/** The repository the docs are published from; the package ships the same pages. */
const repository = 'https://github.com/content-lint/content-lint'

export function ruleDocsUrl(id: string): string {
  return `${repository}/blob/main/docs/rules/${encodeURIComponent(id)}.md`
}

/** The installed package's copy of a rule's page (offline: `content-lint explain`). */
export function ruleDocsFile(id: string): string {
  return path.join(packageRoot, 'docs', 'rules', `${id}.md`)
}
