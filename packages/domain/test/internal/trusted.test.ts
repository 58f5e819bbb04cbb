import { describe, expect, it } from "@effect/vitest"
import { Equal, Schema } from "effect"
import * as Events from "../../src/Events.js"
import * as Trusted from "../../src/internal/trusted.js"

const cases = [
  [Events.BatchAccepted, { requestId: "r", definitionKey: "d", recipients: 2, at: 1 }],
  [Events.MessageRejected, { requestId: "r", index: 1, messageKey: "k", errorcode: 109110, message: "m", at: 1 }],
  [
    Events.MessageQueued,
    {
      requestId: "r",
      index: 0,
      messageKey: "k",
      keyGenerated: true,
      contactKey: "c",
      to: "+1",
      definitionKey: "d",
      text: "t",
      encoding: "UCS2",
      segments: 2,
      missingSubstitutions: ["Name"],
      fate: "Unsubscribed",
      at: 1,
      dueAt: 2
    }
  ],
  [Events.MessageSent, { requestId: "r", messageKey: "k", at: 3 }],
  [Events.MessageNotSent, { requestId: "r", messageKey: "k", statusCode: 1, statusMessage: "Unsubscribed", at: 3 }]
] as const

describe("internal/trusted", () => {
  it.each(cases)("builds what the constructor builds: %o", (Class, fields) => {
    const make = Trusted.make as (c: unknown, f: unknown) => Events.Event
    const fast = make(Class, fields)
    const Constructor = Class as unknown as new (f: unknown, trusted?: boolean) => Events.Event
    // What the decider built before: the constructor with validation off (it keeps the same arrays).
    const slow = new Constructor(fields, true)
    // The validating constructor copies arrays, so it is equal in content only.
    expect(fast).toStrictEqual(new Constructor(fields))
    expect(fast).toBeInstanceOf(Class)
    expect(Object.getPrototypeOf(fast)).toBe(Object.getPrototypeOf(slow))
    expect(Object.keys(fast)).toEqual(Object.keys(slow))
    expect(Equal.equals(fast, slow)).toBe(true)
    expect(fast).toStrictEqual(slow)
    expect(JSON.stringify(fast)).toBe(JSON.stringify(slow))
    const encoded = Schema.encodeSync(Events.Event)(fast)
    expect(encoded).toEqual(Schema.encodeSync(Events.Event)(slow))
    expect(Schema.decodeUnknownSync(Events.Event)(encoded)).toStrictEqual(slow)
    expect(Schema.is(Events.Event)(fast)).toBe(true)
  })
})
