import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"

/** @internal */
export interface CachedToken {
  readonly accessToken: Redacted.Redacted<string>
  /** The REST base URL, without a trailing slash. */
  readonly restBase: string
  /** When to stop using it and fetch a new one (before it expires). */
  readonly refreshAt: number
}

/** @internal */
export interface TokenCache<E> {
  /** The current token, fetching one when there is none or it is due for refresh. */
  readonly get: Effect.Effect<CachedToken, E>
  /** Forgets `token` if it is still the current one (after a 401), so the next `get` fetches. */
  readonly invalidate: (token: CachedToken) => Effect.Effect<void>
}

/**
 * A token shared by every caller. At most one fetch runs at a time: callers that find no usable token queue on a
 * one-permit semaphore and, once inside, look again before fetching, so a burst of callers causes one fetch.
 *
 * @internal
 */
export const make = <E>(fetch: Effect.Effect<CachedToken, E>): TokenCache<E> => {
  let current: CachedToken | undefined
  const lock = Effect.unsafeMakeSemaphore(1)
  const usable = (now: number) => (current !== undefined && now < current.refreshAt ? current : undefined)
  const refresh = lock.withPermits(1)(
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const fresh = usable(now)
      if (fresh !== undefined) return Effect.succeed(fresh)
      return Effect.tap(fetch, (token) => {
        current = token
      })
    })
  )
  return {
    get: Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const fresh = usable(now)
      return fresh !== undefined ? Effect.succeed(fresh) : refresh
    }),
    invalidate: (token) =>
      Effect.sync(() => {
        if (current === token) current = undefined
      })
  }
}
