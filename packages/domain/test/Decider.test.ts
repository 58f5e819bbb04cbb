import { describe, expect, it } from "@effect/vitest"
import { Either, Option } from "effect"
import * as Commands from "../src/Commands.js"
import * as Decider from "../src/Decider.js"
import {
  BatchAccepted,
  type Event,
  MessageNotSent,
  MessageQueued,
  MessageRejected,
  MessageSent
} from "../src/Events.js"
import * as MessageStatus from "../src/MessageStatus.js"
import * as SendRequest from "../src/SendRequest.js"
import * as Time from "../src/Time.js"
import {
  batch,
  definitionCreated,
  given,
  hours,
  optedOut,
  queued,
  recipient,
  rejected,
  run,
  submit,
  t0
} from "./support/DeciderSpecification.js"

const welcome = definitionCreated("welcome", "Hi %%FirstName%%")
const window = hours(72)

const codesOf = (events: ReadonlyArray<{ readonly _tag: string }>) =>
  events.flatMap((e) => (e instanceof MessageRejected ? [e.errorcode] : e instanceof MessageQueued ? [0] : []))

const outcomes = (command: Commands.Command, events: ReadonlyArray<Event> = [welcome]) => {
  const decision = given(events).when(command).decision()
  if (Either.isLeft(decision)) throw new Error("refused")
  return codesOf(decision.right)
}

describe("Decider: whole-request errors the decider judges", () => {
  it("refuses a definitionKey unknown to the business unit with 109111", () => {
    given([welcome])
      .when(submit(batch([recipient("k1")], { definitionKey: "nope" })))
      .thenRejects(109111)
  })

  it("refuses a batch in a business unit with no definitions", () => {
    given([])
      .when(submit(batch([recipient("k1")])))
      .thenRejects(109111)
  })
})

describe("Decider: the per-recipient table", () => {
  it("queues a valid recipient with one BatchAccepted then one MessageQueued", () => {
    given([welcome])
      .when(submit(batch([recipient("k1", { attributes: { FirstName: "Astro" } })]), { requestId: "r" }))
      .then([
        new BatchAccepted({ requestId: "r", definitionKey: "welcome", recipients: 1, at: t0 }),
        new MessageQueued({
          requestId: "r",
          index: 0,
          messageKey: "k1",
          keyGenerated: false,
          contactKey: "contact-k1",
          to: "15555551234",
          definitionKey: "welcome",
          text: "Hi Astro",
          encoding: "GSM7",
          segments: 1,
          missingSubstitutions: [],
          fate: "Send",
          at: t0,
          dueAt: t0 + 5000
        })
      ])
  })

  it.each([
    ["to missing", { to: undefined }, 109106],
    ["to empty", { to: "" }, 109106],
    ["to with a letter", { to: "1555a" }, 109121],
    ["to of 16 digits", { to: "1234567890123456" }, 109121],
    ["to of only a plus", { to: "+" }, 109121],
    ["to with two pluses", { to: "++1555" }, 109121],
    ["to with a plus inside", { to: "1+555" }, 109121],
    ["to with spaces", { to: "1 555" }, 109121],
    ["to with a trailing newline", { to: "1555\n" }, 109121],
    ["contactKey missing", { contactKey: undefined }, 109105],
    ["contactKey empty", { contactKey: "" }, 109105],
    ["messageKey empty", { messageKey: "" }, 109108],
    ["messageKey of 101 characters", { messageKey: "k".repeat(101) }, 109108],
    ["messageKey of 51 surrogate pairs (102 UTF-16 units)", { messageKey: "😀".repeat(51) }, 109108],
    ["messageKey that is the dot segment .", { messageKey: "." }, 109108],
    ["messageKey that is the dot segment ..", { messageKey: ".." }, 109108],
    ["messageKey with a lone high surrogate", { messageKey: "ab\uD800" }, 109108],
    ["messageKey with a lone low surrogate", { messageKey: "\uDC00ab" }, 109108]
  ])("rejects %s with %i", (_, fields, code) => {
    const r = recipient("k1", fields as Partial<SendRequest.Recipient>)
    const clean = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))
    given([welcome])
      .when(submit(batch([clean]), { requestId: "r" }))
      .thenMatches([{ _tag: "BatchAccepted" }, { _tag: "MessageRejected", index: 0, errorcode: code }])
  })

  it.each([
    ["1 digit", "1"],
    ["15 digits", "123456789012345"],
    ["15 digits after a plus", "+123456789012345"]
  ])("accepts a to of %s", (_, to) => {
    expect(outcomes(submit(batch([recipient("k1", { to })])))).toEqual([0])
  })

  it("accepts a messageKey of exactly 100 characters and of 50 surrogate pairs", () => {
    expect(outcomes(submit(batch([recipient("k".repeat(100)), recipient("😀".repeat(50))])))).toEqual([0, 0])
  })

  it("rejects a messageKey that repeats an earlier recipient of the request with 109110", () => {
    given([welcome])
      .when(submit(batch([recipient("k1"), recipient("k2"), recipient("k1")])))
      .thenMatches([
        { _tag: "BatchAccepted", recipients: 3 },
        { _tag: "MessageQueued", index: 0, messageKey: "k1" },
        { _tag: "MessageQueued", index: 1, messageKey: "k2" },
        {
          _tag: "MessageRejected",
          index: 2,
          messageKey: "k1",
          errorcode: 109110,
          message: "MCMS_UTM_Validation_DuplicateMessageKey: Duplicate messageKey"
        }
      ])
  })

  it("rejects a messageKey queued in this business unit within the window with 109110", () => {
    given([welcome, queued("k1", t0)])
      .when(submit(batch([recipient("k1")]), { now: t0 + hours(1) }))
      .thenMatches([{ _tag: "BatchAccepted" }, { _tag: "MessageRejected", errorcode: 109110 }])
  })

  it("writes the API's message on a rejected recipient", () => {
    given([welcome])
      .when(submit(batch([recipient("k1", { to: "" })])))
      .thenMatches([
        {},
        { _tag: "MessageRejected", message: "MCMS_UTM_Validation_MissingRequiredField_to: Invalid subscriber" }
      ])
  })

  it.each([
    ["to missing, contactKey missing, messageKey empty", { to: "", contactKey: "", messageKey: "" }, 109106],
    [
      "to invalid, contactKey missing, messageKey too long",
      { to: "x", contactKey: "", messageKey: "k".repeat(101) },
      109121
    ],
    ["contactKey missing, messageKey empty", { contactKey: "", messageKey: "" }, 109105],
    ["contactKey missing and live in the ledger", { contactKey: "", messageKey: "live" }, 109105],
    ["messageKey too long", { messageKey: "k".repeat(101) }, 109108]
  ])("gives a recipient with several problems the first code in table order: %s", (_, fields, code) => {
    expect(outcomes(submit(batch([recipient("k1", fields)])), [welcome, queued("live", t0)])).toEqual([code])
  })

  it("judges a repeated key's static problems before the repetition", () => {
    expect(outcomes(submit(batch([recipient("k1"), recipient("k1", { to: "x" })])))).toEqual([0, 109121])
  })

  it("lets the batch go on: one bad recipient leaves the others queued", () => {
    expect(
      outcomes(
        submit(batch([recipient("a"), recipient("b", { to: "x" }), recipient("c"), recipient("d", { contactKey: "" })]))
      )
    ).toEqual([0, 109121, 0, 109105])
  })

  it("gives a rejected recipient's key no status (404 on the status route)", () => {
    const state = given([welcome]).state()
    run(state, [submit(batch([recipient("k1"), recipient("bad", { to: "x" })]))])
    expect(Option.isSome(MessageStatus.of(state, "k1", t0))).toBe(true)
    expect(Option.isNone(MessageStatus.of(state, "bad", t0))).toBe(true)
  })
})

describe("Decider: decisions beneath the tables", () => {
  it("judges the first occurrence of a repeated key on its own merits and rejects every later one", () => {
    expect(outcomes(submit(batch([recipient("k"), recipient("k"), recipient("k")])))).toEqual([0, 109110, 109110])
    // A first occurrence that fails still makes every later one a repetition.
    expect(outcomes(submit(batch([recipient("k", { to: "x" }), recipient("k"), recipient("k")])))).toEqual([
      109121, 109110, 109110
    ])
  })

  it("does not consume the key of a rejected recipient", () => {
    given([welcome, rejected("k1", t0)])
      .when(submit(batch([recipient("k1")]), { now: t0 + 1 }))
      .thenMatches([{ _tag: "BatchAccepted" }, { _tag: "MessageQueued", messageKey: "k1" }])
    const state = given([welcome]).state()
    const [first, second] = run(state, [
      submit(batch([recipient("k1", { contactKey: "" })]), { now: t0 }),
      submit(batch([recipient("k1")]), { now: t0 + 1 })
    ])
    expect(codesOf(Either.getOrThrow(first!))).toEqual([109105])
    expect(codesOf(Either.getOrThrow(second!))).toEqual([0])
  })

  it("refuses a key for t <= now < t + window and frees it at t + window, to the millisecond", () => {
    const history = [welcome, queued("k1", t0)]
    expect(outcomes(submit(batch([recipient("k1")]), { now: t0 }), history)).toEqual([109110])
    expect(outcomes(submit(batch([recipient("k1")]), { now: t0 + window - 1 }), history)).toEqual([109110])
    expect(outcomes(submit(batch([recipient("k1")]), { now: t0 + window }), history)).toEqual([0])
    expect(outcomes(submit(batch([recipient("k1")]), { now: t0 + window + hours(100) }), history)).toEqual([0])
  })

  it("uses a configured window instead of 72 hours", () => {
    const settings = { window: hours(48) }
    const history = [welcome, queued("k1", t0)]
    const at = (now: number) => {
      const d = given(history, settings)
        .when(submit(batch([recipient("k1")]), { now }))
        .decision()
      return codesOf(Either.getOrThrow(d))
    }
    expect(at(t0 + hours(48) - 1)).toEqual([109110])
    expect(at(t0 + hours(48))).toEqual([0])
  })

  it("measures the window from the latest queueing of a key", () => {
    const history = [welcome, queued("k1", t0), queued("k1", t0 + window)]
    expect(outcomes(submit(batch([recipient("k1")]), { now: t0 + 2 * window - 1 }), history)).toEqual([109110])
    expect(outcomes(submit(batch([recipient("k1")]), { now: t0 + 2 * window }), history)).toEqual([0])
  })

  it("scopes keys to a business unit: two never see each other's keys", () => {
    const unitA = given([welcome]).state()
    const unitB = given([welcome]).state()
    const [a] = run(unitA, [submit(batch([recipient("shared")]))])
    const [b] = run(unitB, [submit(batch([recipient("shared")]))])
    expect(codesOf(Either.getOrThrow(a!))).toEqual([0])
    expect(codesOf(Either.getOrThrow(b!))).toEqual([0])
    const [again] = run(unitA, [submit(batch([recipient("shared")]), { now: t0 + 1 })])
    expect(codesOf(Either.getOrThrow(again!))).toEqual([109110])
  })

  it("marks generated keys in the API's format on the queued event", () => {
    const events = given([welcome])
      .when(submit(batch([{ contactKey: "a", to: "1" }, recipient("given")])))
      .thenMatches([{}, { keyGenerated: true }, { messageKey: "given", keyGenerated: false }])
    const generated = (events[1] as MessageQueued).messageKey
    expect(generated).toMatch(/^[A-Za-z0-9_-]{22}$/)
  })

  describe("opt-out", () => {
    it("queues a message to an opted-out number (202) and ends it NotSent 1 Unsubscribed", () => {
      const state = given([welcome, optedOut("15555551234")]).state()
      const [sent] = run(state, [submit(batch([recipient("k1", { to: "+15555551234" })]))])
      expect(Either.getOrThrow(sent!)[1]).toMatchObject({ _tag: "MessageQueued", fate: "Unsubscribed" })
      const [moved] = run(state, [Commands.deliverDueMessages(t0 + 5000)])
      expect(Either.getOrThrow(moved!)).toEqual([
        new MessageNotSent({
          requestId: "req-1",
          messageKey: "k1",
          statusCode: 1,
          statusMessage: "Unsubscribed",
          at: t0 + 5000
        })
      ])
      const status = Option.getOrThrow(MessageStatus.of(state, "k1", t0 + 5000))
      expect(status.eventCategoryType).toBe("TransactionalSendEvents.SMSNotSent")
      expect(status.info).toEqual({
        messageKey: "k1",
        contactKey: "contact-k1",
        to: "+15555551234",
        statusCode: 1,
        statusMessage: "Unsubscribed"
      })
    })

    it("resubscribes the number and sends when subscriptions.resubscribe is true", () => {
      given([welcome, optedOut("15555551234")])
        .when(
          submit(batch([recipient("k1"), recipient("k2")], { subscriptions: { resubscribe: true } }), {
            requestId: "r"
          })
        )
        .thenMatches([
          { _tag: "BatchAccepted" },
          { _tag: "SubscriberResubscribed", to: "15555551234", requestId: "r", at: t0 },
          { _tag: "MessageQueued", messageKey: "k1", fate: "Send" },
          { _tag: "MessageQueued", messageKey: "k2", fate: "Send" }
        ])
    })

    it("keeps the number opted out when resubscribe is false or absent", () => {
      for (const subscriptions of [{ resubscribe: false }, {}]) {
        given([welcome, optedOut("15555551234")])
          .when(submit(batch([recipient("k1")], { subscriptions })))
          .thenMatches([{ _tag: "BatchAccepted" }, { _tag: "MessageQueued", fate: "Unsubscribed" }])
      }
    })

    it("does not resubscribe for a rejected recipient", () => {
      given([welcome, optedOut("15555551234")])
        .when(submit(batch([recipient("k1", { contactKey: "" })], { subscriptions: { resubscribe: true } })))
        .thenMatches([{ _tag: "BatchAccepted" }, { _tag: "MessageRejected", errorcode: 109105 }])
    })

    it("opts a number out from an inbound keyword, with or without its plus", () => {
      given([])
        .when(Commands.recordInbound("+15555551234", "stop", t0))
        .thenMatches([{ _tag: "SubscriberOptedOut", to: "15555551234", keyword: "STOP", at: t0 }])
      given([])
        .when(Commands.recordInbound("15555551234", "Opt Out please", t0))
        .thenMatches([{ keyword: "OPT OUT" }])
    })

    it("ignores an inbound message that opens with no keyword, and a number already opted out", () => {
      given([])
        .when(Commands.recordInbound("15555551234", "please stop", t0))
        .thenNothingHappens()
      given([optedOut("15555551234")])
        .when(Commands.recordInbound("+15555551234", "STOP", t0))
        .thenNothingHappens()
    })

    it("opts out again after a resubscription", () => {
      const state = given([welcome, optedOut("1")]).state()
      run(state, [submit(batch([recipient("k1", { to: "1" })], { subscriptions: { resubscribe: true } }))])
      expect(state.optedOut.has("1")).toBe(false)
      const [inbound] = run(state, [Commands.recordInbound("1", "QUIT", t0 + 1)])
      expect(Either.getOrThrow(inbound!)).toHaveLength(1)
      expect(state.optedOut.has("1")).toBe(true)
    })
  })

  describe("content", () => {
    it("lets content.message override the definition's message", () => {
      given([welcome])
        .when(submit(batch([recipient("k1")], { content: { message: "Override %%Code%%" }, attributes: { Code: 7 } })))
        .thenMatches([{}, { text: "Override 7" }])
    })

    it("fills names case-insensitively from the recipient's attributes, then the request's", () => {
      given([definitionCreated("welcome", "%%firstname%% %%CODE%% %%City%%")])
        .when(
          submit(
            batch([recipient("k1", { attributes: { FirstName: "Astro", code: "R" } }), recipient("k2")], {
              attributes: { Code: "Q", FIRSTNAME: "Req", city: true }
            })
          )
        )
        .thenMatches([
          {},
          { text: "Astro R true", missingSubstitutions: [] },
          { text: "Req Q true", missingSubstitutions: [] }
        ])
    })

    it("treats __proto__ and constructor attributes from the wire as plain data", () => {
      const text =
        '{"definitionKey":"welcome","attributes":{"constructor":"C"},' +
        '"recipients":[{"contactKey":"c","to":"1","messageKey":"k1","attributes":{"__proto__":"P"}}]}'
      given([definitionCreated("welcome", "%%__PROTO__%%-%%Constructor%%-%%toString%%")])
        .when(submit(JSON.parse(text)))
        .thenMatches([{}, { text: "P-C-", missingSubstitutions: ["toString"] }])
    })

    it("renders an unknown name empty and reports it on the event", () => {
      given([definitionCreated("welcome", "Hi %%Name%%, %%code%%%%Code%%!")])
        .when(submit(batch([recipient("k1")])))
        .thenMatches([{}, { text: "Hi , !", missingSubstitutions: ["Name", "code"] }])
    })

    it("puts encoding and segment count on the queued event", () => {
      given([definitionCreated("welcome", "€".repeat(81))])
        .when(submit(batch([recipient("k1"), recipient("k2")], {})))
        .thenMatches([{}, { encoding: "GSM7", segments: 2 }, { encoding: "GSM7", segments: 2 }])
      given([definitionCreated("welcome", "Привет")])
        .when(submit(batch([recipient("k1")])))
        .thenMatches([{}, { encoding: "UCS2", segments: 1, fate: "Send" }])
    })

    it("queues a message of more than 10 segments and ends it NotSent 130 PayloadExceedsMaximum", () => {
      const state = given([definitionCreated("welcome", "a".repeat(153 * 10))]).state()
      const [decision] = run(state, [
        submit(batch([recipient("fits")])),
        submit(batch([recipient("long")], { content: { message: "a".repeat(153 * 10 + 1) } }), { requestId: "req-2" })
      ])
      expect(Either.getOrThrow(decision!)[1]).toMatchObject({ segments: 10, fate: "Send" })
      const [moved] = run(state, [Commands.deliverDueMessages(t0 + 5000)])
      expect(Either.getOrThrow(moved!)).toEqual([
        new MessageSent({ requestId: "req-1", messageKey: "fits", at: t0 + 5000 }),
        new MessageNotSent({
          requestId: "req-2",
          messageKey: "long",
          statusCode: 130,
          statusMessage: "PayloadExceedsMaximum",
          at: t0 + 5000
        })
      ])
    })
  })

  describe("inactive definition", () => {
    const inactive = definitionCreated("welcome", "Hi", "Inactive")

    it("queues the messages with a 3-day due time", () => {
      given([inactive])
        .when(submit(batch([recipient("k1")])))
        .thenMatches([{}, { _tag: "MessageQueued", fate: "ExceededExpirationPolicy", dueAt: t0 + hours(72) }])
    })

    it("keeps them SMSQueued until 3 days have passed, then ends them NotSent 138", () => {
      const state = given([inactive]).state()
      run(state, [submit(batch([recipient("k1")]))])
      const [early] = run(state, [Commands.deliverDueMessages(t0 + hours(72) - 1)])
      expect(Either.getOrThrow(early!)).toEqual([])
      expect(Option.getOrThrow(MessageStatus.of(state, "k1", t0 + hours(72) - 1)).eventCategoryType).toBe(
        "TransactionalSendEvents.SMSQueued"
      )
      const [late] = run(state, [Commands.deliverDueMessages(t0 + hours(72))])
      expect(Either.getOrThrow(late!)).toEqual([
        new MessageNotSent({
          requestId: "req-1",
          messageKey: "k1",
          statusCode: 138,
          statusMessage: "ExceededExpirationPolicy",
          at: t0 + hours(72)
        })
      ])
      const status = Option.getOrThrow(MessageStatus.of(state, "k1", t0 + hours(72)))
      expect(status.eventCategoryType).toBe("TransactionalSendEvents.SMSNotSent")
      expect(status.info.statusCode).toBe(138)
    })

    it("decides a message's fate when it is queued: reactivating the definition does not release it", () => {
      const state = given([inactive]).state()
      run(state, [submit(batch([recipient("k1")])), Commands.updateDefinition("welcome", { status: "Active" }, t0 + 1)])
      const [moved] = run(state, [Commands.deliverDueMessages(t0 + hours(1))])
      expect(Either.getOrThrow(moved!)).toEqual([])
      const [after] = run(state, [submit(batch([recipient("k2")]), { now: t0 + hours(1), requestId: "req-2" })])
      expect(Either.getOrThrow(after!)[1]).toMatchObject({ fate: "Send" })
    })
  })
})

describe("Decider: moving messages on", () => {
  it("sends after the delivery delay, in due order across both queues", () => {
    const state = given([welcome, definitionCreated("off", "x", "Inactive")]).state()
    run(state, [
      submit({ definitionKey: "off", recipients: [recipient("held")] }, { now: t0, requestId: "r0" }),
      submit(batch([recipient("a")]), { now: t0 + 1, requestId: "r1" }),
      submit(batch([recipient("b")]), { now: t0 + 2, requestId: "r2" })
    ])
    given().when(Commands.deliverDueMessages(t0)).thenNothingHappens()
    const [none] = run(state, [Commands.deliverDueMessages(t0 + 5000)])
    expect(Either.getOrThrow(none!)).toEqual([])
    const [first] = run(state, [Commands.deliverDueMessages(t0 + 5001)])
    expect(Either.getOrThrow(first!)).toEqual([new MessageSent({ requestId: "r1", messageKey: "a", at: t0 + 5001 })])
    const [rest] = run(state, [Commands.deliverDueMessages(t0 + hours(100))])
    expect(Either.getOrThrow(rest!).map((e) => [e._tag, (e as MessageSent).messageKey])).toEqual([
      ["MessageSent", "b"],
      ["MessageNotSent", "held"]
    ])
    const [again] = run(state, [Commands.deliverDueMessages(t0 + hours(200))])
    expect(Either.getOrThrow(again!)).toEqual([])
  })

  it("uses a configured delivery delay", () => {
    const state = given([welcome], { deliveryDelay: 0 }).state()
    run(state, [submit(batch([recipient("a")]))])
    const [moved] = run(state, [Commands.deliverDueMessages(t0)])
    expect(Either.getOrThrow(moved!)).toHaveLength(1)
  })
})

describe("Decider: statuses", () => {
  it("answers Queued, then Sent, with timestamps in US Central Standard Time", () => {
    const now = Date.UTC(2018, 7, 3, 19, 41, 18, 550)
    const state = given([welcome]).state()
    run(state, [submit(batch([recipient("k1")]), { now, requestId: "r" })])
    expect(Option.getOrThrow(MessageStatus.of(state, "k1", now))).toEqual({
      requestId: "r",
      eventCategoryType: "TransactionalSendEvents.SMSQueued",
      timestamp: "2018-08-03T13:41:18.55",
      compositeId: "r.0",
      info: { messageKey: "k1", contactKey: "contact-k1", to: "15555551234" }
    })
    run(state, [Commands.deliverDueMessages(now + 5000)])
    const sent = Option.getOrThrow(MessageStatus.of(state, "k1", now + 5000))
    expect(sent.eventCategoryType).toBe("TransactionalSendEvents.SMSSent")
    expect(sent.timestamp).toBe("2018-08-03T13:41:23.55")
    expect(sent.info.statusCode).toBeUndefined()
  })

  it("uses UTC-6 in winter and in summer alike (no daylight saving)", () => {
    expect(Time.toCentralTimestamp(Date.UTC(2026, 0, 15, 12, 0, 0))).toBe("2026-01-15T06:00:00")
    expect(Time.toCentralTimestamp(Date.UTC(2026, 6, 15, 12, 0, 0))).toBe("2026-07-15T06:00:00")
  })

  it("keeps a final status for 3 days, then answers none", () => {
    const state = given([welcome]).state()
    run(state, [submit(batch([recipient("k1")])), Commands.deliverDueMessages(t0 + 5000)])
    expect(Option.isSome(MessageStatus.of(state, "k1", t0 + 5000 + hours(72) - 1))).toBe(true)
    expect(Option.isNone(MessageStatus.of(state, "k1", t0 + 5000 + hours(72)))).toBe(true)
  })

  it("drops statuses past retention from memory when a later batch arrives", () => {
    const state = given([welcome]).state()
    run(state, [submit(batch([recipient("k1")])), Commands.deliverDueMessages(t0 + 5000)])
    expect(state.messages.has("k1")).toBe(true)
    run(state, [submit(batch([recipient("k2")]), { now: t0 + 5000 + hours(72) - 1, requestId: "r2" })])
    expect(state.messages.has("k1")).toBe(true)
    run(state, [submit(batch([recipient("k3")]), { now: t0 + 5000 + hours(72), requestId: "r3" })])
    expect([...state.messages.keys()]).toEqual(["k2", "k3"])
  })

  it("a message held by an inactive definition does not keep later statuses in memory", () => {
    const held = definitionCreated("held", "Later", "Inactive")
    const state = given([welcome, held]).state()
    run(state, [submit({ ...batch([recipient("held-1")]), definitionKey: "held" }, { now: t0, requestId: "h" })])
    for (let hour = 1; hour <= 140; hour++) {
      const now = t0 + hours(hour)
      run(state, [
        Commands.deliverDueMessages(now),
        submit(batch([recipient(`k${hour}`)]), { now, requestId: `r${hour}` })
      ])
    }
    // Final statuses live 72 hours: about 72 of the hourly sends, plus the latest one still queued, plus the held
    // message (NotSent 138 at 72 h, kept until 144 h), which no longer holds the others back.
    expect(state.messages.size).toBeLessThanOrEqual(74)
    expect(state.messages.has("k140")).toBe(true)
    expect(state.messages.has("k60")).toBe(false)
  })

  it("answers for the most recent message when a key was used more than once", () => {
    const state = given([welcome]).state()
    run(state, [
      submit(batch([recipient("k1", { contactKey: "old" })]), { now: t0, requestId: "r1" }),
      Commands.deliverDueMessages(t0 + window),
      submit(batch([recipient("k1", { contactKey: "new" })]), { now: t0 + window, requestId: "r2" })
    ])
    const status = Option.getOrThrow(MessageStatus.of(state, "k1", t0 + window))
    expect(status).toMatchObject({ requestId: "r2", eventCategoryType: "TransactionalSendEvents.SMSQueued" })
    expect(status.info.contactKey).toBe("new")
  })

  it("answers none for a key never queued", () => {
    expect(Option.isNone(MessageStatus.of(given([welcome]).state(), "nope", t0))).toBe(true)
  })
})

describe("Decider: definitions", () => {
  it("creates, updates and deletes a definition", () => {
    given([])
      .when(Commands.createDefinition({ definitionKey: "d", content: { message: "m" } }, t0))
      .thenMatches([{ _tag: "DefinitionCreated", definition: { definitionKey: "d", name: "d", status: "Active" } }])
    given([welcome])
      .when(Commands.updateDefinition("welcome", { status: "Inactive" }, t0))
      .thenMatches([{ _tag: "DefinitionUpdated", definitionKey: "welcome", changes: { status: "Inactive" } }])
    given([welcome])
      .when(Commands.deleteDefinition("welcome", t0))
      .thenMatches([{ _tag: "DefinitionDeleted" }])
  })

  it("refuses a definition that exists, one that does not, and an empty key (without throwing)", () => {
    given([welcome])
      .when(Commands.createDefinition({ definitionKey: "welcome", content: { message: "m" } }, t0))
      .thenRejects({ _tag: "DefinitionExists", definitionKey: "welcome" })
    given([])
      .when(Commands.updateDefinition("nope", {}, t0))
      .thenRejects({ _tag: "DefinitionNotFound" })
    given([]).when(Commands.deleteDefinition("nope", t0)).thenRejects({ _tag: "DefinitionNotFound" })
    given([])
      .when(Commands.createDefinition({ definitionKey: "", content: { message: "m" } }, t0))
      .thenRejects(10002)
  })

  it("sends with the updated content, and refuses a deleted definition with 109111", () => {
    const state = given([welcome]).state()
    run(state, [Commands.updateDefinition("welcome", { content: { message: "New" } }, t0)])
    const [sent] = run(state, [submit(batch([recipient("k1")]))])
    expect(Either.getOrThrow(sent!)[1]).toMatchObject({ text: "New" })
    run(state, [Commands.deleteDefinition("welcome", t0)])
    const [refused] = run(state, [submit(batch([recipient("k2")]))])
    expect(Either.isLeft(refused!) && refused.left).toMatchObject({ errorcode: 109111 })
  })
})

describe("Decider: the single route", () => {
  it("is a batch of one whose messageKey comes from the path", () => {
    given([welcome])
      .when(
        submit(
          { definitionKey: "welcome", recipient: { contactKey: "c", to: "1", messageKey: "body" } },
          { route: SendRequest.singleRoute("path") }
        )
      )
      .thenMatches([
        { _tag: "BatchAccepted", recipients: 1 },
        { _tag: "MessageQueued", messageKey: "path" }
      ])
  })

  it("generates the key when the path has none", () => {
    const events = given([welcome])
      .when(
        submit(
          { definitionKey: "welcome", recipient: { contactKey: "c", to: "1" } },
          { route: SendRequest.singleRoute(undefined) }
        )
      )
      .thenMatches([{}, { keyGenerated: true }])
    expect((events[1] as MessageQueued).messageKey).toHaveLength(22)
  })
})

describe("Decider record", () => {
  it("exposes decide, evolve and initialState", () => {
    const state = Decider.Decider.initialState()
    expect(Decider.Decider.evolve(state, welcome)).toBe(state)
    expect(Either.isRight(Decider.Decider.decide(submit(batch([recipient("k")])), state))).toBe(true)
  })
})
