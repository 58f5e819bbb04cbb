import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { NodeContext, NodeHttpClient } from "@effect/platform-node"
import { ConfigProvider, type Console, Effect, Layer } from "effect"
import * as Cli from "../src/Cli.js"

/** The repository root: the child processes run from there, as `pnpm mcsend` users do. */
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url))

/** What a run of the command line printed, and how it ended. */
export interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

// The environment without anything that would change how the CLI behaves: no SFMC_* credentials from the machine,
// no INIT_CWD from a surrounding pnpm (paths in these tests are absolute anyway).
const cleanEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("SFMC_") && key !== "INIT_CWD" && key !== "MCSEND_DEBUG") env[key] = value
  }
  return { ...env, NO_COLOR: "1", ...extra }
}

/**
 * Runs the real CLI in a child process (`node --import tsx packages/cli/src/bin.ts …` from the repository root), with
 * stdout and stderr as pipes, so it behaves as it does in a script.
 */
export const runBin = (
  args: ReadonlyArray<string>,
  options: { readonly input?: string; readonly env?: Record<string, string> } = {}
): Promise<Result> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "packages/cli/src/bin.ts", ...args], {
      cwd: repoRoot,
      env: cleanEnv(options.env ?? {}),
      stdio: ["pipe", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
    })
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.input ?? "")
  })

/**
 * Runs the command line in this process, as `bin.ts` does, with stdout and stderr captured and configuration from
 * `env` only (not the machine's environment).
 */
export const runInProcess = (
  args: ReadonlyArray<string>,
  env: Record<string, string> = {}
): Effect.Effect<Result & { readonly code: number }> =>
  Effect.gen(function* () {
    const out: Array<string> = []
    const err: Array<string> = []
    const base = yield* Effect.console
    const console: Console.Console = {
      ...base,
      log: (...items) => Effect.sync(() => out.push(items.join(" "))),
      error: (...items) => Effect.sync(() => err.push(items.join(" ")))
    }
    const code = yield* Cli.run(["node", "mcsend", ...args]).pipe(
      Effect.withConsole(console),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))),
      Effect.provide(Layer.merge(NodeContext.layer, NodeHttpClient.layerUndici))
    )
    return { code, stdout: out.join("\n"), stderr: err.join("\n") }
  })

/** The JSON a run printed on stdout. */
export const stdoutJson = (result: Result): unknown => JSON.parse(result.stdout)
