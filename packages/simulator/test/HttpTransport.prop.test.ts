import { describe, expect, it } from "@effect/vitest"
import * as MessageKeyGenerator from "@mcsend/domain/MessageKeyGenerator"
import * as RequestIdGenerator from "@mcsend/domain/RequestIdGenerator"
import type * as SendRequest from "@mcsend/domain/SendRequest"
import * as MemoryTransport from "@mcsend/transport/MemoryTransport"
import type * as SmsTransport from "@mcsend/transport/SmsTransport"
import { Effect, Either, FastCheck as fc, TestClock } from "effect"
import { drive, startSimulator, transportFor, welcome } from "./support.js"

// Differential: the same sequence of sends, status reads and clock moves through HttpTransport over the simulator
// and through MemoryTransport gives the same outcomes. Generated keys are compared by position only: the two sides
// draw them from equal generators, but a request refused before keys are assigned (10002, 10001, …) draws none on the
// server and some on the client, so the sequences may drift apart.

const pool = ["k1", "k2", "k3"]

const recipientArb = fc.record(
  {
    contactKey: fc.constantFrom("c1", "c2", ""),
    to: fc.constantFrom("15555550001", "+15555550002", "12x", ""),
    messageKey: fc.constantFrom(...pool, "x".repeat(101)),
    attributes: fc.constantFrom({ FirstName: "Astro" }, { firstname: 7, Code: true })
  },
  { requiredKeys: [] }
)

const commonArb = {
  definitionKey: fc.constantFrom("welcome", "welcome", "welcome", "nope", ""),
  content: fc.constantFrom(undefined, { message: "Hi %%FirstName%%" }),
  subscriptions: fc.constantFrom(undefined, { resubscribe: true })
}

type Op =
  | { readonly _tag: "Send"; readonly request: SendRequest.SendRequest }
  | { readonly _tag: "Status"; readonly messageKey: string }
  | { readonly _tag: "Advance"; readonly millis: number }
  | { readonly _tag: "Stop"; readonly from: string }
  | {
      readonly _tag: "Faulted"
      readonly fault: "drop" | "throttle" | "unavailable"
      readonly request: SendRequest.SendRequest
    }

const withoutUndefined = <A extends object>(a: A): A =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as A

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({ ...commonArb, recipients: fc.array(recipientArb, { minLength: 0, maxLength: 5 }) })
      .map((r): Op => ({ _tag: "Send", request: withoutUndefined(r) as SendRequest.SendRequest }))
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        ...commonArb,
        // An empty key cannot travel in the single route's path: docs/http-transport.md.
        recipient: recipientArb.filter((r) => r.messageKey !== "")
      })
      .map((r): Op => ({ _tag: "Send", request: withoutUndefined(r) as SendRequest.SendRequest }))
  },
  { weight: 2, arbitrary: fc.constantFrom(...pool).map((messageKey): Op => ({ _tag: "Status", messageKey })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(1_000, 5_000, 72 * 3_600_000).map((millis): Op => ({ _tag: "Advance", millis }))
  },
  { weight: 1, arbitrary: fc.constant<Op>({ _tag: "Stop", from: "15555550001" }) }
)

/** An outcome with generated keys replaced by a placeholder (see above). */
/** Clock moves and inbound messages act on both sides at once; only the transports' answers are compared. */
const actOnBoth = (
  op: Extract<Op, { readonly _tag: "Advance" | "Stop" }>,
  reference: MemoryTransport.MemoryTransport,
  simulated: MemoryTransport.MemoryTransport
): Effect.Effect<void> =>
  op._tag === "Advance"
    ? TestClock.adjust(op.millis)
    : Effect.zipRight(reference.inbound(op.from, "STOP"), simulated.inbound(op.from, "STOP"))

const normalize = (outcome: Either.Either<unknown, unknown>, ignoreIds = false): unknown =>
  JSON.parse(
    JSON.stringify(
      Either.match(outcome, {
        onLeft: (error) => {
          const e = error as { _tag: string; errorcode?: number; message?: string }
          return { error: e._tag, errorcode: e.errorcode, message: e.message }
        },
        onRight: (value) => ({ value })
      }),
      (key, value) =>
        ignoreIds && (key === "requestId" || key === "compositeId")
          ? undefined
          : key === "messageKey" && typeof value === "string" && !pool.includes(value) && value.length === 22
            ? "<generated>"
            : value
    )
  )

const run = (
  transport: SmsTransport.Service,
  op: Op,
  memory: MemoryTransport.MemoryTransport
): Effect.Effect<Either.Either<unknown, unknown>> => {
  switch (op._tag) {
    case "Send":
      return Effect.either(transport.send(op.request))
    case "Status":
      return Effect.either(transport.status(op.messageKey))
    case "Advance":
      return Effect.as(TestClock.adjust(op.millis), Either.right("advanced"))
    case "Stop":
      return Effect.as(memory.inbound(op.from, "STOP"), Either.right("stopped"))
    case "Faulted":
      return Effect.either(transport.send(op.request))
  }
}

const sendArb = opArb.filter((op) => op._tag === "Send") as fc.Arbitrary<Extract<Op, { _tag: "Send" }>>

const faultedArb: fc.Arbitrary<Op> = fc
  .record({ fault: fc.constantFrom("drop" as const, "throttle" as const, "unavailable" as const), send: sendArb })
  .map(({ fault, send }) => ({ _tag: "Faulted", fault, request: send.request }))

describe("HttpTransport over the simulator, against MemoryTransport", () => {
  it.scoped.prop(
    "the same requests give the same outcomes",
    [fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1000 })],
    ([ops, seed]) =>
      Effect.gen(function* () {
        const reference = yield* MemoryTransport.make({ definitions: [welcome] }).pipe(
          Effect.provide(MessageKeyGenerator.layerDeterministic(seed)),
          Effect.provide(RequestIdGenerator.layerDeterministic)
        )
        const requestIds = yield* Effect.provide(
          RequestIdGenerator.RequestIdGenerator,
          RequestIdGenerator.layerDeterministic
        )
        const sim = yield* startSimulator({ requestIds })
        const http = yield* transportFor(sim, { messageKeys: MessageKeyGenerator.deterministic(seed) })
        for (const op of ops) {
          if (op._tag === "Advance" || op._tag === "Stop") {
            yield* actOnBoth(op, reference, sim.memory)
            continue
          }
          const expected = normalize(yield* run(reference.transport(), op, reference))
          const actual = normalize(yield* run(http, op, sim.memory))
          expect(actual).toEqual(expected)
        }
      }),
    { fastCheck: { numRuns: 40 } }
  )

  // Lost answers, throttling and outages change nothing a caller sees: the retry sends the same keys, and a 109110
  // caused by the lost attempt is reconciled as queued. Every message is queued at most once.
  it.scoped.prop(
    "faults the transport retries through give the same outcomes, with nothing queued twice",
    [
      fc.array(fc.oneof(opArb, faultedArb, faultedArb), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 1, max: 1000 })
    ],
    ([ops, seed]) =>
      Effect.gen(function* () {
        const reference = yield* MemoryTransport.make({ definitions: [welcome] }).pipe(
          Effect.provide(MessageKeyGenerator.layerDeterministic(seed)),
          Effect.provide(RequestIdGenerator.layerDeterministic)
        )
        const sim = yield* startSimulator()
        // Retries wait no time here, so both sides queue at the same instant and statuses stay comparable; the
        // waits themselves are checked in HttpTransport.test.ts.
        const http = yield* transportFor(sim, {
          messageKeys: MessageKeyGenerator.deterministic(seed),
          retry: { baseDelay: "0 millis" }
        })
        for (const op of ops) {
          if (op._tag === "Advance" || op._tag === "Stop") {
            yield* actOnBoth(op, reference, sim.memory)
            continue
          }
          if (op._tag === "Faulted") {
            // Reconciliation reads queue times to the second: a caller reusing a key for the same contact within
            // that tolerance is indistinguishable from a lost attempt (docs/http-transport.md), so keep them apart.
            yield* TestClock.adjust(2_000)
            if (op.fault === "drop") yield* sim.faults.dropAfterProcessing(1)
            else if (op.fault === "throttle") yield* sim.faults.throttle(1, { retryAfterSeconds: 0 })
            else yield* sim.faults.unavailable(1, { retryAfterSeconds: 0 })
          }
          // Request ids differ: a lost attempt's batch took one on the simulator.
          const expected = normalize(yield* run(reference.transport(), op, reference), true)
          const { advanced, exit } = yield* drive(run(http, op, sim.memory))
          expect(advanced).toBe(0)
          yield* sim.faults.reset
          expect(exit._tag === "Success" ? normalize(exit.value, true) : exit).toEqual(expected)
        }
        const queued = (events: ReadonlyArray<{ readonly _tag: string }>) =>
          events.filter((e) => e._tag === "MessageQueued").length
        expect(queued(yield* sim.memory.events())).toBe(queued(yield* reference.events()))
      }),
    { fastCheck: { numRuns: 30 } }
  )
})
