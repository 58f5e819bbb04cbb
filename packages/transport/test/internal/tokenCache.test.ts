import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Either, Fiber, Redacted, TestClock } from "effect"
import * as TokenCache from "../../src/internal/http/tokenCache.js"

const token = (refreshAt: number): TokenCache.CachedToken => ({
  accessToken: Redacted.make("t"),
  restBase: "http://127.0.0.1",
  refreshAt
})

/** A fetch that counts its calls and waits for `gate` before answering with `answer()`. */
const gatedFetch = (gate: Deferred.Deferred<void>, answer: () => Either.Either<TokenCache.CachedToken, string>) => {
  let calls = 0
  const fetch = Effect.suspend(() => {
    calls++
    return Effect.zipRight(
      Deferred.await(gate),
      Effect.suspend(() => answer())
    )
  })
  return { fetch, calls: () => calls }
}

// Lets the forked callers run until each waits (on the gate or on the cache's lock).
const queueUp = Effect.repeatN(Effect.yieldNow(), 5)

describe("TokenCache", () => {
  it.effect("a burst of callers causes one fetch, and all of them get its token", () =>
    Effect.gen(function* () {
      const gate = yield* Deferred.make<void>()
      const { fetch, calls } = gatedFetch(gate, () => Either.right(token(60_000)))
      const cache = TokenCache.make(fetch)
      const fibers = yield* Effect.forEach(Array.from({ length: 20 }), () => Effect.fork(cache.get))
      yield* queueUp
      yield* Deferred.succeed(gate, undefined)
      const tokens = yield* Effect.forEach(fibers, Fiber.join)
      expect(new Set(tokens).size).toBe(1)
      expect(calls()).toBe(1)
    })
  )

  it.effect("a failed fetch fails every caller that waited for it, and the next caller fetches again", () =>
    Effect.gen(function* () {
      const gate = yield* Deferred.make<void>()
      let fail = true
      const { fetch, calls } = gatedFetch(gate, () =>
        fail ? Either.left("token route down") : Either.right(token(1e9))
      )
      const cache = TokenCache.make(fetch)
      const fibers = yield* Effect.forEach(Array.from({ length: 20 }), () => Effect.fork(Effect.either(cache.get)))
      yield* queueUp
      yield* Deferred.succeed(gate, undefined)
      const outcomes = yield* Effect.forEach(fibers, Fiber.join)
      expect(outcomes.every((o) => Either.isLeft(o) && o.left === "token route down")).toBe(true)
      expect(calls()).toBe(1)
      fail = false
      expect((yield* cache.get).refreshAt).toBe(1e9)
      expect(calls()).toBe(2)
    })
  )

  it.effect("a token is reused until its refresh time, then fetched again; invalidate forgets it", () =>
    Effect.gen(function* () {
      const gate = yield* Deferred.make<void>()
      yield* Deferred.succeed(gate, undefined)
      let refreshAt = 1_000
      const { fetch, calls } = gatedFetch(gate, () => Either.right(token(refreshAt)))
      const cache = TokenCache.make(fetch)
      const first = yield* cache.get
      yield* TestClock.adjust("999 millis")
      expect(yield* cache.get).toBe(first)
      expect(calls()).toBe(1)
      refreshAt = 60_000
      yield* TestClock.adjust("1 millis")
      yield* cache.get
      expect(calls()).toBe(2)
      const current = yield* cache.get
      yield* cache.invalidate(current)
      yield* cache.get
      expect(calls()).toBe(3)
    })
  )
})
