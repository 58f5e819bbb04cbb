/**
 * The errors of the {@link SmsTransport} port. Every transport fails with these, so a service handles them once.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The API refused the whole request (HTTP 400): nothing was queued. `errorcode` and `message` are the API's.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestRejected extends Schema.TaggedError<RequestRejected>()("RequestRejected", {
  errorcode: Schema.Int,
  message: Schema.String,
  status: Schema.optionalWith(Schema.Int, { default: () => 400 })
}) {}

/**
 * No message has this key in the retained statuses (HTTP 404, errorcode 30003).
 *
 * @since 0.1.0
 * @category errors
 */
export class MessageNotFound extends Schema.TaggedError<MessageNotFound>()("MessageNotFound", {
  messageKey: Schema.String,
  errorcode: Schema.Int,
  message: Schema.String
}) {}

/**
 * Why a transport could not get an answer.
 *
 * - `Timeout`: an attempt took too long; the request may have been processed.
 * - `ConnectionFailed`: the connection could not be made, or broke; the request may have been processed if it broke
 *   after it was sent.
 * - `Throttled`: 429 or 503 after every retry.
 * - `ServerError`: a 5xx after every retry.
 * - `Unauthorized`: bad credentials, or a 401 that a fresh token did not cure.
 * - `InvalidResponse`: an answer that does not decode; it was processed, but its outcome cannot be read.
 * - `Unexpected`: any other status.
 *
 * @since 0.1.0
 * @category models
 */
export const FailureReason = Schema.Literal(
  "Timeout",
  "ConnectionFailed",
  "Throttled",
  "ServerError",
  "Unauthorized",
  "InvalidResponse",
  "Unexpected"
)

/**
 * @since 0.1.0
 * @category models
 */
export type FailureReason = typeof FailureReason.Type

/**
 * A transport failed to get a usable answer. `retryable` says whether trying again may help; `outcomeUnknown` says
 * the request may have been processed (retry it with the same messageKeys, never new ones).
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportFailure extends Schema.TaggedError<TransportFailure>()("TransportFailure", {
  reason: FailureReason,
  retryable: Schema.Boolean,
  outcomeUnknown: Schema.Boolean,
  message: Schema.String,
  httpStatus: Schema.optional(Schema.Int)
}) {}

/**
 * A replaying transport has no recorded interaction for this request. `nearest` is the closest recorded request
 * (canonical JSON) and `difference` says how they differ.
 *
 * @since 0.1.0
 * @category errors
 */
export class ReplayMismatch extends Schema.TaggedError<ReplayMismatch>()("ReplayMismatch", {
  message: Schema.String,
  request: Schema.String,
  nearest: Schema.optional(Schema.String),
  difference: Schema.optional(Schema.String)
}) {}

/**
 * Why a cassette could not be used.
 *
 * - `NotFound`: there is no file to replay.
 * - `Unreadable`: the file exists but cannot be read.
 * - `InvalidJson`: the file is not JSON.
 * - `InvalidShape`: the JSON is not a cassette (`field` says where).
 * - `UnknownVersion`: the cassette's `version` is not one this code reads.
 * - `WriteFailed`: a recording cannot be written.
 * - `UnusedInteractions`: a strict replay ended with recorded interactions never played.
 *
 * @since 0.1.0
 * @category models
 */
export const CassetteErrorReason = Schema.Literal(
  "NotFound",
  "Unreadable",
  "InvalidJson",
  "InvalidShape",
  "UnknownVersion",
  "WriteFailed",
  "UnusedInteractions"
)

/**
 * @since 0.1.0
 * @category models
 */
export type CassetteErrorReason = typeof CassetteErrorReason.Type

/**
 * A cassette file could not be read, decoded or written, or a strict replay left interactions unused. Not an error
 * of the port (`send` and `status` never fail with it): it comes from building or closing a `ReplayTransport` layer.
 * `path` is the cassette file, `field` the JSON path at fault when there is one (`$.interactions[2].response`).
 *
 * @since 0.1.0
 * @category errors
 */
export class CassetteError extends Schema.TaggedError<CassetteError>()("CassetteError", {
  reason: CassetteErrorReason,
  path: Schema.String,
  field: Schema.optional(Schema.String),
  message: Schema.String
}) {}

/**
 * What `send` can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type SendError = RequestRejected | TransportFailure | ReplayMismatch

/**
 * What `status` can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type StatusError = MessageNotFound | TransportFailure | ReplayMismatch

/**
 * Every error of the port, as one schema (for cassettes and journals).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TransportError = Schema.Union(RequestRejected, MessageNotFound, TransportFailure, ReplayMismatch)

/**
 * @since 0.1.0
 * @category models
 */
export type TransportError = typeof TransportError.Type
