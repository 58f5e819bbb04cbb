import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import * as MessageKeyGenerator from "../src/MessageKeyGenerator.js"
import * as SendRequest from "../src/SendRequest.js"

describe("SendRequest helpers on values that break their types", () => {
  // A JavaScript caller or a cast can hand the port anything; routing and key assignment must never throw on it.
  it.prop("routeOf and recipientsOf never throw", [fc.anything()], ([value]) => {
    const request = value as SendRequest.SendRequest
    expect(["Batch", "Single"]).toContain(SendRequest.routeOf(request)._tag)
    expect(Array.isArray(SendRequest.recipientsOf(request))).toBe(true)
  })

  it.effect.prop("assignKeys leaves non-object recipients alone", [fc.array(fc.anything())], ([recipients]) =>
    Effect.gen(function* () {
      const keyed = yield* MessageKeyGenerator.assignKeys(recipients as ReadonlyArray<SendRequest.Recipient>)
      expect(keyed.recipients).toHaveLength(recipients.length)
      recipients.forEach((r, i) => {
        if (typeof r !== "object" || r === null || Array.isArray(r)) expect(keyed.recipients[i]).toBe(r)
      })
    }).pipe(Effect.provide(MessageKeyGenerator.layerDeterministic(7)))
  )

  it("routes a single request by its recipient's key", () => {
    const single = { definitionKey: "d", recipient: { contactKey: "c", to: "1", messageKey: "k" } }
    expect(SendRequest.routeOf(single)).toEqual({ _tag: "Single", messageKey: "k" })
    expect(SendRequest.routeOf({ definitionKey: "d", recipients: [] })).toEqual({ _tag: "Batch" })
  })
})
