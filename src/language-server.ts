#!/usr/bin/env node
/**
 * `content-lint-language-server`: diagnostics and quick fixes in any editor with an
 * LSP client, built on unified-language-server (the server behind remark's editor
 * extensions).
 *
 * - Configuration: the content repository's `.remarkrc.js` (or `.remarkrc.*`,
 *   `package.json#remarkConfig`), found nearest to each page as remark-cli and the
 *   CLI find it; ignore file `.remarkignore`.
 * - Diagnostics on open and on change, with the rule ID as `code`, `content-lint` as
 *   `source`, error/warning from the rule's severity.
 * - Quick fixes: one code action per `expected` replacement of a finding.
 * - Cross-file facts: pages the open page links to are read from the workspace on disk.
 *
 * The processor is the workspace's own `content-lint/processor` when the content
 * repository has content-lint installed (so its configuration and the server use the
 * same rules), else this package's.
 *
 * Run: `content-lint-language-server --stdio`.
 */
import {createUnifiedLanguageServer} from 'unified-language-server'
import {processor} from './processor.js'

createUnifiedLanguageServer({
  processorName: 'content-lint/processor',
  processorSpecifier: 'default',
  defaultProcessor: processor as never,
  configurationSection: 'contentLint',
  rcName: '.remarkrc',
  packageField: 'remarkConfig',
  ignoreName: '.remarkignore',
  pluginPrefix: 'remark'
})
