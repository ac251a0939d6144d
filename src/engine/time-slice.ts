/**
 * A long run on one thread, in slices: the rules over a whole library take seconds
 * (minutes on a loaded machine) of synchronous work, page after page. Between pages,
 * once a slice is spent, the event loop gets a turn, so whatever shares the thread is
 * answered: a language server's client, or a test runner's worker channel (vitest's
 * worker RPC times out after 60 s of a blocked thread and fails a green run:
 * vitest-dev/vitest#6479, #11082; its reply sits unread while timers fire first).
 */
import {setImmediate as nextTurn} from 'node:timers/promises'

export class TimeSlice {
  private started = performance.now()

  constructor(private readonly sliceMs = 50) {}

  /** Give the event loop a turn if this slice is spent (resolves at once otherwise). */
  async pause(): Promise<void> {
    if (performance.now() - this.started < this.sliceMs) return
    await nextTurn()
    this.started = performance.now()
  }
}
