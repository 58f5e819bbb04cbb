/**
 * Reading and writing cassette files: decoding with the schema (every failure names the file and the field), and
 * atomic replacement (a temporary file in the same directory, flushed, then renamed over the cassette).
 */
import type * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Random from "effect/Random"
import * as Schema from "effect/Schema"
import { CassetteError } from "../../TransportError.js"
import { child, maxDepth } from "./json.js"
import { Cassette, currentVersion } from "./schema.js"

const pathOf = (segments: ReadonlyArray<PropertyKey>): string =>
  segments.reduce<string>((path, key) => child(path, typeof key === "number" ? key : String(key)), "$")

const positionIn = (message: string): number | undefined => {
  const match = /position (\d+)/.exec(message)
  return match === null ? undefined : Number(match[1])
}

/** True when `prefix` is JSON so far: it parses, or its only fault is that it ends too soon. */
const isJsonPrefix = (prefix: string): boolean => {
  try {
    JSON.parse(prefix)
    return true
  } catch (e) {
    const message = e instanceof Error ? e.message : ""
    return message.startsWith("Unexpected end of JSON input") || positionIn(message) === prefix.length
  }
}

/**
 * Where `JSON.parse` gave up, as line and column. V8 names a position for most faults but not all ("Unexpected
 * token"), so without one the longest prefix that is still JSON so far is found by bisection.
 */
const locate = (text: string, message: string): string => {
  let position = positionIn(message)
  if (position === undefined) {
    let good = 0
    let bad = text.length
    while (bad - good > 1) {
      const middle = (good + bad) >>> 1
      if (isJsonPrefix(text.slice(0, middle))) good = middle
      else bad = middle
    }
    position = good
  }
  const before = text.slice(0, position)
  const line = before.split("\n").length
  const column = position - before.lastIndexOf("\n")
  return ` (line ${line}, column ${column})`
}

/**
 * The path of the first value nested deeper than {@link maxDepth}, found with an explicit stack: decoding and
 * formatting errors for such a value would recurse once per level and overflow the call stack.
 */
const tooDeep = (json: unknown): string | undefined => {
  const stack: Array<readonly [unknown, ReadonlyArray<PropertyKey>]> = [[json, []]]
  while (stack.length > 0) {
    const [value, at] = stack.pop()!
    if (typeof value !== "object" || value === null) continue
    if (at.length > maxDepth) return pathOf(at.slice(0, 8))
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)
    for (const [key, v] of entries) stack.push([v, [...at, key]])
  }
  return undefined
}

const decodeCassette = Schema.decodeUnknownEither(Cassette, { errors: "all", onExcessProperty: "error" })

/** Decodes cassette text read from `path`. */
export const parse = (path: string, text: string): Either.Either<Cassette, CassetteError> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e)
    return Either.left(
      new CassetteError({
        reason: "InvalidJson",
        path,
        message: `cassette ${path} is not valid JSON${locate(text, detail)}: ${detail}`
      })
    )
  }
  if (typeof json === "object" && json !== null && !Array.isArray(json) && "version" in json) {
    const version = (json as { version: unknown }).version
    if (version !== currentVersion) {
      return Either.left(
        new CassetteError({
          reason: "UnknownVersion",
          path,
          field: "$.version",
          message: `cassette ${path} has version ${JSON.stringify(version)} at $.version; this mcsend reads version ${currentVersion}`
        })
      )
    }
  }
  const deep = tooDeep(json)
  if (deep !== undefined) {
    return Either.left(
      new CassetteError({
        reason: "InvalidShape",
        path,
        field: deep,
        message: `cassette ${path} is malformed at ${deep}: nested more than ${maxDepth} levels deep`
      })
    )
  }
  return Either.mapLeft(decodeCassette(json), (error) => {
    const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
    const first = issues[0]
    const field = pathOf(first?.path ?? [])
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : ""
    return new CassetteError({
      reason: "InvalidShape",
      path,
      field,
      message: `cassette ${path} is malformed at ${field}: ${first?.message ?? "invalid"}${more}`
    })
  })
}

/** Reads and decodes the cassette at `path`. */
export const read = (fs: FileSystem.FileSystem, path: string): Effect.Effect<Cassette, CassetteError> =>
  fs.readFileString(path).pipe(
    Effect.mapError(
      (error) =>
        new CassetteError({
          reason: error._tag === "SystemError" && error.reason === "NotFound" ? "NotFound" : "Unreadable",
          path,
          message:
            error._tag === "SystemError" && error.reason === "NotFound"
              ? `cassette ${path} does not exist`
              : `cassette ${path} cannot be read: ${error.message}`
        })
    ),
    Effect.flatMap((text) => parse(path, text))
  )

/** The cassette's text: pretty JSON, two-space indent, a final newline. */
export const render = (encoded: unknown): string => `${JSON.stringify(encoded, null, 2)}\n`

const dirname = (path: string): string | undefined => {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"))
  return slash <= 0 ? undefined : path.slice(0, slash)
}

/**
 * Replaces the file at `path` with `text` atomically: a reader sees the old cassette or the new one, never half of
 * either. The temporary file sits next to the cassette (a rename is atomic only within one file system) and is
 * flushed to disk before the rename; it is removed if anything fails.
 */
export const writeAtomically = (
  fs: FileSystem.FileSystem,
  path: string,
  text: string
): Effect.Effect<void, CassetteError> =>
  Effect.gen(function* () {
    const suffix = (yield* Random.nextIntBetween(0, 2 ** 31 - 1)).toString(36)
    const temporary = `${path}.${suffix}.tmp`
    const bytes = new TextEncoder().encode(text)
    const write = Effect.scoped(
      Effect.flatMap(fs.open(temporary, { flag: "w" }), (file) => Effect.zipRight(file.writeAll(bytes), file.sync))
    ).pipe(Effect.zipRight(fs.rename(temporary, path)))
    yield* write.pipe(Effect.tapError(() => Effect.ignore(fs.remove(temporary))))
  }).pipe(
    Effect.mapError(
      (error) =>
        new CassetteError({
          reason: "WriteFailed",
          path,
          message: `cassette ${path} cannot be written: ${error.message}`
        })
    )
  )

/** Creates the directory that will hold `path`, if it has one and it is missing. */
export const ensureDirectory = (fs: FileSystem.FileSystem, path: string): Effect.Effect<void, CassetteError> => {
  const directory = dirname(path)
  return directory === undefined
    ? Effect.void
    : fs.makeDirectory(directory, { recursive: true }).pipe(
        Effect.mapError(
          (error) =>
            new CassetteError({
              reason: "WriteFailed",
              path,
              message: `cassette ${path}: cannot create ${directory}: ${error.message}`
            })
        )
      )
}
