#!/usr/bin/env node
/**
 * The editor layer (`src/editor/`): the language server. It may import every layer up
 * to `engine/`, never `cli/`.
 *
 * `content-lint-language-server`: diagnostics and quick fixes in any editor with an
 * LSP client, built on unified-language-server (the server behind remark's editor
 * extensions).
 *
 * - Configuration: the content repository's `.remarkrc.mjs` (or `.remarkrc.*`,
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
 * - Library-wide values (two rules weigh the whole library) are built on a worker
 *   thread; the first diagnostics of a page come without those two rules' findings on
 *   it, and the open pages are checked again when they are built
 *   (`library-warm-up.ts`, `input-relay.ts`).
 *
 * The processor is the workspace's own `content-lint/processor` when the content
 * repository has content-lint installed (so its configuration and the server use the
 * same rules), else this package's (`server-workarounds.ts`).
 *
 * Run: `content-lint-language-server --stdio`.
 */
import {createUnifiedLanguageServer} from 'unified-language-server'
import {defaultCacheLocation} from '../facts/cache.js'
import {toolFingerprint} from '../core/version.js'
import {relayStdin} from './input-relay.js'
import {afterCheck, warmUpLibraries} from './library-warm-up.js'
import {processorSpecifier, withoutEngineReport} from './server-workarounds.js'

// Before unified-language-server makes its connection, which reads `process.stdin`.
const input = relayStdin()

warmUpLibraries({
  // The server runs in the workspace folder, where the CLI is run too: its cache.
  cacheLocation: process.argv.includes('--no-cache') ? null : defaultCacheLocation(process.cwd()),
  version: toolFingerprint(),
  // unified-language-server checks every open page again on a change of watched files.
  onReady: () => input.inject({method: 'workspace/didChangeWatchedFiles', params: {changes: []}}),
  // With `--stdio`, vscode-languageserver sends the console to the client's log.
  log: (line) => console.log(line)
})

createUnifiedLanguageServer({
  processorName: processorSpecifier(process.cwd()),
  processorSpecifier: 'default',
  configurationSection: 'contentLint',
  rcName: '.remarkrc',
  packageField: 'remarkConfig',
  ignoreName: '.remarkignore',
  pluginPrefix: 'remark',
  plugins: [afterCheck, withoutEngineReport]
})
