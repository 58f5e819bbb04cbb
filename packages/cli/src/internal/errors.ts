import type { SendError, StatusError } from "@mcsend/transport/TransportError"
import * as Effect from "effect/Effect"
import { type CliFailure, failed, oneLine, usage } from "./failure.js"
import { printJson } from "./output.js"

/**
 * Prints what a failed `send` or `status` has to say on stdout (the API's error body, or a JSON account of the
 * failure) and fails with the exit code and the one line for stderr:
 *
 * - a whole-request refusal or an unknown key: the API's body, exit 1;
 * - bad credentials: nothing on stdout, exit 2 (it is configuration);
 * - any other transport failure and a replay mismatch: a JSON object with `error` naming it, exit 1.
 */
export const report = (error: SendError | StatusError): Effect.Effect<never, CliFailure> => {
  switch (error._tag) {
    case "RequestRejected":
      return Effect.zipRight(
        printJson({ message: error.message, errorcode: error.errorcode, documentation: "" }),
        Effect.fail(failed(`request refused (errorcode ${error.errorcode}): ${oneLine(error.message)}`))
      )
    case "MessageNotFound":
      return Effect.zipRight(
        printJson({ message: error.message, errorcode: error.errorcode, documentation: "" }),
        Effect.fail(failed(`no message with messageKey ${error.messageKey} (errorcode ${error.errorcode})`))
      )
    case "TransportFailure":
      if (error.reason === "Unauthorized") {
        return Effect.fail(
          usage(
            `not authorized: ${oneLine(error.message)} (check SFMC_CLIENT_ID, SFMC_CLIENT_SECRET and SFMC_ACCOUNT_ID)`
          )
        )
      }
      return Effect.zipRight(
        printJson({
          error: "TransportFailure",
          reason: error.reason,
          retryable: error.retryable,
          outcomeUnknown: error.outcomeUnknown,
          message: error.message,
          ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus })
        }),
        Effect.fail(
          failed(
            `transport failure (${error.reason}): ${oneLine(error.message)}${
              error.outcomeUnknown ? "; the request may have been processed: retry with the same messageKeys" : ""
            }`
          )
        )
      )
    case "ReplayMismatch":
      return Effect.zipRight(
        printJson({
          error: "ReplayMismatch",
          message: error.message,
          request: error.request,
          ...(error.nearest === undefined ? {} : { nearest: error.nearest }),
          ...(error.difference === undefined ? {} : { difference: error.difference })
        }),
        Effect.fail(
          failed(
            `the cassette has no recorded interaction for this request${
              error.difference === undefined ? "" : ` (nearest differs at ${oneLine(error.difference)})`
            }`
          )
        )
      )
  }
}
