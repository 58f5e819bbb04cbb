/**
 * The same program against a cassette: `ReplayTransport` answers what the real API (here, the simulator) answered
 * when the cassette was recorded, so the test pins the API's exact response without a network or credentials.
 * Re-record it with `MCSEND_RECORD=1 npx vitest run --project examples send-batch.http` (see docs/examples/README.md).
 */

import { fileURLToPath } from "node:url"
import { NodeFileSystem } from "@effect/platform-node"
import { expect, it } from "@effect/vitest"
import { ReplayTransport } from "@mcsend/transport"
import { Effect, Layer } from "effect"
import { sendResetCodes } from "./send-batch.js"

const cassette = fileURLToPath(new URL("./cassettes/send-batch.json", import.meta.url))

const Replayed = ReplayTransport.layerReplay({ path: cassette, strict: true }).pipe(Layer.provide(NodeFileSystem.layer))

it.effect("answers as the API did when the cassette was recorded", () =>
  Effect.gen(function* () {
    const response = yield* sendResetCodes
    expect(response.errorcode).toBe(0)
    expect(response.responses.map((item) => item.errorcode)).toEqual([undefined, undefined])
  }).pipe(Effect.provide(Replayed))
)
