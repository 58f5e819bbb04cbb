import { describe, expect, it } from "@effect/vitest"
import { Arbitraries, Model, Suite } from "@mcsend/conformance"
import fc from "fast-check"

// The model against the arbitraries' own labels: each invalid recipient and request says which rule it breaks, and
// the model, written separately, must agree. (The transports are checked against the model by the suite.)
const settings = { ...Model.defaultSettings, maxRecipients: 25 }
const options = { definitionKey: "d", maxRecipients: 25, unknownDefinitionKey: "nope" }
const params = { numRuns: Suite.parameters().numRuns! * 5 }

const modelWith = () => {
  const model = new Model.Model(settings)
  model.define("bu", "d", "Hi %%FirstName%%")
  return model
}

describe("Model", () => {
  it("refuses each invalid request with the code its fault names", () => {
    fc.assert(
      fc.property(Arbitraries.invalidRequest(options), (wire) => {
        const expected = modelWith().expect("bu", wire.body, wire.route)
        expect(expected).toEqual({ _tag: "Refused", errorcode: wire.errorcode })
      }),
      params
    )
  })

  it("fails each invalid recipient with the code its fault names, and queues valid ones", () => {
    fc.assert(
      fc.property(Arbitraries.invalidRecipient(), Arbitraries.validRecipient(), (bad, good) => {
        const expected = modelWith().expect(
          "bu",
          { definitionKey: "d", recipients: [bad.recipient, good] },
          {
            _tag: "Batch"
          }
        )
        expect(expected._tag === "Accepted" && expected.items.map((i) => i.errorcode)).toEqual([
          bad.errorcode,
          good.messageKey !== undefined && good.messageKey === bad.recipient.messageKey ? 109110 : undefined
        ])
      }),
      params
    )
  })

  it("accepts every valid request and queues every recipient", () => {
    fc.assert(
      fc.property(Arbitraries.validRequest(options), (wire) => {
        const expected = modelWith().expect("bu", wire.body, wire.route)
        expect(expected._tag === "Accepted" && expected.items.every((i) => i.errorcode === undefined)).toBe(true)
      }),
      params
    )
  })

  it("keeps a key for exactly the window", () => {
    const model = modelWith()
    const body = { definitionKey: "d", recipients: [{ to: "1", contactKey: "c", messageKey: "k" }] }
    model.commit("bu", model.expect("bu", body, { _tag: "Batch" }), ["k"])
    model.advance(settings.window - 1)
    expect(model.isLive("bu", "k")).toBe(true)
    expect(model.isLive("other", "k")).toBe(false)
    model.advance(1)
    expect(model.isLive("bu", "k")).toBe(false)
  })

  it("renders and measures as the design says", () => {
    expect(Model.render("%%firstname%%-%%CODE%%-%%Missing%%-%%constructor%%", { FirstName: "Ann" }, { code: 7 })).toBe(
      "Ann-7--"
    )
    expect(Model.segments("a".repeat(160))).toBe(1)
    expect(Model.segments("a".repeat(161))).toBe(2)
    expect(Model.segments("€".repeat(80))).toBe(1)
    expect(Model.segments("é".repeat(71))).toBe(1)
    expect(Model.segments("ĉ".repeat(70))).toBe(1)
    expect(Model.segments("ĉ".repeat(71))).toBe(2)
    expect(Model.segments("a".repeat(1530))).toBe(10)
    expect(Model.segments("a".repeat(1531))).toBe(11)
    expect(Model.isOptOut("  opt   Out please")).toBe(true)
    expect(Model.isOptOut("STOPPED")).toBe(false)
  })
})
