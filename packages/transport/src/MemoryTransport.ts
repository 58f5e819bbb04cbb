/**
 * The domain running in process: the reference implementation of the API's semantics. Time comes from Effect's
 * `Clock` (so `TestClock.adjust` moves the 72-hour window and moves queued messages on) and keys from
 * `MessageKeyGenerator`.
 *
 * One {@link MemoryTransport} holds any number of business units, each with its own ledger, definitions and
 * opt-outs. The simulator serves HTTP from one; a test drives one through its handle.
 *
 * @since 0.1.0
 */
import * as Commands from "@mcsend/domain/Commands"
import * as Decider from "@mcsend/domain/Decider"
import type { DefinitionExists, DefinitionNotFound } from "@mcsend/domain/DefinitionErrors"
import { message as catalogueMessage, ServiceErrors } from "@mcsend/domain/ErrorCatalogue"
import type { Event } from "@mcsend/domain/Events"
import * as MessageKeyGenerator from "@mcsend/domain/MessageKeyGenerator"
import * as MessageStatus from "@mcsend/domain/MessageStatus"
import * as RequestDecoder from "@mcsend/domain/RequestDecoder"
import * as RequestIdGenerator from "@mcsend/domain/RequestIdGenerator"
import type { CreateDefinitionBody, SendDefinition, UpdateDefinitionBody } from "@mcsend/domain/SendDefinition"
import * as SendRequest from "@mcsend/domain/SendRequest"
import * as SendResponse from "@mcsend/domain/SendResponse"
import * as State from "@mcsend/domain/State"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as RequestJson from "./internal/requestJson.js"
import type * as SmsTransportModule from "./SmsTransport.js"
import { SmsTransport } from "./SmsTransport.js"
import { MessageNotFound, RequestRejected } from "./TransportError.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The business unit the `SmsTransport` of {@link layer} sends for (default `"default"`). */
  readonly businessUnit?: string
  /** Send definitions every business unit starts with. */
  readonly definitions?: ReadonlyArray<CreateDefinitionBody>
  /** Window, recipient limit, delivery delay, expiration and retention; the domain's defaults otherwise. */
  readonly settings?: Partial<State.Settings>
  /** Keep every event for {@link MemoryTransport.events} (default true; a long-running server may turn it off). */
  readonly keepEvents?: boolean
}

/**
 * The default business unit.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBusinessUnit = "default"

/**
 * A handle on the in-memory Marketing Cloud. Every operation takes the business unit it acts in (default
 * {@link defaultBusinessUnit}).
 *
 * @since 0.1.0
 * @category models
 */
export interface MemoryTransport {
  /** The port for one business unit. */
  readonly transport: (businessUnit?: string) => SmsTransportModule.Service
  /**
   * Sends an untrusted body that arrived on `route`: the simulator's path, which must answer malformed input with
   * the API's exact codes (10004, 10001, 109122, …).
   */
  readonly submit: (
    body: unknown,
    route: SendRequest.Route,
    businessUnit?: string
  ) => Effect.Effect<SendResponse.SendResponse, RequestRejected>
  /**
   * Sends a body given as text, as the simulator receives it: text that is not JSON is the API's 10004, anything else
   * goes on as {@link MemoryTransport.submit}.
   */
  readonly submitText: (
    text: string,
    route: SendRequest.Route,
    businessUnit?: string
  ) => Effect.Effect<SendResponse.SendResponse, RequestRejected>
  readonly createDefinition: (
    body: CreateDefinitionBody,
    businessUnit?: string
  ) => Effect.Effect<SendDefinition, DefinitionExists>
  readonly updateDefinition: (
    definitionKey: string,
    changes: UpdateDefinitionBody,
    businessUnit?: string
  ) => Effect.Effect<SendDefinition, DefinitionNotFound>
  readonly deleteDefinition: (definitionKey: string, businessUnit?: string) => Effect.Effect<void, DefinitionNotFound>
  readonly getDefinition: (definitionKey: string, businessUnit?: string) => Effect.Effect<Option.Option<SendDefinition>>
  readonly listDefinitions: (businessUnit?: string) => Effect.Effect<ReadonlyArray<SendDefinition>>
  /** Delivers an inbound message from a subscriber; STOP and its synonyms opt the number out. */
  readonly inbound: (from: string, message: string, businessUnit?: string) => Effect.Effect<void>
  /** Every event so far in one business unit, oldest first (empty when `keepEvents` is false). */
  readonly events: (businessUnit?: string) => Effect.Effect<ReadonlyArray<Event>>
  /** The settings every business unit runs with. */
  readonly settings: State.Settings
}

/**
 * @since 0.1.0
 * @category tags
 */
export const MemoryTransport = Context.GenericTag<MemoryTransport>("@mcsend/transport/MemoryTransport")

/**
 * A typed request as it travels: through JSON, as HttpTransport sends it and a cassette records it. A field set to
 * `undefined` is absent (a recipient `{ to: undefined }` is a missing `to`, 109106, not a wrong type), a `Date` is its
 * ISO text, and a value JSON cannot carry (a bigint, a cycle) is refused as a wrong type (10001), as HttpTransport
 * refuses it. The same request thus gets the same answer from every transport.
 */
const asSent = (request: SendRequest.SendRequest): Either.Either<unknown, RequestRejected> =>
  Either.map(RequestJson.stringify(request), (text) => (text === undefined ? undefined : JSON.parse(text)))

interface Unit {
  readonly state: State.State
  readonly log: Array<Event>
}

/**
 * Builds an in-memory Marketing Cloud.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<
  MemoryTransport,
  never,
  MessageKeyGenerator.MessageKeyGenerator | RequestIdGenerator.RequestIdGenerator
> =>
  Effect.gen(function* () {
    const keys = yield* MessageKeyGenerator.MessageKeyGenerator
    const requestIds = yield* RequestIdGenerator.RequestIdGenerator
    const settings: State.Settings = { ...State.defaultSettings, ...options.settings }
    const keepEvents = options.keepEvents ?? true
    const units = new Map<string, Unit>()

    const apply = (unit: Unit, command: Commands.Command): Decider.Decision => {
      const decision = Decider.handle(command, unit.state)
      if (keepEvents && Either.isRight(decision)) for (const event of decision.right) unit.log.push(event)
      return decision
    }

    const unitOf = (businessUnit: string, now: number): Unit => {
      let unit = units.get(businessUnit)
      if (unit === undefined) {
        unit = { state: State.make(settings), log: [] }
        units.set(businessUnit, unit)
        for (const definition of options.definitions ?? []) apply(unit, Commands.createDefinition(definition, now))
      }
      // Every operation first moves on the messages whose time has come, so reads and sends see the present.
      apply(unit, Commands.deliverDueMessages(now))
      return unit
    }

    // Runs `f` against a business unit at the current time, in one synchronous step: JavaScript runs it to the end
    // before any other fiber touches the state.
    const withUnit = <A>(businessUnit: string | undefined, f: (unit: Unit, now: number) => A): Effect.Effect<A> =>
      Effect.map(Clock.currentTimeMillis, (now) => f(unitOf(businessUnit ?? defaultBusinessUnit, now), now))

    const decideBatch = (
      checked: SendRequest.CheckedRequest,
      generated: ReadonlySet<string>,
      businessUnit: string | undefined
    ) =>
      Effect.flatMap(requestIds.next, (requestId) =>
        withUnit(businessUnit, (unit, now) =>
          apply(unit, Commands.submitBatch({ request: checked, requestId, generatedKeys: generated, now }))
        )
      ).pipe(
        Effect.flatMap((decision) =>
          Either.isRight(decision)
            ? Effect.succeed(SendResponse.fromEvents(decision.right))
            : Effect.fail(
                new RequestRejected({
                  errorcode: "errorcode" in decision.left ? decision.left.errorcode : 0,
                  message: decision.left.message
                })
              )
        )
      )

    const submit = (body: unknown, route: SendRequest.Route, businessUnit?: string) =>
      Effect.gen(function* () {
        const decoded = RequestDecoder.decode(body, route, { maxRecipients: settings.maxRecipients })
        if (Either.isLeft(decoded)) {
          return yield* new RequestRejected({ errorcode: decoded.left.errorcode, message: decoded.left.message })
        }
        const keyed = yield* MessageKeyGenerator.assignKeys(decoded.right.recipients).pipe(
          Effect.provideService(MessageKeyGenerator.MessageKeyGenerator, keys)
        )
        return yield* decideBatch({ ...decoded.right, recipients: keyed.recipients }, keyed.generated, businessUnit)
      })

    const transport = (businessUnit?: string): SmsTransportModule.Service => ({
      send: (request) =>
        Either.match(asSent(request), {
          onLeft: (rejected) => Effect.fail(rejected),
          onRight: (body) => submit(body, SendRequest.routeOf(request), businessUnit)
        }).pipe(Effect.withSpan("MemoryTransport.send")),
      status: (messageKey) =>
        withUnit(businessUnit, (unit, now) => MessageStatus.of(unit.state, messageKey, now)).pipe(
          Effect.flatMap(
            Option.match({
              onNone: () =>
                Effect.fail(
                  new MessageNotFound({
                    messageKey,
                    errorcode: ServiceErrors.MessageNotFound.code,
                    message: catalogueMessage(ServiceErrors.MessageNotFound)
                  })
                ),
              onSome: Effect.succeed
            })
          ),
          Effect.withSpan("MemoryTransport.status")
        )
    })

    const handle: MemoryTransport = {
      settings,
      transport,
      submit,
      submitText: (text, route, businessUnit) =>
        Effect.suspend(() => {
          let body: unknown
          try {
            body = JSON.parse(text)
          } catch {
            // The decoder words the refusal (10004), as it does for the simulator.
            const refused = RequestDecoder.decodeText(text, route)
            return Either.isLeft(refused)
              ? Effect.fail(new RequestRejected({ errorcode: refused.left.errorcode, message: refused.left.message }))
              : submit(refused.right, route, businessUnit)
          }
          return submit(body, route, businessUnit)
        }),
      createDefinition: (body, businessUnit) =>
        withUnit(businessUnit, (unit, now) => apply(unit, Commands.createDefinition(body, now))).pipe(
          Effect.flatMap((decision) =>
            Either.isLeft(decision)
              ? decision.left._tag === "DefinitionExists"
                ? Effect.fail(decision.left as DefinitionExists)
                : // The body's schema says the key is non-empty; a caller that skipped it broke the contract.
                  Effect.dieMessage(`MemoryTransport.createDefinition: ${decision.left.message}`)
              : Effect.succeed((decision.right[0] as Extract<Event, { _tag: "DefinitionCreated" }>).definition)
          )
        ),
      updateDefinition: (definitionKey, changes, businessUnit) =>
        withUnit(businessUnit, (unit, now) => {
          const decision = apply(unit, Commands.updateDefinition(definitionKey, changes, now))
          return Either.map(decision, () => unit.state.definitions.get(definitionKey)!)
        }).pipe(
          Effect.flatMap((e) =>
            Either.isLeft(e) ? Effect.fail(e.left as DefinitionNotFound) : Effect.succeed(e.right)
          )
        ),
      deleteDefinition: (definitionKey, businessUnit) =>
        withUnit(businessUnit, (unit, now) => apply(unit, Commands.deleteDefinition(definitionKey, now))).pipe(
          Effect.flatMap((e) => (Either.isLeft(e) ? Effect.fail(e.left as DefinitionNotFound) : Effect.void))
        ),
      getDefinition: (definitionKey, businessUnit) =>
        withUnit(businessUnit, (unit) => Option.fromNullable(unit.state.definitions.get(definitionKey))),
      listDefinitions: (businessUnit) => withUnit(businessUnit, (unit) => [...unit.state.definitions.values()]),
      inbound: (from, message, businessUnit) =>
        withUnit(businessUnit, (unit, now) => {
          apply(unit, Commands.recordInbound(from, message, now))
        }),
      events: (businessUnit) => withUnit(businessUnit, (unit) => [...unit.log])
    }
    return handle
  })

/**
 * The in-memory Marketing Cloud and its `SmsTransport` for `options.businessUnit`, with random keys and request ids.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<SmsTransport | MemoryTransport> =>
  layerWith(options).pipe(Layer.provide([MessageKeyGenerator.layer, RequestIdGenerator.layer]))

/**
 * As {@link layer}, with keys and request ids from the context (use the deterministic layers in tests).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (
  options: Options = {}
): Layer.Layer<
  SmsTransport | MemoryTransport,
  never,
  MessageKeyGenerator.MessageKeyGenerator | RequestIdGenerator.RequestIdGenerator
> =>
  Layer.effectContext(
    Effect.map(make(options), (memory) =>
      Context.make(MemoryTransport, memory).pipe(Context.add(SmsTransport, memory.transport(options.businessUnit)))
    )
  )

/**
 * As {@link layer}, with deterministic keys and request ids: the same test always sees the same keys.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = (options: Options = {}, seed = 1): Layer.Layer<SmsTransport | MemoryTransport> =>
  layerWith(options).pipe(
    Layer.provide([MessageKeyGenerator.layerDeterministic(seed), RequestIdGenerator.layerDeterministic])
  )
