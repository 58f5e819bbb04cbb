/**
 * `mcsend serve`: runs the simulator until interrupted.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Simulator from "@mcsend/simulator/Simulator"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { usage } from "./internal/failure.js"

const host = Options.text("host").pipe(
  Options.withDefault(Simulator.defaults.host),
  Options.withDescription("The interface to listen on.")
)
const port = Options.integer("port").pipe(
  Options.withDefault(8080),
  Options.withDescription("The port to listen on (0 picks a free one).")
)
const clientId = Options.text("client-id").pipe(
  Options.withPseudoName("ID"),
  Options.withDefault(Simulator.defaults.clientId),
  Options.withDescription("The client id the token route accepts.")
)
const clientSecret = Options.text("client-secret").pipe(
  Options.withPseudoName("SECRET"),
  Options.withDefault(Simulator.defaults.clientSecret),
  Options.withDescription("The client secret the token route accepts.")
)
const definition = Options.keyValueMap(Options.text("definition").pipe(Options.withPseudoName("KEY=TEXT"))).pipe(
  Options.optional,
  Options.withDescription("Start with send definition KEY, message TEXT, in every business unit (repeatable).")
)
const json = Options.boolean("json").pipe(
  Options.withDescription("Print where it listens, and the credentials, as one JSON line.")
)

/**
 * What `serve` prints once it listens: where, the credentials it accepts, and the variables that point
 * `--transport http` (or a service's `HttpTransport.layerConfig`) at it.
 *
 * @since 0.1.0
 * @category formatting
 */
export const banner = (baseUrl: string, id: string, secret: string): string =>
  [
    `mcsend simulator listening on ${baseUrl}`,
    `client id:     ${id}`,
    `client secret: ${secret}`,
    "",
    "Point HttpTransport.layerConfig or `pnpm mcsend send --transport http` at it (paste in another shell):",
    "",
    `export SFMC_AUTH_BASE_URL=${baseUrl}`,
    `export SFMC_CLIENT_ID=${id}`,
    `export SFMC_CLIENT_SECRET=${secret}`,
    "",
    "Press Ctrl-C to stop."
  ].join("\n")

/**
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(
  "serve",
  { host, port, clientId, clientSecret, definition, json },
  ({ clientId, clientSecret, definition, host, json, port }) =>
    Effect.scoped(
      Effect.gen(function* () {
        if (port < 0 || port > 65535) return yield* usage(`--port must be between 0 and 65535, not ${port}`)
        const definitions = Option.match(definition, {
          onNone: () => [],
          onSome: (map) =>
            [...HashMap.toEntries(map)].map(([definitionKey, message]) => ({ definitionKey, content: { message } }))
        })
        const simulator = yield* Simulator.make({ host, port, clientId, clientSecret, memory: { definitions } }).pipe(
          Effect.mapError((error) => usage(error.message))
        )
        const secret = Redacted.value(simulator.clientSecret)
        yield* !json
          ? Console.log(banner(simulator.baseUrl, simulator.clientId, secret))
          : Console.log(
              JSON.stringify({
                baseUrl: simulator.baseUrl,
                clientId: simulator.clientId,
                clientSecret: secret,
                env: {
                  SFMC_AUTH_BASE_URL: simulator.baseUrl,
                  SFMC_CLIENT_ID: simulator.clientId,
                  SFMC_CLIENT_SECRET: secret
                }
              })
            )
        return yield* Effect.never
      })
    )
).pipe(
  Command.withDescription(
    "Run the Marketing Cloud simulator until interrupted (Ctrl-C), printing its base URL and the credentials it accepts."
  )
)
