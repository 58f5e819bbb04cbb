/**
 * The wire shape of a send request (`POST /messaging/v1/sms/messages/` and `.../{messageKey}`), and the checked model
 * the {@link RequestDecoder} produces from it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * An attribute value: numbers and booleans render as text.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AttributeValue = Schema.Union(Schema.String, Schema.Number, Schema.Boolean)

/**
 * @since 0.1.0
 * @category models
 */
export type AttributeValue = typeof AttributeValue.Type

/**
 * Substitution values by name (`%%FirstName%%` reads `FirstName`, case-insensitively).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Attributes = Schema.Record({ key: Schema.String, value: AttributeValue })

/**
 * @since 0.1.0
 * @category models
 */
export type Attributes = typeof Attributes.Type

/**
 * One recipient. Every field is optional on the wire: a recipient missing `to` or `contactKey` fails on its own, and a
 * missing `messageKey` is generated.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Recipient = Schema.Struct({
  contactKey: Schema.optional(Schema.String),
  to: Schema.optional(Schema.String),
  messageKey: Schema.optional(Schema.String),
  attributes: Schema.optional(Attributes)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Recipient = typeof Recipient.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const Subscriptions = Schema.Struct({ resubscribe: Schema.optional(Schema.Boolean) })

/**
 * @since 0.1.0
 * @category schemas
 */
export const Content = Schema.Struct({ message: Schema.optional(Schema.String) })

const common = {
  definitionKey: Schema.String,
  subscriptions: Schema.optional(Subscriptions),
  content: Schema.optional(Content),
  attributes: Schema.optional(Attributes)
}

/**
 * The batch route's body: many recipients, one result each.
 *
 * @since 0.1.0
 * @category schemas
 */
export const BatchSendRequest = Schema.Struct({ ...common, recipients: Schema.Array(Recipient) })

/**
 * @since 0.1.0
 * @category models
 */
export type BatchSendRequest = typeof BatchSendRequest.Type

/**
 * The single route's body: one `recipient`. Its `messageKey` travels in the URL path
 * (`POST /messaging/v1/sms/messages/{messageKey}`); when it is absent, one is generated.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SingleSendRequest = Schema.Struct({ ...common, recipient: Recipient })

/**
 * @since 0.1.0
 * @category models
 */
export type SingleSendRequest = typeof SingleSendRequest.Type

/**
 * Either route's body. A body with `recipients` goes to the batch route, one with `recipient` to the single route.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SendRequest = Schema.Union(BatchSendRequest, SingleSendRequest)

/**
 * @since 0.1.0
 * @category models
 */
export type SendRequest = typeof SendRequest.Type

/**
 * True for a single-route request.
 *
 * @since 0.1.0
 * @category refinements
 */
export const isSingle = (request: SendRequest): request is SingleSendRequest =>
  typeof request === "object" && request !== null && !Array.isArray(request) && "recipient" in request

/**
 * The recipients of either kind of request, in order.
 *
 * @since 0.1.0
 * @category getters
 */
export const recipientsOf = (request: SendRequest): ReadonlyArray<Recipient> => {
  // A typed request can still hold anything at run time (a cast, a JavaScript caller): never throw on one.
  if (isSingle(request)) return [request.recipient]
  const recipients = typeof request === "object" && request !== null ? request.recipients : undefined
  return Array.isArray(recipients) ? recipients : []
}

/**
 * Which route a body arrived on. The single route carries the messageKey from its path (`undefined`: generate one).
 *
 * @since 0.1.0
 * @category models
 */
export type Route = { readonly _tag: "Batch" } | { readonly _tag: "Single"; readonly messageKey: string | undefined }

/**
 * @since 0.1.0
 * @category constructors
 */
export const batchRoute: Route = { _tag: "Batch" }

/**
 * @since 0.1.0
 * @category constructors
 */
export const singleRoute = (messageKey: string | undefined): Route => ({ _tag: "Single", messageKey })

/**
 * The route a typed request goes to.
 *
 * @since 0.1.0
 * @category getters
 */
export const routeOf = (request: SendRequest): Route => {
  if (!isSingle(request)) return batchRoute
  const recipient: unknown = request.recipient
  const key =
    typeof recipient === "object" && recipient !== null ? (recipient as { messageKey?: unknown }).messageKey : undefined
  return singleRoute(typeof key === "string" ? key : undefined)
}

/**
 * A request that passed every whole-request check. Per-recipient problems are still in it: the decider judges each
 * recipient on its own.
 *
 * @since 0.1.0
 * @category models
 */
export interface CheckedRequest {
  readonly definitionKey: string
  readonly recipients: ReadonlyArray<Recipient>
  readonly resubscribe: boolean
  readonly message: string | undefined
  readonly attributes: Attributes | undefined
}
