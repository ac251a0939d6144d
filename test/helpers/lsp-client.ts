/**
 * An LSP client for the language server's tests, on the library VS Code's own client is
 * built on (vscode-languageserver-protocol): start a server process over stdio, open and
 * change documents, wait for their diagnostics, ask for quick fixes.
 *
 * The server publishes a page's diagnostics with a `library-pending` note while the
 * rules that weigh the whole library wait for it (its first checks), then complete ones:
 * `diagnostics` waits for complete ones.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {pathToFileURL} from 'node:url'
import {
  type CodeAction,
  CodeActionRequest,
  createProtocolConnection,
  type Diagnostic,
  DidChangeTextDocumentNotification,
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

export interface Published {
  diagnostics: Diagnostic[]
  version: number | undefined
  /** Milliseconds since the server was started. */
  at: number
  /** Whether rules waited for the library (the publication has a `library-pending` note). */
  pending: boolean
}

export class LspSession {
  readonly connection: ProtocolConnection
  /** Every publication, by document URI, in order. */
  readonly published = new Map<string, Published[]>()
  /** The server's log messages (`window/logMessage`). */
  readonly logs: string[] = []
  /** What the server wrote to stderr. */
  stderr = ''
  private readonly started = performance.now()
  private readonly waiters = new Set<() => void>()
  private readonly documents = new Map<string, TextDocument>()

  private constructor(readonly child: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')))
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params: PublishDiagnosticsParams) => {
      const list = this.published.get(params.uri) ?? []
      const pending = params.diagnostics.some((d) => d.code === 'library-pending')
      list.push({diagnostics: params.diagnostics, version: params.version, at: performance.now() - this.started, pending})
      this.published.set(params.uri, list)
      this.wake()
    })
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message)
      this.wake()
    })
    this.connection.listen()
  }

  /** Start `command` with `--stdio` in `workspace`, and initialize it as an editor does. */
  static async start(command: string, args: string[], workspace: string, env: NodeJS.ProcessEnv = process.env): Promise<LspSession> {
    const child = spawn(command, [...args, '--stdio'], {cwd: workspace, env, stdio: ['pipe', 'pipe', 'pipe']})
    const session = new LspSession(child)
    const uri = pathToFileURL(workspace).href
    await session.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{uri, name: 'library'}],
      capabilities: {textDocument: {publishDiagnostics: {}, codeAction: {codeActionLiteralSupport: {codeActionKind: {valueSet: ['quickfix']}}}}}
    })
    await session.connection.sendNotification(InitializedNotification.type, {})
    return session
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter()
  }

  /** Resolve when `test` holds, checked after each message from the server. */
  until<T>(test: () => T | undefined, what: string, timeout = 120_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = test()
        if (value === undefined) return
        this.waiters.delete(check)
        clearTimeout(timer)
        resolve(value)
      }
      const timer = setTimeout(() => {
        this.waiters.delete(check)
        reject(new Error(`${what}: nothing within ${timeout / 1000} s (server stderr: ${this.stderr.slice(-500)})`))
      }, timeout)
      this.waiters.add(check)
      check()
    })
  }

  document(uri: string): TextDocument {
    return this.documents.get(uri)!
  }

  async open(uri: string, text: string): Promise<void> {
    const document = TextDocument.create(uri, 'markdown', 1, text)
    this.documents.set(uri, document)
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {textDocument: {uri, languageId: 'markdown', version: 1, text}})
  }

  /** Replace the document's text (what an editor sends on each change, with full sync). */
  async change(uri: string, text: string): Promise<void> {
    const before = this.documents.get(uri)!
    const document = TextDocument.create(uri, 'markdown', before.version + 1, text)
    this.documents.set(uri, document)
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {textDocument: {uri, version: document.version}, contentChanges: [{text}]})
  }

  /** The complete diagnostics of the document's current version (waits for them). */
  async diagnostics(uri: string, timeout?: number): Promise<Published> {
    const version = this.documents.get(uri)?.version
    return this.until(() => [...(this.published.get(uri) ?? [])].reverse().find((p) => !p.pending && p.version === version), `diagnostics of ${uri} v${version}`, timeout)
  }

  /** The first diagnostics published for the document, complete or not (waits for them). */
  async firstDiagnostics(uri: string, timeout?: number): Promise<Published> {
    return this.until(() => this.published.get(uri)?.[0], `first diagnostics of ${uri}`, timeout)
  }

  async quickFixes(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return (await this.connection.sendRequest(CodeActionRequest.type, {textDocument: {uri}, range: diagnostic.range, context: {diagnostics: [diagnostic]}})) as CodeAction[]
  }

  /** Apply a code action's edits to the document and send the change. */
  async apply(uri: string, action: CodeAction): Promise<void> {
    const document = this.documents.get(uri)!
    await this.change(uri, TextDocument.applyEdits(document, action.edit!.changes![uri]!))
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type).catch(() => undefined)
    await this.connection.sendNotification(ExitNotification.type).catch(() => undefined)
    this.connection.dispose()
    this.child.kill()
  }
}
