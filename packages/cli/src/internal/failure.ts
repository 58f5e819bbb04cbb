import * as Data from "effect/Data"

/** How the process ends: 0 success, 1 the request failed as a whole, 2 usage or configuration. */
export type ExitCode = 0 | 1 | 2

/**
 * A command ended without success. Whatever the command had to print on stdout is already printed; `reason` is the
 * one line for stderr.
 */
export class CliFailure extends Data.TaggedError("CliFailure")<{
  readonly exitCode: 1 | 2
  readonly reason: string
}> {}

/** A usage or configuration error (exit 2). */
export const usage = (reason: string): CliFailure => new CliFailure({ exitCode: 2, reason })

/** The request failed as a whole (exit 1). */
export const failed = (reason: string): CliFailure => new CliFailure({ exitCode: 1, reason })

/** One line, whatever a message holds: a stack or a multi-line text must not reach the user's terminal. */
export const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, "; ").trim()
