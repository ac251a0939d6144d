/**
 * The language server's input, relayed so the server can tell itself something.
 *
 * unified-language-server checks the open pages again only when the client says
 * something changed (an edit, a watched file, the configuration, the workspace
 * folders), and keeps its connection and its list of open documents to itself. When
 * the library-wide values are ready (library-warm-up.ts), the open pages must be checked
 * again without the client saying anything. The relay stands in for `process.stdin`,
 * passes the client's messages through unchanged, and can add one of its own between
 * two of them: `workspace/didChangeWatchedFiles` with no change listed, on which
 * unified-language-server checks every open document again.
 *
 * Messages are framed as LSP frames them (a `Content-Length` header, a blank line, that
 * many bytes); a message of the server's own is added only at a frame boundary. Input
 * that does not frame so is passed through untouched, and nothing is added to it.
 */
import {Readable} from 'node:stream'

const headerEnd = Buffer.from('\r\n\r\n')

export class InputRelay extends Readable {
  /** Bytes of the client's input not yet passed on (a header cut across chunks). */
  private pending: Buffer = Buffer.alloc(0)
  /** Body bytes of the client's current message still to pass on. */
  private remaining = 0
  /** Messages of the server's own, waiting for a frame boundary. */
  private readonly queued: Buffer[] = []
  /** The input does not frame as LSP: pass it on as it is, add nothing. */
  private raw = false

  constructor(private readonly source: NodeJS.ReadableStream) {
    super()
    source.on('data', (chunk: Buffer) => this.fromClient(chunk))
    source.on('end', () => this.push(null))
    source.on('error', (error) => this.destroy(error))
  }

  override _read(): void {
    // Data is pushed as it comes from the source.
  }

  /** Add a JSON-RPC notification to the input, at the next frame boundary. */
  inject(message: object): void {
    if (this.raw) return
    const body = Buffer.from(JSON.stringify({jsonrpc: '2.0', ...message}), 'utf8')
    this.queued.push(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]))
    this.flushAtBoundary()
  }

  private fromClient(chunk: Buffer): void {
    if (this.raw) {
      this.push(chunk)
      return
    }
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = Buffer.alloc(0)
    while (data.length > 0) {
      if (this.remaining > 0) {
        const body = data.subarray(0, this.remaining)
        this.remaining -= body.length
        data = data.subarray(body.length)
        this.push(body)
        this.flushAtBoundary()
        continue
      }
      const end = data.indexOf(headerEnd)
      if (end < 0) {
        this.pending = data
        return
      }
      const length = /(?:^|\r\n)content-length:\s*(\d+)/i.exec(data.subarray(0, end).toString('ascii'))
      if (!length) {
        this.raw = true
        this.push(data)
        return
      }
      this.push(data.subarray(0, end + headerEnd.length))
      this.remaining = Number(length[1])
      data = data.subarray(end + headerEnd.length)
      this.flushAtBoundary()
    }
  }

  private flushAtBoundary(): void {
    if (this.remaining > 0 || this.pending.length > 0) return
    for (const message of this.queued.splice(0)) this.push(message)
  }
}

/**
 * Put a relay in place of `process.stdin`, where vscode-languageserver reads a
 * `--stdio` server's input; call it before the connection is made.
 */
export function relayStdin(): InputRelay {
  const relay = new InputRelay(process.stdin)
  Object.defineProperty(process, 'stdin', {value: relay, configurable: true, enumerable: true, writable: false})
  return relay
}
