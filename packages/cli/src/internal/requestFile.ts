import { text as readAll } from "node:stream/consumers"
import * as FileSystem from "@effect/platform/FileSystem"
import * as BatchRefused from "@mcsend/domain/BatchRefused"
import * as ErrorBody from "@mcsend/domain/ErrorBody"
import * as ErrorCatalogue from "@mcsend/domain/ErrorCatalogue"
import * as RequestDecoder from "@mcsend/domain/RequestDecoder"
import * as SendRequest from "@mcsend/domain/SendRequest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { type CliFailure, oneLine, usage } from "./failure.js"
import { resolveUserPath } from "./paths.js"

/** Reads a request file, or stdin for `-`. A file that cannot be read is a usage error (exit 2). */
export const read = (file: string): Effect.Effect<string, CliFailure, FileSystem.FileSystem> =>
  file === "-"
    ? Effect.tryPromise({
        try: () => readAll(process.stdin),
        catch: (e) => usage(`cannot read the request from stdin: ${e instanceof Error ? e.message : String(e)}`)
      })
    : Effect.flatMap(FileSystem.FileSystem, (fs) =>
        fs
          .readFileString(resolveUserPath(file))
          .pipe(
            Effect.mapError((e) =>
              usage(
                e._tag === "SystemError" && e.reason === "NotFound"
                  ? `no such file: ${file}`
                  : `cannot read ${file}: ${oneLine(e.message)}`
              )
            )
          )
      )

/** A request the API would refuse as a whole: the body it answers with (HTTP 400). */
export interface Refused {
  readonly _tag: "Refused"
  readonly body: ErrorBody.ErrorBody
}

/** A request file, checked. */
export interface Checked {
  readonly _tag: "Checked"
  readonly request: SendRequest.SendRequest
  readonly checked: SendRequest.CheckedRequest
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Checks a request file with the domain's decoder, exactly as the API would: a file with a `recipient` object is a
 * single send (the route's messageKey is the recipient's), anything else a batch. The same codes come back as the
 * API's (10004 for text that is not JSON, 109122 for an unknown field, …), but nothing malformed reaches a transport.
 */
export const check = (text: string): Refused | Checked => {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (e) {
    const reason = e instanceof Error ? e.message : "unreadable"
    const refused = BatchRefused.make(ErrorCatalogue.RequestErrors.InvalidMessageFormat, "body", `not JSON (${reason})`)
    return { _tag: "Refused", body: ErrorBody.fromRefusal(refused) }
  }
  const route =
    isRecord(body) && "recipient" in body
      ? SendRequest.singleRoute(
          isRecord(body.recipient) && typeof body.recipient.messageKey === "string"
            ? body.recipient.messageKey
            : undefined
        )
      : SendRequest.batchRoute
  const decoded = RequestDecoder.decode(body, route)
  if (Either.isLeft(decoded)) return { _tag: "Refused", body: ErrorBody.fromRefusal(decoded.left) }
  // The decoder accepted it, so it is a SendRequest. It is not decoded again with the Schema: Schema.Record builds a
  // fresh object, and an attribute named `__proto__` (plain data on the wire) would be lost on the way.
  return { _tag: "Checked", request: body as SendRequest.SendRequest, checked: decoded.right }
}
