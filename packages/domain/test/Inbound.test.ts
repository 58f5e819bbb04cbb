import { describe, expect, it } from "@effect/vitest"
import * as Inbound from "../src/Inbound.js"

describe("Inbound.optOutKeyword", () => {
  it.each(["STOP", "QUIT", "CANCEL", "END", "UNSUBSCRIBE", "REVOKE"])("recognises %s in any case", (keyword) => {
    expect(Inbound.optOutKeyword(keyword)).toBe(keyword)
    expect(Inbound.optOutKeyword(keyword.toLowerCase())).toBe(keyword)
    expect(Inbound.optOutKeyword(keyword[0] + keyword.slice(1).toLowerCase())).toBe(keyword)
  })

  it.each(["OPT OUT", "opt out", "Opt Out", "opt   out", "opt\tout", "OPT OUT now"])(
    "recognises %j as OPT OUT",
    (m) => {
      expect(Inbound.optOutKeyword(m)).toBe("OPT OUT")
    }
  )

  it.each(["stop please", "  Stop", "\nSTOP\n", "end of story", "Cancel my messages"])(
    "takes the keyword from the first word of %j",
    (m) => {
      expect(Inbound.optOutKeyword(m)).toBeDefined()
    }
  )

  it.each([
    "",
    "   ",
    "please stop",
    "STOPPED",
    "stop.",
    "optout",
    "opt",
    "out",
    "opt-out",
    "OUT OPT",
    "hello",
    "ſtop",
    "quıt"
  ])("does not opt out for %j", (m) => {
    expect(Inbound.optOutKeyword(m)).toBeUndefined()
  })

  it("lists the seven keywords", () => {
    expect(Inbound.optOutKeywords).toEqual(["STOP", "QUIT", "CANCEL", "END", "UNSUBSCRIBE", "REVOKE", "OPT OUT"])
  })
})
