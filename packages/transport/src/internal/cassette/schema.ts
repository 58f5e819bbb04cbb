/**
 * The cassette file format, version 1.
 */
import { MessageStatus } from "@mcsend/domain/MessageStatus"
import { SendResponse } from "@mcsend/domain/SendResponse"
import * as Schema from "effect/Schema"
import { MessageNotFound, ReplayMismatch, RequestRejected, TransportFailure } from "../../TransportError.js"
import { isJson, type JsonObject as JsonObjectType, type Json as JsonType, maxDepth } from "./json.js"

/** The only version this code reads and writes. */
export const currentVersion = 1 as const

/**
 * Any JSON value, checked without being rebuilt: a rebuilt object would lose an attribute named `__proto__`, and a
 * recursive schema would overflow the stack on a hostile cassette nested thousands deep.
 */
export const Json: Schema.Schema<JsonType> = Schema.declare((u: unknown): u is JsonType => isJson(u), {
  identifier: "Json",
  description: `a JSON value nested at most ${maxDepth} deep`
})

/** A JSON object. */
export const JsonObject: Schema.Schema<JsonObjectType> = Schema.declare(
  (u: unknown): u is JsonObjectType => typeof u === "object" && u !== null && !Array.isArray(u) && isJson(u),
  { identifier: "JsonObject", description: `a JSON object nested at most ${maxDepth} deep` }
)

const exactlyOneOutcome = (interaction: { readonly response?: unknown; readonly error?: unknown }) =>
  (interaction.response === undefined) !== (interaction.error === undefined) ||
  "an interaction has exactly one of `response` and `error`"

/** A recorded `send`: the request as sent (redacted), and the response or the error it got. */
export const SendInteraction = Schema.Struct({
  operation: Schema.Literal("send"),
  request: JsonObject,
  response: Schema.optionalWith(SendResponse, { exact: true }),
  error: Schema.optionalWith(Schema.Union(RequestRejected, TransportFailure, ReplayMismatch), { exact: true })
}).pipe(Schema.filter(exactlyOneOutcome))

/** A recorded `status`. */
export const StatusInteraction = Schema.Struct({
  operation: Schema.Literal("status"),
  request: Schema.Struct({ messageKey: Schema.String }),
  response: Schema.optionalWith(MessageStatus, { exact: true }),
  error: Schema.optionalWith(Schema.Union(MessageNotFound, TransportFailure, ReplayMismatch), { exact: true })
}).pipe(Schema.filter(exactlyOneOutcome))

export type SendInteraction = typeof SendInteraction.Type
export type StatusInteraction = typeof StatusInteraction.Type

/** One request and its outcome. */
export const Interaction = Schema.Union(SendInteraction, StatusInteraction)

export type Interaction = typeof Interaction.Type

/** A whole cassette. `redacted` lists the attribute names masked when it was recorded. */
export const Cassette = Schema.Struct({
  version: Schema.Literal(currentVersion),
  redacted: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }),
  interactions: Schema.Array(Interaction)
})

export type Cassette = typeof Cassette.Type
