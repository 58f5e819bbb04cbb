/**
 * The `mcsend` command: its subcommands, and how a run ends (exit codes).
 *
 * @since 0.1.0
 */

import type * as CliApp from "@effect/cli/CliApp"
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as ValidationError from "@effect/cli/ValidationError"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Demo from "./Demo.js"
import type * as Failure from "./internal/failure.js"
import { type CliFailure, oneLine } from "./internal/failure.js"
import * as Send from "./Send.js"
import * as Serve from "./Serve.js"
import * as Status from "./Status.js"

/**
 * The root command.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("mcsend").pipe(
  Command.withDescription(
    "Send SMS through Marketing Cloud's Transactional Messaging API, or a local simulator of it. Exit codes: 0 success, 1 the request failed as a whole, 2 usage or configuration."
  ),
  Command.withSubcommands([Send.command, Status.command, Serve.command, Demo.command])
)

/**
 * The version `--version` prints.
 *
 * @since 0.1.0
 * @category constants
 */
export const version = "0.1.0"

/**
 * What a run needs from the platform.
 *
 * @since 0.1.0
 * @category models
 */
export type Environment = CliApp.CliApp.Environment | FileSystem.FileSystem | HttpClient.HttpClient

const cli = Command.run(command, { name: "mcsend", version })

// Options of `send` that take a value: a "-" right after one of them is that value, not stdin.
const valued = new Set(["--transport", "--cassette", "--business-unit", "--definition", "--redact"])

// @effect/cli stops reading options after a lone "-" (stdin), so `send - --json` would refuse --json. Moving the "-"
// that is `send`'s FILE argument (wherever it stands among the options) to the end lets every option be read.
const stdinLast = (argv: ReadonlyArray<string>): ReadonlyArray<string> => {
  const at = argv.indexOf("send")
  if (at < 0) return argv
  for (let i = at + 1; i < argv.length; i++) {
    if (argv[i] === "-" && !valued.has(argv[i - 1]!)) return [...argv.slice(0, i), ...argv.slice(i + 1), "-"]
  }
  return argv
}

const describeDefect = (defect: unknown): string => oneLine(defect instanceof Error ? defect.message : String(defect))

/**
 * How a run ends: 0 success, 1 the request failed as a whole, 2 usage or configuration (see docs/cli.md).
 *
 * @since 0.1.0
 * @category models
 */
export type ExitCode = Failure.ExitCode

/**
 * Runs the command line on `argv` (as `process.argv`: runtime and script first) and answers the exit code. It never
 * fails: a usage error (already printed by the parser) is 2, a {@link CliFailure} prints its one line on stderr and
 * answers its code, and an unexpected defect prints one line (the whole cause with `MCSEND_DEBUG=1`) and answers 1.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<ExitCode, never, Environment> =>
  cli(stdinLast(argv)).pipe(
    Effect.as<ExitCode>(0),
    Effect.catchAll((error: CliFailure | ValidationError.ValidationError) =>
      ValidationError.isValidationError(error)
        ? Effect.succeed<ExitCode>(2)
        : Effect.as(Console.error(`mcsend: ${error.reason}`), error.exitCode)
    ),
    Effect.catchAllCause((cause) =>
      Cause.isInterruptedOnly(cause)
        ? Effect.failCause(cause)
        : Effect.as(
            Console.error(
              process.env.MCSEND_DEBUG === "1"
                ? Cause.pretty(cause)
                : `mcsend: unexpected error: ${describeDefect(Cause.squash(cause))} (set MCSEND_DEBUG=1 for details)`
            ),
            1 as const
          )
    ),
    Effect.provide(CliConfig.layer({ showBuiltIns: false }))
  )
