/** @internal */
export interface Backoff {
  readonly baseMillis: number
  readonly maxMillis: number
  /** 0..1: a delay `d` becomes uniform in `[d * (1 - jitter), d]`. */
  readonly jitter: number
}

/**
 * The wait before retry number `retry` (1 for the first retry): capped exponential, jittered downwards so that many
 * clients failing together do not come back together. `random` is uniform in [0, 1).
 *
 * @internal
 */
export const delayMillis = (backoff: Backoff, retry: number, random: number): number => {
  const exponential = Math.min(backoff.maxMillis, backoff.baseMillis * 2 ** Math.max(0, retry - 1))
  const jitter = Math.min(1, Math.max(0, backoff.jitter))
  return Math.round(exponential * (1 - jitter * random))
}

/**
 * The server's wait hint, in ms: the `Retry-After` header (seconds, or an HTTP date) or else the body's `retryAfter`
 * (seconds). Undefined when neither is usable.
 *
 * @internal
 */
export const retryAfterMillis = (header: string | undefined, body: unknown, now: number): number | undefined => {
  if (header !== undefined) {
    const trimmed = header.trim()
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
    const date = Date.parse(trimmed)
    if (!Number.isNaN(date)) return Math.max(0, date - now)
  }
  if (typeof body === "object" && body !== null && "retryAfter" in body) {
    const value = (body as { retryAfter: unknown }).retryAfter
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.round(value * 1000)
  }
  return undefined
}
