/**
 * Design section 3, rule by rule, through the port (`SmsTransport.send` / `SmsTransport.status`) on MemoryTransport,
 * with TestClock moving time.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Event } from "@mcsend/domain/Events"
import type { Recipient, SendRequest } from "@mcsend/domain/SendRequest"
import type { SendResponse } from "@mcsend/domain/SendResponse"
import { Cause, Duration, Effect, Exit, Layer, TestClock } from "effect"
import { MemoryTransport, SmsTransport } from "../src/index.js"
import { definitions, failure } from "./fixtures.js"

const layer = (options: MemoryTransport.Options = {}, seed?: number) =>
  MemoryTransport.layerTest({ definitions, ...options }, seed)

const Memory = MemoryTransport.MemoryTransport

const events = (businessUnit?: string) => Effect.flatMap(Memory, (m) => m.events(businessUnit))

const eventsOf = <T extends Event["_tag"]>(tag: T, businessUnit?: string) =>
  Effect.map(events(businessUnit), (all) => all.filter((e): e is Extract<Event, { _tag: T }> => e._tag === tag))

/** The events of sends (definitions aside): a whole-request error leaves none. */
const sendEvents = Effect.map(events(), (all) => all.filter((e) => !e._tag.startsWith("Definition")))

const codes = (response: SendResponse) => response.responses.map((r) => r.errorcode ?? 0)

const person = (messageKey: string, extra: Partial<Recipient> = {}): Recipient => ({
  contactKey: `c-${messageKey}`,
  to: "15555550100",
  messageKey,
  ...extra
})

const batch = (...recipients: ReadonlyArray<Recipient>): SendRequest => ({ definitionKey: "plain", recipients })

const sendOne = (messageKey: string, extra: Partial<Recipient> = {}) =>
  Effect.map(SmsTransport.send(batch(person(messageKey, extra))), (r) => r.responses[0]!)

const statusOf = (messageKey: string) =>
  Effect.map(SmsTransport.status(messageKey), (s) => ({
    category: s.eventCategoryType.replace("TransactionalSendEvents.", ""),
    statusCode: s.info.statusCode,
    statusMessage: s.info.statusMessage
  }))

const window = Duration.toMillis("72 hours")

describe("MemoryTransport", () => {
  describe("whole-request errors: 400, nothing queued", () => {
    const ok = person("w1")
    const cases: ReadonlyArray<readonly [string, unknown, number]> = [
      ["definitionKey of the wrong type", { definitionKey: 5, recipients: [ok] }, 10001],
      [
        "a request attribute that is not a scalar",
        { definitionKey: "plain", recipients: [ok], attributes: { a: {} } },
        10001
      ],
      ["a recipient that is not an object", { definitionKey: "plain", recipients: [ok, "x"] }, 10001],
      [
        "a recipient attribute that is not a scalar",
        { definitionKey: "plain", recipients: [{ ...ok, attributes: { a: [1] } }] },
        10001
      ],
      [
        "a recipient field of the wrong type",
        { definitionKey: "plain", recipients: [{ ...ok, to: 15555550100 }] },
        10001
      ],
      ["definitionKey missing", { recipients: [ok] }, 10002],
      ["definitionKey empty", { definitionKey: "", recipients: [ok] }, 10002],
      ["definitionKey unknown to the business unit", { definitionKey: "nope", recipients: [ok] }, 109111],
      ["recipients missing", { definitionKey: "plain" }, 109102],
      ["recipients empty", { definitionKey: "plain", recipients: [] }, 109102],
      ["an unknown top-level field", { definitionKey: "plain", recipients: [ok], sender: "x" }, 109122],
      ["recipient with recipients", { definitionKey: "plain", recipients: [ok], recipient: ok }, 109122],
      ["an unknown field comes before a wrong type", { definitionKey: 5, recipients: [ok], x: 1 }, 109122],
      ["a missing definitionKey comes before missing recipients", { recipients: [] }, 10002]
    ]
    for (const [name, body, code] of cases) {
      it.effect(`${name}: ${code}`, () =>
        Effect.gen(function* () {
          const error = yield* failure(SmsTransport.send(body as SendRequest))
          expect(error).toMatchObject({ _tag: "RequestRejected", errorcode: code, status: 400 })
          expect(error.message).toMatch(/^MCMS_UTM_Validation_\w+: /)
          expect(yield* sendEvents).toEqual([])
          expect((yield* failure(SmsTransport.status("w1")))._tag).toBe("MessageNotFound")
        }).pipe(Effect.provide(layer()))
      )
    }

    it.effect("more recipients than the limit: 109101; the limit itself is fine", () =>
      Effect.gen(function* () {
        const error = yield* failure(SmsTransport.send(batch(person("a"), person("b"), person("c"), person("d"))))
        expect(error).toMatchObject({ errorcode: 109101 })
        const accepted = yield* SmsTransport.send(batch(person("a"), person("b"), person("c")))
        expect(codes(accepted)).toEqual([0, 0, 0])
      }).pipe(Effect.provide(layer({ settings: { maxRecipients: 3 } })))
    )

    it.effect("the default limit is 2000", () =>
      Effect.gen(function* () {
        const many = (n: number) => Array.from({ length: n }, (_, i) => person(`m${i}`))
        expect(yield* failure(SmsTransport.send(batch(...many(2001))))).toMatchObject({ errorcode: 109101 })
        expect((yield* SmsTransport.send(batch(...many(2000)))).responses).toHaveLength(2000)
      }).pipe(Effect.provide(layer()))
    )

    it.effect("an untrusted body: not an object is 10004, the wrong route's list field is 109122", () =>
      Effect.gen(function* () {
        const memory = yield* Memory
        expect((yield* failure(memory.submit("not json", { _tag: "Batch" }))).errorcode).toBe(10004)
        expect((yield* failure(memory.submit(null, { _tag: "Batch" }))).errorcode).toBe(10004)
        const single = { definitionKey: "plain", recipient: person("s") }
        expect((yield* failure(memory.submit(single, { _tag: "Batch" }))).errorcode).toBe(109122)
        const list = { definitionKey: "plain", recipients: [person("s")] }
        expect((yield* failure(memory.submit(list, { _tag: "Single", messageKey: "s" }))).errorcode).toBe(109122)
        expect(yield* sendEvents).toEqual([])
      }).pipe(Effect.provide(layer()))
    )
  })

  describe("per-recipient errors: the batch goes on", () => {
    const cases: ReadonlyArray<readonly [string, Partial<Recipient>, number]> = [
      ["to missing", { to: undefined }, 109106],
      ["to empty", { to: "" }, 109106],
      ["to with a letter", { to: "1555555010x" }, 109121],
      ["to of 16 digits", { to: "1234567890123456" }, 109121],
      ["to that is only a plus", { to: "+" }, 109121],
      ["to of 15 digits", { to: "123456789012345" }, 0],
      ["to of 1 digit", { to: "1" }, 0],
      ["to with a leading plus", { to: "+15555550100" }, 0],
      ["contactKey missing", { contactKey: undefined }, 109105],
      ["contactKey empty", { contactKey: "" }, 109105],
      ["messageKey empty", { messageKey: "" }, 109108],
      ["messageKey of 101 characters", { messageKey: "k".repeat(101) }, 109108],
      ["messageKey of 100 characters", { messageKey: "k".repeat(100) }, 0],
      ["several problems: the first in the table's order", { to: "", contactKey: "", messageKey: "" }, 109106],
      ["a bad to before a missing contactKey", { to: "x", contactKey: undefined }, 109121],
      ["a missing contactKey before a bad messageKey", { contactKey: "", messageKey: "" }, 109105]
    ]
    for (const [name, change, code] of cases) {
      it.effect(`${name}: ${code || "queued"}`, () =>
        Effect.gen(function* () {
          const recipient = { ...person("p"), ...change }
          for (const key of Object.keys(change) as Array<keyof Recipient>) {
            if (change[key] === undefined) delete recipient[key]
          }
          const response = yield* SmsTransport.send(batch(person("before"), recipient, person("after")))
          expect(codes(response)).toEqual([0, code, 0])
          expect(response.responses.map((r) => r.messageKey)).toEqual(["before", recipient.messageKey ?? "", "after"])
          if (code !== 0) {
            expect(response.errorcode).toBe(109001)
            expect(response.message).toBe("MCMS_UTM_ResponsesHasErrors: 1 subscribers failed to queue out of 3")
            expect(response.responses[1]!.message).toMatch(/^MCMS_UTM_Validation_\w+: /)
          } else {
            expect(response).toEqual({
              requestId: response.requestId,
              errorcode: 0,
              responses: [{ messageKey: "before" }, { messageKey: recipient.messageKey }, { messageKey: "after" }]
            })
          }
        }).pipe(Effect.provide(layer()))
      )
    }

    it.effect("the wire texts of a partial failure", () =>
      Effect.gen(function* () {
        const response = yield* SmsTransport.send(batch(person("k1"), person("k2", { to: undefined })))
        expect(response.responses[1]).toEqual({
          messageKey: "k2",
          errorcode: 109106,
          message: "MCMS_UTM_Validation_MissingRequiredField_to: Invalid subscriber"
        })
        expect(response.message).toBe("MCMS_UTM_ResponsesHasErrors: 1 subscribers failed to queue out of 2")
      }).pipe(Effect.provide(layer()))
    )

    it.effect("a repeated key: the first is judged on its own merits, every later one is 109110", () =>
      Effect.gen(function* () {
        // A later occurrence with a problem earlier in the table's order gets that problem's code.
        const good = yield* SmsTransport.send(batch(person("d"), person("d"), person("d", { to: "x" })))
        expect(codes(good)).toEqual([0, 109110, 109121])
        // The first occurrence fails on its own; the later ones are still duplicates of it.
        const bad = yield* SmsTransport.send(batch(person("e", { to: "x" }), person("e"), person("e")))
        expect(codes(bad)).toEqual([109121, 109110, 109110])
        // None of "e" was queued, so the key is still free.
        expect(yield* sendOne("e")).toEqual({ messageKey: "e" })
      }).pipe(Effect.provide(layer()))
    )

    it.effect("a rejected recipient does not consume its key, and has no status", () =>
      Effect.gen(function* () {
        expect((yield* sendOne("r", { contactKey: "" })).errorcode).toBe(109105)
        const notFound = yield* failure(SmsTransport.status("r"))
        expect(notFound).toMatchObject({
          _tag: "MessageNotFound",
          messageKey: "r",
          errorcode: 30003,
          message: "MCMS_UTM_Status_MessageNotFound: No message with that messageKey"
        })
        expect(yield* sendOne("r")).toEqual({ messageKey: "r" })
        expect((yield* statusOf("r")).category).toBe("SMSQueued")
      }).pipe(Effect.provide(layer()))
    )

    it.effect("a typed request travels as JSON: a field set to undefined is absent, as on the wire", () =>
      Effect.gen(function* () {
        const response = yield* SmsTransport.send({
          definitionKey: "plain",
          content: { message: undefined },
          attributes: { a: "1", b: undefined },
          recipients: [
            { contactKey: "a", to: undefined, messageKey: "u1" },
            { contactKey: "b", to: "1", messageKey: undefined, attributes: { x: undefined } }
          ]
        } as unknown as SendRequest)
        expect(codes(response)).toEqual([109106, 0])
        expect(response.responses[1]!.messageKey).toMatch(/^[A-Za-z0-9_-]{22}$/)
      }).pipe(Effect.provide(layer()))
    )

    it.effect("numbers and booleans render as text", () =>
      Effect.gen(function* () {
        yield* SmsTransport.send({
          definitionKey: "plain",
          content: { message: "%%n%% %%b%% %%x%%" },
          attributes: { n: 12.5, b: false },
          recipients: [person("t", { attributes: { x: 0 } })]
        })
        const [queued] = yield* eventsOf("MessageQueued")
        expect(queued!.text).toBe("12.5 false 0")
      }).pipe(Effect.provide(layer()))
    )
  })

  describe("the window", () => {
    it.effect("a queued key is refused until exactly window later (72 hours by default)", () =>
      Effect.gen(function* () {
        expect(yield* sendOne("w")).toEqual({ messageKey: "w" })
        yield* TestClock.adjust(window - 1)
        expect((yield* sendOne("w")).errorcode).toBe(109110)
        yield* TestClock.adjust(1)
        expect(yield* sendOne("w")).toEqual({ messageKey: "w" })
        // And the new message starts a new window.
        yield* TestClock.adjust(window - 1)
        expect((yield* sendOne("w")).errorcode).toBe(109110)
        yield* TestClock.adjust(1)
        expect(yield* sendOne("w")).toEqual({ messageKey: "w" })
      }).pipe(Effect.provide(layer()))
    )

    it.effect("the window is configurable", () =>
      Effect.gen(function* () {
        yield* sendOne("w")
        yield* TestClock.adjust("1 hour")
        expect((yield* sendOne("w")).errorcode).toBe(109110)
        yield* TestClock.adjust("1 hour")
        expect(yield* sendOne("w")).toEqual({ messageKey: "w" })
      }).pipe(Effect.provide(layer({ settings: { window: Duration.toMillis("2 hours") } })))
    )

    it.effect("a refused resend does not restart the window", () =>
      Effect.gen(function* () {
        yield* sendOne("w")
        yield* TestClock.adjust("71 hours")
        expect((yield* sendOne("w")).errorcode).toBe(109110)
        yield* TestClock.adjust("1 hour")
        expect(yield* sendOne("w")).toEqual({ messageKey: "w" })
      }).pipe(Effect.provide(layer()))
    )

    it.effect("a reused key's status is the most recent message's", () =>
      Effect.gen(function* () {
        const first = yield* SmsTransport.send(batch(person("w", { contactKey: "first" })))
        yield* TestClock.adjust(window)
        const second = yield* SmsTransport.send(batch(person("w", { contactKey: "second" })))
        const status = yield* SmsTransport.status("w")
        expect(first.requestId).not.toBe(second.requestId)
        expect(status.requestId).toBe(second.requestId)
        expect(status.info.contactKey).toBe("second")
        expect(status.eventCategoryType).toBe("TransactionalSendEvents.SMSQueued")
      }).pipe(Effect.provide(layer()))
    )
  })

  describe("generated keys", () => {
    it.effect("a missing messageKey gets 22 URL-safe base64 characters, distinct from the request's own keys", () =>
      Effect.gen(function* () {
        const response = yield* SmsTransport.send(
          batch({ contactKey: "a", to: "1" }, { contactKey: "b", to: "2" }, person("given"))
        )
        const [a, b, given] = response.responses.map((r) => r.messageKey)
        expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/)
        expect(b).toMatch(/^[A-Za-z0-9_-]{22}$/)
        expect(a).not.toBe(b)
        expect(given).toBe("given")
        expect((yield* SmsTransport.status(a!)).info.contactKey).toBe("a")
        const [queued] = yield* eventsOf("MessageQueued")
        expect(queued!.keyGenerated).toBe(true)
      }).pipe(Effect.provide(layer()))
    )

    it.effect("the same seed gives the same keys; another seed others", () =>
      Effect.gen(function* () {
        const keys = (seed: number) =>
          Effect.map(SmsTransport.send(batch({ contactKey: "a", to: "1" }, { contactKey: "b", to: "2" })), (r) =>
            r.responses.map((i) => i.messageKey)
          ).pipe(Effect.provide(layer({}, seed)))
        expect(yield* keys(7)).toEqual(yield* keys(7))
        expect(yield* keys(7)).not.toEqual(yield* keys(8))
      })
    )
  })

  describe("statuses", () => {
    it.effect("Queued, then Sent after the delivery delay, to the millisecond, in Central time", () =>
      Effect.gen(function* () {
        const response = yield* SmsTransport.send(batch(person("x"), person("s", { to: "+15555550123" })))
        const queued = yield* SmsTransport.status("s")
        expect(queued).toEqual({
          requestId: response.requestId,
          eventCategoryType: "TransactionalSendEvents.SMSQueued",
          timestamp: "1969-12-31T18:00:00",
          compositeId: `${response.requestId}.1`,
          info: { messageKey: "s", contactKey: "c-s", to: "+15555550123" }
        })
        yield* TestClock.adjust(Duration.toMillis("5 seconds") - 1)
        expect((yield* statusOf("s")).category).toBe("SMSQueued")
        yield* TestClock.adjust(1)
        const sent = yield* SmsTransport.status("s")
        expect(sent.eventCategoryType).toBe("TransactionalSendEvents.SMSSent")
        expect(sent.timestamp).toBe("1969-12-31T18:00:05")
        expect(sent.info.statusCode).toBeUndefined()
      }).pipe(Effect.provide(layer()))
    )

    it.effect("a final status is kept 3 days, then the key answers 404", () =>
      Effect.gen(function* () {
        yield* sendOne("s")
        yield* TestClock.adjust("5 seconds")
        yield* TestClock.adjust(Duration.toMillis("3 days") - 1)
        expect((yield* statusOf("s")).category).toBe("SMSSent")
        yield* TestClock.adjust(1)
        expect((yield* failure(SmsTransport.status("s")))._tag).toBe("MessageNotFound")
      }).pipe(Effect.provide(layer()))
    )
  })

  describe("opt-out", () => {
    const optOuts = [
      "STOP",
      "stop",
      "Quit",
      "CANCEL",
      "end",
      "UNSUBSCRIBE",
      "revoke",
      "OPT OUT",
      "opt  out",
      "  Stop please"
    ]
    for (const message of optOuts) {
      it.effect(`"${message}" opts the number out: queued, then NotSent 1 Unsubscribed`, () =>
        Effect.gen(function* () {
          const memory = yield* Memory
          yield* memory.inbound("+15555550100", message)
          const response = yield* SmsTransport.send(batch(person("o")))
          expect(response.errorcode).toBe(0)
          expect((yield* statusOf("o")).category).toBe("SMSQueued")
          yield* TestClock.adjust("5 seconds")
          expect(yield* statusOf("o")).toEqual({ category: "SMSNotSent", statusCode: 1, statusMessage: "Unsubscribed" })
        }).pipe(Effect.provide(layer()))
      )
    }

    for (const message of ["STOPPED", "please stop", "OPTOUT", "OPT", "", "hello"]) {
      it.effect(`"${message}" is not an opt-out`, () =>
        Effect.gen(function* () {
          yield* Effect.flatMap(Memory, (m) => m.inbound("15555550100", message))
          yield* sendOne("o")
          yield* TestClock.adjust("5 seconds")
          expect((yield* statusOf("o")).category).toBe("SMSSent")
          expect(yield* eventsOf("SubscriberOptedOut")).toEqual([])
        }).pipe(Effect.provide(layer()))
      )
    }

    it.effect("resubscribe: true resubscribes the number and sends; later sends go out too", () =>
      Effect.gen(function* () {
        yield* Effect.flatMap(Memory, (m) => m.inbound("15555550100", "STOP"))
        yield* SmsTransport.send({ ...batch(person("r1")), subscriptions: { resubscribe: true } })
        yield* SmsTransport.send(batch(person("r2")))
        yield* TestClock.adjust("5 seconds")
        expect((yield* statusOf("r1")).category).toBe("SMSSent")
        expect((yield* statusOf("r2")).category).toBe("SMSSent")
        expect((yield* eventsOf("SubscriberResubscribed")).map((e) => e.to)).toEqual(["15555550100"])
      }).pipe(Effect.provide(layer()))
    )

    it.effect("resubscribe: false leaves the number opted out; an opt-out is per business unit", () =>
      Effect.gen(function* () {
        const memory = yield* Memory
        yield* memory.inbound("15555550100", "STOP", "bu1")
        yield* memory.transport("bu1").send({ ...batch(person("a")), subscriptions: { resubscribe: false } })
        yield* memory.transport("bu2").send(batch(person("a")))
        yield* TestClock.adjust("5 seconds")
        expect((yield* memory.transport("bu1").status("a")).info.statusCode).toBe(1)
        expect((yield* memory.transport("bu2").status("a")).eventCategoryType).toBe("TransactionalSendEvents.SMSSent")
      }).pipe(Effect.provide(layer()))
    )
  })

  describe("content", () => {
    it.effect("content.message overrides the definition; names fill case-insensitively, recipient first", () =>
      Effect.gen(function* () {
        yield* SmsTransport.send({
          definitionKey: "welcome",
          attributes: { firstname: "Request", CODE: "42" },
          recipients: [person("a", { attributes: { FIRSTNAME: "Astro" } }), person("b")]
        })
        yield* SmsTransport.send({
          definitionKey: "welcome",
          content: { message: "Override %%Code%% %%Missing%% %%missing%%" },
          attributes: { Code: "7" },
          recipients: [person("c")]
        })
        const queued = yield* eventsOf("MessageQueued")
        expect(queued.map((e) => e.text)).toEqual([
          "Hi Astro, your code is 42",
          "Hi Request, your code is 42",
          "Override 7  "
        ])
        expect(queued.map((e) => e.missingSubstitutions)).toEqual([[], [], ["Missing"]])
      }).pipe(Effect.provide(layer()))
    )

    const measure = (text: string) =>
      Effect.gen(function* () {
        const response = yield* SmsTransport.send({ ...batch(person("m")), content: { message: text } })
        const queued = (yield* eventsOf("MessageQueued")).find((e) => e.requestId === response.requestId)!
        yield* TestClock.adjust("5 seconds")
        const status = yield* statusOf("m")
        yield* TestClock.adjust(window)
        return { encoding: queued.encoding, segments: queued.segments, ...status }
      })

    it.effect("encoding and segments: 160/153 GSM-7, 70/67 UCS-2; over 10 segments is NotSent 130", () =>
      Effect.gen(function* () {
        expect(yield* measure("a".repeat(160))).toMatchObject({ encoding: "GSM7", segments: 1, category: "SMSSent" })
        expect(yield* measure("a".repeat(161))).toMatchObject({ encoding: "GSM7", segments: 2 })
        expect(yield* measure("你".repeat(70))).toMatchObject({ encoding: "UCS2", segments: 1 })
        expect(yield* measure("你".repeat(71))).toMatchObject({ encoding: "UCS2", segments: 2 })
        expect(yield* measure("a".repeat(1530))).toMatchObject({ segments: 10, category: "SMSSent" })
        expect(yield* measure("a".repeat(1531))).toEqual({
          encoding: "GSM7",
          segments: 11,
          category: "SMSNotSent",
          statusCode: 130,
          statusMessage: "PayloadExceedsMaximum"
        })
        expect(yield* measure("你".repeat(670))).toMatchObject({ segments: 10, category: "SMSSent" })
        expect(yield* measure("你".repeat(671))).toMatchObject({ segments: 11, statusCode: 130 })
      }).pipe(Effect.provide(layer()))
    )
  })

  describe("definitions", () => {
    it.effect("create, read, update and delete through the handle", () =>
      Effect.gen(function* () {
        const memory = yield* Memory
        const created = yield* memory.createDefinition({ definitionKey: "otp", content: { message: "v1 %%Code%%" } })
        expect(created).toMatchObject({ definitionKey: "otp", name: "otp", status: "Active" })
        expect(
          (yield* failure(memory.createDefinition({ definitionKey: "otp", content: { message: "x" } })))._tag
        ).toBe("DefinitionExists")
        expect((yield* memory.listDefinitions()).map((d) => d.definitionKey).sort()).toEqual([
          "otp",
          "plain",
          "welcome"
        ])

        const send = (messageKey: string) =>
          SmsTransport.send({ definitionKey: "otp", attributes: { Code: "1" }, recipients: [person(messageKey)] })
        yield* send("a")
        const updated = yield* memory.updateDefinition("otp", { content: { message: "v2 %%Code%%" }, name: "OTP" })
        expect(updated).toMatchObject({ definitionKey: "otp", name: "OTP", content: { message: "v2 %%Code%%" } })
        yield* send("b")
        expect((yield* eventsOf("MessageQueued")).map((e) => e.text)).toEqual(["v1 1", "v2 1"])

        yield* memory.deleteDefinition("otp")
        expect(yield* failure(send("c"))).toMatchObject({ errorcode: 109111 })
        expect((yield* memory.getDefinition("otp"))._tag).toBe("None")
        expect((yield* failure(memory.deleteDefinition("otp")))._tag).toBe("DefinitionNotFound")
        expect((yield* failure(memory.updateDefinition("otp", { name: "x" })))._tag).toBe("DefinitionNotFound")
      }).pipe(Effect.provide(layer()))
    )

    it.effect("an empty definitionKey breaks the body's contract: a defect, not a definition", () =>
      Effect.gen(function* () {
        const memory = yield* Memory
        const exit = yield* Effect.exit(memory.createDefinition({ definitionKey: "", content: { message: "x" } }))
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
        expect((yield* memory.listDefinitions()).map((d) => d.definitionKey).sort()).toEqual(["plain", "welcome"])
      }).pipe(Effect.provide(layer()))
    )

    it.effect("an inactive definition: queued, stays Queued, NotSent 138 after exactly 3 days", () =>
      Effect.gen(function* () {
        const memory = yield* Memory
        yield* memory.updateDefinition("plain", { status: "Inactive" })
        const response = yield* SmsTransport.send(batch(person("i")))
        expect(response.errorcode).toBe(0)
        yield* TestClock.adjust("2 days")
        expect((yield* statusOf("i")).category).toBe("SMSQueued")
        yield* TestClock.adjust(Duration.toMillis("1 day") - 1)
        expect((yield* statusOf("i")).category).toBe("SMSQueued")
        yield* TestClock.adjust(1)
        expect(yield* statusOf("i")).toEqual({
          category: "SMSNotSent",
          statusCode: 138,
          statusMessage: "ExceededExpirationPolicy"
        })
        // Reactivated, it sends again.
        yield* memory.updateDefinition("plain", { status: "Active" })
        yield* sendOne("j")
        yield* TestClock.adjust("5 seconds")
        expect((yield* statusOf("j")).category).toBe("SMSSent")
      }).pipe(Effect.provide(layer()))
    )

    it.effect("an inactive definition holds an opted-out number's message too, without resubscribing it", () =>
      Effect.gen(function* () {
        const memory = yield* Memory
        yield* memory.inbound("15555550100", "STOP")
        yield* memory.updateDefinition("plain", { status: "Inactive" })
        yield* SmsTransport.send({ ...batch(person("i")), subscriptions: { resubscribe: true } })
        yield* TestClock.adjust("3 days")
        expect((yield* statusOf("i")).statusCode).toBe(138)
        expect(yield* eventsOf("SubscriberResubscribed")).toEqual([])
      }).pipe(Effect.provide(layer()))
    )

    it.effect("definitions given in the options exist in every business unit; created ones only in theirs", () =>
      Effect.gen(function* () {
        const memory = yield* Memory
        yield* memory.createDefinition({ definitionKey: "only1", content: { message: "x" } }, "bu1")
        const request = { definitionKey: "only1", recipients: [person("d")] }
        expect((yield* memory.transport("bu1").send(request)).errorcode).toBe(0)
        expect(yield* failure(memory.transport("bu2").send(request))).toMatchObject({ errorcode: 109111 })
        expect((yield* memory.transport("bu2").send(batch(person("d")))).errorcode).toBe(0)
      }).pipe(Effect.provide(layer()))
    )
  })

  describe("business units", () => {
    it.effect("keys, statuses and events are separate per business unit", () =>
      Effect.gen(function* () {
        const memory = yield* Memory
        const bu1 = memory.transport("bu1")
        const bu2 = memory.transport("bu2")
        expect((yield* bu1.send(batch(person("k")))).responses).toEqual([{ messageKey: "k" }])
        expect((yield* bu2.send(batch(person("k")))).responses).toEqual([{ messageKey: "k" }])
        expect((yield* bu1.send(batch(person("k")))).responses[0]!.errorcode).toBe(109110)
        expect((yield* bu1.send(batch(person("only1")))).errorcode).toBe(0)
        expect((yield* failure(bu2.status("only1")))._tag).toBe("MessageNotFound")
        expect((yield* failure(SmsTransport.status("k")))._tag).toBe("MessageNotFound")
        expect((yield* eventsOf("MessageQueued", "bu1")).map((e) => e.messageKey)).toEqual(["k", "only1"])
        expect((yield* eventsOf("MessageQueued", "bu2")).map((e) => e.messageKey)).toEqual(["k"])
      }).pipe(Effect.provide(layer()))
    )

    it.effect("the layer's SmsTransport sends for options.businessUnit", () =>
      Effect.gen(function* () {
        yield* sendOne("k")
        expect((yield* eventsOf("MessageQueued", "mid-42")).map((e) => e.messageKey)).toEqual(["k"])
        expect(yield* eventsOf("MessageQueued")).toEqual([])
      }).pipe(Effect.provide(layer({ businessUnit: "mid-42" })))
    )
  })

  describe("typed requests are judged as they would travel (through JSON)", () => {
    it.effect("a bigint or a cycle is refused as 10001; a Date travels as its ISO text", () =>
      Effect.gen(function* () {
        const ok = { contactKey: "c", to: "15555550100" }
        const cyclic: Record<string, unknown> = { definitionKey: "plain", recipients: [ok] }
        cyclic.self = cyclic
        for (const body of [{ definitionKey: "plain", recipients: [ok], attributes: { Code: 1n } }, cyclic]) {
          const error = yield* failure(SmsTransport.send(body as never))
          expect(error).toMatchObject({ _tag: "RequestRejected", errorcode: 10001 })
        }
        const dated = yield* SmsTransport.send({
          definitionKey: "welcome",
          recipients: [{ ...ok, messageKey: "d1", attributes: { FirstName: new Date(0) as never } }]
        })
        expect(dated.errorcode).toBe(0)
        const memory = yield* MemoryTransport.MemoryTransport
        const queued = (yield* memory.events()).find((e) => e._tag === "MessageQueued")
        expect(queued?._tag === "MessageQueued" && queued.text).toContain("1970-01-01T00:00:00.000Z")
      }).pipe(Effect.provide(layer()))
    )
  })

  describe("bodies as text (submitText, the simulator's path)", () => {
    it.effect("text that is not JSON is a 10004 that says so, and queues nothing", () =>
      Effect.gen(function* () {
        const memory = yield* MemoryTransport.MemoryTransport
        for (const text of ["", "{", "not json", '{"definitionKey": "plain",}']) {
          const error = yield* failure(memory.submitText(text, { _tag: "Batch" }))
          expect(error).toMatchObject({ _tag: "RequestRejected", errorcode: 10004 })
          expect(error.message).toMatch(/^MCMS_UTM_Validation_InvalidMessageFormat: /)
        }
        expect((yield* memory.events()).filter((e) => e._tag === "MessageQueued")).toHaveLength(0)
      }).pipe(Effect.provide(layer()))
    )

    it.effect("JSON text is judged like the same body given as a value", () =>
      Effect.gen(function* () {
        const memory = yield* MemoryTransport.MemoryTransport
        const body = { definitionKey: "plain", recipients: [{ contactKey: "c", to: "15555550100", messageKey: "t1" }] }
        const response = yield* memory.submitText(JSON.stringify(body), { _tag: "Batch" })
        expect(response.responses).toEqual([{ messageKey: "t1" }])
        const again = yield* memory.submitText(JSON.stringify(body), { _tag: "Batch" })
        expect(again.responses[0]?.errorcode).toBe(109110)
      }).pipe(Effect.provide(layer()))
    )
  })

  describe("the single route", () => {
    it.effect("one recipient, its key from the request or generated", () =>
      Effect.gen(function* () {
        const given = yield* SmsTransport.send({ definitionKey: "plain", recipient: person("single") })
        expect(given).toEqual({ requestId: given.requestId, errorcode: 0, responses: [{ messageKey: "single" }] })
        const generated = yield* SmsTransport.send({ definitionKey: "plain", recipient: { contactKey: "g", to: "1" } })
        expect(generated.responses[0]!.messageKey).toMatch(/^[A-Za-z0-9_-]{22}$/)
        const failed = yield* SmsTransport.send({ definitionKey: "plain", recipient: person("single") })
        expect(failed.errorcode).toBe(109001)
        expect(codes(failed)).toEqual([109110])
        const unknown = yield* failure(SmsTransport.send({ definitionKey: "nope", recipient: person("n") }))
        expect(unknown).toMatchObject({ _tag: "RequestRejected", errorcode: 109111 })
      }).pipe(Effect.provide(layer()))
    )
  })

  describe("events", () => {
    it.effect("keepEvents: false keeps none, and the transport works the same", () =>
      Effect.gen(function* () {
        expect(yield* sendOne("e")).toEqual({ messageKey: "e" })
        expect((yield* sendOne("e")).errorcode).toBe(109110)
        expect(yield* events()).toEqual([])
      }).pipe(Effect.provide(layer({ keepEvents: false })))
    )

    it.effect("a batch's events: accepted, then one outcome per recipient in order", () =>
      Effect.gen(function* () {
        yield* SmsTransport.send(batch(person("a"), person("b", { to: "" })))
        expect((yield* events()).map((e) => e._tag)).toEqual([
          "DefinitionCreated",
          "DefinitionCreated",
          "BatchAccepted",
          "MessageQueued",
          "MessageRejected"
        ])
      }).pipe(Effect.provide(layer()))
    )
  })

  it.effect("layer (random keys) works without a seed", () =>
    Effect.gen(function* () {
      const response = yield* SmsTransport.send(batch({ contactKey: "a", to: "1" }))
      expect(response.responses[0]!.messageKey).toMatch(/^[A-Za-z0-9_-]{22}$/)
      expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/)
    }).pipe(Effect.provide(Layer.fresh(MemoryTransport.layer({ definitions }))))
  )
})
