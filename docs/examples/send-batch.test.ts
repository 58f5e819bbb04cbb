/**
 * The same program, tested without a network: `MemoryTransport` runs the API's rules in process, with deterministic
 * messageKeys, and its handle shows what was queued (the rendered text, the segment count).
 */
import { expect, it } from "@effect/vitest"
import { MemoryTransport } from "@mcsend/transport"
import { Effect } from "effect"
import { sendResetCodes } from "./send-batch.js"

const Memory = MemoryTransport.layerTest({
  definitions: [{ definitionKey: "account-reset", content: { message: "%%FirstName%%, your code is %%Code%%" } }]
})

it.effect("queues a reset code for every recipient", () =>
  Effect.gen(function* () {
    const response = yield* sendResetCodes
    expect(response.errorcode).toBe(0)
    expect(response.responses).toHaveLength(2)

    const memory = yield* MemoryTransport.MemoryTransport
    const queued = (yield* memory.events()).filter((event) => event._tag === "MessageQueued")
    expect(queued.map((event) => event.text)).toEqual(["Astro, your code is 1234", "Codey, your code is 1234"])
    expect(queued.map((event) => event.segments)).toEqual([1, 1])
  }).pipe(Effect.provide(Memory))
)
