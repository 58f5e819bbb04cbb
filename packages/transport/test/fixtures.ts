import type { CreateDefinitionBody } from "@mcsend/domain/SendDefinition"
import { Cause, Effect, Exit, Option, Schema } from "effect"
import { TransportError } from "../src/index.js"

export const definitions: ReadonlyArray<CreateDefinitionBody> = [
  { definitionKey: "welcome", content: { message: "Hi %%FirstName%%, your code is %%Code%%" } },
  { definitionKey: "plain", content: { message: "Hello" } }
]

const encodeError = Schema.encodeSync(TransportError.TransportError)

/** An outcome as plain data: the value, or the port error encoded with its `_tag` (so it compares structurally). */
export type Outcome = { readonly ok: unknown } | { readonly error: unknown }

export const outcome = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Outcome, never, R> =>
  Effect.map(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) return { ok: exit.value }
    const failure = Cause.failureOption(exit.cause)
    if (Option.isNone(failure)) throw new Error(`unexpected defect: ${Cause.pretty(exit.cause)}`)
    return { error: encodeError(failure.value as TransportError.TransportError) }
  })

/** The error an effect failed with (fails the test if it succeeded). */
export const failure = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<E, A, R> => Effect.flip(effect)
