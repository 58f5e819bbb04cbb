import { FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import type { Recipient, SendRequest } from "@mcsend/domain/SendRequest"
import { Duration, Effect, FastCheck as fc, Layer, TestClock } from "effect"

import { MemoryTransport, ReplayTransport, SmsTransport } from "../src/index.js"
import { definitions, type Outcome, outcome } from "./fixtures.js"

type Op =
  | { readonly _tag: "send"; readonly request: SendRequest }
  | { readonly _tag: "status"; readonly messageKey: string }
  | { readonly _tag: "advance"; readonly millis: number }

const optional = <A>(key: string, arb: fc.Arbitrary<A>) =>
  fc.option(arb, { nil: undefined }).map((value) => (value === undefined ? {} : { [key]: value }))

// Small pools, so duplicates, reused keys, bad numbers and unknown definitions all happen often.
const attributes = fc.dictionary(fc.constantFrom("Code", "code", "FirstName"), fc.oneof(fc.string(), fc.integer()), {
  maxKeys: 2
})
const recipient: fc.Arbitrary<Recipient> = fc
  .tuple(
    optional("contactKey", fc.constantFrom("a", "b", "")),
    optional("to", fc.constantFrom("15555550001", "+15555550002", "12x", "")),
    optional("messageKey", fc.constantFrom("k1", "k2", "k3", "")),
    optional("attributes", attributes)
  )
  .map((parts) => Object.assign({}, ...parts) as Recipient)

const send: fc.Arbitrary<Op> = fc
  .tuple(
    fc.constantFrom("welcome", "plain", "missing", ""),
    optional("attributes", attributes),
    optional("subscriptions", fc.record({ resubscribe: fc.boolean() })),
    fc.oneof(
      fc.array(recipient, { maxLength: 4 }).map((recipients) => ({ recipients })),
      recipient.map((r) => ({ recipient: r }))
    )
  )
  .map(([definitionKey, ...rest]) => ({
    _tag: "send" as const,
    request: Object.assign({ definitionKey }, ...rest) as SendRequest
  }))

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: send },
  {
    weight: 2,
    arbitrary: fc.constantFrom("k1", "k2", "k3", "zz").map((messageKey) => ({ _tag: "status" as const, messageKey }))
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(1_000, 5_000, Duration.toMillis("72 hours"))
      .map((millis) => ({ _tag: "advance" as const, millis }))
  }
)

const run = (o: Op): Effect.Effect<Outcome | undefined, never, SmsTransport.SmsTransport> => {
  switch (o._tag) {
    case "send":
      return outcome(SmsTransport.send(o.request))
    case "status":
      return outcome(SmsTransport.status(o.messageKey))
    case "advance":
      return Effect.as(TestClock.adjust(o.millis), undefined)
  }
}

const sortedJson = (u: unknown): string =>
  JSON.stringify(u, (_, value) =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value
  )

/** A reproducible shuffle (Fisher-Yates over a small LCG). */
const shuffle = <A>(items: ReadonlyArray<A>, seed: number): Array<A> => {
  const out = [...items]
  let state = seed >>> 0
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

let counter = 0

describe("ReplayTransport properties", () => {
  it.effect.prop(
    "replaying a recording equals the recording, in order and in any order",
    [fc.array(op, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.nat()],
    ([ops, redact, seed]) =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const dir = yield* fs.makeTempDirectoryScoped({ prefix: "mcsend-replay-prop-" })
        const path = `${dir}/run-${counter++}.json`
        const options = redact ? { path, redact: ["CODE"] } : { path }
        const recorded = yield* Effect.forEach(ops, run).pipe(
          Effect.provide(
            ReplayTransport.layerRecord(options).pipe(Layer.provide(MemoryTransport.layerTest({ definitions })))
          )
        )
        const calls = ops.flatMap((o, i) => (o._tag === "advance" ? [] : [{ op: o, outcome: recorded[i]! }]))

        // In recorded order, every outcome comes back as it was.
        const ordered = yield* Effect.forEach(calls, (c) => run(c.op)).pipe(
          Effect.provide(ReplayTransport.layerReplay({ path, strict: true }))
        )
        expect(ordered).toEqual(calls.map((c) => c.outcome))

        // In any order, each request gets the earliest unplayed outcome recorded for an equal (masked) request.
        const cassette = JSON.parse(yield* fs.readFileString(path))
        expect(cassette.interactions).toHaveLength(calls.length)
        const keys: Array<string> = cassette.interactions.map(
          (i: { operation: string; request: unknown }) => `${i.operation} ${sortedJson(i.request)}`
        )
        const order = shuffle(
          calls.map((_, i) => i),
          seed
        )
        const unordered = yield* Effect.forEach(order, (i) => run(calls[i]!.op)).pipe(
          Effect.provide(ReplayTransport.layerReplay({ path, mode: "unordered", strict: true }))
        )
        const played = new Set<number>()
        const expected = order.map((i) => {
          const j = keys.findIndex((key, n) => key === keys[i] && !played.has(n))
          played.add(j)
          return calls[j]!.outcome
        })
        expect(unordered).toEqual(expected)
        if (redact) {
          for (const i of cassette.interactions)
            expect(JSON.stringify(i.request)).not.toMatch(/"code":"(?!\[REDACTED\])/i)
        }
      }).pipe(Effect.scoped, Effect.provide(NodeFileSystem.layer)),
    { fastCheck: { numRuns: 40 } }
  )
})
