/**
 * Record any {@link SmsTransport} to a cassette file, and answer from one.
 *
 * {@link layerRecord} wraps the transport in context and writes every `send` and `status` with its outcome (the
 * response, or the port error: `RequestRejected`, `MessageNotFound`, `TransportFailure`) to a cassette: versioned,
 * pretty JSON. {@link layerReplay} answers from a cassette without any other transport, matching each request by its
 * canonical JSON (keys sorted, so key order never matters). A replay returns exactly what was recorded, generated
 * messageKeys and errors included.
 *
 * No secret can reach a cassette through the port: tokens and client secrets live inside `HttpTransport` and never
 * cross `SmsTransport`. Attribute values that are secrets (one-time codes, passwords) are masked with `redact`.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import type { MessageStatus } from "@mcsend/domain/MessageStatus"
import type { SendResponse } from "@mcsend/domain/SendResponse"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as CassetteFile from "./internal/cassette/file.js"
import * as Json from "./internal/cassette/json.js"
import * as Redact from "./internal/cassette/redact.js"
import * as CassetteSchema from "./internal/cassette/schema.js"
import * as SmsTransportModule from "./SmsTransport.js"
import { CassetteError, ReplayMismatch, type SendError, type StatusError, TransportFailure } from "./TransportError.js"

/**
 * The cassette format (version 1): `{ version, redacted?, interactions }`. Each interaction is
 * `{ operation: "send" | "status", request, response }` or `{ operation, request, error }`; `error` is a port
 * error encoded with its `_tag`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Cassette = CassetteSchema.Cassette

/**
 * @since 0.1.0
 * @category models
 */
export type Cassette = CassetteSchema.Cassette

/**
 * @since 0.1.0
 * @category models
 */
export type Interaction = CassetteSchema.Interaction

/**
 * The cassette version this code reads and writes.
 *
 * @since 0.1.0
 * @category constants
 */
export const version = CassetteSchema.currentVersion

/**
 * What a masked attribute value becomes in a cassette.
 *
 * @since 0.1.0
 * @category constants
 */
export const redactedValue = Redact.redactedValue

/**
 * @since 0.1.0
 * @category models
 */
export interface RecordOptions {
  /** The cassette file. Its directory is created if missing; a file already there is replaced. */
  readonly path: string
  /** Attribute names whose values are masked (request and recipient `attributes`, any case). */
  readonly redact?: ReadonlyArray<string>
  /**
   * Keep the interactions of a cassette already at `path` and add to them (default false: start afresh). The kept
   * requests are masked again with every name, old and new. A corrupt cassette fails the layer instead of being
   * overwritten.
   */
  readonly append?: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export type Mode = "ordered" | "unordered"

/**
 * @since 0.1.0
 * @category models
 */
export interface ReplayOptions {
  /** The cassette file. */
  readonly path: string
  /**
   * `ordered` (default): each request must match the next unplayed interaction. `unordered`: any unplayed
   * interaction that matches, the earliest first; each plays once. Use `unordered` for concurrent callers.
   */
  readonly mode?: Mode
  /**
   * When the layer's scope closes after a success, every interaction must have been played; otherwise the scope
   * dies with a `CassetteError` (`UnusedInteractions`). Default false.
   */
  readonly strict?: boolean
  /**
   * Attribute names to mask before matching, on top of those the cassette says were masked when recorded. Both the
   * incoming and the recorded requests are masked, so this also loosens a cassette recorded without `redact`.
   */
  readonly redact?: ReadonlyArray<string>
}

/**
 * A handle on a replaying transport, to check what was played.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReplayTransport {
  /** The positions (0-based) of the interactions not played yet. */
  readonly unused: Effect.Effect<ReadonlyArray<number>>
  /** Fails with `UnusedInteractions` if any interaction was not played: the typed form of `strict`. */
  readonly verify: Effect.Effect<void, CassetteError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export const ReplayTransport = Context.GenericTag<ReplayTransport>("@mcsend/transport/ReplayTransport")

type Operation = "send" | "status"

// A request JSON cannot hold (a bigint, a cycle) can be neither sent nor recorded.
const normalizeRequest = (request: unknown): Either.Either<Json.JsonObject, string> => {
  try {
    const json = Json.normalize(request)
    return Json.isObject(json) ? Either.right(json) : Either.left("the request is not a JSON object")
  } catch (e) {
    return Either.left(`the request cannot be written as JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
}

const encodeInteraction = Schema.encodeEither(CassetteSchema.Interaction)

// An encoded error ends with its `_tag`; a reader looks for it first.
const tagFirst = (encoded: typeof CassetteSchema.Interaction.Encoded): unknown =>
  encoded.error === undefined
    ? encoded
    : { ...encoded, error: Object.assign({ _tag: encoded.error._tag }, encoded.error) }

const sortedNames = (names: Iterable<string>): Array<string> => [...new Set(names)].sort()

/**
 * A transport that forwards to `underlying` and records every interaction to `options.path`, rewriting the cassette
 * atomically after each one: a crash loses at most the interaction in flight, and the file is always a whole
 * cassette. Interactions are written in the order their outcomes arrive. Starting a recording writes the cassette
 * at once (empty, or what `append` kept), so a stale one never survives.
 *
 * An outcome that is not a port error (a defect, an interruption) is passed on and not recorded. A cassette that
 * cannot be written while sending is a defect: a recording that silently misses interactions would be worse.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeRecord = (
  underlying: SmsTransportModule.Service,
  options: RecordOptions
): Effect.Effect<SmsTransportModule.Service, CassetteError, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const { path } = options
    const existing: Cassette =
      options.append === true
        ? yield* CassetteFile.read(fs, path).pipe(
            Effect.catchIf(
              (error) => error.reason === "NotFound",
              () => Effect.succeed<Cassette>({ version: CassetteSchema.currentVersion, interactions: [] })
            )
          )
        : { version: CassetteSchema.currentVersion, interactions: [] }
    const redactNames = sortedNames([...(existing.redacted ?? []), ...(options.redact ?? [])])
    const names = Redact.nameSet(redactNames)
    const interactions: Array<unknown> = []
    for (const kept of existing.interactions) {
      const masked =
        kept.operation === "send"
          ? { ...kept, request: Redact.redactRequest(kept.request as Json.JsonObject, names) }
          : kept
      interactions.push(tagFirst(Either.getOrThrow(encodeInteraction(masked))))
    }
    const lock = yield* Effect.makeSemaphore(1)

    const persist = Effect.suspend(() =>
      CassetteFile.writeAtomically(
        fs,
        path,
        CassetteFile.render({
          version: CassetteSchema.currentVersion,
          ...(redactNames.length > 0 ? { redacted: redactNames } : {}),
          interactions
        })
      )
    )

    yield* CassetteFile.ensureDirectory(fs, path)
    yield* persist

    const record = (interaction: CassetteSchema.Interaction): Effect.Effect<void> =>
      Effect.suspend(() => {
        const encoded = encodeInteraction(interaction)
        if (Either.isLeft(encoded)) {
          return Effect.die(
            new CassetteError({
              reason: "InvalidShape",
              path,
              message: `cassette ${path}: an outcome of the recorded transport cannot be written: ${encoded.left.message}`
            })
          )
        }
        interactions.push(tagFirst(encoded.right))
        return Effect.orDie(persist)
      }).pipe(lock.withPermits(1), Effect.uninterruptible)

    const around = <A, E, I extends CassetteSchema.Interaction>(
      operation: Operation,
      run: Effect.Effect<A, E>,
      make: (outcome: Either.Either<A, E>) => I
    ): Effect.Effect<A, E> =>
      Effect.flatMap(Effect.exit(run), (exit) => {
        if (Exit.isSuccess(exit)) return Effect.as(record(make(Either.right(exit.value))), exit.value)
        const failure = Cause.failureOption(exit.cause)
        // Only an outcome the port defines is recorded; defects and interruptions pass through.
        if (Option.isNone(failure) || Cause.isDie(exit.cause) || Cause.isInterrupted(exit.cause)) return exit
        return Effect.zipRight(record(make(Either.left(failure.value))), exit)
      }).pipe(Effect.withSpan(`ReplayTransport.${operation}`, { attributes: { "mcsend.replay.role": "record" } }))

    const failUnwritable = (reason: string) =>
      Effect.fail(
        new TransportFailure({ reason: "Unexpected", retryable: false, outcomeUnknown: false, message: reason })
      )

    return {
      send: (request) =>
        Effect.suspend(() =>
          Either.match(normalizeRequest(request), {
            onLeft: failUnwritable,
            onRight: (json) =>
              around("send", underlying.send(request), (outcome): CassetteSchema.SendInteraction => {
                const masked = Redact.redactRequest(json, names)
                return Either.isRight(outcome)
                  ? { operation: "send", request: masked, response: outcome.right }
                  : { operation: "send", request: masked, error: outcome.left }
              })
          })
        ),
      status: (messageKey) =>
        around(
          "status",
          underlying.status(messageKey),
          (outcome): CassetteSchema.StatusInteraction =>
            Either.isRight(outcome)
              ? { operation: "status", request: { messageKey }, response: outcome.right }
              : { operation: "status", request: { messageKey }, error: outcome.left }
        )
    } satisfies SmsTransportModule.Service
  })

/**
 * Records the `SmsTransport` in context to `options.path` and provides the recording one in its place. See
 * {@link makeRecord}.
 *
 * ```ts
 * const Recorded = ReplayTransport.layerRecord({ path: "test/cassettes/reset.json", redact: ["Code"] }).pipe(
 *   Layer.provide(MemoryTransport.layerTest({ definitions }))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerRecord = (
  options: RecordOptions
): Layer.Layer<
  SmsTransportModule.SmsTransport,
  CassetteError,
  SmsTransportModule.SmsTransport | FileSystem.FileSystem
> =>
  Layer.effect(
    SmsTransportModule.SmsTransport,
    Effect.flatMap(SmsTransportModule.SmsTransport, (underlying) => makeRecord(underlying, options))
  )

interface Entry {
  readonly index: number
  readonly interaction: CassetteSchema.Interaction
  readonly key: string
  readonly request: Json.JsonObject
  used: boolean
}

const keyOf = (operation: Operation, request: Json.JsonObject) => `${operation} ${Json.canonical(request)}`

/**
 * A transport that answers from the cassette at `options.path`, and its {@link ReplayTransport} handle. Fails with a
 * `CassetteError` when the file is missing, is not JSON, is not a cassette or has an unknown version.
 *
 * A request that matches nothing fails with `ReplayMismatch`: its message names the nearest recorded request (in
 * ordered mode, the one expected next) and the JSON paths at which the two differ. Incoming requests are masked with
 * the cassette's `redacted` names plus `options.redact` before they are matched.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeReplay = (
  options: ReplayOptions
): Effect.Effect<
  { readonly transport: SmsTransportModule.Service; readonly handle: ReplayTransport },
  CassetteError,
  FileSystem.FileSystem
> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const { path } = options
    const mode = options.mode ?? "ordered"
    const cassette = yield* CassetteFile.read(fs, path)
    const names = Redact.nameSet([...(cassette.redacted ?? []), ...(options.redact ?? [])])
    const entries: Array<Entry> = cassette.interactions.map((interaction, index) => {
      // Both sides are masked with every name, so `redact` on replay also covers a cassette recorded without it.
      const recorded = interaction.request as Json.JsonObject
      const request = interaction.operation === "send" ? Redact.redactRequest(recorded, names) : recorded
      return { index, interaction, request, key: keyOf(interaction.operation, request), used: false }
    })
    let cursor = 0

    const mismatch = (operation: Operation, request: Json.JsonObject, key: string): ReplayMismatch => {
      const text = Json.canonical(request)
      const head = `no recorded interaction in ${path} matches this ${operation} request (${mode} mode)`
      let nearest: Entry | undefined
      let hint: string | undefined
      if (mode === "ordered") {
        nearest = entries[cursor]
        const later = entries.find((e) => !e.used && e.key === key)
        if (nearest === undefined)
          hint = `nothing is left to play: every recorded interaction (${entries.length}) was played`
        else if (later !== undefined) {
          hint = `it matches interaction #${later.index}, recorded later: the requests come in another order (mode "unordered" accepts that)`
        }
      } else {
        let best = Number.POSITIVE_INFINITY
        for (const entry of entries) {
          if (entry.used || entry.interaction.operation !== operation) continue
          const distance = Json.differences(entry.request, request).length
          if (distance < best) {
            best = distance
            nearest = entry
          }
        }
        const played = entries.find((e) => e.used && e.key === key)
        if (played !== undefined)
          hint = `it matches interaction #${played.index}, which was already played (each plays once)`
        else if (nearest === undefined) hint = `no unplayed ${operation} interaction is left`
      }
      const lines = [head, `request: ${text}`]
      let difference: string | undefined
      if (nearest !== undefined) {
        const recorded = nearest.interaction
        lines.push(`nearest: interaction #${nearest.index} (${recorded.operation}): ${Json.canonical(nearest.request)}`)
        difference =
          recorded.operation === operation
            ? Json.describeDifferences(Json.differences(nearest.request, request))
            : `recorded a ${recorded.operation} request, got a ${operation} request`
        lines.push(`differences:\n${difference.replace(/^/gm, "  ")}`)
      }
      if (hint !== undefined) lines.push(hint)
      return new ReplayMismatch({
        message: lines.join("\n"),
        request: text,
        ...(nearest === undefined ? {} : { nearest: Json.canonical(nearest.request) }),
        ...(difference === undefined ? {} : { difference })
      })
    }

    const take = (operation: Operation, request: Json.JsonObject): Either.Either<Entry, ReplayMismatch> => {
      const key = keyOf(operation, request)
      if (mode === "ordered") {
        const next = entries[cursor]
        if (next !== undefined && next.key === key) {
          next.used = true
          cursor++
          return Either.right(next)
        }
        return Either.left(mismatch(operation, request, key))
      }
      const found = entries.find((e) => !e.used && e.key === key)
      if (found === undefined) return Either.left(mismatch(operation, request, key))
      found.used = true
      return Either.right(found)
    }

    const transport: SmsTransportModule.Service = {
      send: (request) =>
        Effect.suspend((): Effect.Effect<SendResponse, SendError> => {
          const json = normalizeRequest(request)
          if (Either.isLeft(json)) {
            return Effect.fail(
              new ReplayMismatch({ message: `${json.left}; nothing in ${path} can match it`, request: "" })
            )
          }
          const entry = take("send", Redact.redactRequest(json.right, names))
          if (Either.isLeft(entry)) return Effect.fail(entry.left)
          const recorded = entry.right.interaction as CassetteSchema.SendInteraction
          return recorded.response !== undefined ? Effect.succeed(recorded.response) : Effect.fail(recorded.error!)
        }).pipe(Effect.withSpan("ReplayTransport.send", { attributes: { "mcsend.replay.role": "replay" } })),
      status: (messageKey) =>
        Effect.suspend((): Effect.Effect<MessageStatus, StatusError> => {
          const entry = take("status", { messageKey })
          if (Either.isLeft(entry)) return Effect.fail(entry.left)
          const recorded = entry.right.interaction as CassetteSchema.StatusInteraction
          return recorded.response !== undefined ? Effect.succeed(recorded.response) : Effect.fail(recorded.error!)
        }).pipe(Effect.withSpan("ReplayTransport.status", { attributes: { "mcsend.replay.role": "replay" } }))
    }

    const unused = Effect.sync(() => entries.filter((e) => !e.used).map((e) => e.index))
    const handle: ReplayTransport = {
      unused,
      verify: Effect.flatMap(unused, (left) =>
        left.length === 0
          ? Effect.void
          : Effect.fail(
              new CassetteError({
                reason: "UnusedInteractions",
                path,
                message: `cassette ${path}: ${left.length} of ${entries.length} recorded interactions were never played: ${left
                  .slice(0, 20)
                  .map((i) => `#${i} (${entries[i]!.interaction.operation})`)
                  .join(", ")}${left.length > 20 ? ", ..." : ""}`
              })
            )
      )
    }
    return { transport, handle }
  })

/**
 * Answers `SmsTransport` from a cassette (see {@link makeReplay}), and provides the {@link ReplayTransport} handle.
 *
 * With `strict: true`, closing the layer's scope after a success checks that every interaction was played. A layer's
 * finalizer cannot fail with a typed error in Effect, so an unplayed interaction makes the scope die with a
 * `CassetteError` (`UnusedInteractions`) that lists them; use the handle's `verify` for a typed check instead. After
 * a failure the check is skipped: unplayed interactions are then expected, and the first failure is the news.
 *
 * ```ts
 * const Replayed = ReplayTransport.layerReplay({ path: "test/cassettes/reset.json", strict: true }).pipe(
 *   Layer.provide(NodeFileSystem.layer)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerReplay = (
  options: ReplayOptions
): Layer.Layer<SmsTransportModule.SmsTransport | ReplayTransport, CassetteError, FileSystem.FileSystem> =>
  Layer.scopedContext(
    Effect.gen(function* () {
      const { transport, handle } = yield* makeReplay(options)
      if (options.strict === true) {
        yield* Effect.addFinalizer((exit) => (Exit.isSuccess(exit) ? Effect.orDie(handle.verify) : Effect.void))
      }
      return Context.make(ReplayTransport, handle).pipe(Context.add(SmsTransportModule.SmsTransport, transport))
    })
  )
