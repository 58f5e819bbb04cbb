/**
 * The real command line, run as a child process from the repository root: exit codes, what goes to stdout and what
 * to stderr. Each start costs about a second (tsx), so the cases run concurrently and the rest of the behaviour is
 * tested in process (Send.test.ts, Demo.test.ts).
 */

import { spawn } from "node:child_process"
import * as fs from "node:fs/promises"
import * as Net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { repoRoot, runBin } from "./support.js"

const fixture = (name: string) => path.join(repoRoot, "packages/cli/test/fixtures", name)

// No stack trace ever reaches the user: no "    at f (file:line)" frames, no "Error:" dumps.
const expectNoStack = (stderr: string) => {
  expect(stderr).not.toMatch(/^\s+at /m)
  expect(stderr).not.toMatch(/FiberFailure|\[cause\]|node:internal/)
}

describe.concurrent("mcsend, as a child process", () => {
  it("--help lists every command and exits 0", async () => {
    const result = await runBin(["--help"])
    expect(result.code).toBe(0)
    for (const command of ["send", "status", "serve", "demo"]) expect(result.stdout).toContain(command)
  })

  it("an unknown command is a usage error: exit 2, one message on stderr, nothing on stdout", async () => {
    const result = await runBin(["frobnicate"])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe("")
    expect(result.stderr).toMatch(/Invalid subcommand/)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expectNoStack(result.stderr)
  })

  it("a missing request file is a usage error: exit 2, one line naming the file", async () => {
    const result = await runBin(["send", "/nonexistent/request.json"])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe("")
    expect(result.stderr.trim()).toBe("mcsend: no such file: /nonexistent/request.json")
  })

  it("a partial failure exits 0 and prints the API's 202 body as JSON", async () => {
    const result = await runBin(["send", fixture("partial.json")])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    expect(JSON.parse(result.stdout)).toMatchObject({
      errorcode: 109001,
      message: "MCMS_UTM_ResponsesHasErrors: 2 subscribers failed to queue out of 3",
      responses: [
        { messageKey: "astro-1" },
        { messageKey: "codey-1", errorcode: 109121 },
        { messageKey: "astro-1", errorcode: 109110 }
      ]
    })
  })

  it("a whole-request error read from stdin exits 1: the error JSON on stdout, one reason on stderr", async () => {
    const request = JSON.stringify({ definitionKey: "account-reset", recipients: [{ contactKey: "a", to: "1" }] })
    // "-" among the options, not first: it is still the FILE argument, and --json after it is still read.
    const result = await runBin(["send", "--definition", "other=Hello", "-", "--json"], { input: request })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toMatchObject({ errorcode: 109111, documentation: "" })
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^mcsend: request refused \(errorcode 109111\)/)
    ])
  })

  it("records what a transport answers into a cassette, then replays it without the transport", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mcsend-cli-"))
    const cassette = path.join(dir, "cassettes", "partial.json")
    const recorded = await runBin(["send", fixture("partial.json"), "--record", "--cassette", cassette])
    expect(recorded.code).toBe(0)
    const file = JSON.parse(await fs.readFile(cassette, "utf8"))
    expect(file.interactions).toHaveLength(1)

    const replayed = await runBin(["send", fixture("partial.json"), "--transport", "replay", "--cassette", cassette])
    expect(replayed.code).toBe(0)
    // The same requestId: the answer came from the cassette, not from a fresh in-memory API.
    expect(JSON.parse(replayed.stdout)).toEqual(JSON.parse(recorded.stdout))
    await fs.rm(dir, { recursive: true, force: true })
  })

  it("serve prints its base URL and credentials, serves tokens, and stops on SIGINT with exit 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "packages/cli/src/bin.ts", "serve", "--port", "0"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.on("error", reject)
      child.on("close", (code) => reject(new Error(`serve exited early with ${code}`)))
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk
        const match = /listening on (http:\/\/\S+)/.exec(stdout)
        if (match?.[1] !== undefined && stdout.includes("Ctrl-C")) resolve(match[1])
      })
    })
    expect(stdout).toContain("export SFMC_AUTH_BASE_URL=")
    expect(stdout).toContain("export SFMC_CLIENT_ID=mcsend-client")
    expect(stdout).toContain("export SFMC_CLIENT_SECRET=mcsend-secret")

    const token = await fetch(`${baseUrl}/v2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: "mcsend-client",
        client_secret: "mcsend-secret"
      })
    })
    expect(token.status).toBe(200)
    expect(await token.json()).toMatchObject({ token_type: "Bearer", rest_instance_url: `${baseUrl}/` })

    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners("close")
      child.on("close", resolve)
      child.kill("SIGINT")
    })
    expect(code).toBe(0)
  })

  it("send interrupted before its answer exits 130, never the 0 of a 202", async () => {
    // A token route that never answers: the send is still waiting when the signal comes.
    const sockets: Array<Net.Socket> = []
    const silent = Net.createServer((socket) => {
      sockets.push(socket)
      socket.resume()
    })
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, "127.0.0.1", () => resolve((silent.address() as Net.AddressInfo).port))
    )
    try {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "packages/cli/src/bin.ts", "send", fixture("partial.json"), "--transport", "http"],
        {
          cwd: repoRoot,
          env: {
            ...process.env,
            SFMC_AUTH_BASE_URL: `http://127.0.0.1:${port}`,
            SFMC_CLIENT_ID: "id",
            SFMC_CLIENT_SECRET: "secret"
          },
          stdio: ["ignore", "pipe", "pipe"]
        }
      )
      let stdout = ""
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk
      })
      const connected = new Promise<void>((resolve) => silent.once("connection", () => resolve()))
      await connected
      const code = await new Promise<number | null>((resolve) => {
        child.on("close", resolve)
        child.kill("SIGINT")
      })
      expect(code).toBe(130)
      expect(stdout).toBe("")
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })

  it("demo needs no configuration, exits 0 and shows the outcome and status tables", async () => {
    const result = await runBin(["demo"])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    expect(result.stdout).toMatch(/#\s+recipient\s+messageKey\s+outcome\s+segments\s+rendered text/)
    expect(result.stdout).toContain("109121 to is not 1-15 digits")
    expect(result.stdout).toContain("109105 no contactKey")
    expect(result.stdout).toContain("109110 key repeated in this request")
    expect(result.stdout).toContain("109110 key used by an earlier send")
    expect(result.stdout).toMatch(/Hi Grace, your code is 2222\./)
    expect(result.stdout).toMatch(/dave 15555550199\s+Queued\s+NotSent 1 Unsubscribed/)
    expect(result.stdout).toMatch(/grace 15555550101\s+Queued\s+Sent/)
  })
})
