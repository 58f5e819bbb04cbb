import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import * as RequestDecoder from "../src/RequestDecoder.js"
import * as SendRequest from "../src/SendRequest.js"

const batchRoute = SendRequest.batchRoute
const single = SendRequest.singleRoute

const codeOf = (body: unknown, route: SendRequest.Route = batchRoute, options?: RequestDecoder.DecodeOptions) => {
  const decoded = RequestDecoder.decode(body, route, options)
  return Either.isLeft(decoded) ? decoded.left.errorcode : 0
}

const textCode = (text: string, route: SendRequest.Route = batchRoute) => {
  const decoded = RequestDecoder.decodeText(text, route)
  return Either.isLeft(decoded) ? decoded.left.errorcode : 0
}

const r = { contactKey: "c", to: "15555551234" }
const valid = { definitionKey: "d", recipients: [r] }

describe("RequestDecoder: the whole-request table", () => {
  it("accepts a valid batch and a valid single request", () => {
    expect(codeOf(valid)).toBe(0)
    expect(codeOf({ definitionKey: "d", recipient: r }, single("k"))).toBe(0)
  })

  it.each(["", "{", "not json", '{"definitionKey":"d",}', "[1,]", "{'a':1}"])(
    "answers 10004 for the text %j",
    (text) => {
      expect(textCode(text)).toBe(10004)
    }
  )

  it.each([null, 1, "text", true, [], [valid]])("answers 10004 for a JSON body that is not an object: %j", (body) => {
    expect(codeOf(body)).toBe(10004)
  })

  it.each([
    ["definitionKey a number", { ...valid, definitionKey: 1 }],
    ["definitionKey null", { ...valid, definitionKey: null }],
    ["recipients an object", { ...valid, recipients: { 0: r } }],
    ["recipients null", { ...valid, recipients: null }],
    ["recipients a string", { ...valid, recipients: "r" }],
    ["subscriptions an array", { ...valid, subscriptions: [] }],
    ["subscriptions.resubscribe a string", { ...valid, subscriptions: { resubscribe: "true" } }],
    ["content a string", { ...valid, content: "hi" }],
    ["content.message a number", { ...valid, content: { message: 1 } }],
    ["attributes an array", { ...valid, attributes: ["a"] }],
    ["attributes null", { ...valid, attributes: null }],
    ["an attribute an object", { ...valid, attributes: { a: {} } }],
    ["an attribute null", { ...valid, attributes: { a: null } }],
    ["an attribute an array", { ...valid, attributes: { a: [1] } }],
    ["a recipient a string", { ...valid, recipients: [r, "r"] }],
    ["a recipient null", { ...valid, recipients: [null] }],
    ["a recipient an array", { ...valid, recipients: [[r]] }],
    ["a recipient's to a number", { ...valid, recipients: [{ ...r, to: 15555551234 }] }],
    ["a recipient's contactKey null", { ...valid, recipients: [{ ...r, contactKey: null }] }],
    ["a recipient's messageKey a number", { ...valid, recipients: [{ ...r, messageKey: 1 }] }],
    ["a recipient's attributes a string", { ...valid, recipients: [{ ...r, attributes: "a" }] }],
    ["a recipient's attribute an object", { ...valid, recipients: [{ ...r, attributes: { a: { b: 1 } } }] }]
  ])("answers 10001 when %s", (_, body) => {
    expect(codeOf(body)).toBe(10001)
  })

  it("answers 10001 for a single route's recipient that is not an object", () => {
    expect(codeOf({ definitionKey: "d", recipient: "r" }, single("k"))).toBe(10001)
    expect(codeOf({ definitionKey: "d", recipient: null }, single("k"))).toBe(10001)
  })

  it("accepts numbers and booleans as attribute values", () => {
    expect(codeOf({ ...valid, attributes: { n: 1.5, b: false }, recipients: [{ ...r, attributes: { z: 0 } }] })).toBe(0)
  })

  it.each([
    ["missing", { recipients: [r] }],
    ["empty", { definitionKey: "", recipients: [r] }]
  ])("answers 10002 when definitionKey is %s", (_, body) => {
    expect(codeOf(body)).toBe(10002)
  })

  it.each([
    ["missing", { definitionKey: "d" }],
    ["empty", { definitionKey: "d", recipients: [] }]
  ])("answers 109102 when recipients is %s", (_, body) => {
    expect(codeOf(body)).toBe(109102)
  })

  it("answers 109102 when the single route has no recipient", () => {
    expect(codeOf({ definitionKey: "d" }, single("k"))).toBe(109102)
  })

  it("answers 109101 above the recipient limit: 2000 by default, configurable", () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => ({ ...r, messageKey: `k${i}` }))
    expect(codeOf({ definitionKey: "d", recipients: list(2000) })).toBe(0)
    expect(codeOf({ definitionKey: "d", recipients: list(2001) })).toBe(109101)
    expect(codeOf({ definitionKey: "d", recipients: list(3) }, batchRoute, { maxRecipients: 3 })).toBe(0)
    expect(codeOf({ definitionKey: "d", recipients: list(4) }, batchRoute, { maxRecipients: 3 })).toBe(109101)
  })

  it.each([
    ["an unknown top-level field", batchRoute, { ...valid, extra: 1 }],
    ["a misspelt field", batchRoute, { definitionKey: "d", recipient: [r], recipients: [r] }],
    ["recipient on the batch route", batchRoute, { definitionKey: "d", recipient: r }],
    ["recipients on the single route", single("k"), { definitionKey: "d", recipients: [r] }],
    [
      "recipient with recipients on the single route",
      single("k"),
      { definitionKey: "d", recipient: r, recipients: [r] }
    ],
    ["errorcode as a field", batchRoute, { ...valid, errorcode: 0 }]
  ])("answers 109122 for %s", (_, route, body) => {
    expect(codeOf(body, route)).toBe(109122)
  })

  it("answers 109122 for __proto__ and constructor as top-level fields", () => {
    expect(textCode(`{"definitionKey":"d","recipients":[{"to":"1","contactKey":"c"}],"__proto__":{"x":1}}`)).toBe(
      109122
    )
    expect(codeOf({ ...valid, constructor: "x" })).toBe(109122)
  })

  it("names the field at fault and builds the message from the catalogue", () => {
    const decoded = RequestDecoder.decode({ ...valid, recipients: [r, { ...r, to: 1 }] }, batchRoute)
    expect(Either.isLeft(decoded) && decoded.left).toMatchObject({
      _tag: "BatchRefused",
      errorcode: 10001,
      field: "recipients[1].to",
      message: "MCMS_UTM_Validation_InvalidDataType: A field has the wrong data type: recipients[1].to must be a string"
    })
    const unknown = RequestDecoder.decode({ ...valid, extra: 1 }, batchRoute)
    expect(Either.isLeft(unknown) && unknown.left.message).toBe(
      "MCMS_UTM_Validation_UnknownFieldName: The request has an unknown field: extra"
    )
  })
})

describe("RequestDecoder: the order of the whole-request checks (see its header)", () => {
  // Each body has the problems of two adjacent stages; the earlier stage must answer.
  it.each([
    ["10004 before anything", "{not json", 10004],
    ["109122 before 10001", '{"extra":1,"definitionKey":5,"recipients":[]}', 109122],
    ["109122 before 10002", '{"extra":1,"recipients":[{"to":"1","contactKey":"c"}]}', 109122],
    ["10001 (top-level) before 10002", '{"content":"x","recipients":[{"to":"1","contactKey":"c"}]}', 10001],
    ["10001 (recipients not an array) before 10002", '{"recipients":"x"}', 10001],
    ["10002 before 109102", '{"definitionKey":""}', 10002],
    ["10002 before a recipient's 10001", '{"recipients":[5]}', 10002],
    ["109102 before 109101", '{"definitionKey":"d","recipients":[]}', 109102],
    [
      "109101 before a recipient's 10001",
      `{"definitionKey":"d","recipients":${JSON.stringify(Array(2001).fill(5))}}`,
      109101
    ],
    ["a recipient's 10001 last", '{"definitionKey":"d","recipients":[{"to":1}]}', 10001]
  ])("%s", (_, text, code) => {
    expect(textCode(text)).toBe(code)
  })

  it("judges the single route's recipient being an object with the top-level types, before 10002", () => {
    expect(codeOf({ recipient: "r" }, single("k"))).toBe(10001)
    expect(codeOf({ recipient: { to: 1 } }, single("k"))).toBe(10002)
  })

  it("answers the first bad recipient's field", () => {
    const decoded = RequestDecoder.decode({ definitionKey: "d", recipients: [r, 1, { to: 1 }] }, batchRoute)
    expect(Either.isLeft(decoded) && decoded.left.field).toBe("recipients[1]")
  })
})

describe("RequestDecoder: what it passes on", () => {
  it("leaves per-recipient problems to the decider", () => {
    const body = { definitionKey: "d", recipients: [{}, { to: "", contactKey: "", messageKey: "" }, { to: "abc" }] }
    expect(codeOf(body)).toBe(0)
  })

  it("carries resubscribe, the content override and the request attributes", () => {
    const decoded = RequestDecoder.decode(
      { ...valid, subscriptions: { resubscribe: true }, content: { message: "m" }, attributes: { a: 1 } },
      batchRoute
    )
    expect(Either.getOrThrow(decoded)).toEqual({
      definitionKey: "d",
      recipients: [r],
      resubscribe: true,
      message: "m",
      attributes: { a: 1 }
    })
    expect(Either.getOrThrow(RequestDecoder.decode(valid, batchRoute))).toMatchObject({
      resubscribe: false,
      message: undefined
    })
  })

  it("takes the single route's messageKey from the path, and keeps the body's when the path has none", () => {
    const body = { definitionKey: "d", recipient: { ...r, messageKey: "body" } }
    expect(Either.getOrThrow(RequestDecoder.decode(body, single("path"))).recipients).toEqual([
      { ...r, messageKey: "path" }
    ])
    expect(Either.getOrThrow(RequestDecoder.decode(body, single(undefined))).recipients[0]?.messageKey).toBe("body")
  })

  it("keeps __proto__ and constructor attribute names as plain data", () => {
    const text =
      '{"definitionKey":"d","attributes":{"constructor":"c"},' +
      '"recipients":[{"to":"1","contactKey":"c","attributes":{"__proto__":"p","toString":"s"}}]}'
    const checked = Either.getOrThrow(RequestDecoder.decodeText(text, batchRoute))
    const attributes = checked.recipients[0]!.attributes!
    expect(Object.keys(attributes)).toEqual(["__proto__", "toString"])
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(attributes, "__proto__")?.value).toBe("p")
    expect(checked.attributes).toEqual({ constructor: "c" })
    expect(({} as Record<string, unknown>).p).toBeUndefined()
  })

  it("refuses an object-valued __proto__ attribute like any other object value", () => {
    expect(
      textCode('{"definitionKey":"d","recipients":[{"to":"1","contactKey":"c","attributes":{"__proto__":{"x":1}}}]}')
    ).toBe(10001)
  })
})
