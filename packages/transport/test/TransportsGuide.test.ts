/**
 * The code of docs/transports.md, compiled and run: if the API drifts from the guide, this fails.
 */
import { FetchHttpClient, FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { HttpTransport, MemoryTransport, ReplayTransport, SmsTransport } from "@mcsend/transport"
import { Effect, Layer, TestClock } from "effect"

// --- guide: a service depends on the port only ---
const sendResetCode = (to: string, code: string) =>
  SmsTransport.send({
    definitionKey: "account-reset",
    attributes: { Code: code },
    recipients: [{ contactKey: to, to }]
  }).pipe(
    Effect.map((response) => response.responses[0]!),
    Effect.catchTags({
      // 400: nothing was queued; the API's errorcode says why.
      RequestRejected: (e) => Effect.fail(`refused: ${e.errorcode}`),
      // No usable answer; retry with the same messageKeys if `retryable`.
      TransportFailure: (e) => Effect.fail(`${e.reason}${e.outcomeUnknown ? " (may have been sent)" : ""}`),
      ReplayMismatch: (e) => Effect.die(e)
    })
  )

// --- guide: production wiring ---
const Live = HttpTransport.layerConfig.pipe(Layer.provide(FetchHttpClient.layer))

// --- guide: tests against the in-memory reference ---
const Memory = MemoryTransport.layerTest({
  definitions: [{ definitionKey: "account-reset", content: { message: "Your code is %%Code%%" } }]
})

describe("docs/transports.md", () => {
  it("the production layer type-checks as a drop-in for the same service", () => {
    const program: Effect.Effect<unknown, unknown, never> = sendResetCode("15555551234", "1").pipe(Effect.provide(Live))
    expect(Effect.isEffect(program)).toBe(true)
  })

  it.effect("memory: keys, statuses and opt-outs", () =>
    Effect.gen(function* () {
      const item = yield* sendResetCode("15555551234", "1234")
      expect(item.errorcode).toBeUndefined()
      expect(item.messageKey).toHaveLength(22)

      const memory = yield* MemoryTransport.MemoryTransport
      yield* memory.inbound("15555551234", "STOP")
      const second = yield* sendResetCode("15555551234", "5678")
      yield* TestClock.adjust("5 seconds")
      const status = yield* SmsTransport.status(second.messageKey)
      expect(status.eventCategoryType).toBe("TransactionalSendEvents.SMSNotSent")
      expect(status.info.statusCode).toBe(1)
    }).pipe(Effect.provide(Memory))
  )

  it.scoped("record, then replay", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped()
      const path = `${dir}/cassettes/reset.json`

      // --- guide: recording (keep the MemoryTransport handle with provideMerge) ---
      const Recording = ReplayTransport.layerRecord({ path, redact: ["Code"] }).pipe(
        Layer.provideMerge(Memory),
        Layer.provide(NodeFileSystem.layer)
      )
      // --- guide: replaying ---
      const Replayed = ReplayTransport.layerReplay({ path, mode: "ordered", strict: true }).pipe(
        Layer.provide(NodeFileSystem.layer)
      )

      const recorded = yield* Effect.gen(function* () {
        const memory = yield* MemoryTransport.MemoryTransport
        const item = yield* sendResetCode("15555551234", "8642")
        // The recorder wraps the memory transport: the send reached it.
        expect((yield* memory.events()).some((e) => e._tag === "MessageQueued")).toBe(true)
        return item
      }).pipe(Effect.provide(Recording))
      expect(yield* fs.readFileString(path)).not.toContain("8642")

      const replayed = yield* sendResetCode("15555551234", "9999").pipe(Effect.provide(Replayed))
      expect(replayed).toEqual(recorded)
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )
})
