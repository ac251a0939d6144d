import {describe, expect, it} from 'vitest'
import {TimeSlice} from '../../src/engine/time-slice.js'

const busy = (ms: number) => {
  const end = performance.now() + ms
  while (performance.now() < end);
}

describe('TimeSlice', () => {
  it('gives the event loop a turn once a slice is spent, and not before', async () => {
    const slice = new TimeSlice(20)
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    try {
      // Within the slice: pausing does not let the timer run.
      await slice.pause()
      expect(ticks).toBe(0)
      // Work past the slice, twice: each pause ends the loop's turn where it is (a
      // setImmediate), so by the second the loop has been round its timers and its
      // I/O (where a worker's replies wait) at least once.
      busy(30)
      await slice.pause()
      busy(30)
      await slice.pause()
      expect(ticks).toBeGreaterThanOrEqual(1)
      // A new slice starts after a pause: no turn until it is spent.
      const before = ticks
      await slice.pause()
      expect(ticks).toBe(before)
    } finally {
      clearInterval(timer)
    }
  })
})
