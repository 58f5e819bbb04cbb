/**
 * The wire shapes of authentication: `POST {authBaseUrl}/v2/token` and the 401 answers.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category schemas
 */
export const TokenRequest = Schema.Struct({
  grant_type: Schema.Literal("client_credentials"),
  client_id: Schema.String,
  client_secret: Schema.String,
  account_id: Schema.optional(Schema.String),
  scope: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type TokenRequest = typeof TokenRequest.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  token_type: Schema.String,
  /** Seconds the token is valid for (1080 in Marketing Cloud). */
  expires_in: Schema.Number,
  scope: Schema.optional(Schema.String),
  rest_instance_url: Schema.String,
  soap_instance_url: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type TokenResponse = typeof TokenResponse.Type

/**
 * The token route's 401 for bad credentials.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TokenError = Schema.Struct({
  error: Schema.String,
  error_description: Schema.optional(Schema.String),
  error_uri: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type TokenError = typeof TokenError.Type

/**
 * A REST route's 401 for a missing or expired token (sent with `WWW-Authenticate: Bearer … error="invalid_token"`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const NotAuthorizedBody = Schema.Struct({
  documentation: Schema.String,
  errorcode: Schema.Literal(0),
  message: Schema.Literal("Not Authorized")
})
