/**
 * A reference model of the send semantics (design section 3), written on its own: it shares the domain's wire types
 * and error codes but none of its decoder, decider, ledger or renderer, so a bug there cannot hide here.
 *
 * The model is deliberately simple (plain maps, linear scans): it is an oracle, not an implementation.
 *
 * Where the design leaves a choice open, the model says so and allows each reasonable answer (see
 * {@link ExpectedStatus}): a STOP or a resubscription that arrives while a message is still queued may or may not
 * change that message's fate.
 *
 * @since 0.1.0
 */
import { NotSentReasons, RecipientErrors, RequestErrors } from "@mcsend/domain/ErrorCatalogue"
import type { Route } from "@mcsend/domain/SendRequest"

/**
 * The limits and timings a transport runs with, in milliseconds.
 *
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  /** How long a queued key stays unavailable (default 72 hours). */
  readonly window: number
  /** The most recipients one request may carry (default 2000). */
  readonly maxRecipients: number
  /** How long a message stays Queued before it is Sent or NotSent (default 5 seconds). */
  readonly deliveryDelay: number
  /** How long a message held by an inactive definition waits before it ends NotSent 138 (default 3 days). */
  readonly expiration: number
  /** How long a final status stays readable (default 3 days). */
  readonly statusRetention: number
}

const hour = 60 * 60 * 1000

/**
 * The design's defaults.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultSettings: Settings = {
  window: 72 * hour,
  maxRecipients: 2000,
  deliveryDelay: 5000,
  expiration: 72 * hour,
  statusRetention: 72 * hour
}

// ---------------------------------------------------------------------------------------------------------------
// Whole-request checks
// ---------------------------------------------------------------------------------------------------------------

/**
 * A request body after the whole-request checks that need no state.
 *
 * @since 0.1.0
 * @category models
 */
export interface CheckedBody {
  readonly definitionKey: string
  readonly recipients: ReadonlyArray<ModelRecipient>
  readonly resubscribe: boolean
  readonly message: string | undefined
  readonly attributes: Readonly<Record<string, string | number | boolean>> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ModelRecipient {
  readonly to: string | undefined
  readonly contactKey: string | undefined
  readonly messageKey: string | undefined
  readonly attributes: Readonly<Record<string, string | number | boolean>> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export type BodyVerdict =
  | { readonly _tag: "Refused"; readonly errorcode: number }
  | { readonly _tag: "Checked"; readonly body: CheckedBody }

const refused = (errorcode: number): BodyVerdict => ({ _tag: "Refused", errorcode })

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const own = (o: object, k: string): boolean => Object.hasOwn(o, k)

const isScalar = (u: unknown): boolean =>
  typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && Number.isFinite(u))

const attributesOk = (u: unknown): boolean => {
  if (u === undefined) return true
  if (!isObject(u)) return false
  return Object.keys(u).every((k) => isScalar(u[k]))
}

const optionalString = (o: Record<string, unknown>, k: string): boolean => !own(o, k) || typeof o[k] === "string"

/**
 * The whole-request verdict on a parsed body, without the definition check (that needs a business unit). When a
 * body has several problems the model answers in this order, which is the one `docs/semantics.md` documents:
 * not an object (10004), an unknown field or the wrong list for the route (109122), a top-level type (10001), no
 * `definitionKey` (10002), no recipients (109102), too many (109101), a recipient's types (10001).
 *
 * @since 0.1.0
 * @category checks
 */
export const checkBody = (body: unknown, route: Route, maxRecipients: number): BodyVerdict => {
  if (!isObject(body)) return refused(RequestErrors.InvalidMessageFormat.code)
  const list = route._tag === "Batch" ? "recipients" : "recipient"
  const allowed = ["definitionKey", "subscriptions", "content", "attributes", list]
  for (const k of Object.keys(body)) if (!allowed.includes(k)) return refused(RequestErrors.UnknownFieldName.code)
  const wrongType = refused(RequestErrors.InvalidDataType.code)
  if (own(body, "definitionKey") && body.definitionKey !== undefined && typeof body.definitionKey !== "string") {
    return wrongType
  }
  const subscriptions = body.subscriptions
  if (subscriptions !== undefined) {
    if (!isObject(subscriptions)) return wrongType
    if (own(subscriptions, "resubscribe") && typeof subscriptions.resubscribe !== "boolean") return wrongType
  }
  const content = body.content
  if (content !== undefined) {
    if (!isObject(content)) return wrongType
    if (!optionalString(content, "message")) return wrongType
  }
  if (!attributesOk(body.attributes)) return wrongType
  // The list's own type is a field type too: it is judged before a missing definitionKey (docs/semantics.md).
  if (route._tag === "Batch" && body.recipients !== undefined && !Array.isArray(body.recipients)) return wrongType
  if (route._tag === "Single" && body.recipient !== undefined && !isObject(body.recipient)) return wrongType
  const definitionKey = body.definitionKey
  if (typeof definitionKey !== "string" || definitionKey.length === 0) {
    return refused(RequestErrors.MissingRequiredField.code)
  }
  let raw: ReadonlyArray<unknown>
  if (route._tag === "Batch") {
    const r = body.recipients
    if (r === undefined) return refused(RequestErrors.NoSubscribers.code)
    if (!Array.isArray(r)) return wrongType
    if (r.length === 0) return refused(RequestErrors.NoSubscribers.code)
    if (r.length > maxRecipients) return refused(RequestErrors.TooManySubscribers.code)
    raw = r
  } else {
    if (body.recipient === undefined) return refused(RequestErrors.NoSubscribers.code)
    raw = [body.recipient]
  }
  const recipients: Array<ModelRecipient> = []
  for (const r of raw) {
    if (!isObject(r)) return wrongType
    if (!optionalString(r, "to") || !optionalString(r, "contactKey") || !optionalString(r, "messageKey")) {
      return wrongType
    }
    if (own(r, "attributes") && !attributesOk(r.attributes)) return wrongType
    recipients.push({
      to: r.to as string | undefined,
      contactKey: r.contactKey as string | undefined,
      messageKey: r.messageKey as string | undefined,
      attributes: r.attributes as ModelRecipient["attributes"]
    })
  }
  if (route._tag === "Single" && route.messageKey !== undefined) {
    recipients[0] = { ...recipients[0]!, messageKey: route.messageKey }
  }
  return {
    _tag: "Checked",
    body: {
      definitionKey,
      recipients,
      resubscribe: isObject(subscriptions) && subscriptions.resubscribe === true,
      message: isObject(content) && typeof content.message === "string" ? content.message : undefined,
      attributes: body.attributes as CheckedBody["attributes"]
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Per-recipient checks
// ---------------------------------------------------------------------------------------------------------------

const isDigit = (c: number) => c >= 48 && c <= 57

/**
 * `to` is 1 to 15 ASCII digits after an optional leading `+`.
 *
 * @since 0.1.0
 * @category checks
 */
export const isValidTo = (to: string): boolean => {
  const digits = to.startsWith("+") ? to.slice(1) : to
  if (digits.length < 1 || digits.length > 15) return false
  for (let i = 0; i < digits.length; i++) if (!isDigit(digits.charCodeAt(i))) return false
  return true
}

/**
 * A messageKey is 1 to 100 characters, counted in UTF-16 code units (as .NET and JavaScript count string length), and
 * not `.` or `..`, which no URL path can carry, and without lone surrogates, which have no UTF-8 form
 * (docs/semantics.md).
 *
 * @since 0.1.0
 * @category checks
 */
export const isValidKey = (key: string): boolean =>
  key.length >= 1 && key.length <= 100 && key !== "." && key !== ".." && isWellFormed(key)

/** No lone surrogates: every high surrogate is followed by a low one, and every low one follows a high one. */
const isWellFormed = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff) return false
  }
  return true
}

/**
 * The code of the first rule of the per-recipient table a recipient breaks, or undefined when it is queued.
 * `repeated`: an earlier recipient of the same request has this key. `live`: the key was queued within the window.
 *
 * @since 0.1.0
 * @category checks
 */
export const recipientError = (
  recipient: ModelRecipient,
  key: string,
  repeated: boolean,
  live: boolean
): number | undefined => {
  if (recipient.to === undefined || recipient.to === "") return RecipientErrors.MissingTo.code
  if (!isValidTo(recipient.to)) return RecipientErrors.InvalidTo.code
  if (recipient.contactKey === undefined || recipient.contactKey === "") return RecipientErrors.MissingContactKey.code
  if (!isValidKey(key)) return RecipientErrors.InvalidMessageKey.code
  if (repeated || live) return RecipientErrors.DuplicateMessageKey.code
  return undefined
}

/**
 * The number an opt-out applies to: without its leading `+`.
 *
 * @since 0.1.0
 * @category checks
 */
export const subscriberOf = (to: string): string => (to.startsWith("+") ? to.slice(1) : to)

const optOutWords = ["STOP", "QUIT", "CANCEL", "END", "UNSUBSCRIBE", "REVOKE"]

/**
 * True when an inbound text opts its sender out: its first word (any case) is an opt-out keyword, or its first two
 * words are `OPT OUT`.
 *
 * @since 0.1.0
 * @category checks
 */
export const isOptOut = (text: string): boolean => {
  // Words are split on any white space (JavaScript's \s, Unicode's included); only ASCII letters fold case, so the
  // long s of "ſtop" does not make STOP (docs/semantics.md).
  const words = text
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32)))
  const first = words[0]
  if (first === undefined) return false
  return optOutWords.includes(first) || (first === "OPT" && words[1] === "OUT")
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------------------------

type AttributeBag = Readonly<Record<string, string | number | boolean>> | undefined

const find = (bag: AttributeBag, name: string): string | undefined => {
  if (bag === undefined) return undefined
  // The exact spelling wins over another spelling of the same name in another case.
  if (Object.hasOwn(bag, name)) return String(bag[name])
  const wanted = name.toLowerCase()
  for (const k of Object.keys(bag)) if (k.toLowerCase() === wanted) return String(bag[k])
  return undefined
}

/**
 * Fills `%%Name%%` from the recipient's attributes, then the request's (case-insensitively); a name in neither
 * renders as an empty string.
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = (template: string, recipient: AttributeBag, request: AttributeBag): string => {
  let out = ""
  let i = 0
  while (i < template.length) {
    const open = template.indexOf("%%", i)
    if (open < 0) break
    const close = template.indexOf("%%", open + 2)
    if (close < 0) break
    const name = template.slice(open + 2, close)
    if (name.length === 0 || name.includes("%")) {
      // `%%%` and friends: not a placeholder; keep one character and look again.
      out += template.slice(i, open + 1)
      i = open + 1
      continue
    }
    out += template.slice(i, open) + (find(recipient, name) ?? find(request, name) ?? "")
    i = close + 2
  }
  return out + template.slice(i)
}

const gsm7 =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
const gsm7Extension = "\f^{}\\[~]|€"

/**
 * How many SMS segments a text takes: GSM-7 (extension characters count twice) 160 in one segment or 153 each;
 * otherwise UCS-2 counted in UTF-16 units, 70 in one segment or 67 each.
 *
 * @since 0.1.0
 * @category rendering
 */
export const segments = (text: string): number => {
  let septets = 0
  for (const ch of text) {
    if (gsm7.includes(ch)) septets += 1
    else if (gsm7Extension.includes(ch)) septets += 2
    else return text.length <= 70 ? 1 : Math.ceil(text.length / 67)
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153)
}

// ---------------------------------------------------------------------------------------------------------------
// The business units
// ---------------------------------------------------------------------------------------------------------------

/**
 * What a queued message ends as. `Open` marks a message whose fate the design does not pin down: its number was
 * opted out or resubscribed while it was queued, so Sent and NotSent 1 are both acceptable.
 *
 * @since 0.1.0
 * @category models
 */
export type Fate = "Send" | "Unsubscribed" | "PayloadExceedsMaximum" | "ExceededExpirationPolicy" | "Open"

/**
 * @since 0.1.0
 * @category models
 */
export interface ModelMessage {
  readonly messageKey: string
  readonly contactKey: string
  readonly to: string
  readonly queuedAt: number
  readonly dueAt: number
  /** The rendered text (definition or override, attributes filled in). */
  readonly text: string
  fate: Fate
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ModelUnit {
  readonly definitions: Map<string, { message: string; active: boolean }>
  readonly optedOut: Set<string>
  /** messageKey -> when it was last queued. */
  readonly queuedAt: Map<string, number>
  /** messageKey -> its most recent message. */
  readonly messages: Map<string, ModelMessage>
}

/**
 * One recipient's expected result: `errorcode` undefined means queued. `key` is the supplied key, or undefined
 * when the transport generates one.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExpectedItem {
  readonly key: string | undefined
  readonly errorcode: number | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export type ExpectedSend =
  | { readonly _tag: "Refused"; readonly errorcode: number }
  | { readonly _tag: "Accepted"; readonly body: CheckedBody; readonly items: ReadonlyArray<ExpectedItem> }

/**
 * The status a key should answer: none (404), or one of `allowed` (category plus NotSent statusCode).
 *
 * @since 0.1.0
 * @category models
 */
export interface ExpectedStatus {
  readonly contactKey: string
  readonly to: string
  readonly allowed: ReadonlyArray<{ readonly category: "Queued" | "Sent" | "NotSent"; readonly statusCode?: number }>
  /** When the status's timestamp should say it happened (epoch ms). */
  readonly at: number
}

const newUnit = (): ModelUnit => ({
  definitions: new Map(),
  optedOut: new Set(),
  queuedAt: new Map(),
  messages: new Map()
})

/**
 * The model of a transport: business units, time and the three rules that matter most (keys, opt-outs, content).
 *
 * @since 0.1.0
 * @category models
 */
export class Model {
  now = 0
  private readonly units = new Map<string, ModelUnit>()
  constructor(readonly settings: Settings) {}

  /** The state of a business unit (created empty). */
  unit(businessUnit: string): ModelUnit {
    let u = this.units.get(businessUnit)
    if (u === undefined) {
      u = newUnit()
      this.units.set(businessUnit, u)
    }
    return u
  }

  advance(millis: number): void {
    this.now += millis
  }

  define(businessUnit: string, definitionKey: string, message: string, active = true): void {
    this.unit(businessUnit).definitions.set(definitionKey, { message, active })
  }

  setActive(businessUnit: string, definitionKey: string, active: boolean): void {
    const d = this.unit(businessUnit).definitions.get(definitionKey)
    if (d !== undefined) d.active = active
  }

  /** True while `key` was queued within the window before now. */
  isLive(businessUnit: string, key: string): boolean {
    const at = this.unit(businessUnit).queuedAt.get(key)
    return at !== undefined && at <= this.now && this.now < at + this.settings.window
  }

  inbound(businessUnit: string, from: string, text: string): void {
    if (!isOptOut(text)) return
    const unit = this.unit(businessUnit)
    const number = subscriberOf(from)
    if (!unit.optedOut.has(number)) this.touchPending(unit, number)
    unit.optedOut.add(number)
  }

  // A change of subscription while a message is queued leaves its fate open (see the module comment).
  private touchPending(unit: ModelUnit, number: string): void {
    for (const m of unit.messages.values()) {
      if (subscriberOf(m.to) !== number || this.now >= m.dueAt) continue
      if (m.fate === "Send" || m.fate === "Unsubscribed") m.fate = "Open"
    }
  }

  /** What a send of `body` on `route` should answer, without changing anything. */
  expect(businessUnit: string, body: unknown, route: Route): ExpectedSend {
    const verdict = checkBody(body, route, this.settings.maxRecipients)
    if (verdict._tag === "Refused") return verdict
    const unit = this.unit(businessUnit)
    if (!unit.definitions.has(verdict.body.definitionKey)) {
      return { _tag: "Refused", errorcode: RequestErrors.InvalidDefinitionKey.code }
    }
    const seen = new Set<string>()
    const items: Array<ExpectedItem> = []
    for (const r of verdict.body.recipients) {
      if (r.messageKey === undefined) {
        // A generated key is fresh: never repeated, never live.
        items.push({ key: undefined, errorcode: recipientError(r, "generated-key", false, false) })
        continue
      }
      const key = r.messageKey
      const errorcode = recipientError(r, key, seen.has(key), this.isLive(businessUnit, key))
      seen.add(key)
      items.push({ key, errorcode })
    }
    return { _tag: "Accepted", body: verdict.body, items }
  }

  /**
   * Applies an accepted send. `keys` are the keys the transport answered, one per recipient (generated ones
   * included).
   */
  commit(businessUnit: string, expected: ExpectedSend, keys: ReadonlyArray<string>): void {
    if (expected._tag === "Refused") return
    const unit = this.unit(businessUnit)
    const { body, items } = expected
    const definition = unit.definitions.get(body.definitionKey)!
    const template = body.message ?? definition.message
    items.forEach((item, i) => {
      if (item.errorcode !== undefined) return
      const r = body.recipients[i]!
      const key = keys[i]!
      const number = subscriberOf(r.to!)
      const text = render(template, r.attributes, body.attributes)
      let fate: Fate
      if (!definition.active) fate = "ExceededExpirationPolicy"
      else {
        let optedOut = unit.optedOut.has(number)
        if (optedOut && body.resubscribe) {
          this.touchPending(unit, number)
          unit.optedOut.delete(number)
          optedOut = false
        }
        if (optedOut) fate = "Unsubscribed"
        else if (segments(text) > 10) fate = "PayloadExceedsMaximum"
        else fate = "Send"
      }
      unit.queuedAt.set(key, this.now)
      unit.messages.set(key, {
        messageKey: key,
        contactKey: r.contactKey!,
        to: r.to!,
        queuedAt: this.now,
        dueAt: this.now + (definition.active ? this.settings.deliveryDelay : this.settings.expiration),
        text,
        fate
      })
    })
  }

  /** The most recent message queued with `key`, whatever its status. */
  message(businessUnit: string, key: string): ModelMessage | undefined {
    return this.unit(businessUnit).messages.get(key)
  }

  /** The status `key` should answer now, or undefined for 404. */
  status(businessUnit: string, key: string): ExpectedStatus | undefined {
    const m = this.unit(businessUnit).messages.get(key)
    if (m === undefined) return undefined
    const base = { contactKey: m.contactKey, to: m.to }
    if (this.now < m.dueAt) return { ...base, allowed: [{ category: "Queued" }], at: m.queuedAt }
    if (this.now >= m.dueAt + this.settings.statusRetention) return undefined
    const notSent = (code: number) => ({ category: "NotSent" as const, statusCode: code })
    switch (m.fate) {
      case "Send":
        return { ...base, allowed: [{ category: "Sent" }], at: m.dueAt }
      case "Open":
        return { ...base, allowed: [{ category: "Sent" }, notSent(NotSentReasons.Unsubscribed.code)], at: m.dueAt }
      case "Unsubscribed":
      case "PayloadExceedsMaximum":
      case "ExceededExpirationPolicy":
        return { ...base, allowed: [notSent(NotSentReasons[m.fate].code)], at: m.dueAt }
    }
  }
}
