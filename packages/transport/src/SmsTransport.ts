/**
 * The port: how a service sends SMS and reads statuses, whatever carries them (real HTTP, memory, a cassette).
 *
 * @since 0.1.0
 */
import type { MessageStatus } from "@mcsend/domain/MessageStatus"
import type { SendRequest } from "@mcsend/domain/SendRequest"
import type { SendResponse } from "@mcsend/domain/SendResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type { SendError, StatusError } from "./TransportError.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Sends a batch (`recipients`) or a single (`recipient`) request. Answers the API's 202 body, partial failures
   * included; fails only when the whole request was refused or no answer could be had.
   */
  readonly send: (request: SendRequest) => Effect.Effect<SendResponse, SendError>
  /** The status of the most recent message with this key. */
  readonly status: (messageKey: string) => Effect.Effect<MessageStatus, StatusError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class SmsTransport extends Context.Tag("@mcsend/transport/SmsTransport")<SmsTransport, Service>() {}

/**
 * Sends through the transport in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const send = (request: SendRequest): Effect.Effect<SendResponse, SendError, SmsTransport> =>
  Effect.flatMap(SmsTransport, (transport) => transport.send(request))

/**
 * Reads a status through the transport in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const status = (messageKey: string): Effect.Effect<MessageStatus, StatusError, SmsTransport> =>
  Effect.flatMap(SmsTransport, (transport) => transport.status(messageKey))
