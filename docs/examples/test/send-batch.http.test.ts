/**
 * The embedding example of docs/examples (the README's snippet) against a real simulator over a socket, configured
 * exactly as in production: through `HttpTransport.layerConfig` reading the SFMC_* variables, which here come from a
 * ConfigProvider. Also checks that the committed cassette of send-batch.replay.test.ts is what the program records
 * today, so the replay test cannot go stale. `MCSEND_RECORD=1` rewrites that cassette.
 */

import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { NodeFileSystem } from "@effect/platform-node"
import { afterAll, expect, it } from "@effect/vitest"
import * as Simulator from "@mcsend/simulator/Simulator"
import { ReplayTransport } from "@mcsend/transport"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import { MarketingCloud, sendResetCodes } from "../send-batch.js"

const committedCassette = fileURLToPath(new URL("../cassettes/send-batch.json", import.meta.url))

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "mcsend-examples-"))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

const withSimulator = <A, E, R>(body: (simulator: Simulator.Simulator) => Effect.Effect<A, E, R>) =>
  Effect.scoped(
    Effect.gen(function* () {
      const simulator = yield* Simulator.make({
        memory: {
          definitions: [
            { definitionKey: "account-reset", content: { message: "%%FirstName%%, your code is %%Code%%" } }
          ]
        }
      })
      const env = ConfigProvider.fromMap(
        new Map([
          ["SFMC_AUTH_BASE_URL", simulator.baseUrl],
          ["SFMC_CLIENT_ID", simulator.clientId],
          ["SFMC_CLIENT_SECRET", Redacted.value(simulator.clientSecret)]
        ])
      )
      return yield* Effect.withConfigProvider(body(simulator), env)
    })
  )

it.live("send-batch.ts sends through HttpTransport.layerConfig to a simulator", () =>
  withSimulator((simulator) =>
    Effect.gen(function* () {
      const response = yield* sendResetCodes.pipe(Effect.provide(MarketingCloud))
      expect(response.errorcode).toBe(0)
      expect(response.responses).toHaveLength(2)
      const queued = (yield* simulator.memory.events()).filter((event) => event._tag === "MessageQueued")
      expect(queued.map((event) => [event.contactKey, event.text])).toEqual([
        ["Astro25", "Astro, your code is 1234"],
        ["Codey", "Codey, your code is 1234"]
      ])
    })
  )
)

it.live("the committed cassette holds what send-batch.ts records today", () =>
  withSimulator(() =>
    Effect.gen(function* () {
      const target = process.env.MCSEND_RECORD === "1" ? committedCassette : path.join(scratch, "send-batch.json")
      const Recording = ReplayTransport.layerRecord({ path: target }).pipe(
        Layer.provide(MarketingCloud),
        Layer.provide(NodeFileSystem.layer)
      )
      yield* sendResetCodes.pipe(Effect.provide(Recording))
      const requests = (file: string) =>
        (JSON.parse(fs.readFileSync(file, "utf8")) as ReplayTransport.Cassette).interactions.map((i) => [
          i.operation,
          i.request
        ])
      expect(requests(committedCassette)).toEqual(requests(target))
    })
  )
)
