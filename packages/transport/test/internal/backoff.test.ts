import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { delayMillis, retryAfterMillis } from "../../src/internal/http/backoff.js"

const backoff = fc.record({
  baseMillis: fc.integer({ min: 1, max: 5_000 }),
  maxMillis: fc.integer({ min: 1, max: 120_000 }),
  jitter: fc.double({ min: 0, max: 1, noNaN: true })
})

describe("delayMillis", () => {
  it.prop(
    "stays within the jittered band of the capped exponential",
    [backoff, fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })],
    ([b, retry, random]) => {
      const ceiling = Math.min(b.maxMillis, b.baseMillis * 2 ** (retry - 1))
      const delay = delayMillis(b, retry, random)
      expect(delay).toBeLessThanOrEqual(Math.round(ceiling))
      expect(delay).toBeGreaterThanOrEqual(Math.round(ceiling * (1 - b.jitter)) - 1)
    }
  )

  it("doubles from the base and stops at the cap", () => {
    const b = { baseMillis: 100, maxMillis: 1_000, jitter: 0 }
    expect([1, 2, 3, 4, 5, 6].map((retry) => delayMillis(b, retry, 0.5))).toEqual([100, 200, 400, 800, 1000, 1000])
  })
})

describe("retryAfterMillis", () => {
  const now = Date.UTC(2026, 11, 3, 12, 0, 0)

  it("reads seconds, fractional seconds and an HTTP date from the header", () => {
    expect(retryAfterMillis("5", undefined, now)).toBe(5_000)
    expect(retryAfterMillis(" 1.5 ", undefined, now)).toBe(1_500)
    expect(retryAfterMillis("Thu, 03 Dec 2026 12:00:07 GMT", undefined, now)).toBe(7_000)
    expect(retryAfterMillis("Thu, 03 Dec 2026 11:59:00 GMT", undefined, now)).toBe(0)
  })

  it("falls back to the body's retryAfter (seconds), and ignores what it cannot read", () => {
    expect(retryAfterMillis(undefined, { retryAfter: 5, errorcode: 50100 }, now)).toBe(5_000)
    expect(retryAfterMillis("soon", { retryAfter: 2 }, now)).toBe(2_000)
    expect(retryAfterMillis(undefined, { retryAfter: -1 }, now)).toBeUndefined()
    expect(retryAfterMillis(undefined, { retryAfter: "5" }, now)).toBeUndefined()
    expect(retryAfterMillis(undefined, null, now)).toBeUndefined()
  })

  it.prop("never throws on any header and body", [fc.option(fc.string()), fc.anything()], ([header, body]) => {
    const hint = retryAfterMillis(header ?? undefined, body, now)
    expect(hint === undefined || (Number.isFinite(hint) && hint >= 0)).toBe(true)
  })
})
