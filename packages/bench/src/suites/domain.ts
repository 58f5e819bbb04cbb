/**
 * The domain's send path against a hand-written baseline, and the key ledger's memory against a plain Map.
 *
 * @since 0.1.0
 */
import * as KeyLedger from "@mcsend/domain/KeyLedger"
import { keySource, makeBaseline, makeDomain, makeWorkload, type Sender } from "../DomainWorkload.js"
import { median, print, type Row, thousands } from "../Report.js"

const recipientsPerBatch = 250
const liveKeyCount = 1_000_000
const batchesPerRound = 100
const rounds = 11
const memoryKeys = 5_000_000

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) throw new Error("run with node --expose-gc (pnpm bench does)")
  collect()
}

/**
 * Recipients per second of CPU time for one round of batches on one side, from a freshly collected heap. CPU time
 * of the process (every thread, so garbage collection counts) rather than wall time: the machines this runs on are
 * shared, and another process taking the core would otherwise count against whichever side was running.
 */
const timeRound = (sender: Sender, batches: ReadonlyArray<string>, clock: { now: number }, tag: string): number => {
  gc()
  let bytes = 0
  const start = process.cpuUsage()
  for (let i = 0; i < batches.length; i++) bytes += sender.send(batches[i]!, `${tag}-${i}`, clock.now++).length
  const used = process.cpuUsage(start)
  if (bytes === 0) throw new Error("no output")
  return (batches.length * recipientsPerBatch) / ((used.user + used.system) / 1e6)
}

const throughput = (): Row => {
  const t0 = Date.UTC(2026, 0, 1)
  const warmups = 2
  const workload = makeWorkload({
    liveKeyCount,
    batchCount: (warmups + rounds) * batchesPerRound,
    recipientsPerBatch
  })
  // The live keys were queued an hour before the first batch: all of them are refused as duplicates.
  const domain = makeDomain(workload.liveKeys, t0 - 60 * 60 * 1000)
  const baseline = makeBaseline(workload.liveKeys, t0 - 60 * 60 * 1000)
  const domainClock = { now: t0 }
  const baselineClock = { now: t0 }
  const roundOf = (r: number) => workload.batches.slice(r * batchesPerRound, (r + 1) * batchesPerRound)

  // Warm up both, checking on the way that they answer byte for byte alike.
  for (let r = 0; r < warmups; r++) {
    for (const [i, text] of roundOf(r).entries()) {
      const a = domain.send(text, `w${r}-${i}`, domainClock.now++)
      const b = baseline.send(text, `w${r}-${i}`, baselineClock.now++)
      if (a !== b) throw new Error(`the baseline and the domain disagree:\n${a.slice(0, 300)}\n${b.slice(0, 300)}`)
    }
  }
  const domainRates: Array<number> = []
  const baselineRates: Array<number> = []
  // Alternate which side goes first, so neither always runs on a heap the other just filled.
  for (let r = 0; r < rounds; r++) {
    const batches = roundOf(warmups + r)
    if (r % 2 === 0) {
      domainRates.push(timeRound(domain, batches, domainClock, `d${r}`))
      baselineRates.push(timeRound(baseline, batches, baselineClock, `b${r}`))
    } else {
      baselineRates.push(timeRound(baseline, batches, baselineClock, `b${r}`))
      domainRates.push(timeRound(domain, batches, domainClock, `d${r}`))
    }
  }
  const d = median(domainRates)
  const b = median(baselineRates)
  const paired = median(domainRates.map((rate, i) => rate / baselineRates[i]!))
  console.log(
    `  send path: ${rounds} rounds of ${batchesPerRound} batches x ${recipientsPerBatch} recipients, ` +
      `${thousands(liveKeyCount)} live keys before the first; per round (recipients per CPU second) domain ` +
      `[${domainRates.map(thousands).join(", ")}], baseline [${baselineRates.map(thousands).join(", ")}]; ` +
      `median of the per-round ratios ${paired.toFixed(2)}`
  )
  return {
    name: "send path, recipients per CPU second (median)",
    measured: thousands(d),
    baseline: thousands(b),
    ratio: d / b,
    target: { min: 0.6 }
  }
}

const memory = (): Row => {
  const t0 = Date.UTC(2026, 0, 1)
  const ledger = KeyLedger.make()
  let next = keySource(7)
  for (let i = 0; i < memoryKeys; i++) ledger.record(next(), t0 + i)
  const live = ledger.liveCount(t0 + memoryKeys)
  if (live !== memoryKeys) throw new Error(`the ledger holds ${live} live keys, not ${memoryKeys}`)
  const ledgerBytes = ledger.byteSize() / memoryKeys

  // The same keys, created inside the measurement so the Map's strings count, and the same distinct times.
  next = keySource(7)
  gc()
  const before = process.memoryUsage().heapUsed
  const map = new Map<string, number>()
  for (let i = 0; i < memoryKeys; i++) map.set(next(), t0 + i)
  gc()
  const mapBytes = (process.memoryUsage().heapUsed - before) / memoryKeys
  if (map.size !== memoryKeys) throw new Error("keys collided")
  console.log(
    `  memory: ${thousands(memoryKeys)} live 22-character keys; ledger ${thousands(ledger.byteSize())} bytes ` +
      `in typed arrays, Map ${thousands(mapBytes * memoryKeys)} bytes of heap`
  )
  return {
    name: `key ledger, bytes per live key at ${thousands(memoryKeys)}`,
    measured: ledgerBytes.toFixed(1),
    baseline: mapBytes.toFixed(1),
    ratio: ledgerBytes / mapBytes,
    target: { max: 0.4 }
  }
}

/**
 * @since 0.1.0
 * @category benchmarks
 */
export const run = async (): Promise<void> => {
  const timed = <A>(label: string, f: () => A): A => {
    const start = Date.now()
    const a = f()
    console.log(`  (${label}: ${((Date.now() - start) / 1000).toFixed(1)} s)`)
    return a
  }
  const rows = [timed("send path", throughput)]
  gc()
  rows.push(timed("memory", memory))
  print("domain: mcsend vs hand-written baseline (same process)", rows)
}
