import { describe, expect, it } from "@effect/vitest"
import type { Recipient } from "@mcsend/domain/SendRequest"
import { Effect, FastCheck as fc, TestClock } from "effect"
import { MemoryTransport, SmsTransport } from "../src/index.js"
import { definitions } from "./fixtures.js"

const layer = (settings: Partial<{ window: number }> = {}) => MemoryTransport.layerTest({ definitions, settings })

// Recipients that may pass or fail, from small pools so duplicates within a request happen.
const recipient: fc.Arbitrary<Recipient> = fc
  .record(
    {
      contactKey: fc.constantFrom("a", "b", ""),
      to: fc.constantFrom("15555550001", "+15555550002", "1x", "", "1234567890123456"),
      messageKey: fc.constantFrom("k1", "k2", "k3", "", "k".repeat(101))
    },
    { requiredKeys: [] }
  )
  .map((r) => r as Recipient)

// A recipient that always fails on its own (a bad `to`), with a key no other recipient uses.
const failing = fc
  .nat({ max: 999 })
  .map((n): Recipient => ({ contactKey: "f", to: "not a number", messageKey: `f-${n}` }))

describe("MemoryTransport properties", () => {
  it.effect.prop(
    "one item per recipient, in request order, with the request's own keys",
    [fc.array(recipient, { minLength: 1, maxLength: 20 })],
    ([recipients]) =>
      Effect.gen(function* () {
        const response = yield* SmsTransport.send({ definitionKey: "plain", recipients })
        expect(response.responses).toHaveLength(recipients.length)
        response.responses.forEach((item, i) => {
          const given = recipients[i]!.messageKey
          if (given !== undefined) expect(item.messageKey).toBe(given)
          else expect(item.messageKey).toMatch(/^[A-Za-z0-9_-]{22}$/)
        })
        const failed = response.responses.filter((r) => r.errorcode !== undefined).length
        expect(response.errorcode).toBe(failed === 0 ? 0 : 109001)
      }).pipe(Effect.provide(layer())),
    { fastCheck: { numRuns: 100 } }
  )

  it.effect.prop(
    "adding failing recipients anywhere leaves every other recipient's outcome the same",
    [
      fc.array(recipient, { minLength: 1, maxLength: 10 }),
      fc.array(fc.tuple(fc.nat(), failing), { maxLength: 5 }).map((xs) => {
        // Keys of the added recipients are distinct, so they never make each other duplicates.
        const seen = new Set<string>()
        return xs.filter(([, r]) => !seen.has(r.messageKey!) && seen.add(r.messageKey!))
      })
    ],
    ([recipients, insertions]) =>
      Effect.gen(function* () {
        const outcomes = (list: ReadonlyArray<Recipient>) =>
          SmsTransport.send({ definitionKey: "plain", recipients: list }).pipe(
            Effect.map((r) => r.responses),
            Effect.provide(layer())
          )
        const before = yield* outcomes(recipients)
        const mixed: Array<Recipient & { original?: number }> = recipients.map((r, i) => ({ ...r, original: i }))
        for (const [at, r] of insertions) mixed.splice(at % (mixed.length + 1), 0, r)
        const after = yield* outcomes(mixed.map(({ original: _, ...r }) => r))
        mixed.forEach((r, i) => {
          if (r.original !== undefined) expect(after[i]).toEqual(before[r.original])
          else expect(after[i]!.errorcode).toBe(109121)
        })
      }),
    { fastCheck: { numRuns: 100 } }
  )

  it.effect.prop(
    "the window is exact to the millisecond: refused before t + window, free from t + window",
    [fc.integer({ min: 1, max: 10 * 24 * 3600 * 1000 }), fc.integer({ min: 0, max: 2 })],
    ([window, edge]) =>
      Effect.gen(function* () {
        const send = SmsTransport.send({
          definitionKey: "plain",
          recipients: [{ contactKey: "a", to: "15555550001", messageKey: "w" }]
        }).pipe(Effect.map((r) => r.responses[0]!.errorcode ?? 0))
        expect(yield* send).toBe(0)
        // edge 0: window - 1 ms later; 1: exactly window; 2: window + 1 ms.
        yield* TestClock.adjust(window - 1 + edge)
        expect(yield* send).toBe(edge === 0 ? 109110 : 0)
      }).pipe(Effect.provide(layer({ window }))),
    { fastCheck: { numRuns: 60 } }
  )
})
