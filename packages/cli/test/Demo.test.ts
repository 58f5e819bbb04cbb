/**
 * The demo in process: every kind of recipient gets the outcome the API gives it, the rendered text comes from the
 * simulator's events, and the statuses move on from Queued within the demo's short delivery delay.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Demo from "../src/Demo.js"

it.live("sends the sample batch through HttpTransport and watches the statuses move", () =>
  Effect.gen(function* () {
    const report = yield* Demo.run
    const byIndex = report.recipients.map((row) => [row.outcome, row.errorcode, row.meaning])
    expect(byIndex).toEqual([
      ["queued", undefined, undefined],
      ["queued", undefined, undefined],
      ["rejected", 109121, "to is not 1-15 digits"],
      ["rejected", 109105, "no contactKey"],
      ["queued", undefined, undefined],
      ["rejected", 109110, "key repeated in this request"],
      ["rejected", 109110, "key used by an earlier send"],
      ["queued", undefined, undefined]
    ])
    expect(report.batch.response.responses).toHaveLength(Demo.sampleRequest.recipients.length)
    // Generated keys are the API's format: 22 URL-safe base64 characters.
    expect(report.recipients[0]?.messageKey).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(report.recipients[0]).toMatchObject({ text: "Hi Grace, your code is 2222.", encoding: "GSM7", segments: 1 })
    expect(report.recipients[1]).toMatchObject({ encoding: "UCS2", segments: 1 })

    expect(report.statuses.map((row) => [row.contactKey, row.before, row.after])).toEqual([
      ["grace", "Queued", "Sent"],
      ["linus", "Queued", "Sent"],
      ["carol", "Queued", "Sent"],
      ["dave", "Queued", "NotSent 1 Unsubscribed"]
    ])
    // The wait is the delivery delay and a little more, not a fixed long sleep.
    expect(report.statuses[0]?.afterMillis).toBeLessThan(Demo.deliveryDelay + 1500)

    const text = Demo.render(report)
    expect(text).toContain("109121  MCMS_UTM_Validation_InvalidValue_to")
    expect(text).toContain(report.simulator.baseUrl)
  }).pipe(Effect.provide(NodeHttpClient.layerUndici))
)
