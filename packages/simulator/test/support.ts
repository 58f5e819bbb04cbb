import * as Http from "node:http"
import type { HttpClient } from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpTransport from "@mcsend/transport/HttpTransport"
import type * as SmsTransport from "@mcsend/transport/SmsTransport"
import { Chunk, Clock, Effect, type Exit, Layer, type Scope, TestClock } from "effect"
import { Simulator } from "../src/index.js"

/** The HttpClient every test uses: undici over a real loopback socket. */
export const client: Layer.Layer<HttpClient> = NodeHttpClient.layerUndici

export const welcome = { definitionKey: "welcome", content: { message: "Hi %%FirstName%%, code %%Code%%" } }

/** A simulator with the `welcome` definition, for the test's scope (and so on its TestClock). */
export const startSimulator = (
  options: Simulator.Options = {}
): Effect.Effect<Simulator.Simulator, Simulator.SimulatorError, Scope.Scope> =>
  Simulator.make({ memory: { definitions: [welcome], ...options.memory }, ...options })

/** An HttpTransport talking to `sim`. */
export const transportFor = (
  sim: Simulator.Simulator,
  options: Partial<HttpTransport.Options> = {}
): Effect.Effect<SmsTransport.Service, never, Scope.Scope> =>
  Effect.flatMap(Layer.build(client), (context) =>
    HttpTransport.make({
      authBaseUrl: sim.baseUrl,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      attemptTimeout: "1 hour",
      ...options
    }).pipe(Effect.provide(context))
  )

/** Lets pending I/O run: one turn of Node's event loop (this is not a timed sleep). */
export const ioTurn: Effect.Effect<void> = Effect.async<void>((resume) => {
  setImmediate(() => resume(Effect.void))
})

/**
 * Runs `effect` under TestClock, moving the clock to each pending sleep shorter than `horizon` (retry backoffs,
 * Retry-After waits) and letting I/O run in between. Answers the exit and how far the clock moved.
 */
export const drive = <A, E>(
  effect: Effect.Effect<A, E>,
  horizonMillis = 10 * 60_000
): Effect.Effect<{ readonly exit: Exit.Exit<A, E>; readonly advanced: number }> =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    let advanced = 0
    for (;;) {
      const exit = fiber.unsafePoll()
      if (exit !== null) return { exit, advanced }
      const now = yield* Clock.currentTimeMillis
      const due = Chunk.toReadonlyArray(yield* TestClock.sleeps()).filter((t) => t - now <= horizonMillis)
      if (due.length > 0) {
        const step = Math.max(0, Math.min(...due) - now)
        yield* TestClock.adjust(step)
        advanced += step
      }
      yield* ioTurn
    }
  })

/**
 * A stand-in for Marketing Cloud on a loopback port, for answers the simulator never gives (`errorCode` spellings,
 * HTML, oversized bodies, a status route that is down): it issues tokens itself and hands every other request, body
 * read, to `handle`. Answers its base URL (the `authBaseUrl`); closed with the scope.
 */
export const standIn = (
  handle: (request: Http.IncomingMessage, response: Http.ServerResponse) => void
): Effect.Effect<string, never, Scope.Scope> =>
  Effect.gen(function* () {
    let base = ""
    const server = Http.createServer((request, response) => {
      request.resume()
      request.on("end", () => {
        if (request.url !== "/v2/token") return handle(request, response)
        response.writeHead(200, { "content-type": "application/json" })
        response.end(
          JSON.stringify({ access_token: "t", token_type: "Bearer", expires_in: 1080, rest_instance_url: `${base}/` })
        )
      })
    })
    yield* Effect.acquireRelease(
      Effect.async<void>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.void))
      }),
      () =>
        Effect.sync(() => {
          server.closeAllConnections()
          server.close()
        })
    )
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    return base
  })
