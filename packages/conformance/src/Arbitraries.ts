/**
 * fast-check arbitraries for send requests: valid ones, each kind of invalid recipient and invalid request, and
 * adversarial values (unicode and emoji, 100- and 101-character keys, whitespace, empty strings, attribute names such
 * as `__proto__`, very long attribute values, batches dense with repeated keys, batches near the recipient limit).
 *
 * Every arbitrary builds plain JSON data: no `undefined` fields (an absent field is absent), so a request means the
 * same thing in memory and on the wire.
 *
 * @since 0.1.0
 */
import { RecipientErrors, RequestErrors } from "@mcsend/domain/ErrorCatalogue"
import type { Recipient, Route } from "@mcsend/domain/SendRequest"
import fc from "fast-check"

/**
 * An attribute value as the wire allows it.
 *
 * @since 0.1.0
 * @category models
 */
export type AttributeValue = string | number | boolean

/**
 * @since 0.1.0
 * @category models
 */
export type AttributeBag = Record<string, AttributeValue>

/**
 * A request body as it goes on the wire (any JSON, valid or not), with the route it is sent on.
 *
 * @since 0.1.0
 * @category models
 */
export interface Wire {
  readonly body: unknown
  readonly route: Route
}

const batchRoute: Route = { _tag: "Batch" }

// ---------------------------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------------------------

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max })

/**
 * A valid `to`: 1 to 15 digits, sometimes after a `+`.
 *
 * @since 0.1.0
 * @category scalars
 */
export const phoneNumber: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.oneof(digits(11, 11), digits(1, 15), fc.constant("1"), digits(15, 15)))
  .map(([plus, d]) => (plus ? `+${d}` : d))

/**
 * A `to` that is present and not empty but breaks the rule: too long, letters, inner or outer whitespace, a bare or
 * doubled `+`, non-ASCII digits, punctuation.
 *
 * @since 0.1.0
 * @category scalars
 */
export const invalidPhoneNumber: fc.Arbitrary<string> = fc.oneof(
  digits(16, 20),
  fc.constant("+"),
  fc.constant("++15555551234"),
  fc.constant(" 15555551234"),
  fc.constant("15555551234 "),
  fc.constant("1555 5551234"),
  fc.constant("1-555-555-1234"),
  fc.constant("(555) 555-1234"),
  fc.constant("١٥٥٥٥٥٥١٢٣٤"),
  fc.constant("１５５５"),
  fc.constant("15555551234\n"),
  fc.constant("1e10"),
  fc.constant("+1+"),
  fc.constant(" "),
  digits(1, 10).map((d) => `${d}x`),
  digits(0, 6).chain((d) => fc.constantFrom(`${d}🙂`, `${d}a`, `${d}.`, `a${d}`))
)

const unicodeText = (min: number, max: number) =>
  fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.string({ unit: "grapheme", minLength: min, maxLength: max }),
    fc.string({ unit: "binary", minLength: min, maxLength: max })
  )

/**
 * A valid contactKey: not empty; may be unicode, emoji or only whitespace.
 *
 * @since 0.1.0
 * @category scalars
 */
export const contactKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/) },
  { weight: 1, arbitrary: unicodeText(1, 20) },
  { weight: 1, arbitrary: fc.constantFrom(" ", "\t", "Ωmega", "🙂🙃", "__proto__", "constructor") }
)

const keyUnit = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:~")

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
const truncateUnits = (s: string, max: number): string => {
  let out = ""
  for (const ch of s) {
    if (out.length + ch.length > max) break
    out += ch
  }
  return out
}

/**
 * A valid messageKey: 1 to 100 characters (UTF-16 units), often exactly 100, sometimes unicode, emoji or
 * whitespace; never the dot segments `.` and `..`.
 *
 * @since 0.1.0
 * @category scalars
 */
export const messageKey: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.string({ unit: keyUnit, minLength: 1, maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: keyUnit, minLength: 100, maxLength: 100 }) },
    { weight: 1, arbitrary: fc.string({ unit: keyUnit, minLength: 98, maxLength: 100 }) },
    {
      weight: 1,
      arbitrary: unicodeText(1, 60)
        .map((s) => truncateUnits(s, 100))
        .filter((s) => s.length > 0)
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(" ", "  key  ", "🙂".repeat(50), "é".repeat(100), "__proto__", "a/b?c#d", "...")
    }
  )
  .filter((key) => key !== "." && key !== "..")

/**
 * A messageKey that breaks the rule: empty, over 100 characters (101 most often), a dot segment, or a lone
 * surrogate.
 *
 * @since 0.1.0
 * @category scalars
 */
export const invalidMessageKey: fc.Arbitrary<string> = fc.oneof(
  fc.constant(""),
  fc.constantFrom(".", "..", "ab\uD800", "\uDC00"),
  fc.string({ unit: keyUnit, minLength: 101, maxLength: 101 }),
  fc.string({ unit: keyUnit, minLength: 102, maxLength: 300 }),
  fc.constant(`${"🙂".repeat(50)}a`)
)

/**
 * A pool of keys for one test: few enough that they repeat, within a request and across requests.
 *
 * @since 0.1.0
 * @category scalars
 */
export const keyPool = (size = 6): fc.Arbitrary<ReadonlyArray<string>> =>
  fc.uniqueArray(messageKey, { minLength: 1, maxLength: size })

/**
 * Attribute names, the adversarial ones (`__proto__`, `constructor`, …) often.
 *
 * @since 0.1.0
 * @category scalars
 */
export const attributeName: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf")
  },
  { weight: 1, arbitrary: fc.constantFrom("First Name", "Ünïcode", "名前", "🙂") }
)

/**
 * An attribute value: text (sometimes very long or unicode), an integer or a boolean.
 *
 * @since 0.1.0
 * @category scalars
 */
export const attributeValue: fc.Arbitrary<AttributeValue> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: unicodeText(0, 20) },
  { weight: 1, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "x".repeat(2000), "é".repeat(700), "🙂".repeat(400)) }
)

/**
 * An attribute object. Names never differ only in case (which one would win is not specified); every name is an
 * own property, `__proto__` included.
 *
 * @since 0.1.0
 * @category scalars
 */
export const attributes: fc.Arbitrary<AttributeBag> = fc
  .uniqueArray(fc.tuple(attributeName, attributeValue), {
    maxLength: 4,
    selector: ([name]) => name.toLowerCase()
  })
  .map((entries) => Object.fromEntries(entries) as AttributeBag)

// ---------------------------------------------------------------------------------------------------------------
// Recipients
// ---------------------------------------------------------------------------------------------------------------

const withKey = (recipient: Recipient, key: string | undefined): Recipient =>
  key === undefined ? recipient : { ...recipient, messageKey: key }

/**
 * A recipient that is queued when its key is free. `keys` draws its messageKey (absent: generated).
 *
 * @since 0.1.0
 * @category recipients
 */
export const validRecipient = (keys: fc.Arbitrary<string | undefined> = fc.option(messageKey, { nil: undefined })) =>
  fc
    .record(
      { to: phoneNumber, contactKey, messageKey: keys, attributes },
      { requiredKeys: ["to", "contactKey", "messageKey"] }
    )
    .map(({ messageKey, ...rest }): Recipient => withKey(rest, messageKey))

/**
 * Each kind of recipient error, by the rule it breaks.
 *
 * @since 0.1.0
 * @category models
 */
export type RecipientFault =
  | "MissingTo"
  | "EmptyTo"
  | "InvalidTo"
  | "MissingContactKey"
  | "EmptyContactKey"
  | "InvalidMessageKey"

/**
 * The code each {@link RecipientFault} answers.
 *
 * @since 0.1.0
 * @category models
 */
export const recipientFaultCode: Record<RecipientFault, number> = {
  MissingTo: RecipientErrors.MissingTo.code,
  EmptyTo: RecipientErrors.MissingTo.code,
  InvalidTo: RecipientErrors.InvalidTo.code,
  MissingContactKey: RecipientErrors.MissingContactKey.code,
  EmptyContactKey: RecipientErrors.MissingContactKey.code,
  InvalidMessageKey: RecipientErrors.InvalidMessageKey.code
}

const breakRecipient = (fault: RecipientFault, r: Recipient): fc.Arbitrary<Recipient> => {
  switch (fault) {
    case "MissingTo": {
      const { to: _, ...rest } = r
      return fc.constant(rest)
    }
    case "EmptyTo":
      return fc.constant({ ...r, to: "" })
    case "InvalidTo":
      return invalidPhoneNumber.map((to) => ({ ...r, to }))
    case "MissingContactKey": {
      const { contactKey: _, ...rest } = r
      return fc.constant(rest)
    }
    case "EmptyContactKey":
      return fc.constant({ ...r, contactKey: "" })
    case "InvalidMessageKey":
      return invalidMessageKey.map((messageKey) => ({ ...r, messageKey }))
  }
}

/**
 * A recipient with exactly one problem, and the code it must get.
 *
 * @since 0.1.0
 * @category recipients
 */
export const invalidRecipient = (
  keys: fc.Arbitrary<string | undefined> = fc.option(messageKey, { nil: undefined })
): fc.Arbitrary<{ readonly recipient: Recipient; readonly fault: RecipientFault; readonly errorcode: number }> =>
  fc
    .tuple(
      fc.constantFrom<RecipientFault>(
        "MissingTo",
        "EmptyTo",
        "InvalidTo",
        "MissingContactKey",
        "EmptyContactKey",
        "InvalidMessageKey"
      ),
      validRecipient(keys)
    )
    .chain(([fault, r]) =>
      breakRecipient(fault, r).map((recipient) => ({ recipient, fault, errorcode: recipientFaultCode[fault] }))
    )

/**
 * A recipient with several problems at once (its code is the first in the table's order).
 *
 * @since 0.1.0
 * @category recipients
 */
export const multiFaultRecipient = (
  keys: fc.Arbitrary<string | undefined> = fc.option(messageKey, { nil: undefined })
): fc.Arbitrary<Recipient> =>
  fc
    .record(
      {
        to: fc.oneof(fc.constant(""), invalidPhoneNumber, phoneNumber),
        contactKey: fc.oneof(fc.constant(""), contactKey),
        messageKey: fc.oneof(
          invalidMessageKey,
          keys.filter((k): k is string => k !== undefined)
        )
      },
      { requiredKeys: [] }
    )
    .map((r) => r as Recipient)

/**
 * Any recipient: valid, with one problem, or with several.
 *
 * @since 0.1.0
 * @category recipients
 */
export const recipient = (keys?: fc.Arbitrary<string | undefined>): fc.Arbitrary<Recipient> =>
  fc.oneof(
    { weight: 3, arbitrary: validRecipient(keys) },
    { weight: 2, arbitrary: invalidRecipient(keys).map((x) => x.recipient) },
    { weight: 1, arbitrary: multiFaultRecipient(keys) }
  )

/**
 * Keys drawn from a pool (so they repeat), or absent (generated).
 *
 * @since 0.1.0
 * @category recipients
 */
export const keyFrom = (pool: ReadonlyArray<string>, absent = 0.2): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: Math.round(absent * 10), arbitrary: fc.constant(undefined) },
    { weight: 10 - Math.round(absent * 10), arbitrary: fc.constantFrom(...pool) }
  )

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category models
 */
export interface RequestOptions {
  /** The definition the requests name. */
  readonly definitionKey: string
  /** The transport's recipient limit. */
  readonly maxRecipients: number
  /** The most recipients a generated batch has (default: 20, capped by the limit). */
  readonly maxBatch?: number
}

const requestExtras = fc.record(
  {
    subscriptions: fc.record({ resubscribe: fc.boolean() }, { requiredKeys: [] }),
    content: fc.record({ message: fc.string({ maxLength: 40 }) }, { requiredKeys: [] }),
    attributes
  },
  { requiredKeys: [] }
)

/**
 * A batch request whose recipients come from `recipients`.
 *
 * @since 0.1.0
 * @category requests
 */
export const batchOf = (
  options: RequestOptions,
  recipients: fc.Arbitrary<Recipient>,
  size?: { readonly minLength: number; readonly maxLength: number }
): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      requestExtras,
      fc.array(recipients, size ?? { minLength: 1, maxLength: Math.min(options.maxBatch ?? 20, options.maxRecipients) })
    )
    .map(([extras, list]) => ({ definitionKey: options.definitionKey, ...extras, recipients: list }))

/**
 * A request every recipient of which can be queued (batch or single route), with supplied keys that never repeat.
 *
 * @since 0.1.0
 * @category requests
 */
export const validRequest = (options: RequestOptions): fc.Arbitrary<Wire> =>
  fc.oneof(
    { weight: 3, arbitrary: uniqueKeyedBatch(options).map((body) => ({ body, route: batchRoute })) },
    {
      weight: 1,
      arbitrary: fc.tuple(requestExtras, validRecipient()).map(([extras, r]) => ({
        body: { definitionKey: options.definitionKey, ...extras, recipient: r },
        route: { _tag: "Single" as const, messageKey: r.messageKey }
      }))
    }
  )

const uniqueKeyedBatch = (options: RequestOptions) =>
  fc
    .tuple(
      requestExtras,
      fc.uniqueArray(messageKey, { minLength: 1, maxLength: Math.min(options.maxBatch ?? 20, options.maxRecipients) })
    )
    .chain(([extras, keys]) =>
      fc.tuple(...keys.map((k) => fc.tuple(validRecipient(fc.constant(k)), fc.boolean()))).map((rs) => ({
        definitionKey: options.definitionKey,
        ...extras,
        recipients: rs.map(([r, drop]) => {
          if (!drop) return r
          const { messageKey: _, ...rest } = r
          return rest
        })
      }))
    )

/**
 * A batch mixing valid recipients, each kind of invalid one and repeated keys from a small pool.
 *
 * @since 0.1.0
 * @category requests
 */
export const mixedBatch = (options: RequestOptions, pool: ReadonlyArray<string>): fc.Arbitrary<Wire> =>
  batchOf(options, recipient(keyFrom(pool))).map((body) => ({ body, route: batchRoute }))

/**
 * A batch dense with repeated keys: two or three keys over many recipients.
 *
 * @since 0.1.0
 * @category requests
 */
export const denseRepeatedKeys = (options: RequestOptions): fc.Arbitrary<Wire> =>
  fc
    .uniqueArray(messageKey, { minLength: 1, maxLength: 3 })
    .chain((pool) => batchOf(options, recipient(keyFrom(pool, 0.05)), { minLength: 2, maxLength: 30 }))
    .map((body) => ({ body, route: batchRoute }))

/**
 * A batch with the limit's number of recipients, or one or two fewer.
 *
 * @since 0.1.0
 * @category requests
 */
export const nearLimit = (options: RequestOptions): fc.Arbitrary<Wire> =>
  fc.integer({ min: Math.max(1, options.maxRecipients - 2), max: options.maxRecipients }).chain((n) =>
    fc.uniqueArray(messageKey, { minLength: 2, maxLength: 4 }).chain((pool) =>
      batchOf(options, recipient(keyFrom(pool, 0.7)), { minLength: n, maxLength: n }).map((body) => ({
        body,
        route: batchRoute
      }))
    )
  )

/**
 * Each kind of whole-request error.
 *
 * @since 0.1.0
 * @category models
 */
export type RequestFault =
  | "NotAnObject"
  | "WrongType"
  | "MissingDefinitionKey"
  | "EmptyDefinitionKey"
  | "UnknownDefinition"
  | "NoRecipients"
  | "EmptyRecipients"
  | "TooManyRecipients"
  | "UnknownField"
  | "RecipientWithRecipients"
  | "RecipientNotAnObject"
  | "RecipientFieldWrongType"
  | "AttributeWrongType"

/**
 * The code each {@link RequestFault} answers.
 *
 * @since 0.1.0
 * @category models
 */
export const requestFaultCode: Record<RequestFault, number> = {
  NotAnObject: RequestErrors.InvalidMessageFormat.code,
  WrongType: RequestErrors.InvalidDataType.code,
  MissingDefinitionKey: RequestErrors.MissingRequiredField.code,
  EmptyDefinitionKey: RequestErrors.MissingRequiredField.code,
  UnknownDefinition: RequestErrors.InvalidDefinitionKey.code,
  NoRecipients: RequestErrors.NoSubscribers.code,
  EmptyRecipients: RequestErrors.NoSubscribers.code,
  TooManyRecipients: RequestErrors.TooManySubscribers.code,
  UnknownField: RequestErrors.UnknownFieldName.code,
  RecipientWithRecipients: RequestErrors.UnknownFieldName.code,
  RecipientNotAnObject: RequestErrors.InvalidDataType.code,
  RecipientFieldWrongType: RequestErrors.InvalidDataType.code,
  AttributeWrongType: RequestErrors.InvalidDataType.code
}

const nonString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.constant(["x"])
)
const nonScalar = fc.oneof(fc.constant(null), fc.constant([]), fc.constant({}), fc.constant({ a: 1 }), fc.constant([1]))

const setIndex = <A>(list: ReadonlyArray<A>, i: number, value: A): Array<A> =>
  list.map((x, j) => (j === i % list.length ? value : x))

/**
 * A request with exactly one whole-request problem, its kind and the code it must get. Its recipients (all with
 * supplied keys) would otherwise be queued, so a transport that queues any of them is caught. `unknownDefinitionKey`
 * must name no definition of the business unit.
 *
 * @since 0.1.0
 * @category requests
 */
export const invalidRequest = (
  options: RequestOptions & { readonly unknownDefinitionKey: string }
): fc.Arbitrary<Wire & { readonly fault: RequestFault; readonly errorcode: number }> => {
  const base = uniqueKeyedBatch(options).map((b) => ({
    ...b,
    recipients: (b.recipients as Array<Recipient>).map((r, i) =>
      r.messageKey === undefined ? { ...r, messageKey: `whole-${i}` } : r
    )
  }))
  const faults: Record<RequestFault, fc.Arbitrary<unknown>> = {
    NotAnObject: fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.string(),
      fc.boolean(),
      base.map((b) => [b])
    ),
    WrongType: base.chain((b) =>
      fc.oneof(
        nonString.filter((v) => v !== null).map((v) => ({ ...b, definitionKey: v })),
        nonString.filter((v) => !Array.isArray(v)).map((v) => ({ ...b, recipients: v })),
        // A wrong type is judged before a missing definitionKey.
        nonString
          .filter((v) => !Array.isArray(v) && v !== undefined)
          .map((v) => {
            const { definitionKey: _, ...rest } = b
            return { ...rest, recipients: v }
          }),
        nonString
          .filter((v) => typeof v !== "object" || v === null || Array.isArray(v))
          .map((v) => ({
            ...b,
            subscriptions: v
          })),
        fc.constantFrom("yes", 1, null).map((v) => ({ ...b, subscriptions: { resubscribe: v } })),
        fc.constantFrom(1, true, null, [], {}).map((v) => ({ ...b, content: { message: v } })),
        fc.constantFrom("text", 1, null, []).map((v) => ({ ...b, content: v })),
        fc.constantFrom("text", 1, []).map((v) => ({ ...b, attributes: v }))
      )
    ),
    MissingDefinitionKey: base.map(({ definitionKey: _, ...rest }) => rest),
    EmptyDefinitionKey: base.map((b) => ({ ...b, definitionKey: "" })),
    UnknownDefinition: base.map((b) => ({ ...b, definitionKey: options.unknownDefinitionKey })),
    NoRecipients: base.map(({ recipients: _, ...rest }) => rest),
    EmptyRecipients: base.map((b) => ({ ...b, recipients: [] })),
    TooManyRecipients: fc
      .tuple(fc.integer({ min: 1, max: 3 }), validRecipient(fc.constant(undefined)))
      .map(([extra, r]) => ({
        definitionKey: options.definitionKey,
        recipients: Array.from({ length: options.maxRecipients + extra }, (_, i) => ({ ...r, messageKey: `many-${i}` }))
      })),
    UnknownField: fc
      .tuple(
        base,
        fc.oneof(
          fc.constantFrom("definitionkey", "Recipients", "message", "subscription", "foo", "messageKey"),
          fc
            .stringMatching(/^[a-z]{1,8}$/)
            .filter((k) => !["definitionKey", "subscriptions", "content", "attributes", "recipients"].includes(k))
        ),
        fc.jsonValue({ maxDepth: 1 })
      )
      .map(([b, field, value]) => Object.fromEntries([...Object.entries(b), [field, value]])),
    RecipientWithRecipients: base.map((b) => ({ ...b, recipient: (b.recipients as Array<unknown>)[0] })),
    RecipientNotAnObject: fc
      .tuple(base, fc.nat(), fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.constant([]), fc.boolean()))
      .map(([b, i, v]) => ({ ...b, recipients: setIndex(b.recipients as Array<unknown>, i, v) })),
    RecipientFieldWrongType: fc
      .tuple(base, fc.nat(), fc.constantFrom("to", "contactKey", "messageKey"), nonString)
      .map(([b, i, field, v]) => ({
        ...b,
        recipients: setIndex(b.recipients as Array<Recipient>, i, {
          ...(b.recipients as Array<Recipient>)[i % (b.recipients as Array<Recipient>).length]!,
          [field]: v
        } as Recipient)
      })),
    AttributeWrongType: fc
      .tuple(base, fc.nat(), attributeName, nonScalar, fc.boolean())
      .map(([b, i, name, v, onRequest]) => {
        const bad = Object.fromEntries([[name, v]])
        if (onRequest) return { ...b, attributes: bad }
        const list = b.recipients as Array<Recipient>
        return { ...b, recipients: setIndex(list, i, { ...list[i % list.length]!, attributes: bad } as Recipient) }
      })
  }
  return fc
    .constantFrom(...(Object.keys(faults) as Array<RequestFault>))
    .chain((fault) =>
      faults[fault].map((body) => ({ body, route: batchRoute, fault, errorcode: requestFaultCode[fault] }))
    )
}

/**
 * Any JSON value, as a body: mostly nonsense, sometimes close to a request.
 *
 * @since 0.1.0
 * @category requests
 */
export const jsonBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      definitionKey: fc.jsonValue({ maxDepth: 1 }),
      recipients: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 })),
      recipient: fc.jsonValue({ maxDepth: 2 }),
      attributes: fc.jsonValue({ maxDepth: 2 }),
      content: fc.jsonValue({ maxDepth: 2 }),
      subscriptions: fc.jsonValue({ maxDepth: 2 })
    },
    { requiredKeys: [] }
  )
)

/**
 * Any text as a body: not JSON, truncated JSON, JSON.
 *
 * @since 0.1.0
 * @category requests
 */
export const bodyText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.json(),
  fc.json().map((s) => s.slice(0, Math.floor(s.length / 2))),
  fc.constantFrom("", " ", "{", "}", "[", '{"definitionKey":', "null", "NaN", "\u0000", '{"a":1,}')
)

/**
 * An inbound text that opts its sender out (any keyword, any case, with surrounding spaces and trailing words).
 *
 * @since 0.1.0
 * @category inbound
 */
export const optOutText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("STOP", "QUIT", "CANCEL", "END", "UNSUBSCRIBE", "REVOKE", "OPT OUT", "OPT  OUT"),
    fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    fc.constantFrom("", " ", "  ", "\t", "\u00a0", "\u3000", "\u000b"),
    fc.constantFrom("", " please", " now thanks", "\tme", "\u00a0now", "\u2028x")
  )
  .map(([word, upper, lead, tail]) => {
    const cased = [...word].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c.toLowerCase())).join("")
    return `${lead}${cased}${tail}`
  })

/**
 * An inbound text that does not opt out: a keyword inside a word, later in the text, or none.
 *
 * @since 0.1.0
 * @category inbound
 */
export const otherInboundText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "STOPPED",
    "please stop",
    "hello",
    "OPT",
    "OPTOUT",
    "",
    " ",
    "ENDS",
    "yes STOP",
    "ending",
    // The long s and the dotless i fold to S and I in Unicode upper-casing, but they are not ASCII: not keywords.
    "\u017ftop",
    "qu\u0131t"
  ),
  fc.stringMatching(/^[a-z]{1,8}( [a-z]{1,8})?$/).filter((s) => {
    const first = s.split(" ")[0]!.toUpperCase()
    return !["STOP", "QUIT", "CANCEL", "END", "UNSUBSCRIBE", "REVOKE", "OPT"].includes(first)
  })
)
