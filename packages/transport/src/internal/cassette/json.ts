/**
 * JSON values for cassettes: normalisation (what `JSON.stringify` would keep), canonical text (sorted keys, so key
 * order never matters) and the paths at which two values differ.
 */

/** A JSON value. */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

/** A JSON object. */
export type JsonObject = { readonly [key: string]: Json }

/**
 * The value as it would travel: `undefined` fields dropped, non-finite numbers as `null`, `toJSON` applied.
 * Throws on what JSON cannot hold (a `bigint`, a cycle); callers turn that into their own error.
 */
export const normalize = (value: unknown): Json => {
  const text = JSON.stringify(value)
  return text === undefined ? null : (JSON.parse(text) as Json)
}

export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * Sets an own property even when the key is `__proto__`: an assignment would set the object's prototype instead and
 * lose the field (an attribute named `__proto__` is plain data on the wire).
 */
export const setOwn = (out: Record<string, Json>, key: string, value: Json): void => {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
}

const sorted = (value: Json): Json => {
  if (Array.isArray(value)) return value.map(sorted)
  if (isObject(value)) {
    const out: Record<string, Json> = {}
    for (const key of Object.keys(value).sort()) setOwn(out, key, sorted(value[key]!))
    return out
  }
  return value
}

/** How deep a cassette's JSON may nest; deeper is refused as a bad shape rather than risk the stack. */
export const maxDepth = 256

/**
 * True when `value` is JSON (null, booleans, finite numbers, strings, arrays and plain objects) no deeper than
 * {@link maxDepth}. Walks with its own stack, so no input can overflow the call stack.
 */
export const isJson = (value: unknown): value is Json => {
  const stack: Array<readonly [unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v === "string" || typeof v === "boolean") continue
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return false
      continue
    }
    if (typeof v !== "object" || depth >= maxDepth) return false
    if (Array.isArray(v)) {
      for (const item of v) stack.push([item, depth + 1])
      continue
    }
    const proto = Object.getPrototypeOf(v)
    if (proto !== Object.prototype && proto !== null) return false
    for (const key of Object.keys(v)) stack.push([(v as Record<string, unknown>)[key], depth + 1])
  }
  return true
}

/** Canonical JSON: keys sorted at every level, no whitespace. Two values are equal iff their canonical texts are. */
export const canonical = (value: Json): string => JSON.stringify(sorted(value))

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** Appends a key to a JSONPath-like path (`$.recipients[0].attributes.Code`, `$["odd key"]`). */
export const child = (path: string, key: string | number): string =>
  typeof key === "number"
    ? `${path}[${key}]`
    : identifier.test(key)
      ? `${path}.${key}`
      : `${path}[${JSON.stringify(key)}]`

/** One place where two values differ; `undefined` on a side means the path is absent there. */
export interface Difference {
  readonly path: string
  readonly recorded: Json | undefined
  readonly incoming: Json | undefined
}

/** Every path at which `recorded` and `incoming` differ, outermost first (a missing subtree counts once). */
export const differences = (recorded: Json | undefined, incoming: Json | undefined, path = "$"): Array<Difference> => {
  if (Array.isArray(recorded) && Array.isArray(incoming)) {
    const out: Array<Difference> = []
    const length = Math.max(recorded.length, incoming.length)
    for (let i = 0; i < length; i++) out.push(...differences(recorded[i], incoming[i], child(path, i)))
    return out
  }
  if (isObject(recorded) && isObject(incoming)) {
    const out: Array<Difference> = []
    const keys = new Set([...Object.keys(recorded), ...Object.keys(incoming)])
    for (const key of [...keys].sort()) {
      const a = Object.hasOwn(recorded, key) ? recorded[key] : undefined
      const b = Object.hasOwn(incoming, key) ? incoming[key] : undefined
      out.push(...differences(a, b, child(path, key)))
    }
    return out
  }
  if (recorded === undefined && incoming === undefined) return []
  if (recorded !== undefined && incoming !== undefined && canonical(recorded) === canonical(incoming)) return []
  return [{ path, recorded, incoming }]
}

const show = (value: Json | undefined): string => {
  if (value === undefined) return "(absent)"
  const text = canonical(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/** One line per difference, at most `limit` of them. */
export const describeDifferences = (diffs: ReadonlyArray<Difference>, limit = 10): string => {
  const lines = diffs.slice(0, limit).map((d) => `${d.path}: recorded ${show(d.recorded)}, got ${show(d.incoming)}`)
  if (diffs.length > limit) lines.push(`... and ${diffs.length - limit} more`)
  return lines.join("\n")
}
