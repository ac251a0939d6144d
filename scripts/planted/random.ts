/**
 * A seeded random number generator, so that a planted-defect run can be repeated from
 * the seed it prints. Written by hand: mulberry32 is six lines, and the harness needs
 * nothing but uniform numbers, a shuffle and a pick (fast-check, a dev dependency,
 * draws from arbitraries inside properties, not from a plain seeded stream).
 */
export class Random {
  private state: number

  constructor(readonly seed: number) {
    this.state = seed >>> 0
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n)
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.below(items.length)]
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.below(i + 1)
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }
}

/** A seed from the environment (`PLANTED_SEED`) or a fresh one. */
export function seedFrom(env: string | undefined): number {
  const given = env === undefined || env === '' ? NaN : Number(env)
  return Number.isInteger(given) ? given >>> 0 : Math.floor(Math.random() * 2 ** 31)
}
