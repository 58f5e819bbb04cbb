import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as MessageKeyGenerator from "../src/MessageKeyGenerator.js"

const format = /^[A-Za-z0-9_-]{22}$/

const keys = (n: number) =>
  Effect.gen(function* () {
    const generator = yield* MessageKeyGenerator.MessageKeyGenerator
    return yield* Effect.replicateEffect(generator.next, n)
  })

describe("MessageKeyGenerator", () => {
  it.effect("draws 22 URL-safe base64 characters from 16 random bytes", () =>
    Effect.gen(function* () {
      const drawn = yield* keys(200)
      for (const key of drawn) expect(key).toMatch(format)
      expect(new Set(drawn).size).toBe(200)
    }).pipe(Effect.provide(MessageKeyGenerator.layer))
  )

  it("encodes bytes as the API does", () => {
    expect(MessageKeyGenerator.fromBytes(new Uint8Array(16))).toBe("AAAAAAAAAAAAAAAAAAAAAA")
    expect(MessageKeyGenerator.fromBytes(new Uint8Array(16).fill(255))).toBe("_____________________w")
    const bytes = Uint8Array.from([
      0x9c, 0x52, 0xf8, 0x50, 0xb8, 0x21, 0x79, 0x47, 0x9a, 0x19, 0xb3, 0xc8, 0x33, 0x32, 0x49, 0x4b
    ])
    expect(MessageKeyGenerator.fromBytes(bytes)).toBe("nFL4ULgheUeaGbPIMzJJSw")
  })

  it.effect("is reproducible with the deterministic layer, and seeds differ", () =>
    Effect.gen(function* () {
      const a = yield* keys(20).pipe(Effect.provide(MessageKeyGenerator.layerDeterministic(7)))
      const b = yield* keys(20).pipe(Effect.provide(MessageKeyGenerator.layerDeterministic(7)))
      const c = yield* keys(20).pipe(Effect.provide(MessageKeyGenerator.layerDeterministic(8)))
      expect(a).toEqual(b)
      expect(a).not.toEqual(c)
      for (const key of a) expect(key).toMatch(format)
      expect(new Set(a).size).toBe(20)
    })
  )

  it.effect("assigns keys only to recipients without one, never repeating a supplied key", () =>
    Effect.gen(function* () {
      const first = yield* keys(3).pipe(Effect.provide(MessageKeyGenerator.layerDeterministic(1)))
      // The recipients supply the first two keys the generator will draw: it must skip them.
      const recipients = [
        { to: "1" },
        { to: "2", messageKey: first[0]! },
        { to: "3", messageKey: "" },
        { to: "4", messageKey: first[1]! }
      ]
      const keyed = yield* MessageKeyGenerator.assignKeys(recipients).pipe(
        Effect.provide(MessageKeyGenerator.layerDeterministic(1))
      )
      expect(keyed.recipients.map((r) => r.messageKey)).toEqual([first[2], first[0], "", first[1]])
      expect([...keyed.generated]).toEqual([first[2]])
    })
  )

  it.effect("needs no generator when every recipient has a key", () =>
    Effect.gen(function* () {
      const recipients = [{ messageKey: "a" }]
      // No generator is provided: running would fail with a missing service if one were asked for.
      const keyed = yield* MessageKeyGenerator.assignKeys(
        recipients
      ) as Effect.Effect<MessageKeyGenerator.KeyedRecipients>
      expect(keyed.recipients).toBe(recipients)
      expect(keyed.generated.size).toBe(0)
    })
  )
})
