/**
 * Where missing messageKeys come from. The default draws 16 random bytes and encodes them as 22 URL-safe base64
 * characters, the API's own format; tests swap in {@link layerDeterministic}.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { encode } from "./internal/base64url.js"
import { webCrypto } from "./internal/webCrypto.js"
import * as MessageKey from "./MessageKey.js"
import type { Recipient } from "./SendRequest.js"

/**
 * @since 0.1.0
 * @category tags
 */
export class MessageKeyGenerator extends Context.Tag("@mcsend/domain/MessageKeyGenerator")<
  MessageKeyGenerator,
  { readonly next: Effect.Effect<MessageKey.MessageKey> }
>() {}

/**
 * 22 URL-safe base64 characters from 16 bytes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromBytes = (bytes: Uint8Array): MessageKey.MessageKey => MessageKey.unsafeMake(encode(bytes))

/**
 * The generator over Web Crypto's random bytes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const random: Context.Tag.Service<MessageKeyGenerator> = {
  next: Effect.sync(() => fromBytes(webCrypto.getRandomValues(new Uint8Array(16))))
}

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<MessageKeyGenerator> = Layer.succeed(MessageKeyGenerator, random)

/**
 * A generator whose keys are fixed by `seed`: the same seed gives the same sequence, in the API's format.
 *
 * @since 0.1.0
 * @category constructors
 */
export const deterministic = (seed = 1): Context.Tag.Service<MessageKeyGenerator> => {
  // xorshift128 seeded from `seed`: cheap, reproducible, and every key is 16 bytes like a real one.
  let s0 = (seed | 0) ^ 0x9e3779b9
  let s1 = Math.imul(seed | 0, 0x85ebca6b) ^ 0x243f6a88
  let s2 = 0xb7e15162
  let s3 = 0x3c6ef372
  const nextWord = () => {
    const t = s3
    let s = s0
    s3 = s2
    s2 = s1
    s1 = s
    s = s ^ (s << 11)
    s = s ^ (s >>> 8)
    s0 = s ^ t ^ (t >>> 19)
    return s0 >>> 0
  }
  return {
    next: Effect.sync(() => {
      const bytes = new Uint8Array(16)
      const view = new DataView(bytes.buffer)
      for (let i = 0; i < 4; i++) view.setUint32(i * 4, nextWord())
      return fromBytes(bytes)
    })
  }
}

/**
 * @since 0.1.0
 * @category layers
 */
export const layerDeterministic = (seed = 1): Layer.Layer<MessageKeyGenerator> =>
  Layer.sync(MessageKeyGenerator, () => deterministic(seed))

/**
 * Recipients with their keys: every recipient that had no messageKey has a generated one, never equal to a key
 * supplied in the same request. `generated` holds the generated keys.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeyedRecipients {
  readonly recipients: ReadonlyArray<Recipient>
  readonly generated: ReadonlySet<string>
}

// A recipient that is not an object is left as it is: it is not ours to repair, and the request decoder refuses it
// (10001) wherever it is judged.
const isObject = (r: unknown): r is Recipient => typeof r === "object" && r !== null && !Array.isArray(r)
const needsKey = (r: unknown): boolean => isObject(r) && r.messageKey === undefined

/**
 * Gives every recipient that has no messageKey a generated one, never equal to a key supplied in the same request.
 * Keys that are present (even invalid ones) are left as they are: the decider judges them.
 *
 * @since 0.1.0
 * @category combinators
 */
export const assignKeys = (
  recipients: ReadonlyArray<Recipient>
): Effect.Effect<KeyedRecipients, never, MessageKeyGenerator> =>
  Effect.gen(function* () {
    const generated = new Set<string>()
    if (!Array.isArray(recipients) || !recipients.some(needsKey)) return { recipients, generated }
    const generator = yield* MessageKeyGenerator
    const supplied = new Set<string>()
    for (const r of recipients) if (isObject(r) && typeof r.messageKey === "string") supplied.add(r.messageKey)
    const keyed: Array<Recipient> = []
    for (const r of recipients) {
      if (!needsKey(r)) {
        keyed.push(r)
        continue
      }
      let key: string = yield* generator.next
      while (supplied.has(key) || generated.has(key)) key = yield* generator.next
      generated.add(key)
      keyed.push({ ...r, messageKey: key })
    }
    return { recipients: keyed, generated }
  })
