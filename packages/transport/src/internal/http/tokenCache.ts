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
 * one-permit semaphore and, once inside, look again before fetching, so a burst of callers causes one fetch. A fetch
 * that fails fails every caller that was waiting for it too: during an outage of the token route, a burst of callers
 * costs one token request, not one each.
 *
 * @internal
 */
export const make = <E>(fetch: Effect.Effect<CachedToken, E>): TokenCache<E> => {
  let current: CachedToken | undefined
  // How many fetches have ended, and how the last one failed (if it did).
  let fetches = 0
  let lastFailure: { readonly fetch: number; readonly error: E } | undefined
  const lock = Effect.unsafeMakeSemaphore(1)
  const usable = (now: number) => (current !== undefined && now < current.refreshAt ? current : undefined)
  const refresh = Effect.suspend(() => {
    const before = fetches
    return lock.withPermits(1)(
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const fresh = usable(now)
        if (fresh !== undefined) return Effect.succeed(fresh)
        // A fetch ended while this caller waited, and it failed: that is this caller's answer too.
        if (fetches > before && lastFailure !== undefined && lastFailure.fetch === fetches) {
          return Effect.fail(lastFailure.error)
        }
        return Effect.tapBoth(fetch, {
          onSuccess: (token) =>
            Effect.sync(() => {
              current = token
              lastFailure = undefined
              fetches++
            }),
          onFailure: (error) =>
            Effect.sync(() => {
              fetches++
              lastFailure = { fetch: fetches, error }
            })
        })
      })
    )
  })
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
