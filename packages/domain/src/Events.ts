/**
 * What happens to a business unit, as events. Every event is a Schema class, so it can be journaled and replayed.
 * Times are epoch milliseconds.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { SendDefinition, UpdateDefinitionBody } from "./SendDefinition.js"

const Millis = Schema.Number
const Index = Schema.NonNegativeInt

/**
 * A request passed every whole-request check; one {@link MessageQueued} or {@link MessageRejected} per recipient
 * follows, in request order.
 *
 * @since 0.1.0
 * @category events
 */
export class BatchAccepted extends Schema.TaggedClass<BatchAccepted>()("BatchAccepted", {
  requestId: Schema.String,
  definitionKey: Schema.String,
  recipients: Schema.NonNegativeInt,
  at: Millis
}) {}

/**
 * What becomes of a queued message when it leaves the queue, decided from the state when it was queued.
 *
 * @since 0.1.0
 * @category models
 */
export const Fate = Schema.Literal("Send", "Unsubscribed", "PayloadExceedsMaximum", "ExceededExpirationPolicy")

/**
 * @since 0.1.0
 * @category models
 */
export type Fate = typeof Fate.Type

/**
 * A recipient's message was queued; its key is now live in the ledger.
 *
 * @since 0.1.0
 * @category events
 */
export class MessageQueued extends Schema.TaggedClass<MessageQueued>()("MessageQueued", {
  requestId: Schema.String,
  index: Index,
  messageKey: Schema.String,
  keyGenerated: Schema.Boolean,
  contactKey: Schema.String,
  to: Schema.String,
  definitionKey: Schema.String,
  text: Schema.String,
  encoding: Schema.Literal("GSM7", "UCS2"),
  segments: Schema.NonNegativeInt,
  missingSubstitutions: Schema.Array(Schema.String),
  fate: Fate,
  at: Millis,
  dueAt: Millis
}) {}

/**
 * A recipient was not queued; the others are unaffected.
 *
 * @since 0.1.0
 * @category events
 */
export class MessageRejected extends Schema.TaggedClass<MessageRejected>()("MessageRejected", {
  requestId: Schema.String,
  index: Index,
  messageKey: Schema.String,
  errorcode: Schema.Int,
  message: Schema.String,
  at: Millis
}) {}

/**
 * A queued message was sent.
 *
 * @since 0.1.0
 * @category events
 */
export class MessageSent extends Schema.TaggedClass<MessageSent>()("MessageSent", {
  requestId: Schema.String,
  messageKey: Schema.String,
  at: Millis
}) {}

/**
 * A queued message ended without being sent.
 *
 * @since 0.1.0
 * @category events
 */
export class MessageNotSent extends Schema.TaggedClass<MessageNotSent>()("MessageNotSent", {
  requestId: Schema.String,
  messageKey: Schema.String,
  statusCode: Schema.Int,
  statusMessage: Schema.String,
  at: Millis
}) {}

/**
 * A number opted out by an inbound keyword. `to` is the number without its leading `+`.
 *
 * @since 0.1.0
 * @category events
 */
export class SubscriberOptedOut extends Schema.TaggedClass<SubscriberOptedOut>()("SubscriberOptedOut", {
  to: Schema.String,
  keyword: Schema.String,
  at: Millis
}) {}

/**
 * An opted-out number was resubscribed by a request with `subscriptions.resubscribe`.
 *
 * @since 0.1.0
 * @category events
 */
export class SubscriberResubscribed extends Schema.TaggedClass<SubscriberResubscribed>()("SubscriberResubscribed", {
  to: Schema.String,
  requestId: Schema.String,
  at: Millis
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class DefinitionCreated extends Schema.TaggedClass<DefinitionCreated>()("DefinitionCreated", {
  definition: SendDefinition,
  at: Millis
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class DefinitionUpdated extends Schema.TaggedClass<DefinitionUpdated>()("DefinitionUpdated", {
  definitionKey: Schema.String,
  changes: UpdateDefinitionBody,
  at: Millis
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class DefinitionDeleted extends Schema.TaggedClass<DefinitionDeleted>()("DefinitionDeleted", {
  definitionKey: Schema.String,
  at: Millis
}) {}

/**
 * Every event of a business unit.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Event = Schema.Union(
  BatchAccepted,
  MessageQueued,
  MessageRejected,
  MessageSent,
  MessageNotSent,
  SubscriberOptedOut,
  SubscriberResubscribed,
  DefinitionCreated,
  DefinitionUpdated,
  DefinitionDeleted
)

/**
 * @since 0.1.0
 * @category models
 */
export type Event = typeof Event.Type

/**
 * The events of one accepted batch, in order: the header, then one outcome per recipient.
 *
 * @since 0.1.0
 * @category models
 */
export type RecipientOutcome = MessageQueued | MessageRejected
