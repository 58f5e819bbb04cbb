import { describe, expect, it } from "@effect/vitest"
import { Suite } from "@mcsend/conformance"
import { MessageKeyGenerator, RequestIdGenerator } from "@mcsend/domain"
import { ResponsesHasErrors, responsesHasErrorsMessage } from "@mcsend/domain/ErrorCatalogue"
import type { SendResponse } from "@mcsend/domain/SendResponse"
import { MemoryTransport, SmsTransport, TransportError } from "@mcsend/transport"
import { Context, Effect, Layer } from "effect"

// Deliberately broken transports, each a MemoryTransport with one bug. The suite must catch every one: a property
// that lets one pass is not checking its rule.

type Service = SmsTransport.Service
const settings = { maxRecipients: 25 }
const driver = Suite.memoryDriver({ settings })

const broken = (
  wrap: (inner: Service, memory: MemoryTransport.MemoryTransport, businessUnit: string) => Service,
  options: { readonly window?: number; readonly shareBusinessUnits?: boolean } = {}
) =>
  Layer.effectContext(
    Effect.gen(function* () {
      const memory = yield* MemoryTransport.make({
        settings: options.window === undefined ? settings : { ...settings, window: options.window }
      })
      const transport = (bu = MemoryTransport.defaultBusinessUnit) =>
        wrap(memory.transport(options.shareBusinessUnits ? MemoryTransport.defaultBusinessUnit : bu), memory, bu)
      const handle: MemoryTransport.MemoryTransport = { ...memory, transport }
      return Context.make(MemoryTransport.MemoryTransport, handle).pipe(
        Context.add(SmsTransport.SmsTransport, transport())
      )
    })
  ).pipe(Layer.provide([MessageKeyGenerator.layerDeterministic(7), RequestIdGenerator.layerDeterministic]))

const withItems = (response: SendResponse, items: SendResponse["responses"]): SendResponse => {
  const failed = items.filter((i) => i.errorcode !== undefined).length
  return failed === 0
    ? { requestId: response.requestId, errorcode: 0, responses: items }
    : {
        requestId: response.requestId,
        errorcode: ResponsesHasErrors.code,
        message: responsesHasErrorsMessage(failed, items.length),
        responses: items
      }
}

const recipientsOf = (request: unknown): ReadonlyArray<{ readonly messageKey?: string }> => {
  const r = request as { recipients?: unknown; recipient?: unknown }
  return (Array.isArray(r.recipients) ? r.recipients : [r.recipient]) as ReadonlyArray<{ messageKey?: string }>
}

const transports = {
  "accepts a key repeated in the same request": broken((inner) => ({
    ...inner,
    send: (request) =>
      Effect.map(inner.send(request), (response) => {
        const keys = recipientsOf(request).map((r) => r.messageKey)
        return withItems(
          response,
          response.responses.map((item, i) =>
            item.errorcode === 109110 && keys.indexOf(item.messageKey) < i ? { messageKey: item.messageKey } : item
          )
        )
      })
  })),
  "lets a rejected recipient consume its key": broken((inner) => ({
    ...inner,
    send: (request) =>
      Effect.tap(inner.send(request), (response) =>
        Effect.forEach(
          response.responses.filter(
            (i) =>
              i.errorcode !== undefined &&
              i.errorcode !== 109110 &&
              i.messageKey.length > 0 &&
              i.messageKey.length <= 100
          ),
          (item) =>
            Effect.ignore(
              inner.send({
                definitionKey: "conformance",
                recipients: [{ to: "15550000000", contactKey: "ghost", messageKey: item.messageKey }]
              })
            ),
          { discard: true }
        )
      )
  })),
  "has a window one millisecond short": broken((inner) => inner, { window: 72 * 3600_000 - 1 }),
  "has a window one millisecond long": broken((inner) => inner, { window: 72 * 3600_000 + 1 }),
  "fails the whole batch when one recipient is bad": broken((inner) => ({
    ...inner,
    send: (request) =>
      Effect.flatMap(inner.send(request), (response) => {
        const bad = response.responses.find((i) => i.errorcode !== undefined)
        return bad === undefined
          ? Effect.succeed(response)
          : Effect.fail(new TransportError.RequestRejected({ errorcode: bad.errorcode!, message: bad.message ?? "" }))
      })
  })),
  "reorders the items": broken((inner) => ({
    ...inner,
    send: (request) => Effect.map(inner.send(request), (r) => ({ ...r, responses: [...r.responses].reverse() }))
  })),
  "lets business units share keys": broken((inner) => inner, { shareBusinessUnits: true })
} as const

// The property expected to catch each bug (others may catch it too).
const catcher: Record<keyof typeof transports, Suite.PropertyName> = {
  "accepts a key repeated in the same request": "codes",
  "lets a rejected recipient consume its key": "window",
  "has a window one millisecond short": "window",
  "has a window one millisecond long": "window",
  "fails the whole batch when one recipient is bad": "independence",
  "reorders the items": "items",
  "lets business units share keys": "window"
}

describe("the suite catches broken transports", () => {
  if (process.env.MCSEND_BROKEN_MATRIX) {
    it("matrix", async () => {
      const names = Suite.propertyNames.map((p) => p.name).filter((n) => n !== "robustnessNonObject")
      for (const [name, layer] of Object.entries(transports)) {
        const row: Array<string> = []
        for (const p of names) {
          const r = await Suite.check({ layer, driver }, p, { numRuns: 100, endOnFailure: true })
          row.push(`${p}:${r.failed ? (r.violation ? `caught@${r.runs}` : "CRASH") : "-"}`)
        }
        console.log(name, row.join(" "))
      }
    }, 600_000)
    return
  }
  for (const [name, layer] of Object.entries(transports)) {
    const property = catcher[name as keyof typeof transports]
    it(`a transport that ${name} fails "${property}"`, async () => {
      const result = await Suite.check({ layer, driver }, property, { numRuns: 200, endOnFailure: true })
      expect(result.failed, `the suite let a transport that ${name} pass`).toBe(true)
      expect(result.violation, result.report).toBeInstanceOf(Suite.ConformanceViolation)
    })
  }

  for (const [name, layer] of Object.entries(transports)) {
    it(`a transport that ${name} fails the model-based property too`, async () => {
      const result = await Suite.check({ layer, driver }, "model", { numRuns: 300, endOnFailure: true })
      expect(result.failed, `the model-based property let a transport that ${name} pass`).toBe(true)
      expect(result.violation, result.report).toBeInstanceOf(Suite.ConformanceViolation)
    })
  }

  it("and the unbroken wrapper passes (the harness itself is sound)", async () => {
    const result = await Suite.check({ layer: broken((inner) => inner), driver }, "window", { numRuns: 50 })
    expect(result.report).toBeUndefined()
  })
})

describe("the replay property catches a replay that does not answer from the recording", () => {
  it("a 'replay' that is a fresh transport fails property 8", async () => {
    const result = await Suite.check(
      {
        layer: Suite.memoryLayer({ settings }),
        driver,
        replay: {
          record: () => Layer.effect(SmsTransport.SmsTransport, SmsTransport.SmsTransport),
          // Random keys and request ids: what a transport that re-sends instead of replaying would answer.
          replay: () =>
            MemoryTransport.layer({
              settings,
              definitions: [{ definitionKey: "conformance", content: { message: "x" } }]
            })
        }
      },
      "replay",
      { numRuns: 100, endOnFailure: true }
    )
    expect(result.failed, "a replay that re-sends passed").toBe(true)
    expect(result.violation, result.report).toBeInstanceOf(Suite.ConformanceViolation)
  })
})
