/**
 * Embedding mcsend: a service sends a batch through the `SmsTransport` port, and the edge of the program decides
 * which transport answers. Here it is the real API, configured from the environment by `HttpTransport.layerConfig`:
 * SFMC_AUTH_BASE_URL, SFMC_CLIENT_ID, SFMC_CLIENT_SECRET, and optionally SFMC_ACCOUNT_ID and SFMC_REST_BASE_URL.
 *
 * Run it against a local simulator:
 *   pnpm mcsend serve --port 8080 --definition "account-reset=%%FirstName%%, your code is %%Code%%"
 *   export SFMC_AUTH_BASE_URL=http://127.0.0.1:8080 SFMC_CLIENT_ID=mcsend-client SFMC_CLIENT_SECRET=mcsend-secret
 *   node --import tsx docs/examples/send-batch.ts
 */

import { fileURLToPath } from "node:url"
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { HttpTransport, SmsTransport } from "@mcsend/transport"
import { Console, Effect, Layer } from "effect"

// The business code: it knows the port, not the transport.
export const sendResetCodes = Effect.gen(function* () {
  const sms = yield* SmsTransport.SmsTransport
  const response = yield* sms.send({
    definitionKey: "account-reset",
    recipients: [
      { contactKey: "Astro25", to: "15555551234", attributes: { FirstName: "Astro" } },
      { contactKey: "Codey", to: "15555555678", attributes: { FirstName: "Codey" } }
    ],
    attributes: { Code: "1234" }
  })
  // One item per recipient, in request order: a messageKey, and an errorcode when that recipient failed.
  for (const item of response.responses) {
    yield* Console.log(
      item.errorcode === undefined ? `${item.messageKey} queued` : `${item.messageKey} ${item.message}`
    )
  }
  return response
})

// The edge: the real API, from the SFMC_* variables, over Node's HTTP client.
export const MarketingCloud = HttpTransport.layerConfig.pipe(Layer.provide(NodeHttpClient.layerUndici))

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  sendResetCodes.pipe(Effect.provide(MarketingCloud), NodeRuntime.runMain)
}
