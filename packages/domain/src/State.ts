/**
 * The state of one business unit: its key ledger, its send definitions, its opted-out numbers and the statuses of
 * its messages.
 *
 * State is owned: `evolve` changes it in place and returns it, because a ledger of tens of millions of keys cannot
 * be copied per event. A state value must not be used again after it was passed to `evolve` (see
 * docs/decisions/0001-owned-state.md).
 *
 * @since 0.1.0
 */
import type { Fate } from "./Events.js"
import { Fifo } from "./internal/fifo.js"
import * as KeyLedger from "./KeyLedger.js"
import { defaultMaxRecipients } from "./RequestDecoder.js"
import type { SendDefinition } from "./SendDefinition.js"
import * as Time from "./Time.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  /** How long a queued key stays unavailable, in ms (default 72 hours). */
  readonly window: number
  /** The most recipients one request may carry (default 2000). */
  readonly maxRecipients: number
  /** How long a message stays Queued before it is Sent or NotSent, in ms (default 5 seconds). */
  readonly deliveryDelay: number
  /** How long a message held by an inactive definition waits before it ends NotSent 138, in ms (default 3 days). */
  readonly expiration: number
  /** How long a message's final status can still be read, in ms (default 3 days). */
  readonly statusRetention: number
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultSettings: Settings = {
  window: KeyLedger.defaultWindow,
  maxRecipients: defaultMaxRecipients,
  deliveryDelay: 5 * Time.second,
  expiration: 3 * Time.day,
  statusRetention: 3 * Time.day
}

/**
 * Where a message is in its life.
 *
 * @since 0.1.0
 * @category models
 */
export type Lifecycle =
  | { readonly _tag: "Queued" }
  | { readonly _tag: "Sent"; readonly at: number }
  | { readonly _tag: "NotSent"; readonly at: number; readonly statusCode: number; readonly statusMessage: string }

/**
 * One queued message. `lifecycle` is the only field that changes.
 *
 * @since 0.1.0
 * @category models
 */
export interface MessageRecord {
  readonly requestId: string
  readonly index: number
  readonly messageKey: string
  readonly contactKey: string
  readonly to: string
  readonly queuedAt: number
  readonly dueAt: number
  readonly fate: Fate
  lifecycle: Lifecycle
}

/**
 * @since 0.1.0
 * @category models
 */
export interface State {
  readonly settings: Settings
  readonly ledger: KeyLedger.KeyLedger
  readonly definitions: Map<string, SendDefinition>
  /** Opted-out numbers, without their leading `+`. */
  readonly optedOut: Set<string>
  /** The latest message for each key. */
  readonly messages: Map<string, MessageRecord>
  /** Messages that leave the queue after the delivery delay, in due order. */
  readonly deliveries: Fifo<MessageRecord>
  /** Messages held by an inactive definition until they expire, in due order. */
  readonly expiries: Fifo<MessageRecord>
  /** Messages that are final (Sent or NotSent), in the order they became final: their statuses expire in this order. */
  readonly finals: Fifo<MessageRecord>
}

/**
 * An empty business unit.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (settings?: Partial<Settings>): State => {
  const s = { ...defaultSettings, ...settings }
  return {
    settings: s,
    ledger: KeyLedger.make({ window: s.window }),
    definitions: new Map(),
    optedOut: new Set(),
    messages: new Map(),
    deliveries: new Fifo(),
    expiries: new Fifo(),
    finals: new Fifo()
  }
}

/**
 * The message a key answers for at `now`: the most recent one, while its status is retained.
 *
 * @since 0.1.0
 * @category getters
 */
export const messageAt = (state: State, messageKey: string, now: number): MessageRecord | undefined => {
  const record = state.messages.get(messageKey)
  if (record === undefined || record.queuedAt > now) return undefined
  return isRetained(state, record, now) ? record : undefined
}

/**
 * True while a message's status can still be read: until `statusRetention` after it became final.
 *
 * @since 0.1.0
 * @category getters
 */
export const isRetained = (state: State, record: MessageRecord, now: number): boolean =>
  record.lifecycle._tag === "Queued" || record.lifecycle.at + state.settings.statusRetention > now
