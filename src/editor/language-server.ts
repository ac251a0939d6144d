#!/usr/bin/env node
/**
 * The editor layer (`src/editor/`): the language server. It may import every layer up
 * to `engine/`, never `cli/`.
 *
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
 * - Each change re-parses only what it touched (`incremental-parse.ts`): the library's
 *   largest page takes seconds to parse whole.
 * - Cross-file facts: pages the open page links to are read from the workspace on disk,
 *   through the facts the CLI cached for this workspace when there are (`--no-cache`
 *   to read every page afresh).
 *
 * The processor is the workspace's own `content-lint/processor` when the content
 * repository has content-lint installed (so its configuration and the server use the
 * same rules), else this package's.
 *
 * Run: `content-lint-language-server --stdio`.
 */
import {createUnifiedLanguageServer} from 'unified-language-server'
import {defaultCacheLocation, factsStore, RunCache} from '../facts/cache.js'
import {useFactsStore} from '../library/corpus-index.js'
import {processor} from '../preset/processor.js'
import {toolFingerprint} from '../core/version.js'

// Library-wide rules read every page's facts on the first check: read them from the
// cache the CLI keeps for this workspace (and add to it), rather than parsing 11k
// pages before the first diagnostic. The server runs in the workspace folder, where
// the CLI is run too.
if (!process.argv.includes('--no-cache')) {
  const cache = new RunCache(defaultCacheLocation(process.cwd()))
  useFactsStore((_root, settings) => factsStore(cache, settings, toolFingerprint()))
}

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
