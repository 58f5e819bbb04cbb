/**
 * Masking attribute values in a send request before it is written to, or matched against, a cassette.
 */
import { isObject, type Json, type JsonObject, setOwn } from "./json.js"

/** What a masked value becomes. */
export const redactedValue = "[REDACTED]"

/** The names to mask, lower-cased (attribute names are matched case-insensitively, as substitution is). */
export const nameSet = (names: Iterable<string>): ReadonlySet<string> => {
  const set = new Set<string>()
  for (const name of names) set.add(name.toLowerCase())
  return set
}

const maskAttributes = (attributes: Json | undefined, names: ReadonlySet<string>): Json | undefined => {
  if (!isObject(attributes)) return attributes
  let changed = false
  const out: Record<string, Json> = {}
  for (const [name, value] of Object.entries(attributes)) {
    if (names.has(name.toLowerCase()) && value !== redactedValue) {
      setOwn(out, name, redactedValue)
      changed = true
    } else setOwn(out, name, value)
  }
  return changed ? out : attributes
}

const maskRecipient = (recipient: Json, names: ReadonlySet<string>): Json => {
  if (!isObject(recipient) || !Object.hasOwn(recipient, "attributes")) return recipient
  const attributes = maskAttributes(recipient.attributes, names)
  return attributes === recipient.attributes ? recipient : { ...recipient, attributes: attributes! }
}

/**
 * The request with the values of the named attributes masked: the request's own `attributes` and every recipient's
 * (`recipients[*].attributes`, `recipient.attributes`). Anything else is left as it is.
 */
export const redactRequest = (request: JsonObject, names: ReadonlySet<string>): JsonObject => {
  if (names.size === 0) return request
  const out: Record<string, Json> = { ...request }
  if (Object.hasOwn(request, "attributes")) out.attributes = maskAttributes(request.attributes, names)!
  if (Array.isArray(request.recipients)) {
    out.recipients = (request.recipients as ReadonlyArray<Json>).map((r) => maskRecipient(r, names))
  }
  if (Object.hasOwn(request, "recipient")) out.recipient = maskRecipient(request.recipient!, names)
  return out
}
