/**
 * What content-lint's language server does around unified-language-server 4.1.0, and why.
 */
import {createRequire} from 'node:module'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {VFile} from 'vfile'

/**
 * The processor for unified-language-server to import: the workspace's own
 * `content-lint/processor` when the content repository installs content-lint (its
 * `.remarkrc.mjs` then configures the same copy of the rules the server runs), else
 * this package's, by file URL.
 *
 * unified-language-server imports `processorName` from the workspace on every check;
 * when that fails it logs ``Cannot find `…` locally`` with a stack trace to the
 * editor's output, on every check, before it falls back to `defaultProcessor`. Naming
 * a module that resolves avoids both the log and the failed import.
 */
export function processorSpecifier(workspace: string, own = new URL('../preset/processor.js', import.meta.url)): string {
  try {
    // The package's `exports` are plain paths, the same for `require` as for `import`.
    return pathToFileURL(createRequire(path.join(workspace, 'package.json')).resolve('content-lint/processor')).href
  } catch {
    return own.href
  }
}

/**
 * A plugin given to unified-language-server (and so to unified-engine) for every page:
 * it takes the page out of unified-engine's report.
 *
 * unified-language-server runs unified-engine with `streamError: new PassThrough()`
 * and reads nothing from that stream. unified-engine writes its report of the checked
 * pages there (vfile-reporter's text of every finding) and waits for the write to
 * finish, which a PassThrough does only while its unread buffer is under its high
 * water mark (16 KB): a page with that much to report (the 2021 snapshot's largest
 * product page and its large use-case pages) never got its diagnostics, with the
 * server idle. unified-engine reports only the pages it was given
 * (`file.data.unifiedEngineGiven`); saying that this page was not leaves the report
 * empty, and unified-language-server still sends the page's diagnostics, which it reads
 * off the page's messages. Searched for upstream (unified-language-server's issues and
 * pull requests): none reports this; remarkjs/vscode-remark#134 (open) describes an
 * empty Problems panel while remark-cli warns, which this would explain for large files.
 */
export function withoutEngineReport() {
  return function (_tree: unknown, file: VFile) {
    ;(file.data as {unifiedEngineGiven?: boolean}).unifiedEngineGiven = false
  }
}
