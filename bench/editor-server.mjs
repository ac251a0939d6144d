#!/usr/bin/env node
/**
 * The language server as an editor starts it: `content-lint-language-server --stdio`
 * spawned in the workspace, initialized and sent one page over stdio by an LSP client
 * (vscode-languageserver-protocol, the library VS Code's client is built on). Prints
 * JSON: seconds from the spawn to the page's first diagnostics and to its complete ones
 * (the server says in a `library-pending` note when rules still wait for the library),
 * with how many each had, and the server's peak RSS as Linux reports it.
 *
 *     node bench/editor-server.mjs WORKSPACE PAGE [--server PATH] [--timeout SECONDS] [--first-only]
 *
 * The cache the server reads is the CLI's default one for the workspace: choose it
 * with XDG_CACHE_HOME (empty: no cache; after `content-lint .` in the workspace: the
 * CLI's cache present).
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter
} from 'vscode-languageserver-protocol/node.js'

const repo = path.resolve(import.meta.dirname, '..')
const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {server: {type: 'string', default: path.join(repo, 'dist', 'src', 'editor', 'language-server.js')}, timeout: {type: 'string', default: '900'}, 'first-only': {type: 'boolean', default: false}}
})
const workspace = path.resolve(positionals[0])
const page = path.resolve(workspace, positionals[1])

const started = performance.now()
const child = spawn(process.execPath, [values.server, '--stdio'], {cwd: workspace, stdio: ['pipe', 'pipe', 'inherit']})
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin))
const seconds = () => (performance.now() - started) / 1000
/** Peak resident memory of the server so far (VmHWM), in MB. */
const peak = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024

const uri = pathToFileURL(page).href
const result = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no complete diagnostics within ${values.timeout} s`)), Number(values.timeout) * 1000)
  let first = null
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.uri !== uri) return
    const pending = params.diagnostics.some((d) => d.code === 'library-pending')
    first ??= {seconds: seconds(), findings: params.diagnostics.filter((d) => d.code !== 'library-pending').length, complete: !pending}
    if (pending && !values['first-only']) return
    clearTimeout(timer)
    resolve({first, complete: {seconds: seconds(), findings: params.diagnostics.length}, peakMB: peak()})
  })
  child.once('exit', (code) => reject(new Error(`the server exited with status ${code}`)))
  connection.listen()
  const root = pathToFileURL(workspace).href
  connection
    .sendRequest(InitializeRequest.type, {processId: process.pid, rootUri: root, workspaceFolders: [{uri: root, name: 'library'}], capabilities: {}})
    .then(() => connection.sendNotification(InitializedNotification.type, {}))
    .then(() => connection.sendNotification(DidOpenTextDocumentNotification.type, {textDocument: {uri, languageId: 'markdown', version: 1, text: fs.readFileSync(page, 'utf8')}}))
    .catch(reject)
})
console.log(JSON.stringify(result))
await connection.sendRequest(ShutdownRequest.type).catch(() => undefined)
await connection.sendNotification(ExitNotification.type).catch(() => undefined)
connection.dispose()
child.kill()
