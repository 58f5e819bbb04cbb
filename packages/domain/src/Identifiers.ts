/**
 * The branded identifiers of the wire format, other than {@link MessageKey}.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A subscriber's key in Marketing Cloud (`contactKey`, the API's "subscriberKey").
 *
 * @since 0.1.0
 * @category schemas
 */
export const ContactKey = Schema.NonEmptyString.pipe(
  Schema.brand("ContactKey"),
  Schema.annotations({ identifier: "ContactKey" })
)

/**
 * @since 0.1.0
 * @category models
 */
export type ContactKey = typeof ContactKey.Type

const phonePattern = /^\+?[0-9]{1,15}$/

/**
 * A mobile number as the request gave it (`to`): 1 to 15 digits after an optional leading `+`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PhoneNumber = Schema.String.pipe(
  Schema.pattern(phonePattern),
  Schema.brand("PhoneNumber"),
  Schema.annotations({ identifier: "PhoneNumber" })
)

/**
 * @since 0.1.0
 * @category models
 */
export type PhoneNumber = typeof PhoneNumber.Type

/**
 * True when `to` is 1 to 15 digits after an optional leading `+`.
 *
 * @since 0.1.0
 * @category refinements
 */
export const isPhoneNumber = (to: string): to is PhoneNumber => phonePattern.test(to)

/**
 * The number without its leading `+`: `+15555551234` and `15555551234` are one subscriber.
 *
 * @since 0.1.0
 * @category constructors
 */
export const normalizePhoneNumber = (to: string): string => (to.startsWith("+") ? to.slice(1) : to)

/**
 * The key of a send definition.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DefinitionKey = Schema.NonEmptyString.pipe(
  Schema.brand("DefinitionKey"),
  Schema.annotations({ identifier: "DefinitionKey" })
)

/**
 * @since 0.1.0
 * @category models
 */
export type DefinitionKey = typeof DefinitionKey.Type

/**
 * A business unit (the MID, the token's `account_id`). Keys are unique within one; two never see each other's keys.
 *
 * @since 0.1.0
 * @category schemas
 */
export const BusinessUnit = Schema.NonEmptyString.pipe(
  Schema.brand("BusinessUnit"),
  Schema.annotations({ identifier: "BusinessUnit" })
)

/**
 * @since 0.1.0
 * @category models
 */
export type BusinessUnit = typeof BusinessUnit.Type

/**
 * The id the API gives one request (`requestId`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const RequestId = Schema.NonEmptyString.pipe(
  Schema.brand("RequestId"),
  Schema.annotations({ identifier: "RequestId" })
)

/**
 * @since 0.1.0
 * @category models
 */
export type RequestId = typeof RequestId.Type
