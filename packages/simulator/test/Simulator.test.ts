import * as Http from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, TestClock } from "effect"
import type { Simulator } from "../src/index.js"
import { startSimulator } from "./support.js"

interface Answer {
  readonly status: number
  readonly headers: Headers
  // biome-ignore lint/suspicious/noExplicitAny: the tests read answers loosely, field by field
  readonly body: any
}

const call = (
  sim: Simulator.Simulator,
  method: string,
  path: string,
  options: { readonly body?: unknown; readonly raw?: string; readonly token?: string } = {}
): Effect.Effect<Answer> =>
  Effect.promise(async () => {
    const headers: Record<string, string> = { "content-type": "application/json" }
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
    const init: RequestInit = { method, headers }
    if (options.raw !== undefined) init.body = options.raw
    else if (options.body !== undefined) init.body = JSON.stringify(options.body)
    const response = await fetch(`${sim.baseUrl}${path}`, init)
    const text = await response.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {}
    return { status: response.status, headers: response.headers, body }
  })

const tokenFor = (sim: Simulator.Simulator, accountId?: string) =>
  Effect.map(
    call(sim, "POST", "/v2/token", {
      body: {
        grant_type: "client_credentials",
        client_id: sim.clientId,
        client_secret: Redacted.value(sim.clientSecret),
        ...(accountId === undefined ? {} : { account_id: accountId })
      }
    }),
    (answer) => answer.body.access_token as string
  )

const send = (sim: Simulator.Simulator, token: string, body: unknown) =>
  call(sim, "POST", "/messaging/v1/sms/messages/", { body, token })

const recipient = { contactKey: "c1", to: "15555551234", messageKey: "k1" }

/** Posts a body that declares (or streams) more bytes than it sends so far; answers as soon as the server does. */
const postUnfinished = (
  sim: Simulator.Simulator,
  token: string,
  headers: Record<string, string>,
  chunk: string
): Effect.Effect<{ readonly status: number; readonly body: string }> =>
  Effect.async((resume) => {
    const request = Http.request(`${sim.baseUrl}/messaging/v1/sms/messages/`, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${token}`, "content-type": "application/json" }
    })
    request.on("response", (response) => {
      let body = ""
      response.on("data", (data: Buffer) => {
        body += data.toString()
      })
      response.on("end", () => {
        request.destroy()
        resume(Effect.succeed({ status: response.statusCode ?? 0, body }))
      })
    })
    request.on("error", () => {})
    // The body is never finished: an answer proves the server did not wait to read it whole.
    request.write(chunk)
    return Effect.sync(() => request.destroy())
  })

describe("Simulator", () => {
  it.scoped("issues tokens for good credentials and refuses bad ones", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator({ tokenTtlSeconds: 600 })
      const good = yield* call(sim, "POST", "/v2/token", {
        body: { grant_type: "client_credentials", client_id: "mcsend-client", client_secret: "mcsend-secret" }
      })
      expect(good.status).toBe(200)
      expect(good.body).toMatchObject({ token_type: "Bearer", expires_in: 600, rest_instance_url: `${sim.baseUrl}/` })
      expect(good.body.access_token).toMatch(/^[A-Za-z0-9_-]{40,}$/)
      const bad = yield* call(sim, "POST", "/v2/token", {
        body: { grant_type: "client_credentials", client_id: "mcsend-client", client_secret: "nope" }
      })
      expect(bad.status).toBe(401)
      expect(bad.body).toMatchObject({ error: "invalid_client" })
      const grant = yield* call(sim, "POST", "/v2/token", { body: { grant_type: "password" } })
      expect([grant.status, grant.body.error]).toEqual([400, "unsupported_grant_type"])
      const garbage = yield* call(sim, "POST", "/v2/token", { raw: "{not json" })
      expect([garbage.status, garbage.body.error]).toEqual([400, "invalid_request"])
      expect((yield* sim.stats).tokensIssued).toBe(1)
    })
  )

  it.scoped("needs a valid, unexpired bearer token on every REST route", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator({ tokenTtlSeconds: 60 })
      const expectNotAuthorized = (answer: Answer) => {
        expect(answer.status).toBe(401)
        expect(answer.body).toEqual({
          documentation: expect.stringContaining("https://"),
          errorcode: 0,
          message: "Not Authorized"
        })
        expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer .*error="invalid_token"/)
      }
      expectNotAuthorized(yield* call(sim, "GET", "/messaging/v1/sms/messages/k1"))
      expectNotAuthorized(yield* send(sim, "made-up", { definitionKey: "welcome", recipients: [recipient] }))
      expectNotAuthorized(yield* call(sim, "GET", "/messaging/v1/sms/definitions", { token: "made-up" }))
      const token = yield* tokenFor(sim)
      expect((yield* call(sim, "GET", "/messaging/v1/sms/definitions", { token })).status).toBe(200)
      yield* TestClock.adjust("60 seconds")
      expectNotAuthorized(yield* call(sim, "GET", "/messaging/v1/sms/definitions", { token }))
    })
  )

  it.scoped("sends on both routes and answers statuses that move on with its clock", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const token = yield* tokenFor(sim)
      const batch = yield* send(sim, token, {
        definitionKey: "welcome",
        recipients: [recipient, { contactKey: "c2", to: "12x", messageKey: "k2" }]
      })
      expect(batch.status).toBe(202)
      expect(batch.body).toMatchObject({
        errorcode: 109001,
        message: "MCMS_UTM_ResponsesHasErrors: 1 subscribers failed to queue out of 2",
        responses: [{ messageKey: "k1" }, { messageKey: "k2", errorcode: 109121 }]
      })
      const single = yield* call(sim, "POST", "/messaging/v1/sms/messages/k3", {
        token,
        body: { definitionKey: "welcome", recipient: { contactKey: "c3", to: "15555550003" } }
      })
      expect([single.status, single.body.responses]).toEqual([202, [{ messageKey: "k3" }]])
      const queued = yield* call(sim, "GET", "/messaging/v1/sms/messages/k3", { token })
      expect([queued.status, queued.body.eventCategoryType]).toEqual([200, "TransactionalSendEvents.SMSQueued"])
      yield* TestClock.adjust("5 seconds")
      const sent = yield* call(sim, "GET", "/messaging/v1/sms/messages/k3", { token })
      expect(sent.body.eventCategoryType).toBe("TransactionalSendEvents.SMSSent")
      const missing = yield* call(sim, "GET", "/messaging/v1/sms/messages/k2", { token })
      expect([missing.status, missing.body.errorcode]).toEqual([404, 30003])
      const wrongRoute = yield* send(sim, token, { definitionKey: "welcome", recipient })
      expect([wrongRoute.status, wrongRoute.body.errorcode]).toEqual([400, 109122])
      const unknown = yield* send(sim, token, { definitionKey: "nope", recipients: [recipient] })
      expect([unknown.status, unknown.body.errorcode, unknown.body.documentation]).toEqual([400, 109111, ""])
    })
  )

  it.scoped("treats hostile input as data and keeps serving", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator({ maxBodyBytes: 4096 })
      const token = yield* tokenFor(sim)
      const malformed = yield* call(sim, "POST", "/messaging/v1/sms/messages/", { token, raw: '{"definitionKey":' })
      expect([malformed.status, malformed.body.errorcode]).toEqual([400, 10004])
      const notObject = yield* call(sim, "POST", "/messaging/v1/sms/messages/", { token, raw: "[1,2]" })
      expect([notObject.status, notObject.body.errorcode]).toEqual([400, 10004])
      const proto = yield* call(sim, "POST", "/messaging/v1/sms/messages/", {
        token,
        raw: '{"definitionKey":"welcome","recipients":[{"contactKey":"c","to":"15555551234","messageKey":"p1","attributes":{"__proto__":"Astro","constructor":"x"}}],"content":{"message":"Hi %%__proto__%%"}}'
      })
      expect([proto.status, proto.body.responses]).toEqual([202, [{ messageKey: "p1" }]])
      const events = yield* sim.memory.events()
      const queued = events.find((e) => e._tag === "MessageQueued")
      expect(queued && queued._tag === "MessageQueued" && queued.text).toBe("Hi Astro")
      expect(({} as Record<string, unknown>).constructor).toBe(Object)
      const topProto = yield* call(sim, "POST", "/messaging/v1/sms/messages/", {
        token,
        raw: '{"definitionKey":"welcome","recipients":[],"__proto__":{"polluted":true}}'
      })
      expect([topProto.status, topProto.body.errorcode]).toEqual([400, 109122])
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      // Declared too large: refused at once, before a byte of the body is read.
      const declared = yield* postUnfinished(sim, token, { "content-length": "10000000" }, "{")
      expect(declared.status).toBe(413)
      expect(JSON.parse(declared.body)).toMatchObject({ errorcode: 10004 })
      // Streamed past the limit: refused as soon as the bytes read pass it.
      const streamed = yield* postUnfinished(sim, token, { "transfer-encoding": "chunked" }, "x".repeat(5000))
      expect(streamed.status).toBe(413)
      const after = yield* send(sim, token, { definitionKey: "welcome", recipients: [recipient] })
      expect(after.status).toBe(202)
      const route = yield* call(sim, "GET", "/nowhere", { token })
      expect(route.status).toBe(404)
    })
  )

  it.scoped("serves the definition routes", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const token = yield* tokenFor(sim)
      const path = "/messaging/v1/sms/definitions"
      const body = { definitionKey: "reset", content: { message: "Code %%Code%%" } }
      const created = yield* call(sim, "POST", path, { token, body })
      expect([created.status, created.body.definitionKey, created.body.status]).toEqual([201, "reset", "Active"])
      expect((yield* call(sim, "POST", path, { token, body })).status).toBe(409)
      const invalid = yield* call(sim, "POST", path, { token, body: { definitionKey: "" } })
      expect([invalid.status, invalid.body.errorcode]).toEqual([400, 10001])
      const list = yield* call(sim, "GET", path, { token })
      expect(list.body.definitions.map((d: { definitionKey: string }) => d.definitionKey)).toEqual(["welcome", "reset"])
      const patched = yield* call(sim, "PATCH", `${path}/reset`, { token, body: { status: "Inactive" } })
      expect([patched.status, patched.body.status]).toEqual([200, "Inactive"])
      expect((yield* call(sim, "GET", `${path}/reset`, { token })).body.status).toBe("Inactive")
      expect((yield* call(sim, "GET", `${path}/nope`, { token })).status).toBe(404)
      expect((yield* call(sim, "PATCH", `${path}/nope`, { token, body: {} })).status).toBe(404)
      expect((yield* call(sim, "DELETE", `${path}/reset`, { token })).status).toBe(200)
      expect((yield* call(sim, "DELETE", `${path}/reset`, { token })).status).toBe(404)
    })
  )

  it.scoped("an inbound STOP opts the number out; resubscribe sends again", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const token = yield* tokenFor(sim)
      const inbound = yield* call(sim, "POST", "/simulator/v1/inbound", {
        body: { from: "+15555551234", message: "stop please" }
      })
      expect(inbound.status).toBe(202)
      yield* send(sim, token, { definitionKey: "welcome", recipients: [recipient] })
      yield* send(sim, token, {
        definitionKey: "welcome",
        recipients: [{ ...recipient, messageKey: "k2" }],
        subscriptions: { resubscribe: true }
      })
      yield* TestClock.adjust("5 seconds")
      const first = yield* call(sim, "GET", "/messaging/v1/sms/messages/k1", { token })
      expect(first.body).toMatchObject({
        eventCategoryType: "TransactionalSendEvents.SMSNotSent",
        info: { statusCode: 1 }
      })
      const second = yield* call(sim, "GET", "/messaging/v1/sms/messages/k2", { token })
      expect(second.body.eventCategoryType).toBe("TransactionalSendEvents.SMSSent")
      const bad = yield* call(sim, "POST", "/simulator/v1/inbound", { body: { from: 5 } })
      expect(bad.status).toBe(400)
    })
  )

  it.scoped("injects 429 and 503 with Retry-After", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const token = yield* tokenFor(sim)
      yield* sim.faults.throttle(1, { retryAfterSeconds: 7 })
      yield* sim.faults.unavailable(1)
      const throttled = yield* send(sim, token, { definitionKey: "welcome", recipients: [recipient] })
      expect(throttled.status).toBe(429)
      expect(throttled.headers.get("retry-after")).toBe("7")
      expect(throttled.body).toMatchObject({ errorcode: 50100, retryAfter: 7, message: "Rate limit exceeded" })
      const unavailable = yield* call(sim, "GET", "/messaging/v1/sms/messages/k1", { token })
      expect([unavailable.status, unavailable.body.errorcode, unavailable.headers.get("retry-after")]).toEqual([
        503,
        50300,
        "1"
      ])
      const ok = yield* send(sim, token, { definitionKey: "welcome", recipients: [recipient] })
      expect(ok.status).toBe(202)
      expect((yield* sim.memory.events()).filter((e) => e._tag === "MessageQueued")).toHaveLength(1)
    })
  )

  it.scoped("account_id chooses the business unit", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const main = yield* tokenFor(sim)
      const other = yield* tokenFor(sim, "bu-2")
      const path = "/messaging/v1/sms/definitions"
      yield* call(sim, "POST", path, { token: other, body: { definitionKey: "only-bu-2", content: { message: "x" } } })
      expect((yield* call(sim, "GET", `${path}/only-bu-2`, { token: other })).status).toBe(200)
      expect((yield* call(sim, "GET", `${path}/only-bu-2`, { token: main })).status).toBe(404)
    })
  )

  it.scoped("a taken port is a typed SimulatorError", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const port = Number(new URL(sim.baseUrl).port)
      const error = yield* Effect.flip(startSimulator({ port }))
      expect(error).toMatchObject({ _tag: "SimulatorError", reason: "ListenFailed" })
    })
  )
})
