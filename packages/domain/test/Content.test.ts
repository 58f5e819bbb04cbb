import { describe, expect, it } from "@effect/vitest"
import * as Content from "../src/Content.js"

describe("Content.render", () => {
  it("leaves a template without substitution strings as it is", () => {
    expect(Content.render("Hello", undefined, undefined)).toEqual({ text: "Hello", missing: [] })
  })

  it("fills names from the recipient's attributes before the request's", () => {
    expect(Content.render("%%A%%-%%B%%", { A: "r" }, { A: "q", B: "q" }).text).toBe("r-q")
  })

  it("matches names case-insensitively, preferring the exact spelling", () => {
    expect(Content.render("%%firstNAME%%", { FirstName: "Astro" }, undefined).text).toBe("Astro")
    expect(Content.render("%%Code%%", { code: "lower", Code: "exact" }, undefined).text).toBe("exact")
    // A recipient attribute in another case still wins over the request's exact spelling.
    expect(Content.render("%%Code%%", { CODE: "r" }, { Code: "q" }).text).toBe("r")
  })

  it("renders numbers and booleans as text", () => {
    expect(Content.render("%%n%% %%b%% %%f%%", { n: 1234, b: true }, { f: 1.5 }).text).toBe("1234 true 1.5")
  })

  it("renders unknown names empty and reports each once, as first written", () => {
    expect(Content.render("a%%X%%b%%y%%c%%x%%d", {}, { z: 1 })).toEqual({ text: "abcd", missing: ["X", "y"] })
  })

  it("treats __proto__ and constructor as plain names", () => {
    const attributes = JSON.parse('{"__proto__":"p","constructor":"c"}')
    expect(Content.render("%%__proto__%%/%%CONSTRUCTOR%%", attributes, undefined)).toEqual({ text: "p/c", missing: [] })
    expect(Content.render("%%__proto__%%%%constructor%%%%toString%%", {}, {})).toEqual({
      text: "",
      missing: ["__proto__", "constructor", "toString"]
    })
  })

  it("does not read $-patterns in values as replacement patterns", () => {
    expect(Content.render("%%a%%", { a: "$& $1 $$" }, undefined).text).toBe("$& $1 $$")
  })

  it("leaves a lone %% and an empty %%%% alone", () => {
    expect(Content.render("100%% done", {}, {})).toEqual({ text: "100%% done", missing: [] })
    expect(Content.render("a%%%%b", {}, {})).toEqual({ text: "a%%%%b", missing: [] })
  })
})

describe("Content.measure", () => {
  const gsm = (n: number) => "a".repeat(n)
  const ucs = (n: number) => "Ж".repeat(n)

  it.each([
    [0, 1],
    [1, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
    [1530, 10],
    [1531, 11]
  ])("GSM-7: %i septets take %i segments", (n, segments) => {
    expect(Content.measure(gsm(n))).toEqual({ encoding: "GSM7", segments })
  })

  it.each([
    [1, 1],
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [670, 10],
    [671, 11]
  ])("UCS-2: %i units take %i segments", (n, segments) => {
    expect(Content.measure(ucs(n))).toEqual({ encoding: "UCS2", segments })
  })

  it("counts the extension characters twice", () => {
    for (const c of "\f^{}\\[~]|€") {
      expect(Content.measure(c.repeat(80))).toEqual({ encoding: "GSM7", segments: 1 })
      expect(Content.measure(c.repeat(81))).toEqual({ encoding: "GSM7", segments: 2 })
    }
    expect(Content.measure(`${gsm(159)}€`)).toEqual({ encoding: "GSM7", segments: 2 })
    expect(Content.measure(`${gsm(158)}€`)).toEqual({ encoding: "GSM7", segments: 1 })
    expect(Content.measure(`${gsm(304)}€`)).toEqual({ encoding: "GSM7", segments: 2 })
    expect(Content.measure(`${gsm(305)}€`)).toEqual({ encoding: "GSM7", segments: 3 })
  })

  it("keeps the whole basic GSM alphabet in GSM-7", () => {
    const basic =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    expect(basic).toHaveLength(127)
    expect(Content.measure(basic)).toEqual({ encoding: "GSM7", segments: 1 })
  })

  it.each(["ç", "á", "€ and Ж", "`", "Привет", "😀", "\t"])("switches to UCS-2 for %j", (text) => {
    expect(Content.measure(text).encoding).toBe("UCS2")
  })

  it("counts UTF-16 units in UCS-2: an emoji takes two", () => {
    expect(Content.measure("😀".repeat(35))).toEqual({ encoding: "UCS2", segments: 1 })
    expect(Content.measure(`${"😀".repeat(35)}a`)).toEqual({ encoding: "UCS2", segments: 2 })
  })

  it("counts a UCS-2 message by its length, whatever GSM characters it has", () => {
    expect(Content.measure(`Ж${"€".repeat(69)}`)).toEqual({ encoding: "UCS2", segments: 1 })
  })

  it("allows at most 10 segments", () => {
    expect(Content.maxSegments).toBe(10)
  })
})
