/**
 * The decider of one business unit: `decide(command, state)` answers the events a command causes or why it is
 * refused; `evolve(state, event)` applies one event. Both are pure in what they read (time and ids come in on the
 * command) and total: no input makes them throw.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as BatchRefused from "./BatchRefused.js"
import type * as Commands from "./Commands.js"
import * as Content from "./Content.js"
import { DefinitionExists, DefinitionNotFound } from "./DefinitionErrors.js"
import { message, NotSentReasons, RecipientErrors, RequestErrors } from "./ErrorCatalogue.js"
import {
  BatchAccepted,
  DefinitionCreated,
  DefinitionDeleted,
  DefinitionUpdated,
  type Event,
  type Fate,
  MessageNotSent,
  MessageQueued,
  MessageRejected,
  MessageSent,
  SubscriberOptedOut,
  SubscriberResubscribed
} from "./Events.js"
import { isPhoneNumber, normalizePhoneNumber } from "./Identifiers.js"
import * as Inbound from "./Inbound.js"
import * as Trusted from "./internal/trusted.js"
import * as MessageKey from "./MessageKey.js"
import * as SendDefinition from "./SendDefinition.js"
import type { Recipient } from "./SendRequest.js"
import type { MessageRecord, Settings, State } from "./State.js"
import * as StateModule from "./State.js"

/**
 * Why a command was refused: a whole-request error, or a definition that exists already or not at all.
 *
 * @since 0.1.0
 * @category models
 */
export type Rejection = BatchRefused.BatchRefused | DefinitionExists | DefinitionNotFound

/**
 * @since 0.1.0
 * @category models
 */
export type Decision = Either.Either<ReadonlyArray<Event>, Rejection>

// Events are built from values the decider has already checked, so their constructors skip validation; the events
// of every recipient and every delivery skip the constructor altogether (see internal/trusted.ts).
const trusted = true

/**
 * The first per-recipient error in the catalogue's order that can be judged from the recipient alone.
 */
const staticError = (recipient: Recipient, key: string) => {
  const { to, contactKey } = recipient
  if (to === undefined || to === "") return RecipientErrors.MissingTo
  if (!isPhoneNumber(to)) return RecipientErrors.InvalidTo
  if (contactKey === undefined || contactKey === "") return RecipientErrors.MissingContactKey
  if (!MessageKey.isValid(key)) return RecipientErrors.InvalidMessageKey
  return undefined
}

const fateOf = (inactive: boolean, optedOut: boolean, segments: number): Fate => {
  if (inactive) return "ExceededExpirationPolicy"
  if (optedOut) return "Unsubscribed"
  if (segments > Content.maxSegments) return "PayloadExceedsMaximum"
  return "Send"
}

const submitBatch = (command: Commands.SubmitBatch, state: State): Decision => {
  const { request, requestId, now, generatedKeys } = command
  const definition = state.definitions.get(request.definitionKey)
  if (definition === undefined) {
    return Either.left(BatchRefused.make(RequestErrors.InvalidDefinitionKey, "definitionKey", request.definitionKey))
  }
  const { settings, ledger, optedOut } = state
  const inactive = definition.status === "Inactive"
  const template = Content.compile(request.message ?? definition.content.message)
  const events: Array<Event> = [
    Trusted.make(BatchAccepted, {
      requestId,
      definitionKey: request.definitionKey,
      recipients: request.recipients.length,
      at: now
    })
  ]
  const seen = new Set<string>()
  const resubscribed = new Set<string>()
  const recipients = request.recipients
  for (let index = 0; index < recipients.length; index++) {
    const recipient = recipients[index]!
    const key = recipient.messageKey ?? ""
    const repeated = seen.has(key)
    seen.add(key)
    const error =
      staticError(recipient, key) ??
      (repeated || ledger.isLive(key, now) ? RecipientErrors.DuplicateMessageKey : undefined)
    if (error !== undefined) {
      events.push(
        Trusted.make(MessageRejected, {
          requestId,
          index,
          messageKey: key,
          errorcode: error.code,
          message: message(error),
          at: now
        })
      )
      continue
    }
    const to = recipient.to!
    const number = normalizePhoneNumber(to)
    let isOptedOut = optedOut.has(number) && !resubscribed.has(number)
    if (isOptedOut && request.resubscribe && !inactive) {
      resubscribed.add(number)
      events.push(new SubscriberResubscribed({ to: number, requestId, at: now }, trusted))
      isOptedOut = false
    }
    const rendered = template(recipient.attributes, request.attributes)
    const measured = Content.measure(rendered.text)
    const fate = fateOf(inactive, isOptedOut, measured.segments)
    events.push(
      Trusted.make(MessageQueued, {
        requestId,
        index,
        messageKey: key,
        keyGenerated: generatedKeys.has(key),
        contactKey: recipient.contactKey!,
        to,
        definitionKey: request.definitionKey,
        text: rendered.text,
        encoding: measured.encoding,
        segments: measured.segments,
        missingSubstitutions: rendered.missing,
        fate,
        at: now,
        dueAt: now + (inactive ? settings.expiration : settings.deliveryDelay)
      })
    )
  }
  return Either.right(events)
}

const finalEvent = (record: MessageRecord): Event => {
  const { requestId, messageKey, dueAt: at } = record
  switch (record.fate) {
    case "Send":
      return Trusted.make(MessageSent, { requestId, messageKey, at })
    case "Unsubscribed":
    case "PayloadExceedsMaximum":
    case "ExceededExpirationPolicy": {
      const reason = NotSentReasons[record.fate]
      return Trusted.make(MessageNotSent, {
        requestId,
        messageKey,
        statusCode: reason.code,
        statusMessage: reason.name,
        at
      })
    }
  }
}

const deliverDueMessages = (command: Commands.DeliverDueMessages, state: State): Decision => {
  // Both queues are in due order; merge them so the events come out in time order.
  const events: Array<Event> = []
  let d = 0
  let e = 0
  const pending = (offset: number, fifo: State["deliveries"]): [MessageRecord | undefined, number] => {
    let record = fifo.peek(offset)
    while (record !== undefined && record.lifecycle._tag !== "Queued") record = fifo.peek(++offset)
    return [record, offset]
  }
  for (;;) {
    const [nextDelivery, dOffset] = pending(d, state.deliveries)
    const [nextExpiry, eOffset] = pending(e, state.expiries)
    d = dOffset
    e = eOffset
    const takeDelivery =
      nextDelivery !== undefined && (nextExpiry === undefined || nextDelivery.dueAt <= nextExpiry.dueAt)
    const record = takeDelivery ? nextDelivery : nextExpiry
    if (record === undefined || record.dueAt > command.now) break
    events.push(finalEvent(record))
    if (takeDelivery) d++
    else e++
  }
  return Either.right(events)
}

const recordInbound = (command: Commands.RecordInbound, state: State): Decision => {
  const keyword = Inbound.optOutKeyword(command.message)
  const number = normalizePhoneNumber(command.from)
  if (keyword === undefined || state.optedOut.has(number)) return Either.right([])
  return Either.right([new SubscriberOptedOut({ to: number, keyword, at: command.now }, trusted)])
}

/**
 * The events a command causes in `state`, or why it is refused.
 *
 * @since 0.1.0
 * @category decider
 */
export const decide = (command: Commands.Command, state: State): Decision => {
  switch (command._tag) {
    case "SubmitBatch":
      return submitBatch(command, state)
    case "DeliverDueMessages":
      return deliverDueMessages(command, state)
    case "RecordInbound":
      return recordInbound(command, state)
    case "CreateDefinition": {
      const key = command.definition.definitionKey
      // The body's type cannot say "non-empty"; refuse an empty key here rather than throw in the constructor.
      if (key === "") return Either.left(BatchRefused.make(RequestErrors.MissingRequiredField, "definitionKey"))
      if (state.definitions.has(key)) return Either.left(new DefinitionExists({ definitionKey: key }))
      const definition = SendDefinition.fromCreateBody(command.definition)
      return Either.right([new DefinitionCreated({ definition, at: command.now })])
    }
    case "UpdateDefinition": {
      const key = command.definitionKey
      if (!state.definitions.has(key)) return Either.left(new DefinitionNotFound({ definitionKey: key }))
      return Either.right([new DefinitionUpdated({ definitionKey: key, changes: command.changes, at: command.now })])
    }
    case "DeleteDefinition": {
      const key = command.definitionKey
      if (!state.definitions.has(key)) return Either.left(new DefinitionNotFound({ definitionKey: key }))
      return Either.right([new DefinitionDeleted({ definitionKey: key, at: command.now })])
    }
  }
}

/** Drops the statuses that are final and past retention from the front of the message map. */
/**
 * Drops the statuses whose retention has passed, oldest final status first. Only final messages wait in `finals`, so
 * a message held for days by an inactive definition never keeps later ones from being dropped.
 */
const pruneStatuses = (state: State, now: number) => {
  for (let record = state.finals.peek(); record !== undefined; record = state.finals.peek()) {
    if (StateModule.isRetained(state, record, now)) return
    state.finals.shift()
    // The key may have been queued again since: only the record that expired goes.
    if (state.messages.get(record.messageKey) === record) state.messages.delete(record.messageKey)
  }
}

const finish = (state: State, requestId: string, messageKey: string, lifecycle: StateModule.Lifecycle) => {
  // The message leaving the queue is at the head of one of the two queues (decide emits them in that order).
  for (const fifo of [state.deliveries, state.expiries]) {
    let record = fifo.peek()
    while (record !== undefined && record.lifecycle._tag !== "Queued") {
      fifo.shift()
      record = fifo.peek()
    }
    if (record !== undefined && record.messageKey === messageKey && record.requestId === requestId) {
      record.lifecycle = lifecycle
      fifo.shift()
      state.finals.push(record)
      return
    }
  }
  const record = state.messages.get(messageKey)
  if (record !== undefined && record.requestId === requestId && record.lifecycle._tag === "Queued") {
    record.lifecycle = lifecycle
    state.finals.push(record)
  }
}

/**
 * Applies one event to `state` (in place) and returns it.
 *
 * @since 0.1.0
 * @category decider
 */
export const evolve = (state: State, event: Event): State => {
  switch (event._tag) {
    case "MessageQueued": {
      state.ledger.record(event.messageKey, event.at)
      const record: MessageRecord = {
        requestId: event.requestId,
        index: event.index,
        messageKey: event.messageKey,
        contactKey: event.contactKey,
        to: event.to,
        queuedAt: event.at,
        dueAt: event.dueAt,
        fate: event.fate,
        lifecycle: { _tag: "Queued" }
      }
      state.messages.set(event.messageKey, record)
      if (event.fate === "ExceededExpirationPolicy") state.expiries.push(record)
      else state.deliveries.push(record)
      return state
    }
    case "MessageSent":
      finish(state, event.requestId, event.messageKey, { _tag: "Sent", at: event.at })
      return state
    case "MessageNotSent":
      finish(state, event.requestId, event.messageKey, {
        _tag: "NotSent",
        at: event.at,
        statusCode: event.statusCode,
        statusMessage: event.statusMessage
      })
      return state
    case "SubscriberOptedOut":
      state.optedOut.add(event.to)
      return state
    case "SubscriberResubscribed":
      state.optedOut.delete(event.to)
      return state
    case "DefinitionCreated":
      state.definitions.set(event.definition.definitionKey, event.definition)
      return state
    case "DefinitionUpdated": {
      const current = state.definitions.get(event.definitionKey)
      if (current !== undefined) {
        state.definitions.set(event.definitionKey, SendDefinition.applyUpdate(current, event.changes))
      }
      return state
    }
    case "DefinitionDeleted":
      state.definitions.delete(event.definitionKey)
      return state
    case "BatchAccepted":
      // Once a batch, not once a message: reading a status checks retention anyway, this only frees memory.
      pruneStatuses(state, event.at)
      return state
    case "MessageRejected":
      return state
  }
}

/**
 * An empty business unit.
 *
 * @since 0.1.0
 * @category decider
 */
export const initialState = (settings?: Partial<Settings>): State => StateModule.make(settings)

/**
 * Decides and applies in one step: the events (already applied to `state`) or the rejection.
 *
 * @since 0.1.0
 * @category decider
 */
export const handle = (command: Commands.Command, state: State): Decision => {
  const decision = decide(command, state)
  if (Either.isRight(decision)) for (const event of decision.right) evolve(state, event)
  return decision
}

/**
 * The decider as one record, in the shape Emmett and other event-sourcing tools expect.
 *
 * @since 0.1.0
 * @category decider
 */
export const Decider = { decide, evolve, initialState } as const
