/**
 * Rendering a message: `%%Name%%` substitution, the encoding it needs (GSM-7 or UCS-2) and its segment count.
 *
 * @since 0.1.0
 */
import type { Attributes } from "./SendRequest.js"

/**
 * @since 0.1.0
 * @category models
 */
export type Encoding = "GSM7" | "UCS2"

/**
 * The most segments a message may have; a longer one ends NotSent (130 PayloadExceedsMaximum).
 *
 * @since 0.1.0
 * @category models
 */
export const maxSegments = 10

/**
 * @since 0.1.0
 * @category models
 */
export interface Rendered {
  readonly text: string
  /** Substitution names found in no attribute source; each rendered as an empty string. */
  readonly missing: ReadonlyArray<string>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Measured {
  readonly encoding: Encoding
  readonly segments: number
}

const placeholder = /%%([^%]+)%%/g

const lookup = (attributes: Attributes | undefined, name: string): string | undefined => {
  if (attributes === undefined) return undefined
  // The exact name first (the common case), then a case-insensitive scan; own keys only, so `__proto__` and
  // `constructor` are plain names.
  if (Object.hasOwn(attributes, name)) return String(attributes[name])
  const lower = name.toLowerCase()
  for (const key of Object.keys(attributes)) {
    if (key.toLowerCase() === lower) return String(attributes[key])
  }
  return undefined
}

/**
 * A template split once into its text and its substitution names, ready to render for many recipients.
 *
 * @since 0.1.0
 * @category models
 */
export type Template = (
  recipientAttributes: Attributes | undefined,
  requestAttributes: Attributes | undefined
) => Rendered

const noneMissing: ReadonlyArray<string> = Object.freeze([])

/**
 * Splits a template at its `%%Name%%` substitution strings. A batch renders one template for every recipient, so
 * the decider compiles it once per batch rather than scanning it per recipient.
 *
 * @since 0.1.0
 * @category rendering
 */
export const compile = (template: string): Template => {
  // Even places hold text, odd places hold names: text, name, text, …, text.
  const parts: Array<string> = []
  let last = 0
  for (const match of template.matchAll(placeholder)) {
    parts.push(template.slice(last, match.index), match[1]!)
    last = match.index + match[0].length
  }
  if (parts.length === 0) return () => ({ text: template, missing: noneMissing })
  parts.push(template.slice(last))
  return (recipientAttributes, requestAttributes) => {
    let text = parts[0]!
    let missing: Array<string> | undefined
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i]!
      const value = lookup(recipientAttributes, name) ?? lookup(requestAttributes, name)
      if (value !== undefined) {
        text += value
      } else {
        // Names are case-insensitive, so `%%Code%%` and `%%code%%` are one missing name, reported as first written.
        const lower = name.toLowerCase()
        if (missing === undefined) missing = [name]
        else if (!missing.some((m) => m.toLowerCase() === lower)) missing.push(name)
      }
      text += parts[i + 1]!
    }
    return { text, missing: missing ?? noneMissing }
  }
}

/**
 * Fills `%%Name%%` from the recipient's attributes, then the request's; a name in neither renders empty and is
 * reported in `missing`.
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = (
  template: string,
  recipientAttributes: Attributes | undefined,
  requestAttributes: Attributes | undefined
): Rendered => compile(template)(recipientAttributes, requestAttributes)

// The GSM 03.38 default alphabet, and its extension table whose characters take two septets.
const gsmBasic =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
const gsmExtension = "\f^{}\\[~]|€"

const septets = (() => {
  const table = new Uint8Array(0x10000)
  for (const c of gsmBasic) table[c.charCodeAt(0)] = 1
  for (const c of gsmExtension) table[c.charCodeAt(0)] = 2
  return table
})()

/**
 * The encoding a text needs and how many segments it takes: GSM-7 when every character is in the GSM alphabet
 * (extension characters count twice), 160 septets in one segment or 153 a segment when concatenated; UCS-2
 * otherwise, 70 UTF-16 units in one segment or 67 a segment. An empty text still takes one segment.
 *
 * @since 0.1.0
 * @category rendering
 */
export const measure = (text: string): Measured => {
  let units = 0
  for (let i = 0; i < text.length; i++) {
    const n = septets[text.charCodeAt(i)]!
    if (n === 0) {
      const ucs2 = text.length
      return { encoding: "UCS2", segments: ucs2 <= 70 ? 1 : Math.ceil(ucs2 / 67) }
    }
    units += n
  }
  return { encoding: "GSM7", segments: units <= 160 ? 1 : Math.ceil(units / 153) }
}
