import { describe, expect, it } from "@effect/vitest"
import { Deferred, Duration, Effect, Exit, Fiber, TestClock } from "effect"
import { within } from "../../src/internal/http/deadline.js"

const never = (interrupted: Deferred.Deferred<void>) =>
  Effect.never.pipe(Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined)))

describe("within (the per-attempt deadline)", () => {
  describe("on the real clock (a plain timer)", () => {
    it.live("answers the effect's value, and its failure, when it is in time", () =>
      Effect.gen(function* () {
        expect(yield* within(Effect.succeed(1), Duration.seconds(5), () => -1)).toBe(1)
        const exit = yield* Effect.exit(within(Effect.fail("boom"), Duration.seconds(5), () => -1))
        expect(exit).toEqual(Exit.fail("boom"))
      })
    )

    it.live("answers onTimeout when the effect is late, and interrupts it", () =>
      Effect.gen(function* () {
        const interrupted = yield* Deferred.make<void>()
        expect(yield* within(never(interrupted), Duration.millis(20), () => "late")).toBe("late")
        expect(yield* Deferred.isDone(interrupted)).toBe(true)
      })
    )

    it.live("stops the effect when the caller is interrupted", () =>
      Effect.gen(function* () {
        const interrupted = yield* Deferred.make<void>()
        const started = yield* Deferred.make<void>()
        const fiber = yield* Effect.fork(
          within(Effect.zipRight(Deferred.succeed(started, undefined), never(interrupted)), Duration.hours(1), () => 0)
        )
        yield* Deferred.await(started)
        yield* Fiber.interrupt(fiber)
        expect(yield* Deferred.isDone(interrupted)).toBe(true)
      })
    )

    it.live("a deadline beyond what a timer can hold is no deadline", () =>
      Effect.gen(function* () {
        expect(yield* within(Effect.succeed("ok"), Duration.days(100), () => "late")).toBe("ok")
      })
    )
  })

  describe("on a test clock (Effect.timeoutTo)", () => {
    it.effect("fires only when the clock is moved past the deadline", () =>
      Effect.gen(function* () {
        const interrupted = yield* Deferred.make<void>()
        const fiber = yield* Effect.fork(within(never(interrupted), Duration.seconds(30), () => "late"))
        yield* TestClock.adjust("29999 millis")
        expect(fiber.unsafePoll()).toBeNull()
        yield* TestClock.adjust("1 millis")
        expect(yield* Fiber.join(fiber)).toBe("late")
        expect(yield* Deferred.isDone(interrupted)).toBe(true)
      })
    )
  })
})
