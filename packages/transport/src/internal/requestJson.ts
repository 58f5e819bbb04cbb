import { message, RequestErrors } from "@mcsend/domain/ErrorCatalogue"
import * as Either from "effect/Either"
import { RequestRejected } from "../TransportError.js"

/**
 * A request as JSON text, as it travels. `JSON.stringify` throws on a bigint or a cycle, which a typed request can
 * still hold at run time (a cast, a JavaScript caller): every transport refuses such a request the same way, as a
 * field of the wrong type (10001), and nothing is sent.
 */
export const stringify = (request: unknown): Either.Either<string | undefined, RequestRejected> => {
  try {
    return Either.right(JSON.stringify(request))
  } catch (e) {
    return Either.left(
      new RequestRejected({
        errorcode: RequestErrors.InvalidDataType.code,
        message: message(
          RequestErrors.InvalidDataType,
          `the request cannot be written as JSON (${e instanceof Error ? e.message : "unknown"})`
        )
      })
    )
  }
}
