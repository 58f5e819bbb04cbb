/**
 * The live messageKeys of one business unit: a key queued at `t` is refused for `t <= now < t + window` and free
 * again from `t + window`.
 *
 * The ledger must hold tens of millions of keys, so it is an open-addressing hash table over typed arrays: each slot
 * is a 64-bit fingerprint of the key and the time it was queued (16 bytes, no string kept). Expiry is lazy: a slot
 * whose time has passed the window counts as free, is reused by the next insert that probes it, and is dropped when
 * the table is rebuilt. Rebuilds happen only when the table fills, so their cost is amortized over the inserts that
 * filled it; no batch ever scans the ledger. See docs/decisions/0002-key-ledger.md for the fingerprint trade-off.
 *
 * The ledger is mutable and owned by one {@link State}: `record` changes it in place.
 *
 * @since 0.1.0
 */
import { fingerprint } from "./internal/fingerprint.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface KeyLedger {
  /** The window in milliseconds. */
  readonly window: number
  /** True when `key` was queued within the window before `now`. */
  readonly isLive: (key: string, now: number) => boolean
  /** The time `key` was last queued, if it is still live at `now`. */
  readonly queuedAt: (key: string, now: number) => number | undefined
  /** Records that `key` was queued at `at`. */
  readonly record: (key: string, at: number) => void
  /** How many keys are live at `now` (walks the table: for tests and benchmarks, not for hot paths). */
  readonly liveCount: (now: number) => number
  /** Bytes held by the table's arrays. */
  readonly byteSize: () => number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The window in milliseconds (default 72 hours). */
  readonly window?: number
  /** Slots to start with; rounded up to a power of two (default 1024). */
  readonly initialCapacity?: number
}

/**
 * The default window: 72 hours.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultWindow = 72 * 60 * 60 * 1000

const maxLoad = 0.8

const powerOfTwoAtLeast = (n: number): number => {
  let c = 16
  while (c < n) c *= 2
  return c
}

class Table {
  hi: Uint32Array
  lo: Uint32Array
  at: Float64Array
  mask: number
  used = 0 // slots holding a fingerprint, live or expired

  constructor(capacity: number) {
    this.hi = new Uint32Array(capacity)
    this.lo = new Uint32Array(capacity)
    this.at = new Float64Array(capacity)
    this.mask = capacity - 1
  }

  get capacity(): number {
    return this.mask + 1
  }

  /** The slot holding (hi, lo), or -1. */
  find(hi: number, lo: number): number {
    const { mask } = this
    let i = lo & mask
    for (;;) {
      const h = this.hi[i]!
      const l = this.lo[i]!
      if (h === 0 && l === 0) return -1
      if (h === hi && l === lo) return i
      i = (i + 1) & mask
    }
  }

  /** Stores (hi, lo, at); reuses the first slot on the probe path that expired before `expiredBefore`. */
  put(hi: number, lo: number, at: number, expiredBefore: number): void {
    const { mask } = this
    let i = lo & mask
    let reusable = -1
    for (;;) {
      const h = this.hi[i]!
      const l = this.lo[i]!
      if (h === 0 && l === 0) break
      if (h === hi && l === lo) {
        this.at[i] = at
        return
      }
      if (reusable < 0 && this.at[i]! <= expiredBefore) reusable = i
      i = (i + 1) & mask
    }
    if (reusable >= 0) {
      this.hi[reusable] = hi
      this.lo[reusable] = lo
      this.at[reusable] = at
      return
    }
    this.hi[i] = hi
    this.lo[i] = lo
    this.at[i] = at
    this.used++
  }
}

/**
 * An empty ledger.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options?: Options): KeyLedger => {
  const window = options?.window ?? defaultWindow
  let table = new Table(powerOfTwoAtLeast(options?.initialCapacity ?? 1024))
  const fp = new Uint32Array(2)

  // Rebuilds the table without the keys expired at `now`, doubling it when the live keys alone fill half of it.
  const rebuild = (now: number) => {
    const old = table
    const live = liveIn(old, now)
    const capacity = live > old.capacity / 2 ? old.capacity * 2 : old.capacity
    const next = new Table(capacity)
    const expiredBefore = now - window
    for (let i = 0; i < old.capacity; i++) {
      const h = old.hi[i]!
      const l = old.lo[i]!
      if ((h !== 0 || l !== 0) && old.at[i]! > expiredBefore) next.put(h, l, old.at[i]!, -Infinity)
    }
    table = next
  }

  const liveIn = (t: Table, now: number): number => {
    let n = 0
    const expiredBefore = now - window
    for (let i = 0; i < t.capacity; i++) {
      if ((t.hi[i] !== 0 || t.lo[i] !== 0) && t.at[i]! > expiredBefore) n++
    }
    return n
  }

  const queuedAt = (key: string, now: number): number | undefined => {
    fingerprint(key, fp)
    const slot = table.find(fp[0]!, fp[1]!)
    if (slot < 0) return undefined
    const at = table.at[slot]!
    return at + window > now ? at : undefined
  }

  return {
    window,
    queuedAt,
    isLive: (key, now) => queuedAt(key, now) !== undefined,
    record: (key, at) => {
      if (table.used + 1 > table.capacity * maxLoad) rebuild(at)
      fingerprint(key, fp)
      table.put(fp[0]!, fp[1]!, at, at - window)
    },
    liveCount: (now) => liveIn(table, now),
    byteSize: () => table.hi.byteLength + table.lo.byteLength + table.at.byteLength
  }
}
