/**
 * Where request ids come from: random UUIDs by default, a counter in tests.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { RequestId } from "./Identifiers.js"
import { webCrypto } from "./internal/webCrypto.js"

/**
 * @since 0.1.0
 * @category tags
 */
export class RequestIdGenerator extends Context.Tag("@mcsend/domain/RequestIdGenerator")<
  RequestIdGenerator,
  { readonly next: Effect.Effect<RequestId> }
>() {}

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<RequestIdGenerator> = Layer.succeed(RequestIdGenerator, {
  next: Effect.sync(() => webCrypto.randomUUID() as RequestId)
})

/**
 * Ids `00000000-0000-4000-8000-000000000001`, `…002`, …: UUID-shaped and reproducible.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerDeterministic: Layer.Layer<RequestIdGenerator> = Layer.sync(RequestIdGenerator, () => {
  let n = 0
  return {
    next: Effect.sync(() => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}` as RequestId)
  }
})
