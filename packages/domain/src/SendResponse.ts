/**
 * The 202 answer to a send, and its projection from a batch's events (there is no second path that computes it).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ResponsesHasErrors, responsesHasErrorsMessage } from "./ErrorCatalogue.js"
import type { Event } from "./Events.js"

/**
 * One recipient's result: a queued one carries only `messageKey`; a failed one adds `errorcode` and `message`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseItem = Schema.Struct({
  messageKey: Schema.String,
  errorcode: Schema.optional(Schema.Int),
  message: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ResponseItem = typeof ResponseItem.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const SendResponse = Schema.Struct({
  requestId: Schema.String,
  errorcode: Schema.Int,
  message: Schema.optional(Schema.String),
  responses: Schema.Array(ResponseItem)
})

/**
 * @since 0.1.0
 * @category models
 */
export type SendResponse = typeof SendResponse.Type

const WireItem = Schema.Struct({
  messageKey: Schema.String,
  errorcode: Schema.optional(Schema.Int),
  errorCode: Schema.optional(Schema.Int),
  message: Schema.optional(Schema.String)
})

/**
 * A {@link ResponseItem} from the wire, accepting `errorCode` as well as `errorcode`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseItemFromWire = Schema.transform(WireItem, Schema.typeSchema(ResponseItem), {
  strict: true,
  decode: ({ errorCode, errorcode, message, messageKey }): ResponseItem => {
    const code = errorcode ?? errorCode
    if (code === undefined) return message === undefined ? { messageKey } : { messageKey, message }
    return message === undefined ? { messageKey, errorcode: code } : { messageKey, errorcode: code, message }
  },
  encode: (item) => item
})

/**
 * A {@link SendResponse} from the wire, accepting `errorCode` as well as `errorcode` at both levels.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SendResponseFromWire = Schema.transform(
  Schema.Struct({
    requestId: Schema.String,
    errorcode: Schema.optional(Schema.Int),
    errorCode: Schema.optional(Schema.Int),
    message: Schema.optional(Schema.String),
    responses: Schema.Array(ResponseItemFromWire)
  }),
  Schema.typeSchema(SendResponse),
  {
    strict: true,
    decode: ({ errorCode, errorcode, message, requestId, responses }): SendResponse => {
      const code = errorcode ?? errorCode ?? 0
      return message === undefined
        ? { requestId, errorcode: code, responses }
        : { requestId, errorcode: code, message, responses }
    },
    encode: (response) => response
  }
)

/**
 * The 202 body of an accepted batch, from its events (a `BatchAccepted` and one outcome per recipient; other events,
 * such as a resubscription, are skipped).
 *
 * @since 0.1.0
 * @category projections
 */
export const fromEvents = (events: ReadonlyArray<Event>): SendResponse => {
  let requestId = ""
  let failed = 0
  const responses: Array<ResponseItem> = []
  for (const event of events) {
    switch (event._tag) {
      case "BatchAccepted":
        requestId = event.requestId
        break
      case "MessageQueued":
        responses.push({ messageKey: event.messageKey })
        break
      case "MessageRejected":
        failed++
        responses.push({ messageKey: event.messageKey, errorcode: event.errorcode, message: event.message })
        break
      default:
        break
    }
  }
  return failed === 0
    ? { requestId, errorcode: 0, responses }
    : {
        requestId,
        errorcode: ResponsesHasErrors.code,
        message: responsesHasErrorsMessage(failed, responses.length),
        responses
      }
}
