import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import * as KeyLedger from "../src/KeyLedger.js"

// A model of the ledger: the last time each key was queued, in a Map.
type Op = { readonly kind: "record" | "query"; readonly key: string; readonly advance: number }

const window = 100
const keys = fc.oneof(
  fc.constantFrom("a", "b", "c", "d"),
  fc.integer({ min: 0, max: 400 }).map((n) => `key-${n}`),
  fc.string({ maxLength: 8 })
)
const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom("record", "record", "query"),
  key: keys,
  // Mostly small steps, sometimes a whole window or more, so keys expire while others stay live.
  advance: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 * window }))
})

describe("KeyLedger properties", () => {
  it.prop(
    "answers like a Map of last queue times, through growth and rebuilds",
    [fc.array(op, { maxLength: 600 }), fc.constantFrom(16, 64)],
    ([ops, initialCapacity]) => {
      const ledger = KeyLedger.make({ window, initialCapacity })
      const model = new Map<string, number>()
      const liveInModel = (key: string, now: number) => {
        const at = model.get(key)
        return at !== undefined && at + window > now ? at : undefined
      }
      let now = 0
      for (const { advance, key, kind } of ops) {
        now += advance
        if (kind === "record") {
          ledger.record(key, now)
          model.set(key, now)
        }
        expect(ledger.queuedAt(key, now)).toBe(liveInModel(key, now))
      }
      for (const key of model.keys()) expect(ledger.queuedAt(key, now)).toBe(liveInModel(key, now))
      const live = [...model.keys()].filter((key) => liveInModel(key, now) !== undefined).length
      expect(ledger.liveCount(now)).toBe(live)
    },
    { fastCheck: { numRuns: 200 } }
  )

  it.prop(
    "never holds a key twice: re-recording live and expired keys of a small pool in crowded probe chains",
    [fc.array(fc.tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 40 })), { maxLength: 400 })],
    ([ops]) => {
      const ledger = KeyLedger.make({ window, initialCapacity: 16 })
      const model = new Map<string, number>()
      let now = 0
      for (const [k, advance] of ops) {
        now += advance
        ledger.record(`key-${k}`, now)
        model.set(`key-${k}`, now)
        const live = [...model.values()].filter((at) => at + window > now).length
        expect(ledger.liveCount(now)).toBe(live)
      }
      for (const [key, at] of model) expect(ledger.queuedAt(key, now)).toBe(at + window > now ? at : undefined)
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "keeps the table proportional to the live keys, not to every key ever queued",
    [fc.integer({ min: 1, max: 300 }), fc.integer({ min: 5, max: 40 })],
    ([perWindow, windows]) => {
      const ledger = KeyLedger.make({ window, initialCapacity: 16 })
      const step = window / perWindow
      for (let i = 0; i < perWindow * windows; i++) ledger.record(`k${i}`, i * step)
      // At most `perWindow + 1` keys are live at once; with load kept between 0.4 and 0.8 after a rebuild, the table
      // never needs more than four slots a live key (plus the 16-slot minimum).
      expect(ledger.byteSize() / 16).toBeLessThanOrEqual(Math.max(16, 4 * (perWindow + 1)))
    }
  )
})
