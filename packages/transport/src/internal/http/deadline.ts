import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"

// The constructor of Effect's own clock: when the fiber runs on it, time is the wall clock and a plain timer is exact.
const realClock = Clock.make().constructor

// setTimeout fires at once past this many milliseconds; a longer deadline is no deadline.
const maxTimerMillis = 2 ** 31 - 1

/**
 * Runs `self`, answering `onTimeout()` instead (and interrupting `self`) if it takes longer than `duration`.
 *
 * `Effect.timeoutTo` does this for any clock, but races two forked fibers and merges their fiber refs: about 60 µs an
 * attempt, the largest single cost of an HTTP send (docs/benchmarks.md). On the real clock this forks only `self` and
 * arms a plain timer (about 15 µs). On any other clock (a `TestClock` in tests) it is `Effect.timeoutTo`, so moving
 * the test clock still fires the deadline.
 */
export const within = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => A
): Effect.Effect<A, E, R> =>
  Effect.flatMap(Effect.clockWith(Effect.succeed), (clock) => {
    const millis = Duration.toMillis(duration)
    if (clock.constructor !== realClock) {
      return Effect.timeoutTo(self, { duration, onSuccess: (a: A) => a, onTimeout })
    }
    if (!(millis < maxTimerMillis)) return self
    return Effect.flatMap(Effect.fork(self), (fiber) =>
      Effect.async<A, E>((resume) => {
        let settled = false
        const timer = setTimeout(() => {
          if (settled) return
          settled = true
          resume(Effect.as(Fiber.interrupt(fiber), onTimeout()))
        }, millis)
        fiber.addObserver((exit) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          resume(exit)
        })
        // Interrupted while waiting: stop the timer and the attempt (the fork is a child, but do not wait for the
        // parent's end to stop it).
        return Effect.suspend(() => {
          settled = true
          clearTimeout(timer)
          return Fiber.interrupt(fiber)
        })
      })
    )
  })
