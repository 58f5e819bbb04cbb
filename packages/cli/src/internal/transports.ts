import * as Options from "@effect/cli/Options"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as HttpClient from "@effect/platform/HttpClient"
import type { CreateDefinitionBody } from "@mcsend/domain/SendDefinition"
import * as HttpTransport from "@mcsend/transport/HttpTransport"
import * as MemoryTransport from "@mcsend/transport/MemoryTransport"
import * as ReplayTransport from "@mcsend/transport/ReplayTransport"
import type { SmsTransport } from "@mcsend/transport/SmsTransport"
import type { CassetteError } from "@mcsend/transport/TransportError"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { type CliFailure, oneLine, usage } from "./failure.js"
import { resolveUserPath } from "./paths.js"

/** The transports a command can use. */
export const transportNames = ["memory", "http", "replay"] as const

/** @see transportNames */
export type TransportName = (typeof transportNames)[number]

/** The flags every command that talks to the API shares. */
export const flags = {
  transport: Options.choice("transport", transportNames).pipe(
    Options.withDefault("memory" as const),
    Options.withDescription(
      "What answers: memory (the domain in process, empty at start), http (the real API, or a simulator, from the SFMC_* variables) or replay (a cassette)."
    )
  ),
  cassette: Options.text("cassette").pipe(
    Options.withPseudoName("FILE"),
    Options.optional,
    Options.withDescription("The cassette file: read by --transport replay, written by --record.")
  ),
  record: Options.boolean("record").pipe(
    Options.withDescription(
      "Record what the chosen transport (memory or http) answers into --cassette FILE (replacing the file)."
    )
  ),
  redact: Options.text("redact").pipe(
    Options.withPseudoName("NAME"),
    Options.repeated,
    Options.withDescription("With --record: mask this attribute's values in the cassette (repeatable).")
  ),
  businessUnit: Options.text("business-unit").pipe(
    Options.withPseudoName("MID"),
    Options.optional,
    Options.withDescription(
      "The business unit (MID) to act in: the token request's account_id for http (overrides SFMC_ACCOUNT_ID)."
    )
  ),
  json: Options.boolean("json").pipe(
    Options.withDescription("Print JSON, also on a terminal (JSON is the default when stdout is not a terminal).")
  )
}

/** The parsed values of {@link flags}. */
export interface Flags {
  readonly transport: TransportName
  readonly cassette: Option.Option<string>
  readonly record: boolean
  readonly redact: ReadonlyArray<string>
  readonly businessUnit: Option.Option<string>
  readonly json: boolean
}

/** What the memory transport starts with (it is empty in a fresh process). */
export interface MemorySetup {
  readonly definitions: ReadonlyArray<CreateDefinitionBody>
}

/** One line naming every missing or invalid variable. */
export const describeConfigError = (error: ConfigError.ConfigError): string => {
  const missing: Array<string> = []
  const invalid: Array<string> = []
  const walk = (e: ConfigError.ConfigError): void => {
    switch (e._op) {
      case "And":
      case "Or":
        walk(e.left)
        walk(e.right)
        return
      case "MissingData":
        missing.push(e.path.join("_"))
        return
      case "InvalidData":
      case "SourceUnavailable":
      case "Unsupported":
        invalid.push(oneLine(e.message))
        return
    }
  }
  walk(error)
  const parts: Array<string> = []
  if (missing.length > 0) parts.push(`missing ${[...new Set(missing)].join(", ")}`)
  if (invalid.length > 0) parts.push(invalid.join("; "))
  return `--transport http needs the SFMC_* variables: ${parts.join("; ")} (see docs/cli.md)`
}

const httpLayer = (businessUnit: Option.Option<string>) =>
  Effect.map(
    Effect.mapError(HttpTransport.config, (error) => usage(describeConfigError(error))),
    (options) =>
      HttpTransport.layer(Option.isSome(businessUnit) ? { ...options, accountId: businessUnit.value } : options)
  )

const cassetteFailure = (error: CassetteError): CliFailure => usage(oneLine(error.message))

/**
 * The `SmsTransport` the flags ask for. Fails (exit 2) on flags that do not fit together and on missing `SFMC_*`
 * variables, before anything is sent.
 */
export const layer = (
  flags: Flags,
  memory: MemorySetup
): Effect.Effect<Layer.Layer<SmsTransport, CliFailure, FileSystem.FileSystem | HttpClient.HttpClient>, CliFailure> =>
  Effect.gen(function* () {
    const cassette = Option.map(flags.cassette, resolveUserPath)
    if (flags.record && flags.transport === "replay") {
      return yield* usage("--record records what memory or http answers; it cannot be used with --transport replay")
    }
    if ((flags.record || flags.transport === "replay") && Option.isNone(cassette)) {
      return yield* usage(flags.record ? "--record needs --cassette FILE" : "--transport replay needs --cassette FILE")
    }
    if (!flags.record && flags.transport !== "replay" && Option.isSome(cassette)) {
      return yield* usage("--cassette is read by --transport replay and written by --record; add one of them")
    }
    if (!flags.record && flags.redact.length > 0) return yield* usage("--redact is only used with --record")

    const base: Layer.Layer<SmsTransport, CliFailure, FileSystem.FileSystem | HttpClient.HttpClient> =
      flags.transport === "memory"
        ? MemoryTransport.layer({
            definitions: memory.definitions,
            ...(Option.isSome(flags.businessUnit) ? { businessUnit: flags.businessUnit.value } : {})
          })
        : flags.transport === "http"
          ? yield* httpLayer(flags.businessUnit)
          : ReplayTransport.layerReplay({ path: Option.getOrThrow(cassette), mode: "unordered" }).pipe(
              Layer.mapError(cassetteFailure)
            )
    if (!flags.record) return base
    return ReplayTransport.layerRecord({ path: Option.getOrThrow(cassette), redact: flags.redact }).pipe(
      Layer.mapError(cassetteFailure),
      Layer.provide(base)
    )
  })
