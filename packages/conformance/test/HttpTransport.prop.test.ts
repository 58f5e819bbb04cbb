import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Suite } from "@mcsend/conformance"
import { SendResponse } from "@mcsend/domain"
import { Simulator } from "@mcsend/simulator"
import { HttpTransport, ReplayTransport, TransportError } from "@mcsend/transport"
import { Effect, Layer, Redacted, Schema } from "effect"

// HttpTransport over a real loopback socket to the simulator, which runs on the case's TestClock. Each case starts
// its own simulator on a free port, and its own HttpClient: the client is part of the case's layer, because
// providing `layerUndici` to one effect closes its dispatcher when that effect ends (later requests then hang).
const settings = { maxRecipients: 25 }
const other = "conformance-other-mid"

const transportFor = (sim: Simulator.Simulator, accountId?: string) =>
  HttpTransport.make({
    authBaseUrl: sim.baseUrl,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    // Under TestClock a timeout would never fire on its own; the simulator answers at once anyway.
    attemptTimeout: "1 hour",
    ...(accountId === undefined ? {} : { accountId })
  })

const layer = Layer.unwrapEffect(
  Effect.map(Simulator.Simulator, (sim) =>
    HttpTransport.layer({
      authBaseUrl: sim.baseUrl,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      attemptTimeout: "1 hour"
    })
  )
).pipe(Layer.provideMerge(Layer.merge(Simulator.layer({ memory: { settings } }), NodeHttpClient.layerUndici)))

// Raw text to the send route, with a token of its own: the only way to send a body that is not JSON.
const submitText = (text: string, businessUnit: string) =>
  Effect.gen(function* () {
    const sim = yield* Simulator.Simulator
    const client = yield* HttpClient.HttpClient
    const token = yield* HttpClientRequest.post(`${sim.baseUrl}/v2/token`).pipe(
      HttpClientRequest.bodyUnsafeJson({
        grant_type: "client_credentials",
        client_id: sim.clientId,
        client_secret: Redacted.value(sim.clientSecret),
        ...(businessUnit === "default" ? {} : { account_id: businessUnit })
      }),
      client.execute,
      Effect.flatMap((r) => r.json),
      Effect.map((body) => (body as { access_token: string }).access_token)
    )
    const response = yield* HttpClientRequest.post(`${sim.baseUrl}/messaging/v1/sms/messages/`).pipe(
      HttpClientRequest.bearerToken(token),
      HttpClientRequest.bodyText(text, "application/json"),
      client.execute
    )
    const body = yield* response.json
    if (response.status === 202) return yield* Schema.decodeUnknown(SendResponse.SendResponseFromWire)(body)
    const error = body as { errorcode: number; message: string }
    return yield* new TransportError.RequestRejected({ errorcode: error.errorcode, message: error.message })
  }).pipe(
    Effect.scoped,
    Effect.catchTags({
      RequestError: (e) =>
        new TransportError.TransportFailure({
          reason: "ConnectionFailed",
          retryable: false,
          outcomeUnknown: true,
          message: e.message
        }),
      ResponseError: (e) =>
        new TransportError.TransportFailure({
          reason: "InvalidResponse",
          retryable: false,
          outcomeUnknown: true,
          message: e.message
        }),
      ParseError: (e) =>
        new TransportError.TransportFailure({
          reason: "InvalidResponse",
          retryable: false,
          outcomeUnknown: true,
          message: e.message
        })
    })
  )

const driver: Suite.Driver<Simulator.Simulator | HttpClient.HttpClient> = {
  ...Suite.memoryDriverWith(
    Effect.map(Simulator.Simulator, (sim) => sim.memory),
    { settings }
  ),
  otherBusinessUnit: { name: other, transport: Effect.flatMap(Simulator.Simulator, (sim) => transportFor(sim, other)) },
  submitText: (text, _route, businessUnit) => submitText(text, businessUnit)
}

Suite.run("HttpTransport over the simulator conformance", {
  layer,
  driver,
  // Each case opens sockets: a third of the runs keeps this file near the others in time.
  numRuns: Math.max(1, Math.round(Suite.parameters().numRuns! / 3)),
  // Property 8 over real HTTP: record HttpTransport's answers, replay them without the simulator.
  replay: {
    record: (path) => ReplayTransport.layerRecord({ path }).pipe(Layer.provide(NodeFileSystem.layer)),
    replay: (path) => ReplayTransport.layerReplay({ path, strict: true }).pipe(Layer.provide(NodeFileSystem.layer))
  }
})
