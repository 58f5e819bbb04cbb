/**
 * From an untrusted body to a {@link CheckedRequest} or a whole-request error with the API's code.
 *
 * The checks run in this order, and the first that fails answers: JSON syntax (10004); unknown top-level fields and
 * `recipient`/`recipients` on the wrong route (109122); top-level field types, `recipients` being an array and the
 * single route's `recipient` an object included (10001); a missing or empty `definitionKey` (10002); missing or empty
 * `recipients` (109102); too many recipients (109101); each recipient's field types (10001). Whether the definition exists (109111) needs the business unit's state: the decider checks it.
 * Per-recipient problems (a bad `to`, a missing `contactKey`, …) are not decode failures: each recipient is judged on
 * its own by the decider. Nothing here throws, whatever the input.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as BatchRefused from "./BatchRefused.js"
import { RequestErrors } from "./ErrorCatalogue.js"
import type { Attributes, CheckedRequest, Recipient, Route } from "./SendRequest.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface DecodeOptions {
  /** The most recipients one request may carry (default 2000). */
  readonly maxRecipients?: number
}

/**
 * The default recipient limit of one request.
 *
 * @since 0.1.0
 * @category models
 */
export const defaultMaxRecipients = 2000

type Result = Either.Either<CheckedRequest, BatchRefused.BatchRefused>

const commonFields = new Set(["definitionKey", "subscriptions", "content", "attributes"])
const recipientFields = ["contactKey", "to", "messageKey"] as const

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const has = (o: object, key: string): boolean => Object.hasOwn(o, key)

const wrongType = (field: string, expected: string) =>
  BatchRefused.make(RequestErrors.InvalidDataType, field, `${field} must be ${expected}`)

const describe = (u: unknown): string => (u === null ? "null" : Array.isArray(u) ? "array" : typeof u)

/** Checks an attributes object: string keys, scalar values. Answers the field path at fault, or undefined. */
const badAttribute = (attributes: Record<string, unknown>, path: string): string | undefined => {
  for (const name of Object.keys(attributes)) {
    const value = attributes[name]
    const t = typeof value
    if (t !== "string" && t !== "boolean" && !(t === "number" && Number.isFinite(value))) {
      return `${path}.${name}`
    }
  }
  return undefined
}

const checkAttributes = (value: unknown, path: string): BatchRefused.BatchRefused | undefined => {
  if (value === undefined) return undefined
  if (!isRecord(value)) return wrongType(path, "an object")
  const bad = badAttribute(value, path)
  return bad === undefined ? undefined : wrongType(bad, "a string, number or boolean")
}

const checkRecipient = (value: unknown, path: string): BatchRefused.BatchRefused | undefined => {
  if (!isRecord(value)) return wrongType(path, `an object, not ${describe(value)}`)
  for (const field of recipientFields) {
    if (has(value, field) && typeof value[field] !== "string") return wrongType(`${path}.${field}`, "a string")
  }
  return has(value, "attributes") ? checkAttributes(value.attributes, `${path}.attributes`) : undefined
}

/**
 * Decodes a parsed JSON body that arrived on `route`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (body: unknown, route: Route, options?: DecodeOptions): Result => {
  if (!isRecord(body)) {
    return Either.left(
      BatchRefused.make(
        RequestErrors.InvalidMessageFormat,
        "body",
        `the body must be a JSON object, not ${describe(body)}`
      )
    )
  }
  const listField = route._tag === "Batch" ? "recipients" : "recipient"
  for (const field of Object.keys(body)) {
    if (field !== listField && !commonFields.has(field)) {
      return Either.left(BatchRefused.make(RequestErrors.UnknownFieldName, field))
    }
  }
  const { definitionKey, subscriptions, content } = body
  if (definitionKey !== undefined && typeof definitionKey !== "string") {
    return Either.left(wrongType("definitionKey", "a string"))
  }
  if (subscriptions !== undefined) {
    if (!isRecord(subscriptions)) return Either.left(wrongType("subscriptions", "an object"))
    if (has(subscriptions, "resubscribe") && typeof subscriptions.resubscribe !== "boolean") {
      return Either.left(wrongType("subscriptions.resubscribe", "a boolean"))
    }
  }
  if (content !== undefined) {
    if (!isRecord(content)) return Either.left(wrongType("content", "an object"))
    if (has(content, "message") && typeof content.message !== "string") {
      return Either.left(wrongType("content.message", "a string"))
    }
  }
  const attributesError = checkAttributes(body.attributes, "attributes")
  if (attributesError !== undefined) return Either.left(attributesError)
  // The recipient list is a top-level field too: its type is judged with the others, before `definitionKey`.
  if (route._tag === "Batch" && body.recipients !== undefined && !Array.isArray(body.recipients)) {
    return Either.left(wrongType("recipients", "an array"))
  }
  if (route._tag === "Single" && body.recipient !== undefined && !isRecord(body.recipient)) {
    return Either.left(wrongType("recipient", `an object, not ${describe(body.recipient)}`))
  }

  if (definitionKey === undefined || definitionKey === "") {
    return Either.left(BatchRefused.make(RequestErrors.MissingRequiredField, "definitionKey"))
  }

  let recipients: ReadonlyArray<unknown>
  if (route._tag === "Batch") {
    const list = body.recipients
    if (!Array.isArray(list) || list.length === 0)
      return Either.left(BatchRefused.make(RequestErrors.NoSubscribers, "recipients"))
    const max = options?.maxRecipients ?? defaultMaxRecipients
    if (list.length > max) {
      return Either.left(
        BatchRefused.make(
          RequestErrors.TooManySubscribers,
          "recipients",
          `${list.length} recipients, the limit is ${max}`
        )
      )
    }
    recipients = list
  } else {
    if (body.recipient === undefined) return Either.left(BatchRefused.make(RequestErrors.NoSubscribers, "recipient"))
    recipients = [body.recipient]
  }
  for (let i = 0; i < recipients.length; i++) {
    const error = checkRecipient(recipients[i], route._tag === "Batch" ? `recipients[${i}]` : "recipient")
    if (error !== undefined) return Either.left(error)
  }
  const checked = recipients as ReadonlyArray<Recipient>
  return Either.right({
    definitionKey,
    recipients:
      route._tag === "Single" && route.messageKey !== undefined
        ? [{ ...checked[0], messageKey: route.messageKey }]
        : checked,
    resubscribe: isRecord(subscriptions) && subscriptions.resubscribe === true,
    message: isRecord(content) && typeof content.message === "string" ? content.message : undefined,
    attributes: body.attributes as Attributes | undefined
  })
}

/**
 * Decodes a body from its text: text that is not JSON is a 10004.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeText = (text: string, route: Route, options?: DecodeOptions): Result => {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (e) {
    const reason = e instanceof Error ? e.message : "unreadable"
    return Either.left(BatchRefused.make(RequestErrors.InvalidMessageFormat, "body", `not JSON (${reason})`))
  }
  return decode(body, route, options)
}
