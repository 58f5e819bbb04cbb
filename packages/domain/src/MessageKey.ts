/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The longest messageKey the API accepts, in UTF-16 code units (the API is a .NET service, and JavaScript's
 * `length` counts the same units).
 *
 * @since 0.1.0
 * @category models
 */
export const maxLength = 100

/**
 * `.` and `..` are dot segments: URL normalisation removes them from a path, so a message with such a key could
 * never be sent on the single route nor read on the status route (`/messages/{messageKey}`). They are refused like
 * any other invalid key (109108).
 */
const isDotSegment = (key: string): boolean => key === "." || key === ".."

/**
 * A lone surrogate is not a character: it has no UTF-8 form, so it can be neither percent-encoded into a URL path
 * nor sent as text. A key holding one is refused like any other invalid key (109108).
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const isAddressable = (key: string): boolean => !isDotSegment(key) && !loneSurrogate.test(key)

/**
 * A messageKey that passed the API's rules: 1 to 100 characters, not `.` or `..`, and well-formed UTF-16. Uniqueness is not a property of a key alone; the
 * decider and the ledger enforce it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MessageKey = Schema.String.pipe(
  Schema.minLength(1),
  Schema.maxLength(maxLength),
  Schema.filter(isAddressable, { message: () => 'a messageKey cannot be "." or "..", nor hold a lone surrogate' }),
  Schema.brand("MessageKey"),
  Schema.annotations({ identifier: "MessageKey" })
)

/**
 * @since 0.1.0
 * @category models
 */
export type MessageKey = typeof MessageKey.Type

/**
 * True when `key` has the length the API accepts and can travel in a URL path.
 *
 * @since 0.1.0
 * @category refinements
 */
export const isValid = (key: string): key is MessageKey =>
  key.length > 0 && key.length <= maxLength && isAddressable(key)

/**
 * Brands a string without checking it. For keys that were checked elsewhere (a decided event, a journal row).
 *
 * @since 0.1.0
 * @category constructors
 */
export const unsafeMake = (key: string): MessageKey => key as MessageKey
