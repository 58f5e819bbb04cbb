/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type { BatchRefused } from "./BatchRefused.js"

/**
 * The body of a whole-request error (HTTP 400) and of most other REST errors:
 * `{ "message": "<NAME>: <text>", "errorcode": N, "documentation": "" }`. Decoding accepts `errorCode` too.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorBody = Schema.Struct({
  message: Schema.String,
  errorcode: Schema.Int,
  documentation: Schema.optionalWith(Schema.String, { default: () => "" }),
  retryAfter: Schema.optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ErrorBody = typeof ErrorBody.Type

/**
 * {@link ErrorBody} from the wire, where some services spell the code `errorCode`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorBodyFromWire = Schema.transform(
  Schema.Struct({
    message: Schema.String,
    errorcode: Schema.optional(Schema.Int),
    errorCode: Schema.optional(Schema.Int),
    documentation: Schema.optional(Schema.String),
    retryAfter: Schema.optional(Schema.Number)
  }).pipe(
    Schema.filter((b) => b.errorcode !== undefined || b.errorCode !== undefined, {
      message: () => "errorcode is missing"
    })
  ),
  Schema.typeSchema(ErrorBody),
  {
    strict: true,
    decode: (b) => {
      const base = {
        message: b.message,
        errorcode: b.errorcode ?? b.errorCode ?? 0,
        documentation: b.documentation ?? ""
      }
      return b.retryAfter === undefined ? base : { ...base, retryAfter: b.retryAfter }
    },
    encode: (b) => b
  }
)

/**
 * The 400 body for a refused request.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromRefusal = (refusal: BatchRefused): ErrorBody => ({
  message: refusal.message,
  errorcode: refusal.errorcode,
  documentation: ""
})
