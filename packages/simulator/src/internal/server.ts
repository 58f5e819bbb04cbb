/**
 * The simulator's HTTP routes. They only translate HTTP: every answer about sends, statuses, definitions and opt-outs
 * comes from the domain through the {@link MemoryTransport} handle.
 */

import { randomUUID } from "node:crypto"
import type * as Http from "node:http"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import type { ErrorBody } from "@mcsend/domain/ErrorBody"
import { fromRefusal } from "@mcsend/domain/ErrorBody"
import { DefinitionErrors, message, RequestErrors, ServiceErrors } from "@mcsend/domain/ErrorCatalogue"
import * as RequestDecoder from "@mcsend/domain/RequestDecoder"
import { CreateDefinitionBody, SendDefinition, UpdateDefinitionBody } from "@mcsend/domain/SendDefinition"
import * as SendRequest from "@mcsend/domain/SendRequest"
import * as MemoryTransport from "@mcsend/transport/MemoryTransport"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Counters, FaultState } from "./faults.js"
import type { Grant, TokenStore } from "./tokens.js"
import { bearerOf, sameSecret } from "./tokens.js"

/** @internal */
export interface Deps {
  readonly memory: MemoryTransport.MemoryTransport
  readonly tokens: TokenStore
  readonly faults: FaultState
  readonly counters: Counters
  readonly clientId: string
  readonly clientSecret: string
  readonly tokenTtlSeconds: number
  readonly maxBodyBytes: number
  readonly baseUrl: () => string
}

/** An answer decided before the handler's end (an error, a fault): the route replies with it as it is. */
class Reply extends Data.TaggedError("Reply")<{ readonly response: HttpServerResponse.HttpServerResponse }> {}

const documentation = "https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/error-handling.html"

const json = (body: unknown, status: number, headers?: Record<string, string>) =>
  HttpServerResponse.unsafeJson(body, headers === undefined ? { status } : { status, headers })

const errorBody = (status: number, body: ErrorBody, headers?: Record<string, string>) => json(body, status, headers)

const fail = (response: HttpServerResponse.HttpServerResponse) => Effect.fail(new Reply({ response }))

const notAuthorized = errorBody(
  401,
  { documentation, errorcode: ServiceErrors.NotAuthorized.code, message: "Not Authorized" },
  {
    "www-authenticate":
      'Bearer realm="mcsend-simulator", error="invalid_token", error_description="The access token is missing, invalid or expired"'
  }
)

const definitionNotFound = (definitionKey: string) =>
  errorBody(404, {
    message: message(DefinitionErrors.NotFound, definitionKey),
    errorcode: DefinitionErrors.NotFound.code,
    documentation: ""
  })

const definitionExists = (definitionKey: string) =>
  errorBody(409, {
    message: message(DefinitionErrors.AlreadyExists, definitionKey),
    errorcode: DefinitionErrors.AlreadyExists.code,
    documentation: ""
  })

const invalidBody = (detail: string) =>
  errorBody(400, {
    message: `${RequestErrors.InvalidDataType.name}: ${RequestErrors.InvalidDataType.text}: ${detail}`,
    errorcode: RequestErrors.InvalidDataType.code,
    documentation: ""
  })

const notJson = (detail: string) =>
  errorBody(400, {
    message: `${RequestErrors.InvalidMessageFormat.name}: ${RequestErrors.InvalidMessageFormat.text}: ${detail}`,
    errorcode: RequestErrors.InvalidMessageFormat.code,
    documentation: ""
  })

/** Names the paths at fault without echoing the values (which may be phone numbers). */
const describeParseError = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`))
    .join("; ")
    .slice(0, 500)

/**
 * Reads the body as text, refusing it with 413 before it is read whole when it is over the limit: at once when
 * `Content-Length` says so, and as soon as the bytes read pass the limit otherwise (chunked bodies).
 */
const readBody = (deps: Deps) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const tooLarge = errorBody(
      413,
      {
        message: `${RequestErrors.InvalidMessageFormat.name}: The request body is over the limit of ${deps.maxBodyBytes} bytes`,
        errorcode: RequestErrors.InvalidMessageFormat.code,
        documentation: ""
      },
      // Closing the connection stops Node from reading (and discarding) the rest of the body.
      { connection: "close" }
    )
    const declared = request.headers["content-length"]
    if (declared !== undefined && Number(declared) > deps.maxBodyBytes) return yield* fail(tooLarge)
    const read = yield* readLimited(NodeHttpServerRequest.toIncomingMessage(request), deps.maxBodyBytes)
    return read === undefined ? yield* fail(tooLarge) : read
  })

/**
 * The body as UTF-8 text, or undefined as soon as more than `max` bytes have come (the rest is left unread). The
 * platform's own reader destroys the socket when it passes its limit, which leaves no way to answer.
 */
const readLimited = (source: Http.IncomingMessage, max: number): Effect.Effect<string | undefined> =>
  Effect.async<string | undefined>((resume) => {
    const chunks: Array<Buffer> = []
    let size = 0
    const cleanup = () => {
      source.off("data", onData)
      source.off("end", onEnd)
      source.off("error", onEnd)
    }
    function onData(chunk: Buffer) {
      size += chunk.length
      if (size > max) {
        cleanup()
        source.pause()
        resume(Effect.succeed(undefined))
      } else {
        chunks.push(chunk)
      }
    }
    function onEnd() {
      cleanup()
      resume(Effect.succeed(Buffer.concat(chunks).toString("utf8")))
    }
    source.on("data", onData)
    source.on("end", onEnd)
    source.on("error", onEnd)
    return Effect.sync(cleanup)
  })

const parseJson = (text: string): Either.Either<unknown, string> => {
  try {
    return Either.right(JSON.parse(text))
  } catch (e) {
    return Either.left(e instanceof Error ? e.message : "unreadable")
  }
}

const readJson = (deps: Deps) =>
  Effect.flatMap(readBody(deps), (text) =>
    Either.match(parseJson(text), {
      onLeft: (reason) => fail(notJson(`not JSON (${reason})`)),
      onRight: Effect.succeed
    })
  )

/** The grant of the request's bearer token, or a 401 with `WWW-Authenticate`. */
const authorize = (deps: Deps) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const token = bearerOf(request.headers.authorization)
    const now = yield* Clock.currentTimeMillis
    const grant = token === undefined ? undefined : deps.tokens.check(token, now)
    if (grant === undefined) {
      deps.counters.unauthorized++
      return yield* fail(notAuthorized)
    }
    return grant
  })

/** Latency, bearer check and injected failures, in that order, before a REST route runs. */
const restGate = (deps: Deps) =>
  Effect.gen(function* () {
    if (deps.faults.latencyMillis > 0) yield* Effect.sleep(deps.faults.latencyMillis)
    const grant = yield* authorize(deps)
    const failure = deps.faults.failures.shift()
    if (failure !== undefined) {
      deps.counters.injectedFailures++
      const retryAfter = failure.retryAfterSeconds
      const headers = { "retry-after": String(retryAfter) }
      return yield* fail(
        failure._tag === "Throttle"
          ? json(
              {
                message: ServiceErrors.RateLimitExceeded.text,
                errorcode: ServiceErrors.RateLimitExceeded.code,
                retryAfter,
                documentation
              },
              429,
              headers
            )
          : json(
              {
                message: ServiceErrors.ServiceUnavailable.text,
                errorcode: ServiceErrors.ServiceUnavailable.code,
                retryAfter,
                documentation
              },
              503,
              headers
            )
      )
    }
    return grant
  })

const reply = <R>(
  effect: Effect.Effect<HttpServerResponse.HttpServerResponse, Reply, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> =>
  Effect.catchTag(effect, "Reply", (r) => Effect.succeed(r.response))

const tokenRoute = (deps: Deps) =>
  reply(
    Effect.gen(function* () {
      deps.counters.tokenRequests++
      const body = yield* readBody(deps).pipe(
        Effect.map(parseJson),
        Effect.flatMap(
          Either.match({
            onLeft: () =>
              fail(
                json(
                  { error: "invalid_request", error_description: "The body must be JSON", error_uri: documentation },
                  400
                )
              ),
            onRight: Effect.succeed
          })
        )
      )
      const invalidRequest = (description: string) =>
        fail(json({ error: "invalid_request", error_description: description, error_uri: documentation }, 400))
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return yield* invalidRequest("The body must be a JSON object")
      }
      const fields = body as Record<string, unknown>
      if (fields.grant_type !== "client_credentials") {
        return yield* fail(
          json(
            {
              error: "unsupported_grant_type",
              error_description: "Use grant_type client_credentials",
              error_uri: documentation
            },
            400
          )
        )
      }
      const { client_id, client_secret, account_id, scope } = fields
      if (account_id !== undefined && typeof account_id !== "string") {
        return yield* invalidRequest("account_id must be a string")
      }
      if (scope !== undefined && typeof scope !== "string") return yield* invalidRequest("scope must be a string")
      if (
        typeof client_id !== "string" ||
        typeof client_secret !== "string" ||
        client_id !== deps.clientId ||
        !sameSecret(client_secret, deps.clientSecret)
      ) {
        return yield* fail(
          json(
            {
              error: "invalid_client",
              error_description: "Client authentication failed.",
              error_uri: documentation
            },
            401
          )
        )
      }
      const now = yield* Clock.currentTimeMillis
      const businessUnit =
        account_id === undefined || account_id === "" ? MemoryTransport.defaultBusinessUnit : account_id
      const accessToken = deps.tokens.issue(businessUnit, now, deps.tokenTtlSeconds * 1000)
      deps.counters.tokensIssued++
      const base = `${deps.baseUrl()}/`
      return json(
        {
          access_token: accessToken,
          token_type: "Bearer",
          expires_in: deps.tokenTtlSeconds,
          scope: scope ?? "sms_read sms_write sms_send",
          soap_instance_url: base,
          rest_instance_url: base
        },
        200
      )
    })
  )

const sendRoute = (deps: Deps, route: (params: Readonly<Record<string, string | undefined>>) => SendRequest.Route) =>
  reply(
    Effect.gen(function* () {
      deps.counters.sendRequests++
      const grant = yield* restGate(deps)
      const params = yield* HttpRouter.params
      const text = yield* readBody(deps)
      const parsed = parseJson(text)
      const sendRoute = route(params)
      if (Either.isLeft(parsed)) {
        // Not JSON: the domain's decoder names the code (10004).
        const refused = RequestDecoder.decodeText(text, sendRoute)
        return Either.isLeft(refused) ? errorBody(400, fromRefusal(refused.left)) : notJson(`not JSON (${parsed.left})`)
      }
      // Processing must finish once begun, as on the real service: a client that goes away does not undo a send.
      const outcome = yield* Effect.uninterruptible(
        Effect.either(deps.memory.submit(parsed.right, sendRoute, grant.businessUnit))
      )
      if (Either.isLeft(outcome)) {
        return errorBody(outcome.left.status, {
          message: outcome.left.message,
          errorcode: outcome.left.errorcode,
          documentation: ""
        })
      }
      if (deps.faults.drops > 0) {
        deps.faults.drops--
        deps.counters.dropped++
        const request = yield* HttpServerRequest.HttpServerRequest
        NodeHttpServerRequest.toServerResponse(request).socket?.destroy()
        return yield* Effect.interrupt
      }
      if (deps.faults.garbles > 0) {
        deps.faults.garbles--
        deps.counters.garbled++
        return HttpServerResponse.text('{"requestId":42,"responses":"not a list"}', {
          status: 202,
          contentType: "application/json"
        })
      }
      return json(outcome.right, 202)
    })
  )

const statusRoute = (deps: Deps) =>
  reply(
    Effect.gen(function* () {
      deps.counters.statusRequests++
      const grant = yield* restGate(deps)
      const { messageKey = "" } = yield* HttpRouter.params
      const status = yield* Effect.either(deps.memory.transport(grant.businessUnit).status(messageKey))
      if (Either.isRight(status)) return json(status.right, 200)
      const error = status.left
      return error._tag === "MessageNotFound"
        ? errorBody(404, { message: error.message, errorcode: error.errorcode, documentation: "" })
        : errorBody(500, { message: error.message, errorcode: 0, documentation: "" })
    })
  )

const encodeDefinition = Schema.encodeSync(SendDefinition)
const decodeCreate = Schema.decodeUnknownEither(CreateDefinitionBody)
const decodeUpdate = Schema.decodeUnknownEither(UpdateDefinitionBody)

const definitionRoutes = (deps: Deps) => {
  const gate = Effect.tap(restGate(deps), () => {
    deps.counters.definitionRequests++
  })
  const keyParam = Effect.map(HttpRouter.params, (p) => p.definitionKey ?? "")
  return {
    create: reply(
      Effect.gen(function* () {
        const grant = yield* gate
        const body = yield* readJson(deps)
        const decoded = decodeCreate(body)
        if (Either.isLeft(decoded)) return yield* fail(invalidBody(describeParseError(decoded.left)))
        const created = yield* Effect.either(deps.memory.createDefinition(decoded.right, grant.businessUnit))
        if (Either.isLeft(created)) return definitionExists(created.left.definitionKey)
        return json({ requestId: randomUUID(), ...encodeDefinition(created.right) }, 201)
      })
    ),
    list: reply(
      Effect.gen(function* () {
        const grant = yield* gate
        const definitions = yield* deps.memory.listDefinitions(grant.businessUnit)
        return json(
          {
            requestId: randomUUID(),
            definitions: definitions.map((d) => encodeDefinition(d)),
            count: definitions.length,
            page: 1,
            pageSize: definitions.length
          },
          200
        )
      })
    ),
    get: reply(
      Effect.gen(function* () {
        const grant = yield* gate
        const key = yield* keyParam
        const found = yield* deps.memory.getDefinition(key, grant.businessUnit)
        return Option.match(found, {
          onNone: () => definitionNotFound(key),
          onSome: (definition) => json({ requestId: randomUUID(), ...encodeDefinition(definition) }, 200)
        })
      })
    ),
    update: reply(
      Effect.gen(function* () {
        const grant = yield* gate
        const key = yield* keyParam
        const body = yield* readJson(deps)
        const decoded = decodeUpdate(body)
        if (Either.isLeft(decoded)) return yield* fail(invalidBody(describeParseError(decoded.left)))
        const updated = yield* Effect.either(deps.memory.updateDefinition(key, decoded.right, grant.businessUnit))
        if (Either.isLeft(updated)) return definitionNotFound(key)
        return json({ requestId: randomUUID(), ...encodeDefinition(updated.right) }, 200)
      })
    ),
    remove: reply(
      Effect.gen(function* () {
        const grant = yield* gate
        const key = yield* keyParam
        const deleted = yield* Effect.either(deps.memory.deleteDefinition(key, grant.businessUnit))
        if (Either.isLeft(deleted)) return definitionNotFound(key)
        return json({ requestId: randomUUID(), message: "Success", count: 1 }, 200)
      })
    )
  }
}

const InboundBody = Schema.Struct({
  from: Schema.String,
  message: Schema.String,
  account_id: Schema.optional(Schema.String)
})
const decodeInbound = Schema.decodeUnknownEither(InboundBody)

/**
 * A test route standing in for the carrier: it delivers a subscriber's message. A bearer token is optional; when one
 * is given it must be valid and chooses the business unit, otherwise `account_id` (or the default) does.
 */
const inboundRoute = (deps: Deps) =>
  reply(
    Effect.gen(function* () {
      deps.counters.inboundRequests++
      const request = yield* HttpServerRequest.HttpServerRequest
      const grant: Grant | undefined = request.headers.authorization === undefined ? undefined : yield* authorize(deps)
      const body = yield* readJson(deps)
      const decoded = decodeInbound(body)
      if (Either.isLeft(decoded)) return yield* fail(invalidBody(describeParseError(decoded.left)))
      const { from, message, account_id } = decoded.right
      const businessUnit = grant?.businessUnit ?? account_id ?? MemoryTransport.defaultBusinessUnit
      yield* deps.memory.inbound(from, message, businessUnit)
      return json({ from, message, received: true }, 202)
    })
  )

/**
 * The simulator's routes as one app. Unknown routes answer 404 with an error body.
 *
 * @internal
 */
export const makeApp = (deps: Deps) => {
  const definitions = definitionRoutes(deps)
  const router = HttpRouter.empty.pipe(
    HttpRouter.post("/v2/token", tokenRoute(deps)),
    HttpRouter.post(
      "/messaging/v1/sms/messages/",
      sendRoute(deps, () => SendRequest.batchRoute)
    ),
    HttpRouter.post(
      "/messaging/v1/sms/messages/:messageKey",
      sendRoute(deps, (params) => SendRequest.singleRoute(params.messageKey))
    ),
    HttpRouter.get("/messaging/v1/sms/messages/:messageKey", statusRoute(deps)),
    HttpRouter.post("/messaging/v1/sms/definitions", definitions.create),
    HttpRouter.get("/messaging/v1/sms/definitions", definitions.list),
    HttpRouter.get("/messaging/v1/sms/definitions/:definitionKey", definitions.get),
    HttpRouter.patch("/messaging/v1/sms/definitions/:definitionKey", definitions.update),
    HttpRouter.del("/messaging/v1/sms/definitions/:definitionKey", definitions.remove),
    HttpRouter.post("/simulator/v1/inbound", inboundRoute(deps))
  )
  // messageKeys may be up to 100 characters and longer ones must reach the domain (109108), so path parameters are
  // not cut at the router's default of 100.
  return HttpRouter.toHttpApp(router).pipe(
    HttpRouter.withRouterConfig({ maxParamLength: 16 * 1024 }),
    Effect.map((app) =>
      Effect.catchTag(app, "RouteNotFound", () =>
        Effect.succeed(errorBody(404, { message: "Not Found: no such route", errorcode: 0, documentation: "" }))
      )
    )
  )
}
