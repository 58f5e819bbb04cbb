import { describe, expect, it } from "@effect/vitest"
import { keySource, makeBaseline, makeDomain, makeWorkload } from "../src/DomainWorkload.js"
import { median, met } from "../src/Report.js"

describe("DomainWorkload", () => {
  it("makes the baseline answer byte for byte like the domain, so both enforce the same rules", () => {
    const t0 = Date.UTC(2026, 0, 1)
    const workload = makeWorkload({ liveKeyCount: 500, batchCount: 12, recipientsPerBatch: 250, seed: 5 })
    const domain = makeDomain(workload.liveKeys, t0 - 1000)
    const baseline = makeBaseline(workload.liveKeys, t0 - 1000)
    const codes = new Set<number>()
    workload.batches.forEach((text, i) => {
      const a = domain.send(text, `r${i}`, t0 + i)
      expect(baseline.send(text, `r${i}`, t0 + i)).toBe(a)
      for (const item of JSON.parse(a).responses) codes.add(item.errorcode ?? 0)
    })
    // The workload exercises every per-recipient rule.
    expect([...codes].sort()).toEqual([0, 109105, 109106, 109110, 109121])
    expect(baseline.ledger.size).toBe(domain.state.ledger.liveCount(t0 + 12))
  })

  it("generates distinct 22-character keys in the API's alphabet", () => {
    const next = keySource(3)
    const keys = Array.from({ length: 10_000 }, next)
    for (const key of keys.slice(0, 100)) expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(new Set(keys).size).toBe(keys.length)
  })
})

describe("Report", () => {
  it("takes medians and judges targets both ways", () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
    const row = { name: "x", measured: "", baseline: "", ratio: 0.6 }
    expect(met({ ...row, target: { min: 0.6 } })).toBe(true)
    expect(met({ ...row, target: { min: 0.61 } })).toBe(false)
    expect(met({ ...row, target: { max: 0.6 } })).toBe(true)
    expect(met({ ...row, target: { max: 0.59 } })).toBe(false)
  })
})
