import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc, Schema } from "effect"
import * as RequestDecoder from "../src/RequestDecoder.js"
import * as SendRequest from "../src/SendRequest.js"

const routes = fc.constantFrom(SendRequest.batchRoute, SendRequest.singleRoute("k"), SendRequest.singleRoute(undefined))

const decodesWithoutThrowing = (body: unknown, route: SendRequest.Route) => {
  const result = RequestDecoder.decode(body, route)
  expect(Either.isEither(result)).toBe(true)
  if (Either.isLeft(result)) expect([10001, 10002, 10004, 109101, 109102, 109122]).toContain(result.left.errorcode)
}

// Bodies near the valid shape: each field present or absent, usually of the right type, sometimes any JSON value.
const sometimes = <A>(good: fc.Arbitrary<A>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 30, arbitrary: good }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) })
const attributes = sometimes(
  fc.dictionary(
    fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("__proto__", "constructor", "toString")),
    sometimes(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true })))
  )
)
const recipient = sometimes(
  fc.record(
    {
      contactKey: sometimes(fc.string({ maxLength: 4 })),
      to: sometimes(fc.string({ maxLength: 4 })),
      messageKey: sometimes(fc.string({ maxLength: 4 })),
      attributes
    },
    { requiredKeys: [] }
  )
)
const nearValidBody = fc
  .tuple(
    fc.record(
      {
        definitionKey: sometimes(fc.string({ maxLength: 3 })),
        recipients: sometimes(fc.array(recipient, { minLength: 1, maxLength: 4 })),
        subscriptions: sometimes(fc.record({ resubscribe: sometimes(fc.boolean()) }, { requiredKeys: [] })),
        content: sometimes(fc.record({ message: sometimes(fc.string()) }, { requiredKeys: [] })),
        attributes
      },
      { requiredKeys: ["definitionKey", "recipients"] }
    ),
    fc.oneof(
      { weight: 9, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom("extra", "recipient", "__proto__") }
    )
  )
  .map(
    ([body, extra]): Record<string, unknown> =>
      extra === null ? body : Object.defineProperty({ ...body }, extra, { value: 1, enumerable: true })
  )

describe("RequestDecoder properties", () => {
  it.prop("never throws on any JSON value", [fc.jsonValue(), routes], ([body, route]) => {
    decodesWithoutThrowing(body, route)
  })

  it.prop(
    "never throws on any value at all",
    [fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true, withMap: true }), routes],
    ([body, route]) => {
      decodesWithoutThrowing(body, route)
    }
  )

  it.prop("never throws on near-valid bodies", [nearValidBody, routes], ([body, route]) => {
    decodesWithoutThrowing(body, route)
  })

  it.prop(
    "never throws on any text, and answers 10004 for text that is not JSON",
    [fc.oneof(fc.string(), fc.json(), fc.fullUnicodeString()), routes],
    ([text, route]) => {
      const result = RequestDecoder.decodeText(text, route)
      let json = true
      try {
        JSON.parse(text)
      } catch {
        json = false
      }
      if (!json) expect(Either.isLeft(result) && result.left.errorcode).toBe(10004)
    }
  )

  it.prop(
    "accepts only bodies the wire schema BatchSendRequest also decodes",
    [nearValidBody],
    ([body]) => {
      const decoded = RequestDecoder.decode(body, SendRequest.batchRoute)
      if (Either.isLeft(decoded)) return
      const viaSchema = Schema.decodeUnknownEither(SendRequest.BatchSendRequest)(body)
      expect(Either.isRight(viaSchema)).toBe(true)
      const wire = Either.getOrThrow(viaSchema)
      expect(wire.recipients).toHaveLength(decoded.right.recipients.length)
      expect(wire.definitionKey).toBe(decoded.right.definitionKey)
    },
    { fastCheck: { numRuns: 500 } }
  )

  it("generates bodies the decoder accepts often enough to test the implication", () => {
    const accepted = fc
      .sample(nearValidBody, { numRuns: 500, seed: 42 })
      .filter((body) => Either.isRight(RequestDecoder.decode(body, SendRequest.batchRoute))).length
    expect(accepted).toBeGreaterThan(100)
  })
})
