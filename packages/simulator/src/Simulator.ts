/**
 * A local stand-in for Marketing Cloud: an HTTP server that speaks the Transactional Messaging wire format, issues and
 * checks bearer tokens, and answers from the domain running in process ({@link MemoryTransport}). Faults (throttling,
 * outages, latency, lost answers) can be injected from code, for client tests.
 *
 * @since 0.1.0
 */

import * as Http from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as MessageKeyGenerator from "@mcsend/domain/MessageKeyGenerator"
import * as RequestIdGenerator from "@mcsend/domain/RequestIdGenerator"
import * as MemoryTransport from "@mcsend/transport/MemoryTransport"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as FaultState from "./internal/faults.js"
import { makeApp } from "./internal/server.js"
import { makeTokenStore } from "./internal/tokens.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Interface to listen on (default `"127.0.0.1"`). */
  readonly host?: string
  /** Port to listen on (default 0: a free port, read it from {@link Simulator.baseUrl}). */
  readonly port?: number
  /** The client id the token route accepts (default `"mcsend-client"`). */
  readonly clientId?: string
  /** The client secret the token route accepts (default `"mcsend-secret"`). */
  readonly clientSecret?: string
  /** `expires_in` of issued tokens, in seconds (default 1080, as Marketing Cloud). */
  readonly tokenTtlSeconds?: number
  /** Bodies over this many bytes are refused with 413 before they are read whole (default 5 MB). */
  readonly maxBodyBytes?: number
  /** Definitions and settings (window, delivery delay, …) of the in-process backend. */
  readonly memory?: MemoryTransport.Options
  /** Where generated messageKeys come from (default random; tests pass `MessageKeyGenerator.deterministic(seed)`). */
  readonly messageKeys?: Context.Tag.Service<MessageKeyGenerator.MessageKeyGenerator>
  /** Where request ids come from (default random UUIDs). */
  readonly requestIds?: Context.Tag.Service<RequestIdGenerator.RequestIdGenerator>
}

/**
 * What the simulator has seen, for tests that count requests (for instance, token requests).
 *
 * @since 0.1.0
 * @category models
 */
export interface Stats {
  readonly tokenRequests: number
  readonly tokensIssued: number
  readonly sendRequests: number
  readonly statusRequests: number
  readonly definitionRequests: number
  readonly inboundRequests: number
  /** REST requests answered 401 for a missing, unknown or expired token. */
  readonly unauthorized: number
  /** REST requests answered with an injected 429 or 503. */
  readonly injectedFailures: number
  /** Sends processed and then answered by dropping the connection. */
  readonly dropped: number
  /** Sends processed and then answered with an undecodable body. */
  readonly garbled: number
}

/**
 * Fault injection, for the REST routes (`/messaging/…`) only: latency before the bearer check, injected failures after
 * it. The token and inbound routes are never faulted.
 *
 * @since 0.1.0
 * @category models
 */
export interface Faults {
  /** The next `count` REST requests answer 429, errorcode 50100, with `Retry-After` (default 1 second). */
  readonly throttle: (count: number, options?: { readonly retryAfterSeconds?: number }) => Effect.Effect<void>
  /** The next `count` REST requests answer 503, errorcode 50300, with `Retry-After` (default 1 second). */
  readonly unavailable: (count: number, options?: { readonly retryAfterSeconds?: number }) => Effect.Effect<void>
  /** Waits this long (on the simulator's clock) before handling each REST request; zero turns it off. */
  readonly latency: (delay: Duration.DurationInput) => Effect.Effect<void>
  /** The next `count` sends are processed (their messages are queued) and then the connection is dropped unanswered. */
  readonly dropAfterProcessing: (count: number) => Effect.Effect<void>
  /** The next `count` sends are processed and then answered 202 with a body that does not match the wire format. */
  readonly garbleAfterProcessing: (count: number) => Effect.Effect<void>
  /** Revokes every token issued so far: the next REST request with one answers 401 `invalid_token`. */
  readonly revokeTokens: Effect.Effect<void>
  /** Clears every pending fault and the latency. */
  readonly reset: Effect.Effect<void>
}

/**
 * A running simulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Simulator {
  /** Where it listens, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  readonly baseUrl: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** The in-process backend: define definitions, deliver inbound messages, read events. */
  readonly memory: MemoryTransport.MemoryTransport
  readonly faults: Faults
  /** What it has seen so far. */
  readonly stats: Effect.Effect<Stats>
}

/**
 * @since 0.1.0
 * @category tags
 */
export const Simulator: Context.Tag<Simulator, Simulator> = Context.GenericTag<Simulator>("@mcsend/simulator/Simulator")

/**
 * The simulator could not start (most often: the port is taken).
 *
 * @since 0.1.0
 * @category errors
 */
export class SimulatorError extends Schema.TaggedError<SimulatorError>()("SimulatorError", {
  reason: Schema.Literal("ListenFailed"),
  message: Schema.String
}) {}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaults = {
  host: "127.0.0.1",
  port: 0,
  clientId: "mcsend-client",
  clientSecret: "mcsend-secret",
  tokenTtlSeconds: 1080,
  maxBodyBytes: 5 * 1024 * 1024
} as const

const urlHost = (host: string): string => {
  if (host === "0.0.0.0") return "127.0.0.1"
  if (host === "::") return "[::1]"
  return host.includes(":") ? `[${host}]` : host
}

/**
 * Starts a simulator; it serves until the scope closes. Time (token expiry, queued messages moving on, latency) comes
 * from Effect's `Clock`, so under `TestClock` a test moves it with `TestClock.adjust`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Simulator, SimulatorError, Scope.Scope> =>
  Effect.gen(function* () {
    const host = options.host ?? defaults.host
    const clientId = options.clientId ?? defaults.clientId
    const clientSecret = options.clientSecret ?? defaults.clientSecret
    const memory = yield* MemoryTransport.make(options.memory ?? {}).pipe(
      Effect.provideService(MessageKeyGenerator.MessageKeyGenerator, options.messageKeys ?? MessageKeyGenerator.random),
      options.requestIds === undefined
        ? Effect.provide(RequestIdGenerator.layer)
        : Effect.provideService(RequestIdGenerator.RequestIdGenerator, options.requestIds)
    )
    const faultState = FaultState.makeFaultState()
    const counters = FaultState.makeCounters()
    const tokens = makeTokenStore()
    const server = yield* NodeHttpServer.make(() => Http.createServer(), {
      host,
      port: options.port ?? defaults.port
    }).pipe(
      Effect.mapError(
        (error) =>
          new SimulatorError({
            reason: "ListenFailed",
            message: `cannot listen on ${host}:${options.port ?? defaults.port}: ${String((error.cause as Error | undefined)?.message ?? error.cause)}`
          })
      )
    )
    const address = server.address
    const baseUrl =
      address._tag === "TcpAddress" ? `http://${urlHost(host)}:${address.port}` : `http://unix:${address.path}`
    const app = yield* makeApp({
      memory,
      tokens,
      faults: faultState,
      counters,
      clientId,
      clientSecret,
      tokenTtlSeconds: options.tokenTtlSeconds ?? defaults.tokenTtlSeconds,
      maxBodyBytes: options.maxBodyBytes ?? defaults.maxBodyBytes,
      baseUrl: () => baseUrl
    })
    yield* server.serve(app)

    const failures =
      (tag: "Throttle" | "Unavailable") => (count: number, o?: { readonly retryAfterSeconds?: number }) =>
        Effect.sync(() => {
          for (let i = 0; i < count; i++)
            faultState.failures.push({ _tag: tag, retryAfterSeconds: o?.retryAfterSeconds ?? 1 })
        })
    const faults: Faults = {
      throttle: failures("Throttle"),
      unavailable: failures("Unavailable"),
      latency: (delay) =>
        Effect.sync(() => {
          faultState.latencyMillis = Duration.toMillis(Duration.decode(delay))
        }),
      dropAfterProcessing: (count) =>
        Effect.sync(() => {
          faultState.drops += count
        }),
      garbleAfterProcessing: (count) =>
        Effect.sync(() => {
          faultState.garbles += count
        }),
      revokeTokens: Effect.sync(() => tokens.revokeAll()),
      reset: Effect.sync(() => FaultState.reset(faultState))
    }
    return {
      baseUrl,
      clientId,
      clientSecret: Redacted.make(clientSecret),
      memory,
      faults,
      stats: Effect.sync((): Stats => ({ ...counters }))
    }
  })

/**
 * A simulator for the life of the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Simulator, SimulatorError> =>
  Layer.scoped(Simulator, make(options))
