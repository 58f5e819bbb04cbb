#!/usr/bin/env node
/**
 * The `mcsend` executable: `pnpm mcsend <command>`, or `node --import tsx packages/cli/src/bin.ts <command>`.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Cli from "./Cli.js"

let exitCode = 0
const serving = process.argv.slice(2).find((arg) => !arg.startsWith("-")) === "serve"

// Logs go to stderr: stdout carries the JSON a script reads.
const Logging = Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger))

Cli.run(process.argv).pipe(
  Effect.tap((code) => {
    exitCode = code
  }),
  Effect.provide(Layer.mergeAll(NodeContext.layer, NodeHttpClient.layerUndici, Logging)),
  NodeRuntime.runMain({
    disableErrorReporting: true,
    disablePrettyLogger: true,
    teardown: (exit, onExit) => {
      // Set the code and let Node exit once stdout has drained (process.exit can cut a piped write short); the
      // unref'd timer only fires if something still holds the event loop open.
      // Interrupted (Ctrl-C, SIGTERM): `serve` runs until then, so that is its normal end (0); any other command was
      // stopped before its answer, which must never look like the 0 of a 202 (130, as shells report SIGINT).
      const code = exit._tag === "Success" ? exitCode : serving ? 0 : 130
      process.exitCode = code
      setTimeout(() => process.exit(code), 2000).unref()
      // After a signal, runMain's onExit calls process.exit with what it is given: give it the real code.
      onExit(exit._tag === "Success" ? 0 : code)
    }
  })
)
