import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { MemoryTransport, SmsTransport } from "../src/index.js"

const layer = MemoryTransport.layerTest({
  definitions: [{ definitionKey: "welcome", content: { message: "Hi %%FirstName%%, code %%Code%%" } }]
})

describe("MemoryTransport smoke", () => {
  it.effect("queues, rejects and moves statuses on", () =>
    Effect.gen(function* () {
      const response = yield* SmsTransport.send({
        definitionKey: "welcome",
        attributes: { Code: 1234 },
        recipients: [
          { contactKey: "a", to: "15555551234", attributes: { firstname: "Astro" } },
          { contactKey: "b", to: "12x", messageKey: "k2" },
          { contactKey: "c", to: "+15555550000", messageKey: "k3" },
          { contactKey: "d", to: "15555550001", messageKey: "k3" }
        ]
      })
      expect(response.errorcode).toBe(109001)
      expect(response.message).toBe("MCMS_UTM_ResponsesHasErrors: 2 subscribers failed to queue out of 4")
      expect(response.responses.map((r) => r.errorcode)).toEqual([undefined, 109121, undefined, 109110])
      expect(response.responses[0]!.messageKey).toHaveLength(22)
      const queued = yield* SmsTransport.status("k3")
      expect(queued.eventCategoryType).toBe("TransactionalSendEvents.SMSQueued")
      yield* TestClock.adjust("5 seconds")
      const sent = yield* SmsTransport.status("k3")
      expect(sent.eventCategoryType).toBe("TransactionalSendEvents.SMSSent")
      const again = yield* SmsTransport.send({
        definitionKey: "welcome",
        recipients: [{ contactKey: "c", to: "1", messageKey: "k3" }]
      })
      expect(again.responses[0]!.errorcode).toBe(109110)
      yield* TestClock.adjust("72 hours")
      const later = yield* SmsTransport.send({
        definitionKey: "welcome",
        recipients: [{ contactKey: "c", to: "1", messageKey: "k3" }]
      })
      expect(later.errorcode).toBe(0)
      const events = yield* Effect.flatMap(MemoryTransport.MemoryTransport, (m) => m.events())
      const first = events.find((e) => e._tag === "MessageQueued")
      expect(first && first._tag === "MessageQueued" && first.text).toBe("Hi Astro, code 1234")
    }).pipe(Effect.provide(layer))
  )
})
