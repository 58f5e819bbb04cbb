/**
 * `send` and `status` in process (Cli.run with captured stdout/stderr): the memory transport's definitions, every
 * flag combination that is a usage error, and `--transport http` against a simulator over a real socket.
 */

import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Simulator from "@mcsend/simulator/Simulator"
import { Effect, Redacted } from "effect"
import { runInProcess, stdoutJson } from "./support.js"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcsend-send-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

let files = 0
const writeRequest = (body: unknown): string => {
  const file = path.join(dir, `request-${++files}.json`)
  fs.writeFileSync(file, typeof body === "string" ? body : JSON.stringify(body))
  return file
}

const batch = {
  definitionKey: "account-reset",
  recipients: [
    { contactKey: "Astro25", to: "15555551234", messageKey: "astro-1", attributes: { FirstName: "Astro" } },
    { contactKey: "", to: "15555551235", messageKey: "nobody-1" }
  ],
  attributes: { Code: "1234" }
}

describe("help", () => {
  it.effect("every command has --help, exit 0", () =>
    Effect.gen(function* () {
      for (const [command, flags] of [
        ["send", ["--transport", "--cassette", "--record", "--business-unit", "--definition", "--json", "FILE"]],
        ["status", ["--transport", "--cassette", "--json", "KEY"]],
        ["serve", ["--host", "--port", "--client-id", "--client-secret", "--definition"]],
        ["demo", ["--json"]]
      ] as const) {
        const result = yield* runInProcess([command, "--help"])
        expect(result.code).toBe(0)
        for (const flag of flags) expect(result.stdout).toContain(flag)
      }
    })
  )

  it.effect("bad flags are usage errors (exit 2) with one message and nothing on stdout", () =>
    Effect.gen(function* () {
      const file = writeRequest(batch)
      for (const args of [
        ["send", file, "--transport", "carrier-pigeon"],
        ["send", file, "--record"],
        ["send", file, "--transport", "replay"],
        ["send", file, "--transport", "replay", "--record", "--cassette", "x.json"],
        ["send", file, "--cassette", "x.json"],
        ["send", file, "--redact", "Code"],
        ["send", file, "--transport", "http", "--definition", "a=b"],
        ["send"],
        ["status"],
        ["serve", "--port", "70000"]
      ]) {
        const result = yield* runInProcess(args)
        expect(result.code, args.join(" ")).toBe(2)
        expect(result.stdout, args.join(" ")).toBe("")
        expect(result.stderr.trim(), args.join(" ")).not.toBe("")
      }
    })
  )
})

describe("send --transport memory", () => {
  it.effect("defines the request's definitionKey on the fly, with the request's content", () =>
    Effect.gen(function* () {
      const result = yield* runInProcess(["send", writeRequest(batch), "--json"])
      expect(result.code).toBe(0)
      expect(stdoutJson(result)).toMatchObject({
        errorcode: 109001,
        responses: [{ messageKey: "astro-1" }, { messageKey: "nobody-1", errorcode: 109105 }]
      })
    })
  )

  it.effect("with --definition, only the given definitions exist: another key is refused as a whole (exit 1)", () =>
    Effect.gen(function* () {
      const ok = yield* runInProcess(["send", writeRequest(batch), "--definition", "account-reset=Hi %%FirstName%%"])
      expect(ok.code).toBe(0)
      const refused = yield* runInProcess(["send", writeRequest(batch), "--definition", "other=Hi"])
      expect(refused.code).toBe(1)
      expect(stdoutJson(refused)).toEqual({
        errorcode: 109111,
        message: expect.stringContaining("MCMS_UTM_Validation_InvalidValue_definitionKey"),
        documentation: ""
      })
      expect(refused.stderr).toMatch(/^mcsend: request refused \(errorcode 109111\)/)
    })
  )

  it.effect("a malformed file gets the API's whole-request codes before any transport sees it (exit 1)", () =>
    Effect.gen(function* () {
      for (const [body, code] of [
        ["{ not json", 10004],
        [{ definitionKey: "k", recipients: [] }, 109102],
        [{ definitionKey: "k", recipients: [{ to: "1" }], extra: true }, 109122],
        [{ recipients: [{ to: "1" }] }, 10002],
        [{ definitionKey: "k", recipient: { to: "1" }, recipients: [] }, 109122],
        [[1, 2], 10004]
      ] as const) {
        const result = yield* runInProcess(["send", writeRequest(body)])
        expect(result.code, JSON.stringify(body)).toBe(1)
        expect(stdoutJson(result), JSON.stringify(body)).toMatchObject({ errorcode: code })
      }
    })
  )

  it.effect("a single request (recipient) goes to the single route", () =>
    Effect.gen(function* () {
      const single = { definitionKey: "k", recipient: { contactKey: "c", to: "15555550100", messageKey: "only-1" } }
      const result = yield* runInProcess(["send", writeRequest(single), "--json"])
      expect(result.code).toBe(0)
      expect(stdoutJson(result)).toMatchObject({ errorcode: 0, responses: [{ messageKey: "only-1" }] })
    })
  )

  it.effect("status of an unknown key is exit 1 with the API's 404 body", () =>
    Effect.gen(function* () {
      const result = yield* runInProcess(["status", "no-such-key"])
      expect(result.code).toBe(1)
      expect(stdoutJson(result)).toMatchObject({ errorcode: 30003 })
      expect(result.stderr).toBe("mcsend: no message with messageKey no-such-key (errorcode 30003)")
    })
  )
})

describe("--transport http", () => {
  it.effect("without the SFMC_* variables: exit 2 naming what is missing", () =>
    Effect.gen(function* () {
      const result = yield* runInProcess(["send", writeRequest(batch), "--transport", "http"])
      expect(result.code).toBe(2)
      expect(result.stdout).toBe("")
      expect(result.stderr).toContain("SFMC_AUTH_BASE_URL")
      expect(result.stderr).toContain("SFMC_CLIENT_ID")
      expect(result.stderr).toContain("SFMC_CLIENT_SECRET")
    })
  )

  it.live("sends to a simulator, reads the status, and treats bad credentials as configuration (exit 2)", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const simulator = yield* Simulator.make({
          memory: { definitions: [{ definitionKey: "account-reset", content: { message: "%%FirstName%%: %%Code%%" } }] }
        })
        const env = {
          SFMC_AUTH_BASE_URL: simulator.baseUrl,
          SFMC_CLIENT_ID: simulator.clientId,
          SFMC_CLIENT_SECRET: Redacted.value(simulator.clientSecret)
        }
        const sent = yield* runInProcess(["send", writeRequest(batch), "--transport", "http", "--json"], env)
        expect(sent.code).toBe(0)
        expect(stdoutJson(sent)).toMatchObject({ errorcode: 109001, responses: [{ messageKey: "astro-1" }, {}] })
        const queued = (yield* simulator.memory.events()).filter((event) => event._tag === "MessageQueued")
        expect(queued.map((event) => event.text)).toEqual(["Astro: 1234"])

        const status = yield* runInProcess(["status", "astro-1", "--transport", "http", "--json"], env)
        expect(status.code).toBe(0)
        expect(stdoutJson(status)).toMatchObject({
          eventCategoryType: "TransactionalSendEvents.SMSQueued",
          info: { messageKey: "astro-1", contactKey: "Astro25", to: "15555551234" }
        })

        // --business-unit is the token's account_id: another business unit has neither the definition nor the key.
        const elsewhere = yield* runInProcess(
          ["status", "astro-1", "--transport", "http", "--business-unit", "514000001"],
          env
        )
        expect(elsewhere.code).toBe(1)
        expect(stdoutJson(elsewhere)).toMatchObject({ errorcode: 30003 })

        const denied = yield* runInProcess(["send", writeRequest(batch), "--transport", "http"], {
          ...env,
          SFMC_CLIENT_SECRET: "wrong"
        })
        expect(denied.code).toBe(2)
        expect(denied.stdout).toBe("")
        expect(denied.stderr).toMatch(/^mcsend: not authorized/)
        expect(denied.stderr).not.toContain(env.SFMC_CLIENT_SECRET)
      })
    )
  )
})

describe("attribute names that are Object.prototype's", () => {
  it.effect("__proto__ and constructor reach the transport (and the cassette) as plain data", () =>
    Effect.gen(function* () {
      const file = writeRequest(
        '{"definitionKey":"d","content":{"message":"%%__proto__%% %%constructor%%"},' +
          '"recipients":[{"contactKey":"c","to":"15555551234","messageKey":"p-1",' +
          '"attributes":{"__proto__":"X","constructor":"Y"}}]}'
      )
      const cassette = path.join(dir, "proto.json")
      const result = yield* runInProcess(["send", file, "--record", "--cassette", cassette])
      expect(result.code).toBe(0)
      const recorded = fs.readFileSync(cassette, "utf8")
      expect(recorded).toContain('"__proto__": "X"')
      expect(recorded).toContain('"constructor": "Y"')
    })
  )
})
