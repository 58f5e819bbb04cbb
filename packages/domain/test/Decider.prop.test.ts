import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"
import * as Decider from "../src/Decider.js"
import type { Event, MessageQueued, MessageRejected } from "../src/Events.js"
import * as SendResponse from "../src/SendResponse.js"
import { definitionCreated, given, hours, queued, submit, t0 } from "./support/DeciderSpecification.js"

// Recipients that are often valid, often broken, and share keys often: each field is present or absent, and when
// present is good, empty or malformed. Keys come from a small pool (repeats and live keys) or are missing.
const recipientArb = fc.record(
  {
    contactKey: fc.constantFrom("c1", "c2", ""),
    to: fc.constantFrom("15555551234", "+15555550000", "1", "", "12ab", "1234567890123456"),
    messageKey: fc.constantFrom("k1", "k2", "k3", "k4", "live", "expired", "", "x".repeat(101)),
    attributes: fc.dictionary(fc.constantFrom("FirstName", "code", "__proto__"), fc.string({ maxLength: 5 }))
  },
  { requiredKeys: [] }
)
const recipientsArb = fc.array(recipientArb, { minLength: 1, maxLength: 30 })

// A business unit in which "live" was queued an hour ago and "expired" exactly one window ago.
const history: ReadonlyArray<Event> = [
  definitionCreated("welcome", "Hi %%FirstName%% %%Code%%"),
  queued("live", t0 - hours(1)),
  queued("expired", t0 - hours(72))
]

const decideBatch = (recipients: ReadonlyArray<unknown>) => {
  const command = submit({ definitionKey: "welcome", recipients }, { now: t0, seed: 3 })
  const events = Either.getOrThrow(given(history).when(command).decision())
  return { command, events }
}

const outcomesOf = (events: ReadonlyArray<Event>) =>
  events.filter((e): e is MessageQueued | MessageRejected => e._tag === "MessageQueued" || e._tag === "MessageRejected")

describe("Decider properties", () => {
  it.prop("answers one response item per recipient, in request order", [recipientsArb], ([recipients]) => {
    const { command, events } = decideBatch(recipients)
    const response = SendResponse.fromEvents(events)
    expect(response.responses).toHaveLength(recipients.length)
    expect(response.responses.map((r) => r.messageKey)).toEqual(command.request.recipients.map((r) => r.messageKey))
    expect(outcomesOf(events).map((e) => e.index)).toEqual(recipients.map((_, i) => i))
    const failed = response.responses.filter((r) => r.errorcode !== undefined).length
    expect(response.errorcode).toBe(failed === 0 ? 0 : 109001)
  })

  it.prop("queues at most the first occurrence of a repeated key", [recipientsArb], ([recipients]) => {
    const { command, events } = decideBatch(recipients)
    const keys = command.request.recipients.map((r) => r.messageKey)
    for (const event of outcomesOf(events)) {
      if (event._tag !== "MessageQueued") continue
      expect(keys.indexOf(event.messageKey)).toBe(event.index)
    }
    for (const event of outcomesOf(events)) {
      if (keys.indexOf(event.messageKey) < event.index) {
        expect(event).toMatchObject({ _tag: "MessageRejected" })
      }
    }
  })

  it.prop("never lets a rejected recipient consume its key", [recipientsArb], ([recipients]) => {
    const state = given(history).state()
    const command = submit({ definitionKey: "welcome", recipients }, { now: t0, seed: 3 })
    const events = Either.getOrThrow(Decider.handle(command, state))
    const queuedKeys = new Set(outcomesOf(events).flatMap((e) => (e._tag === "MessageQueued" ? [e.messageKey] : [])))
    for (const event of outcomesOf(events)) {
      const live = state.ledger.isLive(event.messageKey, t0 + 1)
      if (event._tag === "MessageQueued") expect(live).toBe(true)
      else if (!queuedKeys.has(event.messageKey)) expect(live).toBe(event.messageKey === "live")
    }
  })

  it.prop(
    "judges every recipient the same whether alone or among others, apart from keys repeated before it",
    [recipientsArb, fc.nat()],
    ([recipients, pick]) => {
      const { command, events } = decideBatch(recipients)
      const i = pick % recipients.length
      const key = command.request.recipients[i]!.messageKey
      if (command.request.recipients.findIndex((r) => r.messageKey === key) !== i) return
      const alone = decideBatch([{ ...recipients[i], messageKey: key }])
      const strip = (e: MessageQueued | MessageRejected) =>
        e._tag === "MessageQueued" ? [e._tag, e.messageKey, e.text, e.fate] : [e._tag, e.messageKey, e.errorcode]
      expect(strip(outcomesOf(alone.events)[0]!)).toEqual(strip(outcomesOf(events)[i]!))
    }
  )
})
