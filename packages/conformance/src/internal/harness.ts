/**
 * Running one property case against a fresh transport, and judging what the transport answered against the model.
 */
import { byCode, ResponsesHasErrors, responsesHasErrorsMessage } from "@mcsend/domain/ErrorCatalogue"
import type { MessageStatus } from "@mcsend/domain/MessageStatus"
import type { Route, SendRequest } from "@mcsend/domain/SendRequest"
import type { SendResponse } from "@mcsend/domain/SendResponse"
import type * as SmsTransport from "@mcsend/transport/SmsTransport"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as TestContext from "effect/TestContext"
import type * as TestServices from "effect/TestServices"
import type * as Model from "../Model.js"

/** A property's verdict: the transport broke a rule. */
export class ConformanceViolation extends Error {
  override readonly name = "ConformanceViolation"
  constructor(
    readonly rule: string,
    readonly detail: string
  ) {
    super(`${rule}: ${detail}`)
  }
}

const show = (u: unknown, max = 1500): string => {
  let s: string
  try {
    s = JSON.stringify(u, (_, v) => (typeof v === "string" && v.length > 120 ? `${v.slice(0, 117)}…(${v.length})` : v))
  } catch {
    s = String(u)
  }
  if (s === undefined) s = String(u)
  return s.length > max ? `${s.slice(0, max)}…` : s
}

export const fail = (rule: string, detail: string, context?: unknown): never => {
  throw new ConformanceViolation(rule, context === undefined ? detail : `${detail}\n  context: ${show(context)}`)
}

export const check = (ok: boolean, rule: string, detail: () => string, context?: unknown): void => {
  if (!ok) fail(rule, detail(), context)
}

export type SendOutcome =
  | { readonly _tag: "Accepted"; readonly response: SendResponse }
  | { readonly _tag: "Refused"; readonly errorcode: number; readonly message: string }
  | { readonly _tag: "Failed"; readonly error: unknown }

export type StatusOutcome =
  | { readonly _tag: "Found"; readonly status: MessageStatus }
  | { readonly _tag: "NotFound" }
  | { readonly _tag: "Failed"; readonly error: unknown }

const crashed = (what: string, cause: Cause.Cause<unknown>, input: unknown): never =>
  fail(
    "never crashes",
    `${what} died instead of answering or failing with a typed error: ${Cause.pretty(cause)}`,
    input
  )

/** The outcome of a send of `input` by any means (the port, a driver's raw text): a defect is a violation. */
export const sendOutcome = <E extends { readonly _tag: string }, R>(
  what: string,
  attempt: Effect.Effect<SendResponse, E, R>,
  input: unknown
): Effect.Effect<SendOutcome, never, R> =>
  Effect.map(Effect.exit(attempt), (exit): SendOutcome => {
    if (Exit.isSuccess(exit)) return { _tag: "Accepted", response: exit.value }
    const failure = Cause.failureOption(exit.cause)
    if (failure._tag === "None") return crashed(what, exit.cause, input)
    const error: { readonly _tag: string } = failure.value
    if (error._tag === "RequestRejected") {
      const rejected = error as unknown as { readonly errorcode: number; readonly message: string }
      return { _tag: "Refused", errorcode: rejected.errorcode, message: rejected.message }
    }
    return { _tag: "Failed", error }
  })

/** Sends through a port; a defect is a violation, a typed error is an outcome. */
export const send = (transport: SmsTransport.Service, body: unknown): Effect.Effect<SendOutcome> =>
  sendOutcome(
    "send",
    Effect.suspend(() => transport.send(body as SendRequest)),
    body
  )

export const status = (transport: SmsTransport.Service, key: string): Effect.Effect<StatusOutcome> =>
  Effect.suspend(() => transport.status(key)).pipe(
    Effect.exit,
    Effect.map((exit): StatusOutcome => {
      if (Exit.isSuccess(exit)) return { _tag: "Found", status: exit.value }
      const failure = Cause.failureOption(exit.cause)
      if (failure._tag === "None") return crashed("status", exit.cause, key)
      return failure.value._tag === "MessageNotFound" ? { _tag: "NotFound" } : { _tag: "Failed", error: failure.value }
    })
  )

/** The route a typed request takes through the port: `recipient` goes to the single route with its key. */
export const portRoute = (body: unknown): Route => {
  if (typeof body === "object" && body !== null && !Array.isArray(body) && Object.hasOwn(body, "recipient")) {
    const r = (body as { recipient?: unknown }).recipient
    const key =
      typeof r === "object" && r !== null && typeof (r as { messageKey?: unknown }).messageKey === "string"
        ? ((r as { messageKey: string }).messageKey as string)
        : undefined
    return { _tag: "Single", messageKey: key }
  }
  return { _tag: "Batch" }
}

const generatedKey = /^[A-Za-z0-9_-]{22}$/

/**
 * Judges a send's outcome against the model's expectation; answers the keys of the response (one per recipient)
 * when it was accepted.
 */
export const judgeSend = (
  expected: Model.ExpectedSend,
  outcome: SendOutcome,
  request: unknown
): ReadonlyArray<string> | undefined => {
  if (outcome._tag === "Failed") {
    return fail("answers", `send failed with a transport error: ${show(outcome.error)}`, request)
  }
  if (expected._tag === "Refused") {
    check(
      outcome._tag === "Refused" && outcome.errorcode === expected.errorcode,
      "whole-request errors",
      () =>
        `expected a whole-request error ${expected.errorcode} (${byCode(expected.errorcode)?.name}), got ${show(outcome)}`,
      request
    )
    if (outcome._tag === "Refused") {
      const name = byCode(outcome.errorcode)?.name ?? ""
      check(
        outcome.message.startsWith(name),
        "whole-request errors",
        () => `the message of ${outcome.errorcode} must start with ${name}: ${show(outcome.message)}`,
        request
      )
    }
    return undefined
  }
  if (outcome._tag === "Refused") {
    return fail(
      "whole-request errors",
      `expected the request to be accepted, got a whole-request error ${outcome.errorcode} ${show(outcome.message)}; expected items ${show(expected.items)}`,
      request
    )
  }
  const { response } = outcome
  const items = response.responses
  check(
    items.length === expected.items.length,
    "one item per recipient",
    () => `${expected.items.length} recipients but ${items.length} items: ${show(items)}`,
    request
  )
  const supplied = new Set(expected.items.flatMap((i) => (i.key === undefined ? [] : [i.key])))
  const generated = new Set<string>()
  let failed = 0
  expected.items.forEach((want, i) => {
    const got = items[i]!
    if (want.key !== undefined) {
      check(
        got.messageKey === want.key,
        "items in request order, supplied keys echoed",
        () => `item ${i} should echo messageKey ${show(want.key)}, got ${show(got.messageKey)}; items ${show(items)}`,
        request
      )
    } else {
      check(
        generatedKey.test(got.messageKey),
        "generated keys are 22 URL-safe characters",
        () => `item ${i} has generated key ${show(got.messageKey)}`,
        request
      )
      check(
        !supplied.has(got.messageKey) && !generated.has(got.messageKey),
        "generated keys are unique and never a supplied key",
        () => `item ${i}'s generated key ${got.messageKey} repeats a key of the request`,
        request
      )
      generated.add(got.messageKey)
    }
    if (want.errorcode !== undefined) failed++
    check(
      got.errorcode === want.errorcode,
      "an item fails exactly when a rule says so, with that rule's code",
      () =>
        want.errorcode === undefined
          ? `item ${i} (${show(got.messageKey)}) should be queued, got ${got.errorcode} ${show(got.message)}`
          : `item ${i} (${show(got.messageKey)}) should fail ${want.errorcode} (${byCode(want.errorcode)?.name}), got ${got.errorcode === undefined ? "queued" : got.errorcode}`,
      request
    )
    if (want.errorcode !== undefined) {
      const name = byCode(want.errorcode)?.name ?? ""
      check(
        typeof got.message === "string" && got.message.startsWith(name),
        "failed items carry the code's message",
        () => `item ${i}'s message should start with ${name}: ${show(got.message)}`,
        request
      )
    } else {
      check(
        got.message === undefined,
        "a queued item carries only its messageKey",
        () => `item ${i} is queued but has message ${show(got.message)}`,
        request
      )
    }
  })
  if (failed === 0) {
    check(
      response.errorcode === 0 && response.message === undefined,
      "top-level errorcode agrees with the items",
      () => `every item was queued, so errorcode must be 0 with no message: ${show({ ...response, responses: [] })}`,
      request
    )
  } else {
    const message = responsesHasErrorsMessage(failed, items.length)
    check(
      response.errorcode === ResponsesHasErrors.code && response.message === message,
      "top-level errorcode agrees with the items",
      () => `expected errorcode 109001 and ${show(message)}, got ${response.errorcode} ${show(response.message)}`,
      request
    )
  }
  return items.map((i) => i.messageKey)
}

const parseCentral = (timestamp: string): number | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/.test(timestamp)) return undefined
  const [whole, fraction = ""] = timestamp.split(".")
  const ms = Date.parse(`${whole}Z`)
  if (Number.isNaN(ms)) return undefined
  return ms + Math.round(Number(`0.${fraction || "0"}`) * 1000) + 6 * 60 * 60 * 1000
}

const category = (c: MessageStatus["eventCategoryType"]) => c.replace("TransactionalSendEvents.SMS", "")

/** Judges a status read against the model. `origin` is the transport's clock when the model's time was 0. */
export const judgeStatus = (
  expected: Model.ExpectedStatus | undefined,
  outcome: StatusOutcome,
  key: string,
  origin: number | undefined
): void => {
  if (outcome._tag === "Failed") fail("answers", `status failed with a transport error: ${show(outcome.error)}`, key)
  if (expected === undefined) {
    check(
      outcome._tag === "NotFound",
      "only queued messages have a status",
      () => `${show(key)} should have no status (404), got ${show(outcome)}`
    )
    return
  }
  if (outcome._tag !== "Found") {
    fail("statuses", `${show(key)} should have a status ${show(expected.allowed)}, got 404`)
    return
  }
  const s = outcome.status
  const got = { category: category(s.eventCategoryType), statusCode: s.info.statusCode }
  check(
    expected.allowed.some((a) => a.category === got.category && a.statusCode === got.statusCode),
    "statuses",
    () => `${show(key)} should be one of ${show(expected.allowed)}, got ${show(got)}`,
    s
  )
  check(
    s.info.messageKey === key && s.info.contactKey === expected.contactKey && s.info.to === expected.to,
    "statuses",
    () => `the status of ${show(key)} should describe ${show({ contactKey: expected.contactKey, to: expected.to })}`,
    s
  )
  if (origin !== undefined) {
    const at = parseCentral(s.timestamp)
    check(
      at === origin + expected.at,
      "status timestamps (US Central, UTC-6)",
      () =>
        `${show(key)}: timestamp ${show(s.timestamp)} should be ${new Date(origin + expected.at - 6 * 3600_000).toISOString().slice(0, -1)} (CST)`,
      s
    )
  }
}

/**
 * Builds `layer` afresh (with fresh test services: a TestClock at 0) and runs `body` against it. A violation
 * rejects the promise with the {@link ConformanceViolation}; any other failure with an Error that shows the cause.
 */
export const runFresh = <A, E, R>(
  layer: Layer.Layer<SmsTransport.SmsTransport | R, E, TestServices.TestServices>,
  body: Effect.Effect<A, unknown, SmsTransport.SmsTransport | R | TestServices.TestServices | Scope.Scope>
): Promise<A> =>
  Effect.gen(function* () {
    const context = yield* Layer.build(layer)
    return yield* Effect.provide(body, context)
  }).pipe(Effect.scoped, Effect.provide(TestContext.TestContext), Effect.runPromiseExit, (promise) =>
    promise.then((exit) => {
      if (Exit.isSuccess(exit)) return exit.value
      const error = Cause.squash(exit.cause)
      if (error instanceof ConformanceViolation) throw error
      throw new Error(`the run failed: ${Cause.pretty(exit.cause)}`)
    })
  )
