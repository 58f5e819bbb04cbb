import { describe, expect, it } from "@effect/vitest"
import * as KeyLedger from "../src/KeyLedger.js"

const t = Date.UTC(2026, 0, 1)
const hour = 60 * 60 * 1000

describe("KeyLedger", () => {
  it("defaults to a 72-hour window", () => {
    expect(KeyLedger.defaultWindow).toBe(72 * hour)
    expect(KeyLedger.make().window).toBe(72 * hour)
  })

  it("refuses a key for t <= now < t + window and frees it at t + window", () => {
    const ledger = KeyLedger.make()
    ledger.record("k", t)
    expect(ledger.isLive("k", t)).toBe(true)
    expect(ledger.queuedAt("k", t)).toBe(t)
    expect(ledger.isLive("k", t + 72 * hour - 1)).toBe(true)
    expect(ledger.isLive("k", t + 72 * hour)).toBe(false)
    expect(ledger.queuedAt("k", t + 72 * hour)).toBeUndefined()
    expect(ledger.isLive("other", t)).toBe(false)
  })

  it("honours a configured window", () => {
    const ledger = KeyLedger.make({ window: 1000 })
    ledger.record("k", t)
    expect(ledger.isLive("k", t + 999)).toBe(true)
    expect(ledger.isLive("k", t + 1000)).toBe(false)
  })

  it("re-queues a key after it expired, with a fresh window", () => {
    const ledger = KeyLedger.make({ window: 1000 })
    ledger.record("k", t)
    ledger.record("k", t + 1000)
    expect(ledger.queuedAt("k", t + 1999)).toBe(t + 1000)
    expect(ledger.isLive("k", t + 2000)).toBe(false)
    expect(ledger.liveCount(t + 1000)).toBe(1)
  })

  it("tells keys apart that differ in one UTF-16 unit, in length or in case", () => {
    const ledger = KeyLedger.make()
    ledger.record("abc", t)
    for (const other of ["abd", "ab", "abcd", "ABC", "", "abc "]) expect(ledger.isLive(other, t)).toBe(false)
    ledger.record("", t)
    expect(ledger.isLive("", t)).toBe(true)
  })

  it("keeps every live key and drops expired ones as it grows through rebuilds", () => {
    const ledger = KeyLedger.make({ window: 1000, initialCapacity: 16 })
    // 5,000 keys over 10 windows: at any time about 500 are live.
    for (let i = 0; i < 5000; i++) ledger.record(`key-${i}`, t + i * 2)
    const now = t + 4999 * 2
    for (let i = 0; i < 5000; i++) {
      const live = t + i * 2 + 1000 > now
      expect(ledger.isLive(`key-${i}`, now)).toBe(live)
    }
    expect(ledger.liveCount(now)).toBe(500)
    // Expired slots are reused and dropped on rebuild, so the table tracks the live keys, not every key ever queued.
    expect(ledger.byteSize()).toBeLessThanOrEqual(2048 * 16)
  })

  it("grows when the live keys fill it, and stays at 16 bytes a slot", () => {
    const ledger = KeyLedger.make({ initialCapacity: 16 })
    expect(ledger.byteSize()).toBe(16 * 16)
    for (let i = 0; i < 10_000; i++) ledger.record(`key-${i}`, t)
    expect(ledger.liveCount(t)).toBe(10_000)
    // Load stays at most 0.8: 10,000 keys need 16,384 slots.
    expect(ledger.byteSize()).toBe(16_384 * 16)
    for (let i = 0; i < 10_000; i++) expect(ledger.isLive(`key-${i}`, t)).toBe(true)
  })

  it("does not grow when re-recording the same keys", () => {
    const ledger = KeyLedger.make({ window: 10, initialCapacity: 64 })
    for (let round = 0; round < 1000; round++) for (let i = 0; i < 20; i++) ledger.record(`k${i}`, t + round * 10)
    expect(ledger.byteSize()).toBe(64 * 16)
    expect(ledger.liveCount(t + 999 * 10)).toBe(20)
  })
})
