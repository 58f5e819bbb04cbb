/**
 * The send path of the domain, wire JSON text in and wire JSON text out, beside a hand-written baseline that does the
 * least work enforcing the same rules. Both are driven by the same generated batches; the bench compares their
 * throughput and a test checks they answer byte for byte alike.
 *
 * @since 0.1.0
 */
import * as Commands from "@mcsend/domain/Commands"
import * as Decider from "@mcsend/domain/Decider"
import * as RequestDecoder from "@mcsend/domain/RequestDecoder"
import * as SendRequest from "@mcsend/domain/SendRequest"
import * as SendResponse from "@mcsend/domain/SendResponse"
import * as State from "@mcsend/domain/State"
import * as Either from "effect/Either"

/**
 * The message every generated batch sends (the definition's content).
 *
 * @since 0.1.0
 * @category constants
 */
export const template = "Hi %%FirstName%%, your code is %%Code%%. Reply STOP to opt out."

/**
 * A deterministic source of 22-character URL-safe base64 keys (the API's format) from a seed.
 *
 * @since 0.1.0
 * @category constructors
 */
export const keySource = (seed: number): (() => string) => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
  let s = seed >>> 0 || 1
  const next = () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return s >>> 0
  }
  const codes = new Array<number>(22)
  return () => {
    // 22 characters of 6 bits each from 32-bit draws; built in one go, so the key is a flat string like one read
    // from JSON (concatenation would leave a tree of string pieces behind it).
    for (let i = 0; i < 22; i += 5) {
      const w = next()
      for (let j = 0; j < 5 && i + j < 22; j++) codes[i + j] = alphabet.charCodeAt((w >>> (6 * j)) & 63)
    }
    return String.fromCharCode(...codes)
  }
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Workload {
  /** Keys already live in the business unit when the batches arrive. */
  readonly liveKeys: ReadonlyArray<string>
  /** Wire JSON bodies of batch requests. */
  readonly batches: ReadonlyArray<string>
  readonly recipientsPerBatch: number
}

/**
 * Generates `batchCount` batches of `recipientsPerBatch` recipients against `liveKeyCount` live keys. About 95% of
 * the recipients are valid; the rest cover every per-recipient rule (missing or malformed `to`, missing
 * `contactKey`, a key repeated in the batch, a key live in the ledger), and some names need UCS-2 or run long.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeWorkload = (options: {
  readonly liveKeyCount: number
  readonly batchCount: number
  readonly recipientsPerBatch: number
  readonly seed?: number
}): Workload => {
  const nextKey = keySource(options.seed ?? 1)
  const liveKeys = Array.from({ length: options.liveKeyCount }, nextKey)
  const names = ["Astro", "Zoë", "Codey", "Ясна", "Einstein", "Appy [VIP]", "Saasy", "Max".repeat(60)]
  const batches: Array<string> = []
  let n = 0
  for (let b = 0; b < options.batchCount; b++) {
    const recipients: Array<Record<string, unknown>> = []
    for (let i = 0; i < options.recipientsPerBatch; i++) {
      n++
      const r: Record<string, unknown> = {
        contactKey: `contact-${n}`,
        to: `1555${String(n % 10_000_000).padStart(7, "0")}`,
        messageKey: nextKey(),
        attributes: { FirstName: names[n % names.length]! }
      }
      switch (n % 100) {
        case 11:
          delete r.to
          break
        case 23:
          r.to = "555-0100"
          break
        case 37:
          r.contactKey = ""
          break
        case 59:
          if (i > 0) r.messageKey = recipients[i - 1]!.messageKey
          break
        case 71:
          if (liveKeys.length > 0) r.messageKey = liveKeys[n % liveKeys.length]
          break
        case 83:
          r.to = `+${r.to as string}`
          break
      }
      recipients.push(r)
    }
    batches.push(JSON.stringify({ definitionKey: "welcome", recipients, attributes: { Code: 4000 + b } }))
  }
  return { liveKeys, batches, recipientsPerBatch: options.recipientsPerBatch }
}

/**
 * One side of the comparison: answers the 202 body (or the error body) for a wire body.
 *
 * @since 0.1.0
 * @category models
 */
export interface Sender {
  readonly send: (text: string, requestId: string, now: number) => string
}

/**
 * The domain: `RequestDecoder.decodeText`, `Decider.handle` on a `SubmitBatch`, `SendResponse.fromEvents`,
 * `JSON.stringify`, against a business unit whose ledger holds `liveKeys` (queued at `queuedAt`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeDomain = (
  liveKeys: ReadonlyArray<string>,
  queuedAt: number
): Sender & { readonly state: State.State } => {
  const state = State.make()
  Decider.handle(
    Commands.createDefinition({ definitionKey: "welcome", content: { message: template } }, queuedAt),
    state
  )
  for (const key of liveKeys) state.ledger.record(key, queuedAt)
  const generatedKeys = new Set<string>()
  return {
    state,
    send: (text, requestId, now) => {
      const decoded = RequestDecoder.decodeText(text, SendRequest.batchRoute)
      if (Either.isLeft(decoded)) {
        return JSON.stringify({ message: decoded.left.message, errorcode: decoded.left.errorcode, documentation: "" })
      }
      const decision = Decider.handle(
        Commands.submitBatch({ request: decoded.right, requestId, now, generatedKeys }),
        state
      )
      if (Either.isLeft(decision)) return JSON.stringify({ message: decision.left.message, documentation: "" })
      return JSON.stringify(SendResponse.fromEvents(decision.right))
    }
  }
}

// The baseline: plain JSON.parse, a Map, loops. Same checks, same rendering and segment counting, same answer.

const topLevel = new Set(["definitionKey", "recipients", "subscriptions", "content", "attributes"])
const gsm = new Uint8Array(0x10000)
for (const c of "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà") {
  gsm[c.charCodeAt(0)] = 1
}
for (const c of "\f^{}\\[~]|€") gsm[c.charCodeAt(0)] = 2

const segmentsOf = (text: string): number => {
  let units = 0
  for (let i = 0; i < text.length; i++) {
    const n = gsm[text.charCodeAt(i)]!
    if (n === 0) return text.length <= 70 ? 1 : Math.ceil(text.length / 67)
    units += n
  }
  return units <= 160 ? 1 : Math.ceil(units / 153)
}

const isScalar = (v: unknown) => typeof v === "string" || typeof v === "boolean" || typeof v === "number"
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)
const scalars = (o: unknown): boolean => {
  if (o === undefined) return true
  if (!isObject(o)) return false
  for (const k in o) if (Object.hasOwn(o, k) && !isScalar(o[k])) return false
  return true
}

const find = (attributes: Record<string, unknown> | undefined, name: string): string | undefined => {
  if (attributes === undefined) return undefined
  if (Object.hasOwn(attributes, name)) return String(attributes[name])
  const lower = name.toLowerCase()
  for (const k in attributes) if (k.toLowerCase() === lower) return String(attributes[k])
  return undefined
}

const recipientMessages: Record<number, string> = {
  109106: "MCMS_UTM_Validation_MissingRequiredField_to: Invalid subscriber",
  109121: "MCMS_UTM_Validation_InvalidValue_to: Invalid subscriber",
  109105: "MCMS_UTM_Validation_MissingRequiredField_subscriberKey: Invalid subscriber",
  109108: "MCMS_UTM_Validation_InvalidValue_messageKey: Invalid messageKey",
  109110: "MCMS_UTM_Validation_DuplicateMessageKey: Duplicate messageKey"
}

/**
 * The hand-written baseline. It refuses malformed bodies with a bare code (the bench only sends valid ones) but
 * judges every recipient like the domain, renders and counts segments, and answers the same 202 body.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeBaseline = (
  liveKeys: ReadonlyArray<string>,
  queuedAt: number,
  window = 72 * 60 * 60 * 1000
): Sender & { readonly ledger: Map<string, number>; readonly checksum: () => number } => {
  const ledger = new Map<string, number>()
  for (const key of liveKeys) ledger.set(key, queuedAt)
  const optedOut = new Set<string>()
  let checksum = 0
  return {
    ledger,
    checksum: () => checksum,
    send: (text, requestId, now) => {
      const body = JSON.parse(text)
      if (!isObject(body)) return '{"errorcode":10004}'
      for (const k in body) if (!topLevel.has(k)) return '{"errorcode":109122}'
      const { definitionKey, recipients, content, attributes } = body
      if (typeof definitionKey !== "string" || !Array.isArray(recipients) || !scalars(attributes)) {
        return '{"errorcode":10001}'
      }
      if (recipients.length === 0 || recipients.length > 2000) return '{"errorcode":109102}'
      for (const r of recipients) {
        if (!isObject(r) || !scalars(r.attributes)) return '{"errorcode":10001}'
        if (
          (r.to !== undefined && typeof r.to !== "string") ||
          (r.contactKey !== undefined && typeof r.contactKey !== "string")
        ) {
          return '{"errorcode":10001}'
        }
        if (r.messageKey !== undefined && typeof r.messageKey !== "string") return '{"errorcode":10001}'
      }
      if (definitionKey !== "welcome") return '{"errorcode":109111}'
      const message: string = isObject(content) && typeof content.message === "string" ? content.message : template
      const requestAttributes = attributes as Record<string, unknown> | undefined
      const seen = new Set<string>()
      let out = ""
      let failed = 0
      for (let i = 0; i < recipients.length; i++) {
        const r = recipients[i] as Record<string, string | undefined>
        const key = r.messageKey ?? ""
        const to = r.to
        let code = 0
        if (to === undefined || to === "") code = 109106
        else if (!/^\+?[0-9]{1,15}$/.test(to)) code = 109121
        else if (r.contactKey === undefined || r.contactKey === "") code = 109105
        else if (key.length === 0 || key.length > 100) code = 109108
        else if (seen.has(key)) code = 109110
        else {
          const at = ledger.get(key)
          if (at !== undefined && at + window > now) code = 109110
        }
        seen.add(key)
        if (i > 0) out += ","
        if (code !== 0) {
          failed++
          out += `{"messageKey":${JSON.stringify(key)},"errorcode":${code},"message":"${recipientMessages[code]}"}`
          continue
        }
        ledger.set(key, now)
        const own = (r as { attributes?: Record<string, unknown> }).attributes
        const rendered = message.replace(
          /%%([^%]+)%%/g,
          (_, name: string) => find(own, name) ?? find(requestAttributes, name) ?? ""
        )
        const segments = segmentsOf(rendered)
        const phone = to as string
        const number = phone.charCodeAt(0) === 43 ? phone.slice(1) : phone
        checksum += optedOut.has(number) || segments > 10 ? 1 : segments
        out += `{"messageKey":${JSON.stringify(key)}}`
      }
      return failed === 0
        ? `{"requestId":"${requestId}","errorcode":0,"responses":[${out}]}`
        : `{"requestId":"${requestId}","errorcode":109001,"message":"MCMS_UTM_ResponsesHasErrors: ${failed} subscribers failed to queue out of ${recipients.length}","responses":[${out}]}`
    }
  }
}
