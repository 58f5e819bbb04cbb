import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import * as Time from "../src/Time.js"

describe("Time", () => {
  it("prints US Central Standard Time without a zone and drops trailing fraction zeros", () => {
    expect(Time.toCentralTimestamp(Date.UTC(2018, 7, 3, 19, 41, 18, 550))).toBe("2018-08-03T13:41:18.55")
    expect(Time.toCentralTimestamp(Date.UTC(2018, 7, 3, 19, 41, 18, 5))).toBe("2018-08-03T13:41:18.005")
    expect(Time.toCentralTimestamp(Date.UTC(2018, 7, 3, 19, 41, 18, 0))).toBe("2018-08-03T13:41:18")
    expect(Time.toCentralTimestamp(Date.UTC(2026, 0, 1, 3, 0, 0))).toBe("2025-12-31T21:00:00")
  })

  it("reads a timestamp back, and refuses other shapes", () => {
    expect(Time.fromCentralTimestamp("2018-08-03T13:41:18.55")).toBe(Date.UTC(2018, 7, 3, 19, 41, 18, 550))
    expect(Time.fromCentralTimestamp("2018-08-03T13:41:18")).toBe(Date.UTC(2018, 7, 3, 19, 41, 18))
    expect(Time.fromCentralTimestamp("2018-08-03T13:41:18Z")).toBeUndefined()
    expect(Time.fromCentralTimestamp("yesterday")).toBeUndefined()
  })

  it.prop("round-trips any time", [fc.integer({ min: 0, max: Date.UTC(9000, 0, 1) })], ([ms]) => {
    expect(Time.fromCentralTimestamp(Time.toCentralTimestamp(ms))).toBe(ms)
  })
})

describe("Time (properties)", () => {
  it.prop("any number formats without throwing", [fc.double()], ([ms]) => {
    expect(typeof Time.toCentralTimestamp(ms)).toBe("string")
  })

  it.prop(
    "formatting and reading back is the identity for real times",
    [fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(2200, 0, 1) })],
    ([ms]) => {
      expect(Time.fromCentralTimestamp(Time.toCentralTimestamp(ms))).toBe(ms)
    }
  )
})
