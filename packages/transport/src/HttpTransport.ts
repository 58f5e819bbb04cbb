/**
 * The real Marketing Cloud API over `@effect/platform`'s `HttpClient`.
 *
 * - A token from `POST {authBaseUrl}/v2/token`, cached and shared by every caller, fetched again before `expires_in`
 *   runs out, one fetch at a time; a 401 on a REST call drops it and retries once with a fresh one.
 * - Retries of 429 (after `Retry-After` or `retryAfter`), 500, 502, 503, 504 and connection failures, with capped,
 *   jittered exponential backoff, a bound on attempts and a total time budget; a 400 is never retried; every attempt
 *   has a timeout.
 * - Every recipient gets its messageKey before the first attempt, so every retry sends the same keys and the API's
 *   key ledger refuses a second copy. When an attempt's outcome was unknown and a later one answers 109110 for a key,
 *   the key's status tells whether an earlier attempt queued it (docs/http-transport.md).
 *
 * Provide an `HttpClient`: `NodeHttpClient.layerUndici` (from `@effect/platform-node`) or `FetchHttpClient.layer`.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { ErrorBodyFromWire } from "@mcsend/domain/ErrorBody"
import {
  message,
  RecipientErrors,
  ResponsesHasErrors,
  responsesHasErrorsMessage,
  ServiceErrors
} from "@mcsend/domain/ErrorCatalogue"
import * as MessageKey from "@mcsend/domain/MessageKey"
import * as MessageKeyGenerator from "@mcsend/domain/MessageKeyGenerator"
import { MessageStatus } from "@mcsend/domain/MessageStatus"
import * as SendRequest from "@mcsend/domain/SendRequest"
import {
  type ResponseItem,
  type SendResponse,
  SendResponseFromWire,
  SendResponse as SendResponseSchema
} from "@mcsend/domain/SendResponse"
import { fromCentralTimestamp } from "@mcsend/domain/Time"
import { TokenResponse } from "@mcsend/domain/Token"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { delayMillis, retryAfterMillis } from "./internal/http/backoff.js"
import { within } from "./internal/http/deadline.js"
import * as TokenCache from "./internal/http/tokenCache.js"
import * as RequestJson from "./internal/requestJson.js"
import type * as SmsTransportModule from "./SmsTransport.js"
import { SmsTransport } from "./SmsTransport.js"
import { MessageNotFound, RequestRejected, TransportFailure } from "./TransportError.js"

/**
 * How failed attempts are retried.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  readonly maxAttempts?: number
  /** The first backoff (default 250 ms); each retry doubles it. */
  readonly baseDelay?: Duration.DurationInput
  /** The longest backoff (default 10 seconds). */
  readonly maxDelay?: Duration.DurationInput
  /** 0..1 (default 0.5): a backoff `d` becomes uniform in `[d * (1 - jitter), d]`. */
  readonly jitter?: number
  /** No retry starts later than this after the first attempt began (default 60 seconds). */
  readonly budget?: Duration.DurationInput
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Where `/v2/token` lives, e.g. `https://YOUR_SUBDOMAIN.auth.marketingcloudapis.com`. */
  readonly authBaseUrl: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** The business unit (MID) to act in; the token's default when absent. */
  readonly accountId?: string
  /** The scope to ask the token for; the installed package's scope when absent. */
  readonly scope?: string
  /** The REST base URL; the token's `rest_instance_url` when absent. */
  readonly restBaseUrl?: string
  readonly retry?: RetryOptions
  /** How long one attempt may take, token fetch included (default 30 seconds). */
  readonly attemptTimeout?: Duration.DurationInput
  /**
   * The largest answer body read, in bytes (default 10 MB; a 2000-recipient answer is about 200 KB). A larger one is
   * refused (`InvalidResponse`) without being read whole, so a misbehaving endpoint cannot exhaust memory.
   */
  readonly maxResponseBytes?: number
  /** Fetch a new token this long before the current one expires (default 60 seconds, at most half its life). */
  readonly tokenRefreshMargin?: Duration.DurationInput
  /**
   * How much earlier than the first attempt a status may say a message was queued and still count as queued by this
   * send, when reconciling a 109110 (default 1 second: the status timestamp's precision and clock skew).
   */
  readonly reconcileTolerance?: Duration.DurationInput
  /** Where missing messageKeys come from (default random; tests pass `MessageKeyGenerator.deterministic(seed)`). */
  readonly messageKeys?: Context.Tag.Service<MessageKeyGenerator.MessageKeyGenerator>
}

/** One attempt's outcome, as the retry loop sees it. */
type Step<A, E> =
  | { readonly _tag: "Done"; readonly value: A }
  | { readonly _tag: "Fail"; readonly error: E | TransportFailure }
  | {
      readonly _tag: "Retry"
      readonly failure: TransportFailure
      /** The server's wait hint at `now` (Retry-After may be a date), if it gave one. */
      readonly hintMillis: ((now: number) => number | undefined) | undefined
    }
  | { readonly _tag: "Reauthorize"; readonly failure: TransportFailure }

const done = <A>(value: A): Step<A, never> => ({ _tag: "Done", value })
const failStep = <E>(error: E | TransportFailure): Step<never, E> => ({ _tag: "Fail", error })

interface Attempt {
  /** Set once the request has been handed to the client: from then on, the server may have processed it. */
  sent: boolean
}

const failure = (
  reason: TransportFailure["reason"],
  message: string,
  fields: { readonly retryable: boolean; readonly outcomeUnknown: boolean; readonly httpStatus?: number }
) => new TransportFailure({ reason, message, ...fields })

const issueText: Record<ParseResult.ArrayFormatterIssue["_tag"], string> = {
  Missing: "is missing",
  Type: "has the wrong type",
  Unexpected: "is not expected",
  Forbidden: "cannot be read",
  Refinement: "is not valid",
  Transformation: "is not valid",
  Pointer: "is not valid",
  Composite: "is not valid"
}

/**
 * Paths at fault, never the values: a body can hold a phone number or, on the token route, the access token, and the
 * issue messages of Schema quote the actual value.
 */
const describeParseError = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .slice(0, 3)
    .map((issue) => `${issue.path.length === 0 ? "the body" : issue.path.join(".")} ${issueText[issue._tag]}`)
    .join("; ")

const parseJson = (text: string): Either.Either<unknown, string> => {
  try {
    return Either.right(JSON.parse(text))
  } catch {
    return Either.left(`not JSON (${text.length} characters)`)
  }
}

const decodeWireResponse = Schema.decodeUnknownEither(SendResponseFromWire)
const decodePlainResponse = Schema.decodeUnknownEither(SendResponseSchema)

/**
 * A 202 body through the domain's schemas. Without an `errorCode` spelling in the body, `SendResponseFromWire`
 * can only give what the plain `SendResponse` schema gives, at a third of the cost (it transforms item by item); any
 * body the plain schema refuses goes through the wire schema, which also describes what is wrong.
 */
const decodeSendResponse = (json: unknown) => {
  if (!spellsErrorCode(json)) {
    const plain = decodePlainResponse(json)
    if (Either.isRight(plain)) return plain
  }
  return decodeWireResponse(json)
}

/** True when the body or one of its items carries `errorCode` (looked for in the parsed JSON, not in the text). */
const spellsErrorCode = (json: unknown): boolean => {
  if (typeof json !== "object" || json === null) return false
  if (Object.hasOwn(json, "errorCode")) return true
  const responses = (json as { responses?: unknown }).responses
  return (
    Array.isArray(responses) &&
    responses.some((item) => typeof item === "object" && item !== null && Object.hasOwn(item, "errorCode"))
  )
}
const decodeErrorBody = Schema.decodeUnknownEither(ErrorBodyFromWire)
const decodeStatus = Schema.decodeUnknownEither(MessageStatus)
const decodeToken = Schema.decodeUnknownEither(TokenResponse)

const isConnectionRefused = (error: HttpClientError.HttpClientError): boolean => {
  let cause: unknown = error.cause
  for (let depth = 0; depth < 4 && typeof cause === "object" && cause !== null; depth++) {
    if ((cause as { code?: unknown }).code === "ECONNREFUSED") return true
    cause = (cause as { cause?: unknown }).cause
  }
  return false
}

/** The innermost cause's message (a URL and a system error at most: requests carry no secrets in their URLs). */
const causeOf = (error: HttpClientError.HttpClientError): string => {
  let cause: unknown = error.cause
  let text = error.reason as string
  for (let depth = 0; depth < 4 && typeof cause === "object" && cause !== null; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown }
    if (typeof message === "string" && message !== "") text = typeof code === "string" ? `${code} ${message}` : message
    cause = (cause as { cause?: unknown }).cause
  }
  return text
}

// A stack trace per span costs more than the rest of the span; the span names say where they come from.
const spanOptions = { captureStackTrace: false } as const

const trimSlash = (url: string) => url.replace(/\/+$/, "")

interface TooLarge {
  readonly _tag: "TooLarge"
  readonly limit: number
  readonly status: number
}

/**
 * The body as text, at most `limit` bytes. A declared `content-length` over the limit is refused before reading; a
 * body without one (chunked) is read chunk by chunk and refused as soon as it passes the limit.
 */
const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<string, HttpClientError.ResponseError | TooLarge> => {
  const tooLarge: TooLarge = { _tag: "TooLarge", limit, status: response.status }
  const declared = response.headers["content-length"]
  if (declared !== undefined) return Number(declared) > limit ? Effect.fail(tooLarge) : response.text
  return Stream.runFoldEffect(
    response.stream,
    { chunks: [] as Array<Uint8Array>, size: 0 },
    (read, chunk): Effect.Effect<{ chunks: Array<Uint8Array>; size: number }, TooLarge> => {
      read.size += chunk.length
      if (read.size > limit) return Effect.fail(tooLarge)
      read.chunks.push(chunk)
      return Effect.succeed(read)
    }
  ).pipe(
    Effect.map(({ chunks, size }) => {
      const bytes = new Uint8Array(size)
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk, offset)
        offset += chunk.length
      }
      return new TextDecoder().decode(bytes)
    })
  )
}

/**
 * Builds the transport. It needs an `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<SmsTransportModule.Service, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    // Marketing Cloud reads no trace headers: sending them costs time on every request and tells it nothing. The
    // platform's own `http.client` span is off too: the `HttpTransport.attempt` span already covers each exchange,
    // with what matters here (attempt, step, counts), and a third span a request measurably slows every send.
    const client = (yield* HttpClient.HttpClient).pipe(
      HttpClient.withTracerPropagation(false),
      HttpClient.withTracerDisabledWhen(() => true)
    )
    const keys = options.messageKeys ?? MessageKeyGenerator.random
    const retry = options.retry ?? {}
    const maxAttempts = Math.max(1, retry.maxAttempts ?? 5)
    const backoff = {
      baseMillis: Duration.toMillis(Duration.decode(retry.baseDelay ?? "250 millis")),
      maxMillis: Duration.toMillis(Duration.decode(retry.maxDelay ?? "10 seconds")),
      jitter: retry.jitter ?? 0.5
    }
    const budgetMillis = Duration.toMillis(Duration.decode(retry.budget ?? "60 seconds"))
    const attemptTimeout = Duration.decode(options.attemptTimeout ?? "30 seconds")
    const maxResponseBytes = options.maxResponseBytes ?? 10 * 1024 * 1024
    const refreshMarginMillis = Duration.toMillis(Duration.decode(options.tokenRefreshMargin ?? "60 seconds"))
    const toleranceMillis = Duration.toMillis(Duration.decode(options.reconcileTolerance ?? "1 second"))
    const tokenUrl = `${trimSlash(options.authBaseUrl)}/v2/token`

    // Built on demand, so the secret is read out of its Redacted only when a request is made.
    const tokenBody = () =>
      JSON.stringify({
        grant_type: "client_credentials",
        client_id: options.clientId,
        client_secret: Redacted.value(options.clientSecret),
        ...(options.accountId === undefined ? {} : { account_id: options.accountId }),
        ...(options.scope === undefined ? {} : { scope: options.scope })
      })

    const transportFailure = (error: HttpClientError.HttpClientError, attempt: Attempt) =>
      failure("ConnectionFailed", `${error.request.method} ${error.request.url}: ${causeOf(error)}`, {
        retryable: true,
        outcomeUnknown: attempt.sent && !isConnectionRefused(error)
      })

    /** A fetch of the token; its failures are Steps, so the loop retries it like any other attempt. */
    const fetchToken: Effect.Effect<TokenCache.CachedToken, Step<never, never>> = Effect.gen(function* () {
      const response = yield* client
        .execute(
          HttpClientRequest.post(tokenUrl).pipe(
            HttpClientRequest.acceptJson,
            HttpClientRequest.bodyText(tokenBody(), "application/json")
          )
        )
        .pipe(
          Effect.mapError((error) => ({
            _tag: "Retry" as const,
            failure: transportFailure(error, { sent: false }),
            hintMillis: undefined
          }))
        )
      const text = yield* response.text.pipe(
        Effect.mapError((error) => ({
          _tag: "Retry" as const,
          failure: transportFailure(error, { sent: false }),
          hintMillis: undefined
        }))
      )
      const status = response.status
      if (status === 200) {
        const decoded = Either.flatMap(parseJson(text), (json) => Either.mapLeft(decodeToken(json), describeParseError))
        if (Either.isLeft(decoded)) {
          return yield* Effect.fail(
            failStep(
              failure("InvalidResponse", `the token answer does not decode: ${decoded.left}`, {
                retryable: false,
                outcomeUnknown: false,
                httpStatus: status
              })
            )
          )
        }
        const token = decoded.right
        const now = yield* Clock.currentTimeMillis
        const lifeMillis = token.expires_in * 1000
        return {
          accessToken: Redacted.make(token.access_token),
          restBase: trimSlash(options.restBaseUrl ?? token.rest_instance_url),
          refreshAt: now + lifeMillis - Math.min(refreshMarginMillis, lifeMillis / 2)
        }
      }
      const step = classifyFailure(status, response, text, { sent: false }, "token")
      return yield* Effect.fail(
        status === 400 || status === 401
          ? failStep(
              failure("Unauthorized", `the token route refused the credentials (HTTP ${status})`, {
                retryable: false,
                outcomeUnknown: false,
                httpStatus: status
              })
            )
          : step
      )
    })

    const tokens = TokenCache.make(fetchToken)

    /** What a non-success status means, for any route. */
    const classifyFailure = (
      status: number,
      response: HttpClientResponse.HttpClientResponse,
      text: string,
      attempt: Attempt,
      what: string
    ): Step<never, never> => {
      const body = Either.getOrUndefined(parseJson(text))
      const hint = (now: number) => retryAfterMillis(response.headers["retry-after"], body, now)
      const httpStatus = status
      if (status === 401) {
        return {
          _tag: "Reauthorize",
          failure: failure("Unauthorized", `the ${what} route answered 401 with a fresh token`, {
            retryable: false,
            outcomeUnknown: false,
            httpStatus
          })
        }
      }
      if (status === 429 || status === 503) {
        return {
          _tag: "Retry",
          failure: failure("Throttled", `the ${what} route answered ${status}`, {
            retryable: true,
            outcomeUnknown: false,
            httpStatus
          }),
          hintMillis: hint
        }
      }
      if (status === 500 || status === 502 || status === 504) {
        return {
          _tag: "Retry",
          failure: failure("ServerError", `the ${what} route answered ${status}`, {
            retryable: true,
            // A gateway may have passed the request on before it failed.
            outcomeUnknown: attempt.sent && what === "send",
            httpStatus
          }),
          hintMillis: undefined
        }
      }
      return failStep(
        failure("Unexpected", `the ${what} route answered ${status}`, {
          retryable: false,
          outcomeUnknown: false,
          httpStatus
        })
      )
    }

    /**
     * Runs attempts until one is final: retries with backoff (or the server's hint), one re-authorization, a bound on
     * attempts and a budget of time. `unknown` says whether an attempt may have been processed unanswered.
     */
    const withRetries = <A, E>(
      name: string,
      attempt: (token: TokenCache.CachedToken, state: Attempt) => Effect.Effect<Step<A, E>>
    ): Effect.Effect<
      { readonly value: A; readonly unknown: boolean; readonly attempts: number },
      E | TransportFailure
    > =>
      Effect.gen(function* () {
        const startedAt = yield* Clock.currentTimeMillis
        let unknown = false
        let reauthorized = false
        let attempts = 0
        let retries = 0
        for (;;) {
          attempts++
          const state: Attempt = { sent: false }
          let usedToken: TokenCache.CachedToken | undefined
          const step: Step<A, E> = yield* Effect.flatMap(tokens.get, (token) => {
            usedToken = token
            return attempt(token, state)
          }).pipe(
            Effect.catchAll((tokenStep) => Effect.succeed(tokenStep as Step<A, E>)),
            (run) =>
              within(
                run,
                attemptTimeout,
                (): Step<A, E> => ({
                  _tag: "Retry",
                  failure: failure(
                    "Timeout",
                    `the ${name} attempt took longer than ${Duration.format(attemptTimeout)}`,
                    {
                      retryable: true,
                      outcomeUnknown: state.sent
                    }
                  ),
                  hintMillis: undefined
                })
              ),
            Effect.tap((s) =>
              Effect.annotateCurrentSpan({
                "mcsend.attempt": attempts,
                "mcsend.step": s._tag,
                "mcsend.sent": state.sent
              })
            ),
            Effect.withSpan("HttpTransport.attempt", spanOptions)
          )
          switch (step._tag) {
            case "Done":
              return { value: step.value, unknown, attempts }
            case "Fail": {
              const error = step.error
              if (error instanceof TransportFailure && unknown && !error.outcomeUnknown) {
                return yield* Effect.fail(new TransportFailure({ ...error, outcomeUnknown: true }))
              }
              return yield* Effect.fail(error)
            }
            case "Reauthorize": {
              if (usedToken !== undefined) yield* tokens.invalidate(usedToken)
              if (reauthorized) return yield* Effect.fail(withUnknown(step.failure, unknown))
              reauthorized = true
              continue
            }
            case "Retry": {
              unknown = unknown || step.failure.outcomeUnknown
              retries++
              if (attempts >= maxAttempts) return yield* Effect.fail(withUnknown(step.failure, unknown))
              const random = yield* Random.next
              const now = yield* Clock.currentTimeMillis
              const wait = step.hintMillis?.(now) ?? delayMillis(backoff, retries, random)
              if (now + wait - startedAt > budgetMillis) {
                return yield* Effect.fail(withUnknown(step.failure, unknown))
              }
              yield* Effect.annotateCurrentSpan({ "mcsend.retryInMillis": wait })
              yield* Effect.sleep(wait)
            }
          }
        }
      })

    const withUnknown = (error: TransportFailure, unknown: boolean) =>
      unknown && !error.outcomeUnknown ? new TransportFailure({ ...error, outcomeUnknown: true }) : error

    /** Sends with the token and reads the whole answer; a failure on the way is a retryable Step. */
    const execute = (
      request: HttpClientRequest.HttpClientRequest,
      token: TokenCache.CachedToken,
      attempt: Attempt
    ): Effect.Effect<
      Either.Either<
        { readonly response: HttpClientResponse.HttpClientResponse; readonly text: string },
        Step<never, never>
      >
    > => {
      attempt.sent = true
      return client.execute(HttpClientRequest.bearerToken(request, Redacted.value(token.accessToken))).pipe(
        Effect.flatMap((response) => Effect.map(readBody(response, maxResponseBytes), (text) => ({ response, text }))),
        Effect.either,
        Effect.map(
          Either.mapLeft(
            (error): Step<never, never> =>
              error._tag === "TooLarge"
                ? // It was answered, so it may have been processed; its answer cannot be read.
                  failStep(
                    failure("InvalidResponse", `the answer is over ${error.limit} bytes`, {
                      retryable: false,
                      outcomeUnknown: true,
                      httpStatus: error.status
                    })
                  )
                : error._tag === "RequestError" && error.reason !== "Transport"
                  ? // A URL or body the client cannot send: nothing went out, and trying again cannot help.
                    failStep(
                      failure("Unexpected", `${error.request.method} ${error.request.url}: ${causeOf(error)}`, {
                        retryable: false,
                        outcomeUnknown: false
                      })
                    )
                  : { _tag: "Retry", failure: transportFailure(error, attempt), hintMillis: undefined }
          )
        )
      )
    }

    const statusOnce = (messageKey: string) => (token: TokenCache.CachedToken, attempt: Attempt) =>
      Effect.map(
        execute(
          HttpClientRequest.get(`${token.restBase}/messaging/v1/sms/messages/${encodeURIComponent(messageKey)}`).pipe(
            HttpClientRequest.acceptJson
          ),
          token,
          attempt
        ),
        Either.match({
          onLeft: (step): Step<MessageStatus, MessageNotFound> => step,
          onRight: ({ response, text }): Step<MessageStatus, MessageNotFound> => {
            if (response.status === 200) {
              const decoded = Either.flatMap(parseJson(text), (json) =>
                Either.mapLeft(decodeStatus(json), describeParseError)
              )
              return Either.isRight(decoded)
                ? done(decoded.right)
                : failStep(
                    failure("InvalidResponse", `the status answer does not decode: ${decoded.left}`, {
                      retryable: false,
                      outcomeUnknown: false,
                      httpStatus: 200
                    })
                  )
            }
            if (response.status === 404) {
              const body = Either.flatMap(parseJson(text), (json) => Either.mapLeft(decodeErrorBody(json), String))
              return failStep(
                new MessageNotFound({
                  messageKey,
                  errorcode: Either.isRight(body) ? body.right.errorcode : 30003,
                  message: Either.isRight(body) ? body.right.message : "MCMS_UTM_Status_MessageNotFound"
                })
              )
            }
            return classifyFailure(response.status, response, text, attempt, "status")
          }
        })
      )

    const status = (messageKey: string) =>
      // A key no message can have (empty, too long, a dot segment that a URL path cannot carry) is not looked up.
      (MessageKey.isValid(messageKey)
        ? withRetries("status", statusOnce(messageKey)).pipe(Effect.map((r) => r.value))
        : Effect.fail(
            new MessageNotFound({
              messageKey,
              errorcode: ServiceErrors.MessageNotFound.code,
              message: message(ServiceErrors.MessageNotFound)
            })
          )
      ).pipe(Effect.withSpan("HttpTransport.status", spanOptions))

    const sendOnce =
      (path: string, body: string, recipients: number) => (token: TokenCache.CachedToken, attempt: Attempt) =>
        Effect.map(
          execute(
            HttpClientRequest.post(`${token.restBase}${path}`).pipe(
              HttpClientRequest.acceptJson,
              HttpClientRequest.bodyText(body, "application/json")
            ),
            token,
            attempt
          ),
          Either.match({
            onLeft: (step): Step<SendResponse, RequestRejected> => step,
            onRight: ({ response, text }): Step<SendResponse, RequestRejected> => {
              const status = response.status
              if (status >= 200 && status < 300) {
                const decoded = Either.flatMap(parseJson(text), (json) =>
                  Either.mapLeft(decodeSendResponse(json), describeParseError)
                )
                if (Either.isRight(decoded) && decoded.right.responses.length === recipients) return done(decoded.right)
                const why = Either.isLeft(decoded)
                  ? decoded.left
                  : `${decoded.right.responses.length} results for ${recipients} recipients`
                return failStep(
                  failure("InvalidResponse", `the send answer does not decode: ${why}`, {
                    retryable: false,
                    // Accepted, so processed: which recipients were queued cannot be read.
                    outcomeUnknown: true,
                    httpStatus: status
                  })
                )
              }
              if (status === 400 || status === 413) {
                const decoded = Either.flatMap(parseJson(text), (json) =>
                  Either.mapLeft(decodeErrorBody(json), describeParseError)
                )
                return Either.isRight(decoded)
                  ? failStep(
                      new RequestRejected({
                        errorcode: decoded.right.errorcode,
                        message: decoded.right.message,
                        status
                      })
                    )
                  : failStep(
                      failure("InvalidResponse", `a ${status} answer does not decode: ${decoded.left}`, {
                        retryable: false,
                        outcomeUnknown: false,
                        httpStatus: status
                      })
                    )
              }
              return classifyFailure(status, response, text, attempt, "send")
            }
          })
        )

    /**
     * After an attempt whose outcome was unknown, a 109110 may be this send's own message, queued by that attempt.
     * It counts as queued when the key's status shows a message for the same contact queued after the first attempt
     * began. A key repeated within the request is a true duplicate and is left alone.
     */
    const reconcile = (
      response: SendResponse,
      recipients: ReadonlyArray<SendRequest.Recipient>,
      startedAt: number
    ): Effect.Effect<{ readonly response: SendResponse; readonly reconciled: number }> =>
      Effect.gen(function* () {
        const seen = new Set<string>()
        const candidates: Array<number> = []
        response.responses.forEach((item, index) => {
          const key = recipients[index]?.messageKey ?? item.messageKey
          const repeated = seen.has(key)
          seen.add(key)
          if (!repeated && item.errorcode === RecipientErrors.DuplicateMessageKey.code) candidates.push(index)
        })
        if (candidates.length === 0) return { response, reconciled: 0 }
        const verdicts = yield* Effect.forEach(
          candidates,
          (index) =>
            status(response.responses[index]!.messageKey).pipe(
              Effect.map((found) => {
                const queuedAt = fromCentralTimestamp(found.timestamp)
                const ours =
                  found.info.contactKey === recipients[index]?.contactKey &&
                  queuedAt !== undefined &&
                  queuedAt >= startedAt - toleranceMillis
                return ours ? index : undefined
              }),
              // No message with that key: the 109110 stands. A status that cannot be read at all: the key was refused
              // as a duplicate right after an attempt that may have queued it, so it counts as queued (design §5). A
              // definite "not queued" here could make the caller send it again under a new key.
              Effect.catchAll((error) => Effect.succeed(error._tag === "MessageNotFound" ? undefined : index))
            ),
          { concurrency: 8 }
        )
        const ours = new Set(verdicts.filter((i): i is number => i !== undefined))
        if (ours.size === 0) return { response, reconciled: 0 }
        const responses: Array<ResponseItem> = response.responses.map((item, index) =>
          ours.has(index) ? { messageKey: item.messageKey } : item
        )
        const failed = responses.filter((item) => item.errorcode !== undefined).length
        const fixed: SendResponse =
          failed === 0
            ? { requestId: response.requestId, errorcode: 0, responses }
            : {
                requestId: response.requestId,
                errorcode: ResponsesHasErrors.code,
                message: responsesHasErrorsMessage(failed, responses.length),
                responses
              }
        return { response: fixed, reconciled: ours.size }
      })

    const send = (request: SendRequest.SendRequest) =>
      Effect.gen(function* () {
        const single = SendRequest.isSingle(request)
        const keyed = yield* MessageKeyGenerator.assignKeys(SendRequest.recipientsOf(request)).pipe(
          Effect.provideService(MessageKeyGenerator.MessageKeyGenerator, keys)
        )
        const recipients = keyed.recipients
        // The body goes out as the caller gave it, but for the generated keys: a malformed request reaches the API
        // unchanged, so the API (not this client) answers it with its own code.
        const withKeys =
          keyed.generated.size === 0
            ? request
            : single
              ? { ...request, recipient: recipients[0] }
              : { ...request, recipients }
        const path = "/messaging/v1/sms/messages/"
        const serialize = (route: string, value: unknown) =>
          Either.map(RequestJson.stringify(value), (text) => [route, text ?? "null"] as const)
        const serialized = ((): Either.Either<readonly [string, string], RequestRejected> => {
          const first: unknown = recipients[0]
          const singleKey =
            single && typeof first === "object" && first !== null
              ? (first as { messageKey?: unknown }).messageKey
              : undefined
          if (typeof singleKey === "string" && MessageKey.isValid(singleKey)) {
            // The single route carries the key in its path, not in the body.
            const { messageKey: _, ...recipient } = first as SendRequest.Recipient
            return serialize(`${path}${encodeURIComponent(singleKey)}`, { ...withKeys, recipient })
          } else if (single && !Object.hasOwn(withKeys as object, "recipients")) {
            // A key the path cannot carry (empty, too long, `.` or `..`), or a recipient that is not an object: send the
            // single request as the batch of one it is, so the API judges it as it would on the single route. (With
            // `recipients` beside it, it goes as it is: the API refuses the pair, 109122.)
            const { recipient, ...rest } = withKeys as SendRequest.SingleSendRequest
            return serialize(path, { ...rest, recipients: [recipient] })
          } else {
            return serialize(path, withKeys)
          }
        })()
        if (Either.isLeft(serialized)) return yield* serialized.left
        const [route, body] = serialized.right
        const startedAt = yield* Clock.currentTimeMillis
        const result = yield* withRetries("send", sendOnce(route, body, recipients.length))
        const { response, reconciled } = result.unknown
          ? yield* reconcile(result.value, recipients, startedAt)
          : { response: result.value, reconciled: 0 }
        const failed = response.responses.filter((item) => item.errorcode !== undefined).length
        yield* Effect.annotateCurrentSpan({
          "mcsend.attempts": result.attempts,
          "mcsend.queued": response.responses.length - failed,
          "mcsend.failed": failed,
          "mcsend.reconciled": reconciled
        })
        return response
      }).pipe(
        Effect.withSpan("HttpTransport.send", {
          ...spanOptions,
          attributes: {
            "mcsend.recipients": SendRequest.recipientsOf(request).length,
            "mcsend.route": SendRequest.isSingle(request) ? "single" : "batch"
          }
        })
      )

    return { send, status }
  })

/**
 * `SmsTransport` over the real API, configured from code.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<SmsTransport, never, HttpClient.HttpClient> =>
  Layer.effect(SmsTransport, make(options))

/**
 * The options from the environment: `SFMC_AUTH_BASE_URL`, `SFMC_CLIENT_ID`, `SFMC_CLIENT_SECRET` (redacted), and the
 * optional `SFMC_ACCOUNT_ID` and `SFMC_REST_BASE_URL`.
 *
 * @since 0.1.0
 * @category config
 */
export const config: Config.Config<Options> = Config.all({
  authBaseUrl: Config.string("SFMC_AUTH_BASE_URL"),
  clientId: Config.string("SFMC_CLIENT_ID"),
  clientSecret: Config.redacted("SFMC_CLIENT_SECRET"),
  accountId: Config.option(Config.string("SFMC_ACCOUNT_ID")),
  restBaseUrl: Config.option(Config.string("SFMC_REST_BASE_URL"))
}).pipe(
  Config.map(
    (c): Options => ({
      authBaseUrl: c.authBaseUrl,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      ...Option.match(c.accountId, { onNone: () => ({}), onSome: (accountId) => ({ accountId }) }),
      ...Option.match(c.restBaseUrl, { onNone: () => ({}), onSome: (restBaseUrl) => ({ restBaseUrl }) })
    })
  )
)

/**
 * `SmsTransport` over the real API, configured from the environment (see {@link config}).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<SmsTransport, ConfigError.ConfigError, HttpClient.HttpClient> =
  Layer.unwrapEffect(Effect.map(config, layer))
