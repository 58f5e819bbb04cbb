/**
 * HttpTransport's throughput against an in-process simulator, beside a plain `fetch` loop sending the same requests:
 * the same token route, the same bodies (fresh messageKeys on each side), the same concurrency, each answer read and
 * parsed. Rounds alternate between the sides so drift on a shared machine hits both; the ratio is the median of the
 * per-round ratios. Target: HttpTransport does at least 0.85 of the loop's requests per second.
 *
 * Rates are requests per second of the process's CPU time (client and in-process server together; every thread, so
 * garbage collection counts), not of wall time: on a shared machine another process taking the core would otherwise
 * count against whichever side was running. Wall-clock rates are printed beside them.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { BatchSendRequest } from "@mcsend/domain/SendRequest"
import * as Simulator from "@mcsend/simulator/Simulator"
import * as HttpTransport from "@mcsend/transport/HttpTransport"
import type * as SmsTransport from "@mcsend/transport/SmsTransport"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import { median, print, type Row, thousands } from "../Report.js"

interface Workload {
  readonly requests: number
  readonly recipients: number
}

/** Small requests weigh the client's per-request cost most; 50-recipient batches are closer to a bulk send. */
const workloads: ReadonlyArray<Workload> = [
  { requests: 2_000, recipients: 5 },
  { requests: 400, recipients: 50 }
]
const concurrency = 16
const rounds = 5
const warmups = 1

const bodyFor = (recipients: number, tag: string, i: number): BatchSendRequest => ({
  definitionKey: "bench",
  attributes: { Code: "4321" },
  recipients: Array.from({ length: recipients }, (_, j) => ({
    contactKey: `contact-${j}`,
    to: `1555555${String(j).padStart(4, "0")}`,
    messageKey: `${tag}-${i}-${j}`,
    attributes: { FirstName: `Astro${j}` }
  }))
})

interface Rate {
  readonly cpu: number
  readonly wall: number
}

/** Requests per second of CPU time and of wall time for `count` requests. */
const timed = async (count: number, run: () => Promise<void>): Promise<Rate> => {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const wallStart = process.hrtime.bigint()
  const cpuStart = process.cpuUsage()
  await run()
  const cpu = process.cpuUsage(cpuStart)
  const wall = Number(process.hrtime.bigint() - wallStart) / 1e9
  return { cpu: count / ((cpu.user + cpu.system) / 1e6), wall: count / wall }
}

const fetchLoop = (workload: Workload, baseUrl: string, token: string, tag: string) => async (): Promise<void> => {
  let next = 0
  const url = `${baseUrl}/messaging/v1/sms/messages/`
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= workload.requests) return
      const response = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(bodyFor(workload.recipients, tag, i))
      })
      const body = (await response.json()) as { errorcode?: number }
      if (response.status !== 202 || body.errorcode !== 0) throw new Error(`fetch loop: ${response.status}`)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

const transportLoop = (workload: Workload, transport: SmsTransport.Service, tag: string) => (): Promise<void> =>
  Effect.runPromise(
    Effect.forEach(
      Array.from({ length: workload.requests }, (_, i) => i),
      (i) =>
        Effect.flatMap(transport.send(bodyFor(workload.recipients, tag, i)), (response) =>
          response.errorcode === 0 ? Effect.void : Effect.die(new Error("HttpTransport: not all queued"))
        ),
      { concurrency, discard: true }
    )
  )

/**
 * @since 0.1.0
 * @category benchmarks
 */
export const run = async (): Promise<void> => {
  const scope = Effect.runSync(Scope.make())
  try {
    const sim = await Effect.runPromise(
      Simulator.make({
        memory: {
          definitions: [{ definitionKey: "bench", content: { message: "Hi %%FirstName%%, your code is %%Code%%" } }],
          keepEvents: false
        }
      }).pipe(Scope.extend(scope))
    )
    const options: HttpTransport.Options = {
      authBaseUrl: sim.baseUrl,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret
    }
    const withClient = async (layer: Layer.Layer<HttpClient.HttpClient>) => {
      const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
      return Effect.runPromise(HttpTransport.make(options).pipe(Effect.provide(context)))
    }
    const overFetch = await withClient(FetchHttpClient.layer)
    const overUndici = await withClient(NodeHttpClient.layerUndici)
    const tokenAnswer = await fetch(`${sim.baseUrl}/v2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: sim.clientId,
        client_secret: Redacted.value(sim.clientSecret)
      })
    })
    const token = ((await tokenAnswer.json()) as { access_token: string }).access_token

    const rows: Array<Row> = []
    for (const workload of workloads) {
      const sides = {
        fetch: [] as Array<Rate>,
        transportFetch: [] as Array<Rate>,
        transportUndici: [] as Array<Rate>
      }
      for (let round = 0; round < warmups + rounds; round++) {
        // Alternate the order, so neither side always runs on a warmer (or more crowded) machine.
        const order: Array<keyof typeof sides> =
          round % 2 === 0
            ? ["fetch", "transportFetch", "transportUndici"]
            : ["transportUndici", "transportFetch", "fetch"]
        for (const side of order) {
          const tag = `${workload.recipients}-${side}-${round}`
          const loop =
            side === "fetch"
              ? fetchLoop(workload, sim.baseUrl, token, tag)
              : transportLoop(workload, side === "transportFetch" ? overFetch : overUndici, tag)
          const rate = await timed(workload.requests, loop)
          if (round >= warmups) sides[side].push(rate)
        }
      }
      const ratio = (xs: ReadonlyArray<Rate>) => median(xs.map((x, i) => x.cpu / sides.fetch[i]!.cpu))
      const perSecond = (xs: ReadonlyArray<Rate>) =>
        `${thousands(median(xs.map((x) => x.cpu)))}/cpu-s (${thousands(median(xs.map((x) => x.wall)))}/s)`
      for (const [side, client] of [
        ["transportUndici", "NodeHttpClient.layerUndici"],
        ["transportFetch", "FetchHttpClient"]
      ] as const) {
        rows.push({
          name: `${workload.recipients} recipients/request: HttpTransport over ${client}`,
          measured: perSecond(sides[side]),
          baseline: perSecond(sides.fetch),
          ratio: ratio(sides[side]),
          target: { min: 0.85 }
        })
      }
    }
    const stats = await Effect.runPromise(sim.stats)
    print(
      `HttpTransport vs a plain fetch loop (requests per CPU-second, wall-clock in parentheses): concurrency ${concurrency}, median of ${rounds} alternating rounds, ${stats.tokenRequests} token requests in all`,
      rows
    )
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
