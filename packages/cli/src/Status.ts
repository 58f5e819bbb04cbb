/**
 * `mcsend status KEY`: the status of the most recent message with a messageKey.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import type * as MessageStatus from "@mcsend/domain/MessageStatus"
import { SmsTransport } from "@mcsend/transport/SmsTransport"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Errors from "./internal/errors.js"
import { printJson, table, wantsTable } from "./internal/output.js"
import * as Transports from "./internal/transports.js"

const key = Args.text({ name: "KEY" }).pipe(Args.withDescription("The messageKey to look up."))

/**
 * The status in words: `Queued`, `Sent`, or `NotSent <code> <message>`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const describe = (status: MessageStatus.MessageStatus): string => {
  const state = status.eventCategoryType.replace("TransactionalSendEvents.SMS", "")
  return status.info.statusCode === undefined
    ? state
    : `${state} ${status.info.statusCode} ${status.info.statusMessage ?? ""}`.trimEnd()
}

const printTable = (status: MessageStatus.MessageStatus) =>
  Console.log(
    table(
      ["field", "value"],
      [
        ["status", describe(status)],
        ["messageKey", status.info.messageKey],
        ["contactKey", status.info.contactKey],
        ["to", status.info.to],
        ["timestamp (US Central)", status.timestamp],
        ["requestId", status.requestId],
        ["compositeId", status.compositeId]
      ]
    )
  )

/**
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("status", { key, ...Transports.flags }, ({ key, ...flags }) =>
  Effect.gen(function* () {
    const layer = yield* Transports.layer(flags, { definitions: [] })
    const status = yield* Effect.flatMap(SmsTransport, (transport) => transport.status(key)).pipe(
      Effect.catchAll(Errors.report),
      Effect.provide(layer)
    )
    yield* wantsTable(flags.json) ? printTable(status) : printJson(status)
  })
).pipe(
  Command.withDescription(
    "Print the status of the most recent message with messageKey KEY. Exit 1 (with the API's 404 body) when no message has it."
  )
)
