/**
 * What can be asked of a business unit. Time (`now`, epoch milliseconds) and generated ids come in on the command,
 * so deciding is deterministic.
 *
 * @since 0.1.0
 */

import type { CreateDefinitionBody, UpdateDefinitionBody } from "./SendDefinition.js"
import type { CheckedRequest } from "./SendRequest.js"

/**
 * Send a checked request. Every recipient carries its messageKey by now (see `MessageKeyGenerator.assignKeys`);
 * `generatedKeys` says which of them were generated.
 *
 * @since 0.1.0
 * @category commands
 */
export interface SubmitBatch {
  readonly _tag: "SubmitBatch"
  readonly request: CheckedRequest
  readonly requestId: string
  readonly generatedKeys: ReadonlySet<string>
  readonly now: number
}

/**
 * @since 0.1.0
 * @category commands
 */
export interface CreateDefinition {
  readonly _tag: "CreateDefinition"
  readonly definition: CreateDefinitionBody
  readonly now: number
}

/**
 * @since 0.1.0
 * @category commands
 */
export interface UpdateDefinition {
  readonly _tag: "UpdateDefinition"
  readonly definitionKey: string
  readonly changes: UpdateDefinitionBody
  readonly now: number
}

/**
 * @since 0.1.0
 * @category commands
 */
export interface DeleteDefinition {
  readonly _tag: "DeleteDefinition"
  readonly definitionKey: string
  readonly now: number
}

/**
 * An inbound message from a subscriber (an opt-out keyword opts the number out).
 *
 * @since 0.1.0
 * @category commands
 */
export interface RecordInbound {
  readonly _tag: "RecordInbound"
  readonly from: string
  readonly message: string
  readonly now: number
}

/**
 * Move every queued message whose time has come to Sent or NotSent.
 *
 * @since 0.1.0
 * @category commands
 */
export interface DeliverDueMessages {
  readonly _tag: "DeliverDueMessages"
  readonly now: number
}

/**
 * @since 0.1.0
 * @category models
 */
export type Command =
  | SubmitBatch
  | CreateDefinition
  | UpdateDefinition
  | DeleteDefinition
  | RecordInbound
  | DeliverDueMessages

/**
 * @since 0.1.0
 * @category constructors
 */
export const submitBatch = (
  args: Omit<SubmitBatch, "_tag" | "generatedKeys"> & {
    readonly generatedKeys?: ReadonlySet<string>
  }
): SubmitBatch => ({ _tag: "SubmitBatch", generatedKeys: new Set(), ...args })

/**
 * @since 0.1.0
 * @category constructors
 */
export const createDefinition = (definition: CreateDefinitionBody, now: number): CreateDefinition => ({
  _tag: "CreateDefinition",
  definition,
  now
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const updateDefinition = (
  definitionKey: string,
  changes: UpdateDefinitionBody,
  now: number
): UpdateDefinition => ({ _tag: "UpdateDefinition", definitionKey, changes, now })

/**
 * @since 0.1.0
 * @category constructors
 */
export const deleteDefinition = (definitionKey: string, now: number): DeleteDefinition => ({
  _tag: "DeleteDefinition",
  definitionKey,
  now
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const recordInbound = (from: string, message: string, now: number): RecordInbound => ({
  _tag: "RecordInbound",
  from,
  message,
  now
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const deliverDueMessages = (now: number): DeliverDueMessages => ({ _tag: "DeliverDueMessages", now })
