/**
 * Given/when/then for the decider, in the style of Emmett's `DeciderSpecification`: the state is built by evolving
 * the given events from an empty business unit, the command is decided against it, and the outcome is compared.
 */
import { expect } from "@effect/vitest"
import { Effect, Either } from "effect"
import * as Commands from "../../src/Commands.js"
import * as Decider from "../../src/Decider.js"
import {
  DefinitionCreated,
  type Event,
  type Fate,
  MessageQueued,
  MessageRejected,
  SubscriberOptedOut
} from "../../src/Events.js"
import * as MessageKeyGenerator from "../../src/MessageKeyGenerator.js"
import * as RequestDecoder from "../../src/RequestDecoder.js"
import * as SendDefinition from "../../src/SendDefinition.js"
import * as SendRequest from "../../src/SendRequest.js"
import type * as State from "../../src/State.js"

/** 2026-01-01T00:00:00Z: every scenario starts here unless it says otherwise. */
export const t0 = Date.UTC(2026, 0, 1)

export const hours = (n: number) => n * 60 * 60 * 1000

/** A rejection expected by its errorcode, or by its tag (and fields). */
export type ExpectedRejection = number | { readonly _tag: string; readonly [field: string]: unknown }

export interface Outcome {
  /** The command causes exactly these events. */
  readonly then: (expected: ReadonlyArray<Event>) => void
  /** The command causes as many events as expected, each matching its partial description; answers the events. */
  readonly thenMatches: (expected: ReadonlyArray<Record<string, unknown>>) => ReadonlyArray<Event>
  /** The command is refused: an errorcode (whole-request errors) or a tagged error's fields. */
  readonly thenRejects: (expected: ExpectedRejection) => void
  /** The command is accepted and causes no event. */
  readonly thenNothingHappens: () => void
  /** The raw decision, for assertions the helpers above do not cover. */
  readonly decision: () => Decider.Decision
}

export interface Given {
  readonly when: (command: Commands.Command) => Outcome
  /** The state after the given events (a fresh one per call: state is owned). */
  readonly state: () => State.State
}

export const evolveAll = (events: ReadonlyArray<Event>, settings?: Partial<State.Settings>): State.State =>
  events.reduce(Decider.evolve, Decider.initialState(settings))

export const given = (events: ReadonlyArray<Event> = [], settings?: Partial<State.Settings>): Given => ({
  state: () => evolveAll(events, settings),
  when: (command) => {
    const decision = () => Decider.decide(command, evolveAll(events, settings))
    const accepted = (): ReadonlyArray<Event> => {
      const d = decision()
      if (Either.isLeft(d)) throw new Error(`expected events, the command was refused: ${JSON.stringify(d.left)}`)
      return d.right
    }
    return {
      decision,
      // biome-ignore lint/suspicious/noThenProperty: Emmett's given/when/then vocabulary; the outcome is never awaited.
      then: (expected) => {
        expect(accepted()).toEqual(expected)
      },
      thenMatches: (expected) => {
        const events = accepted()
        expect(events).toHaveLength(expected.length)
        events.forEach((event, i) => {
          expect(event).toMatchObject(expected[i]!)
        })
        return events
      },
      thenRejects: (expected) => {
        const d = decision()
        if (Either.isRight(d)) throw new Error(`expected a refusal, got events: ${JSON.stringify(d.right)}`)
        if (typeof expected === "number") expect(d.left).toMatchObject({ _tag: "BatchRefused", errorcode: expected })
        else expect(d.left).toMatchObject(expected)
      },
      thenNothingHappens: () => {
        expect(accepted()).toEqual([])
      }
    }
  }
})

// Builders for the events scenarios start from.

export const definitionCreated = (
  definitionKey = "welcome",
  message = "Hi %%FirstName%%",
  status: SendDefinition.DefinitionStatus = "Active"
): DefinitionCreated =>
  new DefinitionCreated({
    definition: SendDefinition.fromCreateBody({ definitionKey, content: { message }, status }),
    at: t0
  })

export const queued = (
  messageKey: string,
  at: number,
  fields: Partial<ConstructorParameters<typeof MessageQueued>[0]> = {}
): MessageQueued =>
  new MessageQueued({
    requestId: "earlier",
    index: 0,
    messageKey,
    keyGenerated: false,
    contactKey: "c",
    to: "15555550000",
    definitionKey: "welcome",
    text: "Hi",
    encoding: "GSM7",
    segments: 1,
    missingSubstitutions: [],
    fate: "Send" as Fate,
    at,
    dueAt: at + 5000,
    ...fields
  })

export const rejected = (messageKey: string, at: number, errorcode = 109121): MessageRejected =>
  new MessageRejected({ requestId: "earlier", index: 0, messageKey, errorcode, message: "x", at })

export const optedOut = (to: string, at = t0): SubscriberOptedOut => new SubscriberOptedOut({ to, keyword: "STOP", at })

/** A valid recipient; override any field. */
export const recipient = (messageKey: string, fields: Partial<SendRequest.Recipient> = {}): SendRequest.Recipient => ({
  contactKey: `contact-${messageKey}`,
  to: "15555551234",
  messageKey,
  ...fields
})

export interface SubmitOptions {
  readonly now?: number
  readonly requestId?: string
  readonly route?: SendRequest.Route
  /** Seed of the deterministic key generator that fills missing messageKeys. */
  readonly seed?: number
}

/**
 * A SubmitBatch command from a wire body, as the transports build it: decoded, missing keys generated
 * (deterministically), then stamped with the time and a request id.
 */
export const submit = (body: unknown, options: SubmitOptions = {}): Commands.SubmitBatch => {
  const decoded = RequestDecoder.decode(body, options.route ?? SendRequest.batchRoute)
  if (Either.isLeft(decoded)) throw new Error(`the body does not decode: ${decoded.left.message}`)
  const keyed = Effect.runSync(
    MessageKeyGenerator.assignKeys(decoded.right.recipients).pipe(
      Effect.provideService(MessageKeyGenerator.MessageKeyGenerator, MessageKeyGenerator.deterministic(options.seed))
    )
  )
  return Commands.submitBatch({
    request: { ...decoded.right, recipients: keyed.recipients },
    requestId: options.requestId ?? "req-1",
    generatedKeys: keyed.generated,
    now: options.now ?? t0
  })
}

/** A batch body for the `welcome` definition. */
export const batch = (
  recipients: ReadonlyArray<unknown>,
  fields: Record<string, unknown> = {}
): Record<string, unknown> => ({ definitionKey: "welcome", recipients, ...fields })

/** Decides and applies each command in turn on one state, answering every decision. */
export const run = (state: State.State, commands: ReadonlyArray<Commands.Command>): Array<Decider.Decision> =>
  commands.map((command) => Decider.handle(command, state))
