/**
 * `content-lint-language-server` end to end over stdio, with the LSP client library
 * VS Code's own client is built on (vscode-languageserver-protocol): initialize, open a
 * page with defects, receive diagnostics with the right ranges, request quick fixes,
 * apply them, receive no diagnostic.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterEach, describe, expect, it} from 'vitest'
import {
  CodeActionRequest,
  type CodeAction,
  createProtocolConnection,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter
} from 'vscode-languageserver-protocol/node.js'
import {TextDocument} from 'vscode-languageserver-textdocument'
import {cleanTemps, library, positionOf, repo} from '../helpers/usage-helpers.js'

const server = path.join(repo, 'dist', 'src', 'editor', 'language-server.js')

interface Session {
  connection: ProtocolConnection
  child: ChildProcess
  /** What the server logged to the client (`window/logMessage`). */
  logs: string[]
  /** The next diagnostics published for `uri` (waits for them). */
  diagnostics(uri: string): Promise<Diagnostic[]>
}

const sessions: Session[] = []

afterEach(async () => {
  for (const session of sessions.splice(0)) {
    await session.connection.sendRequest(ShutdownRequest.type).catch(() => undefined)
    await session.connection.sendNotification(ExitNotification.type).catch(() => undefined)
    session.connection.dispose()
    session.child.kill()
  }
  cleanTemps()
})

async function start(workspace: string): Promise<Session> {
  const child = spawn(process.execPath, [server, '--stdio'], {cwd: workspace, stdio: ['pipe', 'pipe', 'inherit']})
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
  const queues = new Map<string, PublishDiagnosticsParams[]>()
  const waiting = new Map<string, (params: PublishDiagnosticsParams) => void>()
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    // Diagnostics published while the library-wide rules wait for the library (the
    // server's first checks) say so, and complete ones follow: only those are taken.
    if (params.diagnostics.some((d) => d.code === 'library-pending')) return
    const waiter = waiting.get(params.uri)
    if (waiter) {
      waiting.delete(params.uri)
      waiter(params)
    } else {
      const queue = queues.get(params.uri) ?? []
      queue.push(params)
      queues.set(params.uri, queue)
    }
  })
  const logs: string[] = []
  connection.onNotification(LogMessageNotification.type, (params) => logs.push(params.message))
  connection.listen()
  const uri = pathToFileURL(workspace).href
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{uri, name: 'library'}],
    capabilities: {textDocument: {publishDiagnostics: {}, codeAction: {codeActionLiteralSupport: {codeActionKind: {valueSet: ['quickfix']}}}}}
  })
  await connection.sendNotification(InitializedNotification.type, {})
  const session: Session = {
    connection,
    child,
    logs,
    diagnostics(docUri) {
      const queued = queues.get(docUri)?.shift()
      if (queued) return Promise.resolve(queued.diagnostics)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${docUri} within 30 s`)), 30_000)
        waiting.set(docUri, (params) => {
          clearTimeout(timer)
          resolve(params.diagnostics)
        })
      })
    }
  }
  sessions.push(session)
  return session
}

const useCaseRel = path.join('UseCases', 'uc_account_manipulation.md')

describe('content-lint-language-server', () => {
  it('reports a stray </li> with its exact range, fixes it by a quick fix, then reports nothing', async () => {
    const dir = library()
    const session = await start(dir)
    const file = path.join(dir, useCaseRel)
    const uri = pathToFileURL(file).href
    let document = TextDocument.create(uri, 'markdown', 1, fs.readFileSync(file, 'utf8'))
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {uri, languageId: 'markdown', version: 1, text: document.getText()}
    })
    let diagnostics = await session.diagnostics(uri)

    // Ranges counted here: the second `</li>` of each `</li></li>` pair, LSP positions 0-based.
    const text = document.getText()
    const expectedRanges = [1, 2].map((nth) => {
      const at = positionOf(text, '</li></li>', nth)
      return {start: {line: at.line - 1, character: at.column - 1 + 5}, end: {line: at.line - 1, character: at.column - 1 + 10}}
    })
    expect(diagnostics.map((d) => ({range: d.range, code: d.code, source: d.source, severity: d.severity}))).toEqual(
      expectedRanges.map((range) => ({range, code: 'cell-html', source: 'content-lint', severity: 2}))
    )
    // The rule's page (docs/rules/), as the editor's link on the code.
    expect(diagnostics.map((d) => d.codeDescription?.href)).toEqual([1, 2].map(() => 'https://github.com/content-lint/content-lint/blob/main/docs/rules/cell-html.md'))

    // Fix both, one quick fix at a time, as a person would.
    for (let round = 0; round < 2; round++) {
      const diagnostic = diagnostics[0]!
      const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: {uri},
        range: diagnostic.range,
        context: {diagnostics: [diagnostic]}
      })) as CodeAction[]
      expect(actions.map((a) => [a.title, a.kind, a.isPreferred])).toEqual([['Remove `</li>`', 'quickfix', true]])
      const edits = actions[0]!.edit!.changes![uri]!
      document = TextDocument.create(uri, 'markdown', document.version + 1, TextDocument.applyEdits(document, edits))
      await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: {uri, version: document.version},
        contentChanges: [{text: document.getText()}]
      })
      diagnostics = await session.diagnostics(uri)
      expect(diagnostics.length).toBe(1 - round)
    }
    expect(document.getText()).toBe(text.replaceAll('</li></li>', '</li>'))
    // The server found its processor without a failed import (which logged a stack trace per check).
    expect(session.logs.filter((line) => /Cannot find/.test(line))).toEqual([])
  })

  it('answers for a page with more findings than unified-engine’s unread report stream holds (16 KB)', async () => {
    const dir = library()
    const file = path.join(dir, useCaseRel)
    // 400 more stray `</li>` in the use case's row: a report of some 40 KB.
    const text = fs.readFileSync(file, 'utf8').replace('</li></li>', '</li>' + '</li>'.repeat(401))
    const session = await start(dir)
    const uri = pathToFileURL(file).href
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {textDocument: {uri, languageId: 'markdown', version: 1, text}})
    const diagnostics = await session.diagnostics(uri)
    expect(diagnostics.filter((d) => d.code === 'cell-html')).toHaveLength(402)
  })

  it('uses the content repository’s .remarkrc.js: severities and rules turned off', async () => {
    const dir = library()
    const presetUrl = pathToFileURL(path.join(repo, 'dist', 'src', 'preset', 'preset.js')).href
    fs.writeFileSync(
      path.join(dir, '.remarkrc.mjs'),
      `import contentLint, {rules} from '${presetUrl}'\nexport default {plugins: [contentLint, [rules.cellHtml, 'error'], [rules.tableShape, 'off']]}\n`
    )
    const session = await start(dir)
    const open = async (relative: string) => {
      const uri = pathToFileURL(path.join(dir, relative)).href
      await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: {uri, languageId: 'markdown', version: 1, text: fs.readFileSync(path.join(dir, relative), 'utf8')}
      })
      return session.diagnostics(uri)
    }
    const useCase = await open(useCaseRel)
    expect(useCase.map((d) => [d.code, d.severity])).toEqual([
      ['cell-html', 1],
      ['cell-html', 1]
    ])
    // The product page's Next Page finding is table-shape's, turned off here.
    expect(await open(path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md'))).toEqual([])
  })

  it('shows a finding’s note (its evidence) under its one-line reason, as the hover does', async () => {
    const dir = library()
    const file = path.join(dir, useCaseRel)
    const text = fs.readFileSync(file, 'utf8').replace('T1098 - Account Manipulation', 'T1098 - Acount Manipulation')
    const session = await start(dir)
    const uri = pathToFileURL(file).href
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {textDocument: {uri, languageId: 'markdown', version: 1, text}})
    const diagnostics = await session.diagnostics(uri)
    expect(diagnostics.filter((d) => d.code === 'attack-technique').map((d) => d.message)).toEqual([
      'Misspelt name of T1098: no loaded ATT&CK release (v6.3–v18.1) names it so\n' +
        '`Acount Manipulation` is not a name of T1098 in any loaded ATT&CK release (v6.3–v18.1). ATT&CK v18.1 (the target) names T1098 `Account Manipulation`.'
    ])
  })

  it('runs every rule at its default without a configuration file', async () => {
    const dir = library()
    const session = await start(dir)
    const relative = path.join('DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')
    const uri = pathToFileURL(path.join(dir, relative)).href
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {uri, languageId: 'markdown', version: 1, text: fs.readFileSync(path.join(dir, relative), 'utf8')}
    })
    const diagnostics = await session.diagnostics(uri)
    expect(diagnostics.map((d) => [d.code, d.severity, d.range.start.line])).toEqual([['table-shape', 2, 11]])
  })

  it('reads linked pages from the workspace on disk, and again when they change', async () => {
    const dir = library()
    const distUrl = (file: string) => pathToFileURL(path.join(repo, 'dist', 'src', file)).href
    // A throwaway cross-file rule: a parser link's text must be the linked parser page's Name.
    fs.writeFileSync(
      path.join(dir, 'parser-link-name.mjs'),
      `import {defineRule, noOptions} from '${distUrl('lint/rule.js')}'
export default defineRule(
  {id: 'test-parser-link-name', description: 'Parser link text is the parser name', defaultSeverity: 'warn', fixable: true, options: noOptions},
  ({page, report, linkedPage}) => {
    for (const row of page.product?.rows ?? []) for (const group of row.eventTypeGroups) for (const link of group.parsers) {
      const name = linkedPage(link)?.parser?.name?.text
      if (name && name !== link.text) report({reason: 'Link text is not the parser name ' + name, span: link.textSpan, expected: [name]})
    }
  }
)
`
    )
    fs.writeFileSync(
      path.join(dir, '.remarkrc.mjs'),
      `import contentLint from '${distUrl('preset/preset.js')}'\nimport parserLinkName from './parser-link-name.mjs'\nexport default {plugins: [contentLint, parserLinkName]}\n`
    )
    const parser = path.join(dir, 'DataSources', 'Acme', 'Widget', 'Ps', 'pC_acmewidgetlogin.md')
    const parserText = fs.readFileSync(parser, 'utf8')
    fs.writeFileSync(parser, parserText.replace('Name = acme-widget-login', 'Name = acme-widget-signin'))

    const session = await start(dir)
    const file = path.join(dir, 'DataSources', 'Acme', 'Widget', 'ds_acme_widget.md')
    const uri = pathToFileURL(file).href
    let document = TextDocument.create(uri, 'markdown', 1, fs.readFileSync(file, 'utf8'))
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {uri, languageId: 'markdown', version: 1, text: document.getText()}
    })
    const at = positionOf(document.getText(), '[acme-widget-login]')
    const linkRange = {start: {line: at.line - 1, character: at.column}, end: {line: at.line - 1, character: at.column + 'acme-widget-login'.length}}
    let diagnostics = await session.diagnostics(uri)
    const finding = diagnostics.find((d) => d.code === 'test-parser-link-name')!
    expect(finding.range).toEqual(linkRange)
    expect(finding.message).toBe('Link text is not the parser name acme-widget-signin')

    // Quick fix: the link text becomes the parser's name.
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {textDocument: {uri}, range: finding.range, context: {diagnostics: [finding]}})) as CodeAction[]
    expect(actions.map((a) => a.title)).toEqual(['Replace `acme-widget-login` with `acme-widget-signin`'])
    document = TextDocument.create(uri, 'markdown', 2, TextDocument.applyEdits(document, actions[0]!.edit!.changes![uri]!))
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {textDocument: {uri, version: 2}, contentChanges: [{text: document.getText()}]})
    diagnostics = await session.diagnostics(uri)
    // The link now says `acme-widget-signin` while the continuation page still links
    // `acme-widget-login`: two link texts for one parser page. Parsers are counted by
    // the page a link leads to, so the summary's 2 still holds: no summary-count echo.
    expect(diagnostics.map((d) => d.code)).toEqual(['table-shape'])

    // The parser page changes back on disk: the open page is checked against it again.
    fs.writeFileSync(parser, parserText)
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, {changes: [{uri: pathToFileURL(parser).href, type: FileChangeType.Changed}]})
    diagnostics = await session.diagnostics(uri)
    expect(diagnostics.filter((d) => d.code === 'test-parser-link-name').map((d) => d.message)).toEqual(['Link text is not the parser name acme-widget-login'])
  })
})
