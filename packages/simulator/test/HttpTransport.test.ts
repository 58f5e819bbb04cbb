import { describe, expect, it } from "@effect/vitest"
import * as MessageKeyGenerator from "@mcsend/domain/MessageKeyGenerator"
import * as HttpTransport from "@mcsend/transport/HttpTransport"
import * as SmsTransport from "@mcsend/transport/SmsTransport"
import { Cause, ConfigProvider, Effect, Exit, Layer, Option, Redacted, TestClock, Tracer } from "effect"
import { client, drive, standIn, startSimulator, transportFor } from "./support.js"

const recipient = (n: number, messageKey?: string) => ({
  contactKey: `contact-${n}`,
  to: `1555555${String(n).padStart(4, "0")}`,
  attributes: { FirstName: `N${n}` },
  ...(messageKey === undefined ? {} : { messageKey })
})

const batch = (...recipients: ReadonlyArray<ReturnType<typeof recipient>>) => ({
  definitionKey: "welcome",
  attributes: { Code: "1234" },
  recipients
})

const queuedCount = (events: ReadonlyArray<{ readonly _tag: string }>) =>
  events.filter((e) => e._tag === "MessageQueued").length

interface Recorded {
  readonly id: string
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly parent: string | undefined
}

/** A tracer that keeps every span's name and attributes. */
const recordingTracer = (spans: Array<Recorded>): Tracer.Tracer =>
  Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const attributes = new Map<string, unknown>()
      const spanId = String(spans.length + 1)
      spans.push({
        id: spanId,
        name,
        attributes,
        parent: Option.match(parent, { onNone: () => undefined, onSome: (p) => p.spanId })
      })
      let status: Tracer.SpanStatus = { _tag: "Started", startTime }
      return {
        _tag: "Span",
        name,
        spanId,
        traceId: "trace",
        parent,
        context,
        get status() {
          return status
        },
        attributes,
        links: [...links],
        sampled: true,
        kind,
        end: (endTime, exit) => {
          status = { _tag: "Ended", startTime, endTime, exit }
        },
        attribute: (key, value) => {
          attributes.set(key, value)
        },
        event: () => {},
        addLinks: () => {}
      }
    },
    context: (f) => f()
  })

describe("HttpTransport against the simulator", () => {
  it.scoped("spans every send and attempt with counts, and never a secret, token or phone number", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      const spans: Array<Recorded> = []
      yield* sim.faults.dropAfterProcessing(1)
      yield* drive(
        transport
          .send(batch(recipient(1), recipient(2), recipient(3, "bad key".repeat(20))))
          .pipe(Effect.withTracer(recordingTracer(spans)))
      )
      const send = spans.find((s) => s.name === "HttpTransport.send")
      expect(Object.fromEntries(send?.attributes ?? [])).toMatchObject({
        "mcsend.recipients": 3,
        "mcsend.route": "batch",
        "mcsend.attempts": 2,
        "mcsend.queued": 2,
        "mcsend.failed": 1,
        "mcsend.reconciled": 2
      })
      const attempts = spans.filter((s) => s.name === "HttpTransport.attempt" && s.parent === send?.id)
      expect(attempts.map((s) => s.attributes.get("mcsend.step"))).toEqual(["Retry", "Done"])
      // The reconciliation's status reads, one per recipient the lost attempt queued.
      expect(spans.filter((s) => s.name === "HttpTransport.status" && s.parent === send?.id)).toHaveLength(2)
      // The platform's own per-request span is off: the attempt span covers each exchange.
      expect(spans.some((s) => s.name.startsWith("http.client"))).toBe(false)
      const everything = JSON.stringify(spans.map((s) => [s.name, [...s.attributes]]))
      expect(everything).not.toContain("mcsend-secret")
      expect(everything).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}/)
      expect(everything).not.toContain("1555555")
      expect(everything).not.toContain("contact-")
    })
  )

  it.scoped("reuses one token across many sends and status reads", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      for (let i = 0; i < 20; i++) {
        const response = yield* transport.send(batch(recipient(i)))
        expect(response.errorcode).toBe(0)
        yield* transport.status(response.responses[0]!.messageKey)
      }
      const stats = yield* sim.stats
      expect(stats.tokenRequests).toBe(1)
      expect(stats.sendRequests).toBe(20)
      expect(stats.statusRequests).toBe(20)
    })
  )

  it.scoped("fetches a new token before the old one expires, never after a 401", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator({ tokenTtlSeconds: 1080 })
      const transport = yield* transportFor(sim, { tokenRefreshMargin: "60 seconds" })
      yield* transport.send(batch(recipient(1)))
      yield* TestClock.adjust("1019 seconds")
      yield* transport.send(batch(recipient(2)))
      expect((yield* sim.stats).tokenRequests).toBe(1)
      // Inside the last minute of its life: refreshed although the server would still accept it.
      yield* TestClock.adjust("2 seconds")
      yield* transport.send(batch(recipient(3)))
      const stats = yield* sim.stats
      expect(stats.tokenRequests).toBe(2)
      expect(stats.unauthorized).toBe(0)
    })
  )

  it.scoped("refreshes and retries once on a 401 invalid_token", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      yield* transport.send(batch(recipient(1)))
      yield* sim.faults.revokeTokens
      const response = yield* transport.send(batch(recipient(2)))
      expect(response.errorcode).toBe(0)
      const stats = yield* sim.stats
      expect(stats.unauthorized).toBe(1)
      expect(stats.tokenRequests).toBe(2)
      expect(queuedCount(yield* sim.memory.events())).toBe(2)
    })
  )

  it.scoped("fails Unauthorized on bad credentials, without the secret in the error", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { clientSecret: Redacted.make("wrong-secret-value") })
      const exit = yield* Effect.exit(transport.send(batch(recipient(1))))
      expect(exit).toMatchObject({ _tag: "Failure" })
      const error = Exit.isFailure(exit) ? JSON.stringify(exit.cause) : ""
      expect(error).toContain("Unauthorized")
      expect(error).not.toContain("wrong-secret-value")
      expect(error).not.toContain("mcsend-secret")
      const stats = yield* sim.stats
      expect(stats.tokenRequests).toBe(1)
      expect(stats.sendRequests).toBe(0)
    })
  )

  it.scoped("waits for Retry-After on a 429 and then succeeds", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { retry: { baseDelay: "10 millis" } })
      yield* transport.send(batch(recipient(0)))
      yield* sim.faults.throttle(2, { retryAfterSeconds: 3 })
      const { advanced, exit } = yield* drive(transport.send(batch(recipient(1))))
      expect(Exit.isSuccess(exit) && exit.value.errorcode).toBe(0)
      // Two waits of three seconds: the hint, not the 10 ms backoff.
      expect(advanced).toBe(6000)
      const stats = yield* sim.stats
      expect(stats.sendRequests).toBe(4)
      expect(stats.injectedFailures).toBe(2)
      expect(queuedCount(yield* sim.memory.events())).toBe(2)
    })
  )

  it.scoped("retries a 503 with backoff", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      yield* sim.faults.unavailable(1, { retryAfterSeconds: 2 })
      const { exit } = yield* drive(transport.send(batch(recipient(1))))
      expect(Exit.isSuccess(exit) && exit.value.errorcode).toBe(0)
      expect((yield* sim.stats).sendRequests).toBe(2)
    })
  )

  it.scoped("gives up after maxAttempts with a retryable Throttled failure", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { retry: { maxAttempts: 3 } })
      yield* sim.faults.throttle(10, { retryAfterSeconds: 1 })
      const { exit } = yield* drive(transport.send(batch(recipient(1))))
      expect(exit).toMatchObject({
        _tag: "Failure",
        cause: { error: { _tag: "TransportFailure", reason: "Throttled", retryable: true, outcomeUnknown: false } }
      })
      expect((yield* sim.stats).sendRequests).toBe(3)
      expect(queuedCount(yield* sim.memory.events())).toBe(0)
    })
  )

  it.scoped("stops at the time budget, even with attempts left", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { retry: { maxAttempts: 100, budget: "10 seconds" } })
      yield* sim.faults.throttle(100, { retryAfterSeconds: 4 })
      const { advanced, exit } = yield* drive(transport.send(batch(recipient(1))))
      expect(exit).toMatchObject({ _tag: "Failure", cause: { error: { reason: "Throttled" } } })
      expect(advanced).toBe(8000)
      expect((yield* sim.stats).sendRequests).toBe(3)
    })
  )

  it.scoped("a lost answer after processing never sends twice: the retry's 109110 is reconciled", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      // A key queued long before this send: a true duplicate, which must stay one.
      yield* transport.send(batch(recipient(9, "old-key")))
      yield* TestClock.adjust("1 minute")
      yield* sim.faults.dropAfterProcessing(1)
      const { exit } = yield* drive(
        transport.send(
          batch(recipient(1), recipient(2), recipient(3, "mine"), recipient(4, "mine"), recipient(5, "old-key"))
        )
      )
      if (!Exit.isSuccess(exit)) throw new Error(`send failed: ${JSON.stringify(exit.cause)}`)
      const response = exit.value
      expect(response.responses.map((r) => r.errorcode)).toEqual([undefined, undefined, undefined, 109110, 109110])
      expect(response.errorcode).toBe(109001)
      expect(response.message).toBe("MCMS_UTM_ResponsesHasErrors: 2 subscribers failed to queue out of 5")
      const stats = yield* sim.stats
      expect(stats.dropped).toBe(1)
      expect(stats.sendRequests).toBe(3)
      // Queued once each: the old key's message and the three new ones.
      const events = yield* sim.memory.events()
      expect(queuedCount(events)).toBe(4)
      const keys = events.flatMap((e) => (e._tag === "MessageQueued" ? [e.messageKey] : []))
      expect(keys.slice(1)).toEqual(response.responses.slice(0, 3).map((r) => r.messageKey))
    })
  )

  it.scoped("a lost answer and exhausted retries fail with outcomeUnknown", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { retry: { maxAttempts: 2 } })
      yield* sim.faults.dropAfterProcessing(2)
      const { exit } = yield* drive(transport.send(batch(recipient(1))))
      expect(exit).toMatchObject({
        _tag: "Failure",
        cause: {
          error: { _tag: "TransportFailure", reason: "ConnectionFailed", outcomeUnknown: true, retryable: true }
        }
      })
      expect(queuedCount(yield* sim.memory.events())).toBe(1)
    })
  )

  it.scoped("never retries a 400", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      const exit = yield* Effect.exit(transport.send({ definitionKey: "nope", recipients: [recipient(1)] }))
      expect(exit).toMatchObject({
        _tag: "Failure",
        cause: { error: { _tag: "RequestRejected", errorcode: 109111, status: 400 } }
      })
      expect((yield* sim.stats).sendRequests).toBe(1)
    })
  )

  it.scoped("concurrent senders share one token request", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      const responses = yield* Effect.forEach(
        Array.from({ length: 25 }, (_, i) => i),
        (i) => transport.send(batch(recipient(i))),
        { concurrency: "unbounded" }
      )
      expect(responses.every((r) => r.errorcode === 0)).toBe(true)
      const stats = yield* sim.stats
      expect(stats.tokenRequests).toBe(1)
      expect(stats.sendRequests).toBe(25)
    })
  )

  it.scoped("an undecodable answer is a typed InvalidResponse, not retried", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      yield* sim.faults.garbleAfterProcessing(1)
      const exit = yield* Effect.exit(transport.send(batch(recipient(1))))
      expect(exit).toMatchObject({
        _tag: "Failure",
        cause: {
          error: { _tag: "TransportFailure", reason: "InvalidResponse", outcomeUnknown: true, retryable: false }
        }
      })
      expect((yield* sim.stats).sendRequests).toBe(1)
    })
  )

  it.scoped("an attempt that takes too long times out with outcomeUnknown", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { attemptTimeout: "2 seconds", retry: { maxAttempts: 2 } })
      yield* transport.send(batch(recipient(0)))
      yield* sim.faults.latency("5 seconds")
      const { exit } = yield* drive(transport.send(batch(recipient(1))))
      expect(exit).toMatchObject({
        _tag: "Failure",
        cause: { error: { _tag: "TransportFailure", reason: "Timeout", outcomeUnknown: true } }
      })
    })
  )

  it.scoped("reads statuses as they move on the simulator's clock, and 404s as MessageNotFound", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      const response = yield* transport.send(batch(recipient(1, "k1")))
      expect(response.responses).toEqual([{ messageKey: "k1" }])
      expect((yield* transport.status("k1")).eventCategoryType).toBe("TransactionalSendEvents.SMSQueued")
      yield* TestClock.adjust("5 seconds")
      const sent = yield* transport.status("k1")
      expect(sent.eventCategoryType).toBe("TransactionalSendEvents.SMSSent")
      expect(sent.info).toEqual({ messageKey: "k1", contactKey: "contact-1", to: "15555550001" })
      const missing = yield* Effect.exit(transport.status("unknown"))
      expect(missing).toMatchObject({
        _tag: "Failure",
        cause: { error: { _tag: "MessageNotFound", errorcode: 30003, messageKey: "unknown" } }
      })
    })
  )

  it.scoped("sends single requests with the key in the path, generated when missing", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { messageKeys: MessageKeyGenerator.deterministic(7) })
      const expected = yield* MessageKeyGenerator.deterministic(7).next
      const generated = yield* transport.send({ definitionKey: "welcome", recipient: recipient(1) })
      expect(generated.responses).toEqual([{ messageKey: expected }])
      const slashed = yield* transport.send({ definitionKey: "welcome", recipient: recipient(2, "a/b c") })
      expect(slashed.responses).toEqual([{ messageKey: "a/b c" }])
      expect((yield* transport.status("a/b c")).info.contactKey).toBe("contact-2")
    })
  )

  it.scoped("account_id chooses the business unit", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const main = yield* transportFor(sim)
      const other = yield* transportFor(sim, { accountId: "bu-2" })
      const a = yield* main.send(batch(recipient(1, "shared")))
      const b = yield* other.send(batch(recipient(1, "shared")))
      expect([a.errorcode, b.errorcode]).toEqual([0, 0])
      expect(queuedCount(yield* sim.memory.events("bu-2"))).toBe(1)
      expect(queuedCount(yield* sim.memory.events())).toBe(1)
    })
  )

  it.scoped("a refused connection is retried and known not to have been processed", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      // Port 1 on loopback: nothing listens there, so every attempt is refused before anything is sent.
      const transport = yield* transportFor(sim, { authBaseUrl: "http://127.0.0.1:1", retry: { maxAttempts: 3 } })
      const { exit } = yield* drive(transport.send(batch(recipient(1))))
      expect(exit).toMatchObject({
        _tag: "Failure",
        cause: {
          error: { _tag: "TransportFailure", reason: "ConnectionFailed", retryable: true, outcomeUnknown: false }
        }
      })
    })
  )

  it.scoped("a REST base that is not a URL fails at once, not retried", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { restBaseUrl: "not a url" })
      const exit = yield* Effect.exit(transport.send(batch(recipient(1))))
      expect(exit).toMatchObject({
        _tag: "Failure",
        cause: { error: { _tag: "TransportFailure", reason: "Unexpected", retryable: false, outcomeUnknown: false } }
      })
      expect((yield* sim.stats).sendRequests).toBe(0)
    })
  )

  it.scoped("decodes errorCode beside errorcode, and refuses HTML as InvalidResponse", () =>
    Effect.gen(function* () {
      // A stand-in that spells the code as some Marketing Cloud services do, then answers like a broken proxy.
      let sends = 0
      const authBaseUrl = yield* standIn((_, response) => {
        sends++
        if (sends === 1) {
          response.writeHead(202, { "content-type": "application/json" })
          return response.end(
            JSON.stringify({
              requestId: "r1",
              errorCode: 109001,
              message: "MCMS_UTM_ResponsesHasErrors: 1 subscribers failed to queue out of 2",
              responses: [
                { messageKey: "a" },
                {
                  messageKey: "b",
                  errorCode: 109121,
                  message: "MCMS_UTM_Validation_InvalidValue_to: Invalid subscriber"
                }
              ]
            })
          )
        }
        response.writeHead(202, { "content-type": "text/html" })
        response.end("<html>Bad gateway</html>")
      })
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { authBaseUrl })
      const decoded = yield* transport.send(batch(recipient(1, "a"), recipient(2, "b")))
      expect(decoded).toEqual({
        requestId: "r1",
        errorcode: 109001,
        message: "MCMS_UTM_ResponsesHasErrors: 1 subscribers failed to queue out of 2",
        responses: [
          { messageKey: "a" },
          { messageKey: "b", errorcode: 109121, message: "MCMS_UTM_Validation_InvalidValue_to: Invalid subscriber" }
        ]
      })
      const html = yield* Effect.exit(transport.send(batch(recipient(3, "c"))))
      expect(html).toMatchObject({
        _tag: "Failure",
        cause: { error: { _tag: "TransportFailure", reason: "InvalidResponse", outcomeUnknown: true, httpStatus: 202 } }
      })
    })
  )

  it.scoped("layerConfig reads the SFMC_* variables", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const provider = ConfigProvider.fromMap(
        new Map([
          ["SFMC_AUTH_BASE_URL", sim.baseUrl],
          ["SFMC_CLIENT_ID", sim.clientId],
          ["SFMC_CLIENT_SECRET", Redacted.value(sim.clientSecret)],
          ["SFMC_ACCOUNT_ID", "bu-9"]
        ])
      )
      const layer = HttpTransport.layerConfig.pipe(
        Layer.provide(client),
        Layer.provide(Layer.setConfigProvider(provider))
      )
      const response = yield* SmsTransport.send(batch(recipient(1))).pipe(Effect.provide(layer))
      expect(response.errorcode).toBe(0)
      expect(queuedCount(yield* sim.memory.events("bu-9"))).toBe(1)
    })
  )
})

describe("HttpTransport with awkward requests", () => {
  it.scoped("keys with URL syntax travel in the path and read back their own status", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      for (const key of ["...", "a/b", "%2E", "?x=1#y", " "]) {
        const single = yield* transport.send({ definitionKey: "welcome", recipient: recipient(1, key) })
        expect(single.responses).toEqual([{ messageKey: key }])
        const status = yield* transport.status(key)
        expect(status.info.messageKey).toBe(key)
      }
    })
  )

  it.scoped("a single request with a key no path can carry is judged as the batch of one it is (109108)", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      for (const key of [".", "..", "", "k".repeat(101)]) {
        const single = yield* transport.send({ definitionKey: "welcome", recipient: recipient(1, key) })
        expect(single.responses).toEqual([{ messageKey: key, errorcode: 109108, message: expect.any(String) }])
        const status = yield* Effect.exit(transport.status(key))
        expect(status).toMatchObject({ _tag: "Failure", cause: { error: { _tag: "MessageNotFound" } } })
      }
      expect(queuedCount(yield* sim.memory.events())).toBe(0)
    })
  )

  it.scoped("a malformed body reaches the API unchanged and gets the API's own code", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      const cases: ReadonlyArray<readonly [unknown, number]> = [
        [{ definitionKey: "welcome", recipients: 0 }, 10001],
        [{ definitionKey: "welcome", recipients: [null, recipient(1)] }, 10001],
        [{ definitionKey: "welcome", recipient: null }, 10001],
        [{ definitionKey: "welcome" }, 109102],
        [[], 10004],
        [null, 10004]
      ]
      for (const [body, errorcode] of cases) {
        const exit = yield* Effect.exit(transport.send(body as never))
        const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
        const seen = Option.map(error, (e) => [e._tag, "errorcode" in e ? e.errorcode : undefined])
        expect({ body, seen }).toEqual({ body, seen: Option.some(["RequestRejected", errorcode]) })
      }
      expect(queuedCount(yield* sim.memory.events())).toBe(0)
    })
  )
})

describe("HttpTransport reconciliation when the status route is down", () => {
  it.scoped("a 109110 after a lost answer counts as queued when the key's status cannot be read", () =>
    Effect.gen(function* () {
      // A stand-in: the first send is processed and its connection cut; the retry answers 109110; status reads 503.
      let posts = 0
      let statusReads = 0
      const authBaseUrl = yield* standIn((request, response) => {
        if (request.method === "POST") {
          posts++
          if (posts === 1) return request.socket.destroy()
          response.writeHead(202, { "content-type": "application/json" })
          return response.end(
            JSON.stringify({
              requestId: "r2",
              errorcode: 109001,
              message: "MCMS_UTM_ResponsesHasErrors: 1 subscribers failed to queue out of 1",
              responses: [{ messageKey: "k", errorcode: 109110, message: "MCMS_UTM_Validation_DuplicateMessageKey: x" }]
            })
          )
        }
        statusReads++
        response.writeHead(503, { "content-type": "application/json", "retry-after": "0" })
        response.end(JSON.stringify({ errorcode: 50300, message: "down" }))
      })
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { authBaseUrl })
      const { exit } = yield* drive(transport.send(batch(recipient(1, "k"))))
      expect(exit).toEqual(Exit.succeed({ requestId: "r2", errorcode: 0, responses: [{ messageKey: "k" }] }))
      expect(posts).toBe(2)
      expect(statusReads).toBeGreaterThan(0)
    })
  )
})

describe("HttpTransport on requests that break their types", () => {
  it.scoped("a request JSON cannot carry (a bigint, a cycle) is refused as 10001, and nothing is sent", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      const cyclic: Record<string, unknown> = { definitionKey: "welcome", recipients: [recipient(2)] }
      cyclic.self = cyclic
      for (const body of [{ ...batch(recipient(1)), attributes: { Code: 1n } }, cyclic]) {
        const error = yield* Effect.flip(transport.send(body as never))
        expect(error).toMatchObject({ _tag: "RequestRejected", errorcode: 10001 })
      }
      expect((yield* sim.stats).sendRequests).toBe(0)
    })
  )

  it.scoped("a key with a lone surrogate is judged (109108), never thrown on, on both routes", () =>
    Effect.gen(function* () {
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim)
      const single = yield* transport.send({ definitionKey: "welcome", recipient: recipient(1, "ab\uD800") })
      expect(single.responses[0]?.errorcode).toBe(109108)
      const batched = yield* transport.send(batch(recipient(2, "\uDC00")))
      expect(batched.responses[0]?.errorcode).toBe(109108)
      const status = yield* Effect.flip(transport.status("ab\uD800"))
      expect(status._tag).toBe("MessageNotFound")
    })
  )
})

describe("HttpTransport on oversized answers", () => {
  it.scoped("an answer over maxResponseBytes is InvalidResponse, declared or chunked, and is not read whole", () =>
    Effect.gen(function* () {
      let sends = 0
      let written = 0
      const authBaseUrl = yield* standIn((_, response) => {
        sends++
        if (sends === 1) {
          // Declares 50 MB and sends none of it: refused on the header alone.
          response.writeHead(202, { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) })
          return response.flushHeaders()
        }
        // Chunked, no length: a stream that would go on for 1 MB, 4 KB at a time.
        response.writeHead(202, { "content-type": "application/json" })
        const chunk = "x".repeat(4096)
        const pump = () => {
          while (written < 1024 * 1024 && !response.writableNeedDrain) {
            written += chunk.length
            response.write(chunk)
          }
          if (written < 1024 * 1024) response.once("drain", pump)
          else response.end()
        }
        pump()
      })
      const sim = yield* startSimulator()
      const transport = yield* transportFor(sim, { authBaseUrl, maxResponseBytes: 16_384 })
      for (let i = 1; i <= 2; i++) {
        const error = yield* Effect.flip(transport.send(batch(recipient(i))))
        expect(error).toMatchObject({
          _tag: "TransportFailure",
          reason: "InvalidResponse",
          retryable: false,
          outcomeUnknown: true,
          httpStatus: 202
        })
        expect(error.message).toContain("over 16384 bytes")
      }
      expect(sends).toBe(2)
    })
  )
})
