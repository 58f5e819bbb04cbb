/**
 * The conformance suite: the semantics of design section 3 as fast-check properties, runnable against any
 * `SmsTransport`. {@link run} registers one `@effect/vitest` test per property:
 *
 * ```ts
 * import { Suite } from "@mcsend/conformance"
 * import { MemoryTransport } from "@mcsend/transport"
 *
 * Suite.run("MemoryTransport", { layer: Suite.memoryLayer(), driver: Suite.memoryDriver() })
 * ```
 *
 * Every case builds the layer afresh (with a fresh `TestClock` at 0), so cases never see each other's keys.
 *
 * @since 0.1.0
 */

import { randomUUID } from "node:crypto"
import { rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, it } from "@effect/vitest"
import type { Route } from "@mcsend/domain/SendRequest"
import type { SendResponse } from "@mcsend/domain/SendResponse"
import * as MemoryTransport from "@mcsend/transport/MemoryTransport"
import * as SmsTransport from "@mcsend/transport/SmsTransport"
import type { SendError } from "@mcsend/transport/TransportError"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import type * as TestServices from "effect/TestServices"
import fc from "fast-check"
import * as Arbitraries from "./Arbitraries.js"
import {
  ConformanceViolation,
  check,
  judgeSend,
  portRoute,
  runFresh,
  send,
  sendOutcome,
  status
} from "./internal/harness.js"
import * as Steps from "./internal/steps.js"
import * as Model from "./Model.js"

export {
  /**
   * The error a property fails with when the transport broke a rule: `rule` names it, `detail` says how.
   *
   * @since 0.1.0
   * @category errors
   */
  ConformanceViolation
}

const SmsTransportTag = SmsTransport.SmsTransport

/**
 * How the suite drives a transport beyond the port: its clock, inbound texts, send definitions and settings.
 * `R` is what the driver needs from the layer (for MemoryTransport: its `MemoryTransport` handle).
 *
 * @since 0.1.0
 * @category models
 */
export interface Driver<R> {
  /** The business unit the layer's `SmsTransport` sends for. */
  readonly businessUnit: string
  /** The transport's window, recipient limit and timings (the design's defaults otherwise). */
  readonly settings?: Partial<Model.Settings>
  /** Moves the transport's clock forward (for a transport on Effect's `Clock`: `TestClock.adjust`). */
  readonly adjustClock: (millis: number) => Effect.Effect<void, unknown, R | TestServices.TestServices>
  /** Delivers an inbound text from a subscriber (`STOP`, …). */
  readonly inbound: (from: string, text: string, businessUnit: string) => Effect.Effect<void, unknown, R>
  /** Creates a send definition (its key is new in this business unit). */
  readonly define: (
    definition: { readonly definitionKey: string; readonly message: string; readonly active: boolean },
    businessUnit: string
  ) => Effect.Effect<void, unknown, R>
  /** Activates or deactivates an existing definition. */
  readonly setDefinitionActive: (
    definitionKey: string,
    active: boolean,
    businessUnit: string
  ) => Effect.Effect<void, unknown, R>
  /** A second business unit of the same transport, for the per-business-unit rules (skipped without one). */
  readonly otherBusinessUnit?: {
    readonly name: string
    readonly transport: Effect.Effect<SmsTransport.Service, unknown, R>
  }
  /** Sends raw body text, for bodies the typed port cannot carry (text that is not JSON). */
  readonly submitText?: (text: string, route: Route, businessUnit: string) => Effect.Effect<SendResponse, SendError, R>
  /** The rendered text of the most recent message with a key, when the transport can show it. */
  readonly renderedText?: (messageKey: string, businessUnit: string) => Effect.Effect<Option.Option<string>, unknown, R>
  /** Check status timestamps against the clock (default true: the transport's clock is the one `adjustClock` moves). */
  readonly checkTimestamps?: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export type PropertyName =
  | "items"
  | "codes"
  | "independence"
  | "wholeRequest"
  | "window"
  | "subscriptions"
  | "content"
  | "model"
  | "robustness"
  | "robustnessNonObject"
  | "robustnessText"
  | "replay"

/**
 * What the suite runs against.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<R, E = never> {
  /** Built afresh for every case; provides the port and what the driver needs. */
  readonly layer: Layer.Layer<SmsTransport.SmsTransport | R, E, TestServices.TestServices>
  readonly driver: Driver<R>
  /** Runs per property (default: `MCSEND_PROP_RUNS`, else {@link defaultRuns}). */
  readonly numRuns?: number
  /** The properties to run (default: all). */
  readonly only?: ReadonlyArray<PropertyName>
  /**
   * Properties this transport is known to fail, with the reason: registered with `it.fails`, so the test goes red
   * when the bug is fixed and the entry can go.
   */
  readonly knownFailures?: Partial<Record<PropertyName, string>>
  /**
   * Cases for which this answers false are skipped (`fc.pre`), to keep a known bug from failing every property while
   * it is being fixed. Say why next to it, and remove it with the bug.
   */
  readonly assume?: (generated: unknown, property: PropertyName) => boolean
  /** Per-test timeout in ms (default 120 000). */
  readonly timeout?: number
  /**
   * How to record the transport to a cassette and replay it, for property 8 (not run without it). With
   * `@mcsend/transport`'s ReplayTransport: `record: (path) => ReplayTransport.layerRecord({ path })` and
   * `replay: (path) => ReplayTransport.layerReplay({ path })`, each with a `FileSystem` provided.
   */
  readonly replay?: {
    /** Wraps the `SmsTransport` in context so that it records to `path`. */
    readonly record: (path: string) => Layer.Layer<SmsTransport.SmsTransport, unknown, SmsTransport.SmsTransport>
    /** A transport that answers from the cassette at `path`. */
    readonly replay: (path: string) => Layer.Layer<SmsTransport.SmsTransport, unknown>
  }
}

/**
 * The runs per property when `MCSEND_PROP_RUNS` is not set.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRuns = 40

/**
 * fast-check parameters from the environment: `MCSEND_PROP_RUNS`, `MCSEND_PROP_SEED`, `MCSEND_PROP_PATH`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const parameters = (numRuns?: number): fc.Parameters<unknown> => {
  const env = typeof process === "undefined" ? {} : process.env
  const runs = numRuns ?? (Number.parseInt(env.MCSEND_PROP_RUNS ?? "", 10) || defaultRuns)
  const seed = env.MCSEND_PROP_SEED === undefined ? undefined : Number.parseInt(env.MCSEND_PROP_SEED, 10)
  return {
    numRuns: runs,
    ...(seed === undefined || Number.isNaN(seed) ? {} : { seed }),
    ...(env.MCSEND_PROP_PATH ? { path: env.MCSEND_PROP_PATH } : {})
  }
}

interface Property {
  readonly name: PropertyName
  readonly title: string
  /** Relative cost: the runs of this property are `numRuns * weight` (at least 1). */
  readonly weight: number
  readonly make: <R, E>(options: Options<R, E>, settings: Model.Settings) => fc.IAsyncProperty<[unknown]>
}

const settingsOf = <R>(driver: Driver<R>): Model.Settings => ({ ...Model.defaultSettings, ...driver.settings })

const requestOptions = (settings: Model.Settings, definitionKey = "conformance") => ({
  definitionKey,
  maxRecipients: settings.maxRecipients,
  maxBatch: 12
})

// Boundary-heavy clock moves: the window's edges, the delivery delay's, and anything in between.
const advance = (s: Model.Settings) =>
  fc.oneof(
    fc.constantFrom(0, 1, s.deliveryDelay - 1, s.deliveryDelay, s.window - 1, s.window, s.window + 1),
    fc.integer({ min: 0, max: s.window + s.deliveryDelay })
  )

const prop = <T, R, E>(
  name: PropertyName,
  options: Options<R, E>,
  arbitrary: fc.Arbitrary<T>,
  body: (
    value: T
  ) => Effect.Effect<void, unknown, SmsTransport.SmsTransport | R | TestServices.TestServices | Scope.Scope>
): fc.IAsyncProperty<[unknown]> =>
  fc.asyncProperty(arbitrary as fc.Arbitrary<unknown>, (value) => {
    if (options.assume !== undefined) fc.pre(options.assume(value, name))
    return runFresh(options.layer, body(value as T))
  })

const openWorld = <R>(driver: Driver<R>, settings: Model.Settings, businessUnits: 1 | 2 = 1) =>
  Steps.open(driver, settings, { businessUnits, definitions: Steps.baseDefinitions })

const properties: ReadonlyArray<Property> = [
  {
    name: "items",
    title: "1. one item per recipient, in request order; supplied keys echoed; generated keys well-formed and unique",
    weight: 1,
    make: (options, settings) => {
      const o = requestOptions(settings)
      const arb = Arbitraries.keyPool().chain((pool) =>
        fc.oneof(
          { weight: 3, arbitrary: Arbitraries.validRequest(o) },
          { weight: 3, arbitrary: Arbitraries.mixedBatch(o, pool) },
          { weight: 2, arbitrary: Arbitraries.denseRepeatedKeys(o) },
          { weight: 1, arbitrary: Arbitraries.nearLimit(o) }
        )
      )
      return prop("items", options, arb, (wire) =>
        Effect.gen(function* () {
          const world = yield* openWorld(options.driver, settings)
          yield* Steps.executeAll(world, [
            { _tag: "Send", bu: 0, body: wire.body },
            { _tag: "StatusAll", bu: 0 }
          ])
        })
      )
    }
  },
  {
    name: "codes",
    title: "2. an item fails exactly when a rule says so, with the first rule's code; errorcode and message agree",
    weight: 1,
    make: (options, settings) => {
      const o = requestOptions(settings)
      const arb = Arbitraries.keyPool(5).chain((pool) =>
        fc.array(
          fc.tuple(
            advance(settings),
            fc.oneof(Arbitraries.mixedBatch(o, pool), Arbitraries.denseRepeatedKeys(o), Arbitraries.validRequest(o))
          ),
          { minLength: 1, maxLength: 4 }
        )
      )
      return prop("codes", options, arb, (sends) =>
        Effect.gen(function* () {
          const world = yield* openWorld(options.driver, settings)
          for (const [millis, wire] of sends) {
            yield* Steps.executeAll(world, [
              { _tag: "Advance", millis },
              { _tag: "Send", bu: 0, body: wire.body }
            ])
          }
          yield* Steps.execute(world, { _tag: "StatusAll", bu: 0 })
        })
      )
    }
  },
  {
    name: "independence",
    title: "3. adding, removing or reordering failing recipients never changes another recipient's outcome",
    weight: 1,
    make: (options, settings) => {
      const o = requestOptions(settings)
      // Failing recipients with keys of their own (or generated ones): a shared key would make them "earlier
      // occurrences", which the rules say do affect later ones.
      const failing = fc.array(
        fc.tuple(
          Arbitraries.invalidRecipient(
            fc.option(
              fc.integer({ min: 0, max: 1_000_000 }).map((n) => `failing-${n}`),
              { nil: undefined }
            )
          ).map((x) => x.recipient),
          fc.nat(),
          fc.boolean()
        ),
        { maxLength: 6 }
      )
      const arb = Arbitraries.keyPool(5).chain((pool) =>
        fc.record({
          history: fc.option(Arbitraries.mixedBatch(o, pool), { nil: undefined }),
          base: fc.array(Arbitraries.recipient(Arbitraries.keyFrom(pool)), { minLength: 1, maxLength: 8 }),
          failing,
          resubscribe: fc.boolean()
        })
      )
      return prop("independence", options, arb, ({ history, base, failing, resubscribe }) =>
        Effect.gen(function* () {
          const taken = new Set(failing.map(([r]) => r.messageKey).filter((k) => k !== undefined))
          // Two requests: the base with one arrangement of failing recipients, and with another.
          const arrange = (pick: (i: number) => boolean, salt: number) => {
            const list: Array<{ readonly r: unknown; readonly base: number | undefined }> = base.map((r, i) => ({
              r,
              base: i
            }))
            failing.forEach(([r, position, inA], i) => {
              if (!pick(i) && !(inA && salt === 0)) return
              const at = (position + salt * 7) % (list.length + 1)
              list.splice(at, 0, { r, base: undefined })
            })
            return list
          }
          const a = arrange(() => false, 0)
          const b = arrange(() => true, 1)
          const outcomes = (list: ReadonlyArray<{ readonly r: unknown; readonly base: number | undefined }>) =>
            runFresh(
              options.layer,
              Effect.gen(function* () {
                const world = yield* openWorld(options.driver, settings)
                if (history !== undefined) yield* Steps.execute(world, { _tag: "Send", bu: 0, body: history.body })
                const body = {
                  definitionKey: o.definitionKey,
                  subscriptions: { resubscribe },
                  recipients: list.map((x) => x.r)
                }
                const expected = world.model.expect(world.units[0]!.name, body, { _tag: "Batch" })
                const outcome = yield* send(world.units[0]!.transport, body)
                const keys = judgeSend(expected, outcome, body)
                if (outcome._tag !== "Accepted" || keys === undefined) return []
                const result: Array<{ readonly base: number; readonly code: unknown; readonly status: unknown }> = []
                for (let i = 0; i < list.length; i++) {
                  const baseIndex = list[i]!.base
                  if (baseIndex === undefined) continue
                  const item = outcome.response.responses[i]!
                  const supplied = base[baseIndex]!.messageKey
                  const st =
                    supplied === undefined || taken.has(supplied)
                      ? "generated"
                      : yield* status(world.units[0]!.transport, supplied)
                  result.push({
                    base: baseIndex,
                    code: [item.errorcode, supplied === undefined ? "generated" : item.messageKey],
                    status: typeof st === "string" ? st : st._tag === "Found" ? st.status.eventCategoryType : st._tag
                  })
                }
                return result
              })
            )
          const [ra, rb] = [yield* Effect.promise(() => outcomes(a)), yield* Effect.promise(() => outcomes(b))]
          for (let i = 0; i < base.length; i++) {
            const x = ra.find((r) => r.base === i)
            const y = rb.find((r) => r.base === i)
            check(
              JSON.stringify(x) === JSON.stringify(y),
              "independence",
              () =>
                `recipient ${i} (${JSON.stringify(base[i])}) answered ${JSON.stringify(x)} among ${a.length - base.length} failing recipients but ${JSON.stringify(y)} among ${b.length - base.length}`
            )
          }
        })
      )
    }
  },
  {
    name: "wholeRequest",
    title: "4. whole-request errors queue nothing: no status for the request's keys, no key consumed",
    weight: 1,
    make: (options, settings) => {
      const o = { ...requestOptions(settings), unknownDefinitionKey: "conformance-unknown" }
      return prop("wholeRequest", options, Arbitraries.invalidRequest(o), (wire) =>
        Effect.gen(function* () {
          const world = yield* openWorld(options.driver, settings)
          const transport = world.units[0]!.transport
          // A body that is not an object goes through the port only in 9b; here it goes as text when it can.
          const isObject = typeof wire.body === "object" && wire.body !== null && !Array.isArray(wire.body)
          const submit = options.driver.submitText
          if (isObject) {
            yield* Steps.execute(world, { _tag: "Send", bu: 0, body: wire.body })
          } else if (submit !== undefined) {
            const exit = yield* Effect.exit(
              submit(JSON.stringify(wire.body), { _tag: "Batch" }, options.driver.businessUnit)
            )
            const code =
              Exit.isFailure(exit) &&
              Cause.failureOption(exit.cause).pipe(Option.getOrUndefined)?._tag === "RequestRejected"
                ? (Cause.failureOption(exit.cause).pipe(Option.getOrThrow) as { errorcode: number }).errorcode
                : undefined
            check(code === wire.errorcode, "whole-request errors", () => `expected ${wire.errorcode}, got ${code}`)
          } else {
            return
          }
          // Nothing was queued: none of the request's keys has a status, and each can be queued now.
          const keys = [
            ...new Set(
              recipientsIn(wire.body)
                .map((r) => r.messageKey)
                .filter((k): k is string => typeof k === "string" && Model.isValidKey(k))
            )
          ]
          for (const key of keys) yield* Steps.execute(world, { _tag: "Status", bu: 0, key })
          for (let i = 0; i < keys.length; i += settings.maxRecipients) {
            const body = {
              definitionKey: o.definitionKey,
              recipients: keys
                .slice(i, i + settings.maxRecipients)
                .map((messageKey) => ({ to: "15555550100", contactKey: "after", messageKey }))
            }
            const expected = world.model.expect(world.units[0]!.name, body, { _tag: "Batch" })
            const keysBack = judgeSend(expected, yield* send(transport, body), body)
            if (keysBack !== undefined) world.model.commit(world.units[0]!.name, expected, keysBack)
          }
        })
      )
    }
  },
  {
    name: "window",
    title:
      "5. the window is exact to the millisecond and per business unit; a rejected recipient never consumes its key",
    weight: 1,
    make: (options, settings) => {
      // Mostly the edges of the window, so that an off-by-one millisecond shows within a few cases.
      const edge = fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(settings.window - 1, settings.window, settings.window + 1, 1) },
        { weight: 1, arbitrary: fc.constantFrom(0, settings.deliveryDelay) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: settings.window + 1 }) }
      )
      const step = (key: string) =>
        fc
          .tuple(
            edge,
            fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }),
            fc.constantFrom("valid", "valid", "valid", "badTo", "noContact"),
            Arbitraries.contactKey,
            Arbitraries.phoneNumber
          )
          .map(([millis, bu, kind, contactKey, to]): ReadonlyArray<Steps.Step> => {
            const recipient =
              kind === "valid"
                ? { to, contactKey, messageKey: key }
                : kind === "badTo"
                  ? { to: `${to}x`, contactKey, messageKey: key }
                  : { to, messageKey: key }
            return [
              { _tag: "Advance", millis },
              { _tag: "Send", bu, body: { definitionKey: "conformance", recipients: [recipient] } },
              { _tag: "Status", bu, key }
            ]
          })
      const arb = Arbitraries.messageKey.chain((key) => fc.array(step(key), { minLength: 2, maxLength: 6 }))
      return prop("window", options, arb, (steps) =>
        Effect.gen(function* () {
          const world = yield* openWorld(options.driver, settings, 2)
          yield* Steps.executeAll(world, steps.flat())
        })
      )
    }
  },
  {
    name: "subscriptions",
    title: "6a. opt-out (STOP and friends) and resubscribe",
    weight: 1,
    make: (options, settings) => {
      const numbers = ["15555550001", "15555550002"]
      const variant = fc
        .tuple(fc.nat(numbers.length - 1), fc.boolean())
        .map(([i, plus]) => `${plus ? "+" : ""}${numbers[i]}`)
      const step: fc.Arbitrary<ReadonlyArray<Steps.Step>> = fc.oneof(
        fc
          .tuple(variant, fc.oneof(Arbitraries.optOutText, Arbitraries.otherInboundText))
          .map(([from, text]) => [{ _tag: "Inbound" as const, bu: 0, from, text }]),
        fc
          .tuple(
            fc.array(variant, { minLength: 1, maxLength: 3 }),
            fc.boolean(),
            fc.constantFrom("conformance", "conformance-paused")
          )
          .map(([tos, resubscribe, definitionKey]) => [
            {
              _tag: "Send" as const,
              bu: 0,
              body: {
                definitionKey,
                subscriptions: { resubscribe },
                recipients: tos.map((to, i) => ({ to, contactKey: `c${i}` }))
              }
            }
          ]),
        fc.constantFrom(settings.deliveryDelay, 1, settings.deliveryDelay - 1).map((millis) => [
          { _tag: "Advance" as const, millis },
          { _tag: "StatusAll" as const, bu: 0 }
        ])
      )
      const arb = fc.array(step, { minLength: 1, maxLength: 10 })
      return prop("subscriptions", options, arb, (steps) =>
        Effect.gen(function* () {
          const world = yield* openWorld(options.driver, settings)
          yield* Steps.executeAll(world, [
            ...steps.flat(),
            { _tag: "Advance", millis: settings.deliveryDelay },
            { _tag: "StatusAll", bu: 0 }
          ])
        })
      )
    }
  },
  {
    name: "content",
    title: "6b. content overrides, %%substitution%%, segment limits and inactive definitions",
    weight: 1,
    make: (options, settings) => {
      const names = ["FirstName", "firstname", "CODE", "Code", "__proto__", "constructor", "toString", "Missing"]
      const value = fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.integer(),
        fc.boolean(),
        fc.constantFrom("x".repeat(1600), "é".repeat(700), "€".repeat(800), "🙂".repeat(340), "a".repeat(153))
      )
      const bag = fc
        .uniqueArray(fc.tuple(fc.constantFrom(...names), value), { maxLength: 3, selector: ([n]) => n.toLowerCase() })
        .map((e) => Object.fromEntries(e))
      const template = fc
        .array(
          fc.oneof(
            fc.constantFrom(...names).map((n) => `%%${n}%%`),
            fc.constantFrom("Hi ", ", ", "code: ", "€", "🙂", "{x}", "%", "x".repeat(150), "ü".repeat(60))
          ),
          { maxLength: 6 }
        )
        .map((parts) => parts.join(""))
      const send = fc
        .record(
          {
            definitionKey: fc.constantFrom("conformance", "conformance-long", "conformance-paused", "conformance-new"),
            content: fc.record({ message: template }),
            attributes: bag,
            recipients: fc.array(
              fc.record(
                { to: Arbitraries.phoneNumber, contactKey: fc.constant("c"), attributes: bag },
                { requiredKeys: ["to", "contactKey"] }
              ),
              { minLength: 1, maxLength: 3 }
            )
          },
          { requiredKeys: ["definitionKey", "recipients"] }
        )
        .map((body): Steps.Step => ({ _tag: "Send", bu: 0, body }))
      const step: fc.Arbitrary<Steps.Step> = fc.oneof(
        { weight: 4, arbitrary: send },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom("conformance", "conformance-long", "conformance-paused"), fc.boolean())
            .map(([key, active]): Steps.Step => ({ _tag: "SetActive", bu: 0, key, active }))
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(template, fc.boolean())
            .map(
              ([message, active]): Steps.Step => ({ _tag: "Define", bu: 0, key: "conformance-new", message, active })
            )
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(settings.deliveryDelay, settings.expiration - 1, settings.expiration)
            .map((millis): Steps.Step => ({ _tag: "Advance", millis }))
        }
      )
      const arb = fc.array(step, { minLength: 1, maxLength: 8 })
      return prop("content", options, arb, (steps) =>
        Effect.gen(function* () {
          const world = yield* openWorld(options.driver, settings)
          yield* Steps.executeAll(world, [
            ...steps,
            { _tag: "StatusAll", bu: 0 },
            { _tag: "Advance", millis: settings.deliveryDelay },
            { _tag: "StatusAll", bu: 0 },
            { _tag: "Advance", millis: settings.expiration },
            { _tag: "StatusAll", bu: 0 }
          ])
        })
      )
    }
  },
  {
    name: "model",
    title:
      "7. model-based: sends, clock moves (to the window's edges too), inbound STOPs, status reads and definition changes against the model",
    weight: 1,
    make: (options, settings) => {
      const o = requestOptions(settings)
      const pool = ["m1", "m2", "m3", "🙂-key", "k".repeat(100)]
      const numbers = ["15555550001", "+15555550001", "15555550002"]
      const bu = fc.nat(1)
      const command = (arb: fc.Arbitrary<Steps.Step>) => arb.map((step) => new StepCommand(step))
      const commands = fc.commands(
        [
          command(
            fc
              .tuple(bu, fc.oneof(Arbitraries.mixedBatch(o, pool), Arbitraries.validRequest(o)))
              .map(([b, w]) => ({ _tag: "Send", bu: b, body: w.body }))
          ),
          command(
            fc
              .tuple(
                bu,
                fc.array(fc.constantFrom(...numbers), { minLength: 1, maxLength: 3 }),
                fc.boolean(),
                fc.constantFrom("conformance", "conformance-paused", "conformance-new"),
                fc.constantFrom(...pool)
              )
              .map(([b, tos, resubscribe, definitionKey, key]) => ({
                _tag: "Send",
                bu: b,
                body: {
                  definitionKey,
                  subscriptions: { resubscribe },
                  recipients: tos.map((to, i) =>
                    i === 0 ? { to, contactKey: "m", messageKey: key } : { to, contactKey: "m" }
                  )
                }
              }))
          ),
          command(advance(settings).map((millis) => ({ _tag: "Advance", millis }))),
          command(fc.constantFrom(-1, 0).map((offset) => ({ _tag: "AdvanceToWindowEdge", offset }))),
          command(
            fc
              .tuple(fc.constantFrom(-1, 0), fc.constantFrom(...numbers))
              .map(([offset, to]) => ({ _tag: "ResendAtWindowEdge", offset, to }))
          ),
          command(
            fc
              .tuple(bu, fc.nat(3), fc.constantFrom(...numbers))
              .map(([b, back, to]) => ({ _tag: "Resend", bu: b, back, to }))
          ),
          command(
            fc
              .tuple(bu, fc.constantFrom(...numbers), fc.oneof(Arbitraries.optOutText, Arbitraries.otherInboundText))
              .map(([b, from, text]) => ({ _tag: "Inbound", bu: b, from, text }))
          ),
          command(
            fc
              .tuple(bu, fc.oneof(fc.constantFrom(...pool), fc.nat()))
              .map(([b, key]) => ({ _tag: "Status", bu: b, key }))
          ),
          command(bu.map((b) => ({ _tag: "StatusAll", bu: b }))),
          command(
            fc
              .tuple(bu, fc.constantFrom("conformance", "conformance-paused", "conformance-new"), fc.boolean())
              .map(([b, key, active]) => ({ _tag: "SetActive", bu: b, key, active }))
          ),
          command(
            fc
              .tuple(bu, fc.constantFrom("Hello %%FirstName%%", "x".repeat(1600)), fc.boolean())
              .map(([b, message, active]) => ({ _tag: "Define", bu: b, key: "conformance-new", message, active }))
          )
        ],
        { maxCommands: 25 }
      )
      return prop("model", options, commands, (cmds) =>
        Effect.gen(function* () {
          const world = yield* openWorld(options.driver, settings, 2)
          const runtime = yield* Effect.runtime<SmsTransport.SmsTransport | TestServices.TestServices>()
          const real: Real = {
            run: (step) =>
              Runtime.runPromiseExit(runtime)(
                Steps.execute(world, step) as Effect.Effect<void, unknown, TestServices.TestServices>
              ).then((exit) => {
                if (Exit.isFailure(exit)) throw Cause.squash(exit.cause)
              })
          }
          yield* Effect.promise(() => fc.asyncModelRun(() => ({ model: { world }, real }), cmds))
        })
      )
    }
  },
  {
    name: "replay",
    title: "8. replaying a recording of any command sequence gives exactly the recorded outcomes",
    weight: 0.5,
    make: (options, settings) => {
      const o = requestOptions(settings)
      const op = (pool: ReadonlyArray<string>): fc.Arbitrary<ReplayOp> =>
        fc.oneof(
          {
            weight: 4,
            arbitrary: fc
              .oneof(Arbitraries.mixedBatch(o, pool), Arbitraries.validRequest(o))
              .map((w) => ({ _tag: "Send" as const, body: w.body }))
          },
          {
            weight: 2,
            arbitrary: fc.oneof(fc.constantFrom(...pool), fc.nat()).map((key) => ({ _tag: "Status" as const, key }))
          },
          { weight: 1, arbitrary: advance(settings).map((millis) => ({ _tag: "Advance" as const, millis })) },
          {
            weight: 1,
            arbitrary: fc
              .tuple(Arbitraries.phoneNumber, Arbitraries.optOutText)
              .map(([from, text]) => ({ _tag: "Inbound" as const, from, text }))
          }
        )
      const arb = Arbitraries.keyPool(4).chain((pool) => fc.array(op(pool), { minLength: 1, maxLength: 12 }))
      return prop("replay", options, arb, (ops) => replayCase(options, settings, ops))
    }
  },
  {
    name: "robustness",
    title: "9. any JSON object as a body gets a typed answer, and the transport keeps working",
    weight: 1,
    make: (options, settings) => {
      // A `recipient` that is null is 9b's case.
      const body = Arbitraries.jsonBody.filter(
        (b) =>
          typeof b === "object" && b !== null && !Array.isArray(b) && (b as { recipient?: unknown }).recipient !== null
      )
      return prop("robustness", options, body, (body) =>
        Effect.gen(function* () {
          const world = yield* openWorld(options.driver, settings)
          yield* robust(world, body)
          yield* stillWorks(world)
        })
      )
    }
  },
  {
    name: "robustnessText",
    title:
      "9c. any text as a body (with the driver's submitText) gets a typed answer; text that is not JSON answers 10004",
    weight: 1,
    make: (options, settings) =>
      prop("robustnessText", options, Arbitraries.bodyText, (text) =>
        Effect.gen(function* () {
          const world = yield* openWorld(options.driver, settings)
          const submit = options.driver.submitText
          if (submit === undefined) return
          const bu = world.units[0]!.name
          const outcome = yield* sendOutcome("submitText", submit(text, { _tag: "Batch" }, bu), text)
          let parsed: { readonly body: unknown } | undefined
          try {
            parsed = { body: JSON.parse(text) }
          } catch {
            parsed = undefined
          }
          // Text that is not JSON is a 10004; JSON is judged like any other body.
          const expected: Model.ExpectedSend =
            parsed === undefined
              ? { _tag: "Refused", errorcode: 10004 }
              : world.model.expect(bu, parsed.body, { _tag: "Batch" })
          const keys = judgeSend(expected, outcome, text)
          if (keys !== undefined) world.model.commit(bu, expected, keys)
          yield* stillWorks(world)
        })
      )
  },
  {
    name: "robustnessNonObject",
    title:
      "9b. a body that is not a JSON object (array, null, scalar) or a null `recipient`, through the port, gets a typed answer",
    weight: 0.5,
    make: (options, settings) =>
      prop(
        "robustnessNonObject",
        options,
        fc.oneof(
          fc.constant(null),
          fc.integer(),
          fc.string(),
          fc.boolean(),
          fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
          fc.record({ definitionKey: fc.constant("conformance"), recipient: fc.constantFrom(null, 1, "x", true) })
        ),
        (body) =>
          Effect.gen(function* () {
            const world = yield* openWorld(options.driver, settings)
            yield* robust(world, body)
            yield* stillWorks(world)
          })
      )
  }
]

const robust = <R>(world: Steps.World<R>, body: unknown) =>
  Effect.gen(function* () {
    const outcome = yield* send(world.units[0]!.transport, body)
    const expected = world.model.expect(world.units[0]!.name, body, portRoute(body))
    check(
      outcome._tag !== "Failed",
      "answers",
      () => `a malformed body must get a whole-request error, not ${JSON.stringify(outcome)}`,
      body
    )
    check(
      (outcome._tag === "Accepted") === (expected._tag === "Accepted"),
      "whole-request errors",
      () => `expected ${expected._tag}, got ${JSON.stringify(outcome)}`,
      body
    )
    if (outcome._tag === "Refused" && expected._tag === "Refused") {
      // The first whole-request rule in the documented order answers, so the code must be that rule's.
      check(
        outcome.errorcode === expected.errorcode,
        "whole-request errors",
        () => `expected errorcode ${expected.errorcode}, got ${JSON.stringify(outcome)}`,
        body
      )
    }
    if (outcome._tag === "Accepted") {
      const keys = judgeSend(expected, outcome, body)
      if (keys !== undefined) world.model.commit(world.units[0]!.name, expected, keys)
    }
  })

const stillWorks = <R>(world: Steps.World<R>) =>
  Steps.execute(world, {
    _tag: "Send",
    bu: 0,
    body: { definitionKey: "conformance", recipients: [{ to: "15555550199", contactKey: "after" }] }
  })

type ReplayOp =
  | { readonly _tag: "Send"; readonly body: unknown }
  | { readonly _tag: "Status"; readonly key: string | number }
  | { readonly _tag: "Advance"; readonly millis: number }
  | { readonly _tag: "Inbound"; readonly from: string; readonly text: string }

/** JSON with sorted keys: two outcomes are the same when this is. */
const canonical = (u: unknown): string =>
  JSON.stringify(u, (_, v) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]])
        )
      : v
  )

const replayCase = <R, E>(options: Options<R, E>, settings: Model.Settings, ops: ReadonlyArray<ReplayOp>) =>
  Effect.gen(function* () {
    const replay = options.replay
    if (replay === undefined) return
    const path = join(tmpdir(), `mcsend-conformance-${randomUUID()}.json`)
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(path, { force: true })))
    const world = yield* openWorld(options.driver, settings)
    const recorded = Context.get(yield* Layer.build(replay.record(path)), SmsTransportTag)
    const transcript: Array<{ readonly op: "send" | "status"; readonly input: unknown; readonly outcome: string }> = []
    const known: Array<string> = []
    for (const op of ops) {
      switch (op._tag) {
        case "Send": {
          const outcome = yield* send(recorded, op.body)
          if (outcome._tag === "Accepted") known.push(...outcome.response.responses.map((i) => i.messageKey))
          transcript.push({ op: "send", input: op.body, outcome: canonical(outcome) })
          break
        }
        case "Status": {
          const key = typeof op.key === "string" ? op.key : known[op.key % Math.max(1, known.length)]
          if (key === undefined) break
          transcript.push({ op: "status", input: key, outcome: canonical(yield* status(recorded, key)) })
          break
        }
        case "Advance":
          yield* options.driver.adjustClock(op.millis)
          break
        case "Inbound":
          yield* options.driver.inbound(op.from, op.text, world.units[0]!.name)
          break
      }
    }
    yield* Effect.scoped(
      Effect.gen(function* () {
        const replaying = Context.get(yield* Layer.build(replay.replay(path)), SmsTransportTag)
        for (const [i, entry] of transcript.entries()) {
          const outcome =
            entry.op === "send"
              ? canonical(yield* send(replaying, entry.input))
              : canonical(yield* status(replaying, entry.input as string))
          check(
            outcome === entry.outcome,
            "replay equals the recording",
            () =>
              `interaction ${i} (${entry.op}) was recorded as ${entry.outcome.slice(0, 600)} but replayed as ${outcome.slice(0, 600)}`,
            entry.input
          )
        }
      })
    )
  })

interface Real {
  readonly run: (step: Steps.Step) => Promise<void>
}

class StepCommand implements fc.AsyncCommand<{ readonly world: Steps.World<unknown> }, Real> {
  constructor(readonly step: Steps.Step) {}
  check() {
    return true
  }
  run(_: { readonly world: Steps.World<unknown> }, real: Real) {
    return real.run(this.step)
  }
  toString() {
    const s = JSON.stringify(this.step)
    return s.length > 300 ? `${s.slice(0, 300)}…` : s
  }
}

const recipientsIn = (body: unknown): ReadonlyArray<{ readonly messageKey?: unknown }> => {
  if (typeof body !== "object" || body === null) return []
  const b = body as { recipients?: unknown; recipient?: unknown }
  const list = Array.isArray(b.recipients) ? b.recipients : b.recipient === undefined ? [] : [b.recipient]
  return list.filter((r): r is { messageKey?: unknown } => typeof r === "object" && r !== null)
}

/**
 * The properties, by name, with their titles.
 *
 * @since 0.1.0
 * @category constants
 */
export const propertyNames: ReadonlyArray<{ readonly name: PropertyName; readonly title: string }> = properties.map(
  ({ name, title }) => ({ name, title })
)

/**
 * The result of checking one property.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly name: PropertyName
  readonly failed: boolean
  /** The rule broken, when the failure is a rule violation (not a crash of the run itself). */
  readonly violation: ConformanceViolation | undefined
  /** fast-check's report (seed, path, counterexample) and how to replay it. */
  readonly report: string | undefined
  /** How many cases ran (up to and including the first failure). */
  readonly runs: number
}

const select = <R, E>(options: Options<R, E>) =>
  properties.filter((p) => options.only === undefined || options.only.includes(p.name))

/**
 * Checks one property against a transport, without registering a test.
 *
 * @since 0.1.0
 * @category running
 */
export const check_ = async <R, E>(
  options: Options<R, E>,
  name: PropertyName,
  params?: fc.Parameters<unknown>
): Promise<Result> => {
  const property = properties.find((p) => p.name === name)!
  const base = parameters(options.numRuns)
  const runs = Math.max(1, Math.round((params?.numRuns ?? base.numRuns ?? defaultRuns) * property.weight))
  const details = await fc.check(property.make(options, settingsOf(options.driver)), {
    ...base,
    ...params,
    numRuns: runs
  })
  if (!details.failed) return { name, failed: false, violation: undefined, report: undefined, runs: details.numRuns }
  const error = details.errorInstance
  const replay = `Replay: MCSEND_PROP_SEED=${details.seed} MCSEND_PROP_PATH="${details.counterexamplePath}" npx vitest run -t "${property.title.slice(0, 20)}"`
  return {
    name,
    failed: true,
    violation: error instanceof ConformanceViolation ? error : undefined,
    runs: details.numRuns,
    report: `${fc.defaultReportMessage(details) ?? ""}\n${describeError(error)}\n${replay}`
  }
}

export {
  /**
   * Checks one property against a transport, without registering a test: for tests that expect a transport to
   * fail (a deliberately broken one), or for running the suite outside vitest.
   *
   * @since 0.1.0
   * @category running
   */
  check_ as check
}

const describeError = (error: unknown): string =>
  error instanceof ConformanceViolation
    ? `Broke the rule "${error.rule}": ${error.detail}`
    : error instanceof Error
      ? `Failed: ${error.message}`
      : `Failed: ${String(error)}`

/**
 * Registers the suite with `@effect/vitest`: a `describe(name)` with one test per property.
 *
 * @since 0.1.0
 * @category running
 */
export const run = <R, E>(name: string, options: Options<R, E>): void => {
  describe(name, () => {
    for (const property of select(options)) {
      if (property.name === "replay" && options.replay === undefined) {
        it.skip(`${property.title} [no replay layers given]`, () => {})
        continue
      }
      if (property.name === "robustnessText" && options.driver.submitText === undefined) {
        it.skip(`${property.title} [the driver has no submitText]`, () => {})
        continue
      }
      const known = options.knownFailures?.[property.name]
      const title = known === undefined ? property.title : `${property.title} [known failure: ${known}]`
      const test = known === undefined ? it : it.fails
      test(
        title,
        async () => {
          const result = await check_(options, property.name)
          if (result.failed) throw new Error(result.report)
        },
        options.timeout ?? 120_000
      )
    }
  })
}

/**
 * A driver over a {@link MemoryTransport} handle found in context by `handle` (for the simulator: its `memory`):
 * `TestClock.adjust` moves its clock; definitions, inbound texts and rendered texts go through the handle. The
 * result has no second business unit: add one for transports that have it.
 *
 * @since 0.1.0
 * @category drivers
 */
export const memoryDriverWith = <R>(
  handle: Effect.Effect<MemoryTransport.MemoryTransport, never, R>,
  options: { readonly businessUnit?: string; readonly settings?: Partial<Model.Settings> } = {}
): Driver<R> => ({
  businessUnit: options.businessUnit ?? MemoryTransport.defaultBusinessUnit,
  ...(options.settings === undefined ? {} : { settings: options.settings }),
  adjustClock: (millis) => TestClock.adjust(millis),
  inbound: (from, text, bu) => Effect.flatMap(handle, (m) => m.inbound(from, text, bu)),
  define: ({ active, definitionKey, message }, bu) =>
    Effect.flatMap(handle, (m) =>
      m.createDefinition({ definitionKey, content: { message }, status: active ? "Active" : "Inactive" }, bu)
    ),
  setDefinitionActive: (definitionKey, active, bu) =>
    Effect.flatMap(handle, (m) => m.updateDefinition(definitionKey, { status: active ? "Active" : "Inactive" }, bu)),
  submitText: (text, route, bu) => Effect.flatMap(handle, (m) => m.submitText(text, route, bu)),
  renderedText: (messageKey, bu) =>
    Effect.flatMap(handle, (m) => m.events(bu)).pipe(
      Effect.map((events) => {
        for (let i = events.length - 1; i >= 0; i--) {
          const e = events[i]!
          if (e._tag === "MessageQueued" && e.messageKey === messageKey) return Option.some(e.text)
        }
        return Option.none()
      })
    )
})

/**
 * The driver for {@link MemoryTransport}: {@link memoryDriverWith} over the handle in context, with a second
 * business unit of the same handle.
 *
 * @since 0.1.0
 * @category drivers
 */
export const memoryDriver = (
  options: { readonly businessUnit?: string; readonly settings?: Partial<Model.Settings> } = {}
): Driver<MemoryTransport.MemoryTransport> => {
  const base = memoryDriverWith(MemoryTransport.MemoryTransport, options)
  const other = `${base.businessUnit}-other`
  return {
    ...base,
    otherBusinessUnit: {
      name: other,
      transport: Effect.map(MemoryTransport.MemoryTransport, (m) => m.transport(other))
    }
  }
}

/**
 * A fresh {@link MemoryTransport} with deterministic keys, for {@link memoryDriver}.
 *
 * @since 0.1.0
 * @category drivers
 */
export const memoryLayer = (
  options: MemoryTransport.Options = {}
): Layer.Layer<SmsTransport.SmsTransport | MemoryTransport.MemoryTransport> => MemoryTransport.layerTest(options)
