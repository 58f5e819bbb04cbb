/**
 * `mcsend demo` (`pnpm start`): the whole story in one run, with no configuration. A simulator starts in process,
 * a sample batch goes to it through `HttpTransport` over a real socket, and the answer, the rendered messages and the
 * statuses are shown as they move on.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Events from "@mcsend/domain/Events"
import type * as SendRequest from "@mcsend/domain/SendRequest"
import type * as SendResponse from "@mcsend/domain/SendResponse"
import * as Simulator from "@mcsend/simulator/Simulator"
import * as HttpTransport from "@mcsend/transport/HttpTransport"
import { SmsTransport } from "@mcsend/transport/SmsTransport"
import type { TransportError } from "@mcsend/transport/TransportError"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type CliFailure, failed, oneLine } from "./internal/failure.js"
import { describeOutcome, describeRecipient, legend, type Outcome, outcomes } from "./internal/outcomes.js"
import { printJson, table, truncate } from "./internal/output.js"
import { describe as describeStatus } from "./Status.js"

/**
 * The send definition the demo creates.
 *
 * @since 0.1.0
 * @category constants
 */
export const definition = {
  definitionKey: "mcsend-demo",
  name: "mcsend demo",
  content: {
    message: "Hi %%FirstName%%, your code is %%Code%%."
  }
} as const

/**
 * The number that texts STOP before the batch, so its message ends NotSent (1 Unsubscribed).
 *
 * @since 0.1.0
 * @category constants
 */
export const optedOutNumber = "15555550199"

/**
 * The earlier send whose messageKey the sample batch reuses.
 *
 * @since 0.1.0
 * @category constants
 */
export const earlierRequest: SendRequest.BatchSendRequest = {
  definitionKey: definition.definitionKey,
  recipients: [
    { contactKey: "ada", to: "15555550100", messageKey: "demo-ada-welcome", attributes: { FirstName: "Ada" } }
  ],
  attributes: { Code: "1111" }
}

/**
 * The sample batch: valid recipients (one with an emoji, so UCS-2), an invalid number, a missing
 * contact key, a key repeated in the request, a key reused from the earlier send, and an opted-out number.
 *
 * @since 0.1.0
 * @category constants
 */
export const sampleRequest: SendRequest.BatchSendRequest = {
  definitionKey: definition.definitionKey,
  recipients: [
    { contactKey: "grace", to: "15555550101", attributes: { FirstName: "Grace" } },
    { contactKey: "linus", to: "+15555550102", messageKey: "demo-linus-1", attributes: { FirstName: "Linus 🐧" } },
    { contactKey: "bob", to: "555-CALL-NOW", attributes: { FirstName: "Bob" } },
    { to: "15555550103", attributes: { FirstName: "Nobody" } },
    { contactKey: "carol", to: "15555550104", messageKey: "demo-carol-1", attributes: { FirstName: "Carol" } },
    { contactKey: "carol", to: "15555550104", messageKey: "demo-carol-1", attributes: { FirstName: "Carol" } },
    { contactKey: "ada", to: "15555550100", messageKey: "demo-ada-welcome", attributes: { FirstName: "Ada" } },
    { contactKey: "dave", to: optedOutNumber, attributes: { FirstName: "Dave" } }
  ],
  attributes: { Code: "2222" }
}

/**
 * How long a queued message stays Queued in the demo's simulator, in ms.
 *
 * @since 0.1.0
 * @category constants
 */
export const deliveryDelay = 1000

/**
 * One recipient of the sample batch: its outcome and, when queued, the rendered message.
 *
 * @since 0.1.0
 * @category models
 */
export interface Row extends Outcome {
  readonly text?: string
  readonly encoding?: "GSM7" | "UCS2"
  readonly segments?: number
}

/**
 * A queued message's status just after the send and once the simulator has moved it on.
 *
 * @since 0.1.0
 * @category models
 */
export interface StatusRow {
  readonly messageKey: string
  readonly contactKey: string
  readonly to: string
  readonly before: string
  readonly after: string
  readonly afterMillis: number
}

/**
 * Everything the demo did, as `--json` prints it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  readonly simulator: { readonly baseUrl: string }
  readonly definition: typeof definition
  readonly optedOut: ReadonlyArray<string>
  readonly earlier: { readonly request: SendRequest.SendRequest; readonly response: SendResponse.SendResponse }
  readonly batch: { readonly request: SendRequest.SendRequest; readonly response: SendResponse.SendResponse }
  readonly recipients: ReadonlyArray<Row>
  readonly statuses: ReadonlyArray<StatusRow>
}

const isQueued = (event: Events.Event): event is Events.MessageQueued => event._tag === "MessageQueued"

const demoFailure = (error: TransportError | Simulator.SimulatorError): CliFailure =>
  failed(`the demo failed: ${error._tag}: ${oneLine(error.message)}`)

/**
 * Runs the demo and answers what it did.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run: Effect.Effect<Report, CliFailure, HttpClient.HttpClient> = Effect.scoped(
  Effect.gen(function* () {
    const simulator = yield* Simulator.make({ port: 0, memory: { settings: { deliveryDelay } } })
    const context = yield* Layer.build(
      HttpTransport.layer({
        authBaseUrl: simulator.baseUrl,
        clientId: simulator.clientId,
        clientSecret: simulator.clientSecret
      })
    )
    const transport = Context.get(context, SmsTransport)
    const { memory } = simulator

    yield* Effect.orDie(memory.createDefinition(definition))
    yield* memory.inbound(optedOutNumber, "STOP")
    const earlier = yield* transport.send(earlierRequest)
    const response = yield* transport.send(sampleRequest)

    const queued = new Map(
      (yield* memory.events())
        .filter(isQueued)
        .filter((event) => event.requestId === response.requestId)
        .map((event) => [event.index, event] as const)
    )
    const recipients: Array<Row> = outcomes(sampleRequest, response).map((outcome) => {
      const event = queued.get(outcome.index - 1)
      return event === undefined
        ? outcome
        : { ...outcome, text: event.text, encoding: event.encoding, segments: event.segments }
    })

    const keys = recipients.filter((row) => row.outcome === "queued").map((row) => row.messageKey)
    const readAll = Effect.forEach(keys, (key) => transport.status(key), { concurrency: "unbounded" })
    const sentAt = yield* Clock.currentTimeMillis
    const before = yield* readAll
    // Wait until the last message is due (plus a little), and no longer: the demo should take a second or two.
    const lastDue = Math.max(...[...queued.values()].map((event) => event.dueAt))
    yield* Effect.sleep(Math.max(0, lastDue - (yield* Clock.currentTimeMillis)) + 200)
    const after = yield* readAll
    const afterMillis = (yield* Clock.currentTimeMillis) - sentAt

    const statuses = before.map(
      (status, i): StatusRow => ({
        messageKey: status.info.messageKey,
        contactKey: status.info.contactKey,
        to: status.info.to,
        before: describeStatus(status),
        after: after[i] === undefined ? "" : describeStatus(after[i]),
        afterMillis
      })
    )
    return {
      simulator: { baseUrl: simulator.baseUrl },
      definition,
      optedOut: [optedOutNumber],
      earlier: { request: earlierRequest, response: earlier },
      batch: { request: sampleRequest, response },
      recipients,
      statuses
    }
  }).pipe(Effect.mapError(demoFailure))
)

const encodingName = (encoding: "GSM7" | "UCS2" | undefined): string =>
  encoding === "GSM7" ? "GSM-7" : encoding === "UCS2" ? "UCS-2" : ""

/**
 * The demo's report for a person at a terminal.
 *
 * @since 0.1.0
 * @category formatting
 */
export const render = (report: Report): string => {
  const { response } = report.batch
  const rejected = report.recipients.filter((row) => row.outcome === "rejected").length
  const seconds = ((report.statuses[0]?.afterMillis ?? 0) / 1000).toFixed(1)
  return [
    `mcsend demo: a Marketing Cloud simulator is running in this process at ${report.simulator.baseUrl};`,
    "everything below went to it through HttpTransport over a real socket (token, send, status).",
    "",
    `1. Created send definition "${report.definition.definitionKey}": "${report.definition.content.message}"`,
    `2. ${report.optedOut.join(", ")} texted STOP, so that number is opted out.`,
    `3. An earlier send queued messageKey ${earlierRequest.recipients[0]?.messageKey} for ada.`,
    `4. Sent a batch of ${report.recipients.length} recipients (POST /messaging/v1/sms/messages/). The API answered 202:`,
    `   errorcode ${response.errorcode}${response.message === undefined ? "" : `, "${response.message}"`}`,
    `   (a batch is never refused for a bad recipient: each gets its own outcome, in request order).`,
    "",
    table(
      ["#", "recipient", "messageKey", "outcome", "segments", "rendered text"],
      report.recipients.map((row) => [
        String(row.index),
        describeRecipient(row.contactKey, row.to),
        row.messageKey,
        describeOutcome(row),
        row.segments === undefined ? "" : `${row.segments} ${encodingName(row.encoding)}`,
        row.text === undefined ? "" : truncate(row.text, 60)
      ])
    ),
    "",
    "Error codes, as the API names them:",
    ...legend(report.recipients).map((line) => `  ${line}`),
    "",
    `${report.recipients.length - rejected} queued, ${rejected} rejected. Rejected recipients were never queued, so their keys have no status`,
    "(404, errorcode 30003). Keys without a messageKey in the request were generated before the first attempt.",
    "",
    `5. Statuses (GET /messaging/v1/sms/messages/{messageKey}), read right after the send and ${seconds} s later,`,
    `   once the simulator's ${deliveryDelay / 1000} s delivery delay has passed:`,
    "",
    table(
      ["messageKey", "recipient", "just after the send", `${seconds} s later`],
      report.statuses.map((row) => [row.messageKey, describeRecipient(row.contactKey, row.to), row.before, row.after])
    ),
    "",
    `${optedOutNumber} had opted out, so its message was queued (202) but ended NotSent 1 Unsubscribed; a request with`,
    '"subscriptions": { "resubscribe": true } would have resubscribed it. Next: docs/cli.md (pnpm mcsend --help).'
  ].join("\n")
}

const json = Options.boolean("json").pipe(Options.withDescription("Print the report as JSON instead of tables."))

/**
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("demo", { json }, ({ json }) =>
  Effect.flatMap(run, (report) => (json ? printJson(report) : Console.log(render(report))))
).pipe(
  Command.withDescription(
    "Start a simulator in process, send a sample batch through HttpTransport and show outcomes and statuses. No configuration."
  )
)
