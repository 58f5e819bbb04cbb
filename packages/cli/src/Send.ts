/**
 * `mcsend send FILE|-`: sends a wire-format request and prints the API's answer.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type { CreateDefinitionBody } from "@mcsend/domain/SendDefinition"
import type * as SendRequest from "@mcsend/domain/SendRequest"
import type * as SendResponse from "@mcsend/domain/SendResponse"
import { SmsTransport } from "@mcsend/transport/SmsTransport"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as Errors from "./internal/errors.js"
import { failed, oneLine, usage } from "./internal/failure.js"
import { describeOutcome, describeRecipient, legend, outcomes } from "./internal/outcomes.js"
import { printJson, table, truncate, wantsTable } from "./internal/output.js"
import * as RequestFile from "./internal/requestFile.js"
import * as Transports from "./internal/transports.js"

/**
 * The message a definition made on the fly for the memory transport carries when the request has no
 * `content.message` of its own.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultDefinitionMessage = "A test message from mcsend."

/**
 * The definitions a one-shot memory transport starts with: those given with `--definition KEY=TEXT`, or else the
 * request's own `definitionKey`, defined with the request's `content.message` (or {@link defaultDefinitionMessage}),
 * so that a request file can be tried without any setup.
 *
 * @since 0.1.0
 * @category constructors
 */
export const memoryDefinitions = (
  given: ReadonlyArray<readonly [string, string]>,
  checked: SendRequest.CheckedRequest
): ReadonlyArray<CreateDefinitionBody> =>
  given.length > 0
    ? given.map(([definitionKey, message]) => ({ definitionKey, content: { message } }))
    : [{ definitionKey: checked.definitionKey, content: { message: checked.message ?? defaultDefinitionMessage } }]

const file = Args.text({ name: "FILE" }).pipe(
  Args.withDescription(
    "A request in the API's wire JSON (batch with recipients, or single with recipient); - reads stdin."
  )
)

const definition = Options.keyValueMap(Options.text("definition").pipe(Options.withPseudoName("KEY=TEXT"))).pipe(
  Options.optional,
  Options.withDescription(
    "Memory transport only: define send definition KEY with message TEXT (repeatable). Without it, the request's definitionKey is defined on the fly."
  )
)

const summary = (response: SendResponse.SendResponse): string => {
  const failedCount = response.responses.filter((item) => item.errorcode !== undefined && item.errorcode !== 0).length
  const queued = response.responses.length - failedCount
  return `requestId ${response.requestId}: ${queued} queued, ${failedCount} failed (errorcode ${response.errorcode})`
}

const printTable = (request: SendRequest.SendRequest, response: SendResponse.SendResponse) => {
  const rows = outcomes(request, response)
  const codes = legend(rows)
  return Console.log(
    [
      table(
        ["#", "recipient", "messageKey", "outcome"],
        rows.map((o) => [
          String(o.index),
          truncate(describeRecipient(o.contactKey, o.to), 40),
          o.messageKey,
          describeOutcome(o)
        ])
      ),
      "",
      summary(response),
      ...(codes.length === 0 ? [] : ["", ...codes])
    ].join("\n")
  )
}

/**
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(
  "send",
  { file, definition, ...Transports.flags },
  ({ definition, file, ...flags }) =>
    Effect.gen(function* () {
      const text = yield* RequestFile.read(file)
      const checked = RequestFile.check(text)
      if (checked._tag === "Refused") {
        yield* printJson(checked.body)
        return yield* failed(`request refused (errorcode ${checked.body.errorcode}): ${oneLine(checked.body.message)}`)
      }
      const given = Option.match(definition, { onNone: () => [], onSome: (map) => [...HashMap.toEntries(map)] })
      if (given.length > 0 && flags.transport !== "memory") {
        return yield* usage(
          "--definition defines send definitions in the memory transport; use it with --transport memory"
        )
      }
      const layer = yield* Transports.layer(flags, { definitions: memoryDefinitions(given, checked.checked) })
      const response = yield* Effect.flatMap(SmsTransport, (transport) => transport.send(checked.request)).pipe(
        Effect.catchAll(Errors.report),
        Effect.provide(layer)
      )
      yield* wantsTable(flags.json) ? printTable(checked.request, response) : printJson(response)
    })
).pipe(
  Command.withDescription(
    "Send a request file (the API's wire JSON) and print the API's answer. Exit 0 on 202 (partial failures included), 1 when the request is refused as a whole, 2 on usage or configuration errors."
  )
)
