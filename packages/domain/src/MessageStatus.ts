/**
 * The answer of `GET /messaging/v1/sms/messages/{messageKey}`, projected from a message's record.
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { State } from "./State.js"
import { messageAt } from "./State.js"
import { toCentralTimestamp } from "./Time.js"

/**
 * @since 0.1.0
 * @category schemas
 */
export const EventCategoryType = Schema.Literal(
  "TransactionalSendEvents.SMSQueued",
  "TransactionalSendEvents.SMSSent",
  "TransactionalSendEvents.SMSNotSent"
)

/**
 * @since 0.1.0
 * @category models
 */
export type EventCategoryType = typeof EventCategoryType.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const StatusInfo = Schema.Struct({
  messageKey: Schema.String,
  contactKey: Schema.String,
  to: Schema.String,
  statusCode: Schema.optional(Schema.Int),
  statusMessage: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export const MessageStatus = Schema.Struct({
  requestId: Schema.String,
  eventCategoryType: EventCategoryType,
  /** US Central Standard Time (UTC-6), no zone suffix. */
  timestamp: Schema.String,
  compositeId: Schema.String,
  info: StatusInfo
})

/**
 * @since 0.1.0
 * @category models
 */
export type MessageStatus = typeof MessageStatus.Type

/**
 * The status of the most recent message with `messageKey` at `now`, or none (the route answers 404, 30003).
 * Only queued messages have a status: a rejected recipient's key has none.
 *
 * @since 0.1.0
 * @category projections
 */
export const of = (state: State, messageKey: string, now: number): Option.Option<MessageStatus> => {
  const record = messageAt(state, messageKey, now)
  if (record === undefined) return Option.none()
  const base = {
    requestId: record.requestId,
    compositeId: `${record.requestId}.${record.index}`
  }
  const info = { messageKey: record.messageKey, contactKey: record.contactKey, to: record.to }
  const { lifecycle } = record
  switch (lifecycle._tag) {
    case "Queued":
      return Option.some({
        ...base,
        eventCategoryType: "TransactionalSendEvents.SMSQueued",
        timestamp: toCentralTimestamp(record.queuedAt),
        info
      })
    case "Sent":
      return Option.some({
        ...base,
        eventCategoryType: "TransactionalSendEvents.SMSSent",
        timestamp: toCentralTimestamp(lifecycle.at),
        info
      })
    case "NotSent":
      return Option.some({
        ...base,
        eventCategoryType: "TransactionalSendEvents.SMSNotSent",
        timestamp: toCentralTimestamp(lifecycle.at),
        info: { ...info, statusCode: lifecycle.statusCode, statusMessage: lifecycle.statusMessage }
      })
  }
}
