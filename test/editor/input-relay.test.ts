/**
 * The language server's input relay (src/editor/input-relay.ts): the client's messages
 * pass through unchanged, however the input is cut into chunks, and a message of the
 * server's own goes in only between two of them.
 */
import {PassThrough} from 'node:stream'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {InputRelay} from '../../src/editor/input-relay.js'

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`

/** Let the streams pass on what was written (they emit data on later ticks). */
const settle = () => new Promise((resolve) => setImmediate(resolve))

/** Split a buffer at the given cut points. */
function cuts(data: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((n) => n % (data.length + 1)))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let from = 0
  for (const point of [...points, data.length]) {
    out.push(data.subarray(from, point))
    from = point
  }
  return out.filter((chunk) => chunk.length > 0)
}

/** The bodies of the framed messages in `data`, in order (a reader as the server has). */
function bodies(data: Buffer): string[] {
  const out: string[] = []
  let at = 0
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at)
    const length = Number(/Content-Length: (\d+)/.exec(data.subarray(at, end).toString('ascii'))![1])
    out.push(data.subarray(end + 4, end + 4 + length).toString('utf8'))
    at = end + 4 + length
  }
  return out
}

describe('the input relay', () => {
  it('passes the client’s messages through and adds its own only between them, for any cutting of the input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({unit: 'grapheme', maxLength: 40}), {minLength: 1, maxLength: 6}),
        fc.array(fc.nat(), {maxLength: 12}),
        fc.nat(),
        async (texts, at, injectAfter) => {
          const client = texts.map((text, i) => JSON.stringify({jsonrpc: '2.0', method: 'client/' + i, params: {text}}))
          const input = Buffer.from(client.map(frame).join(''), 'utf8')
          const source = new PassThrough()
          const relay = new InputRelay(source)
          const out: Buffer[] = []
          relay.on('data', (chunk: Buffer) => out.push(chunk))
          const chunks = cuts(input, at)
          const when = injectAfter % (chunks.length + 1)
          for (const [i, chunk] of chunks.entries()) {
            // After the relay has taken the chunks before: maybe in the middle of a message.
            if (i === when) relay.inject({method: 'server/own'})
            source.write(chunk)
            await settle()
          }
          if (when === chunks.length) relay.inject({method: 'server/own'})
          await settle()
          const got = bodies(Buffer.concat(out)).map((body) => JSON.parse(body) as {method: string})
          // Every client message, in order, whole; the server's own once, between two of them.
          expect(got.filter((m) => m.method !== 'server/own').map((m) => JSON.stringify(m))).toEqual(client)
          expect(got.filter((m) => m.method === 'server/own')).toHaveLength(1)
        }
      ),
      {numRuns: 300}
    )
  })

  it('passes input that does not frame as LSP through untouched, and adds nothing to it', async () => {
    const source = new PassThrough()
    const relay = new InputRelay(source)
    const out: Buffer[] = []
    relay.on('data', (chunk: Buffer) => out.push(chunk))
    source.write('not a header\r\n\r\nsome bytes')
    relay.inject({method: 'server/own'})
    source.write(' and more')
    await settle()
    expect(Buffer.concat(out).toString()).toBe('not a header\r\n\r\nsome bytes and more')
  })

  it('ends when its source ends', async () => {
    const source = new PassThrough()
    const relay = new InputRelay(source)
    relay.resume()
    const ended = new Promise((resolve) => relay.once('close', resolve))
    source.end(frame('{}'))
    await ended
  })
})
