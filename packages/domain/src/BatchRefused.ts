/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type { CatalogueEntry } from "./ErrorCatalogue.js"
import { message } from "./ErrorCatalogue.js"

/**
 * A whole-request error: the API answers 400 and nothing is queued. It records no event, only this refusal.
 * `field` names the field at fault where there is one.
 *
 * @since 0.1.0
 * @category errors
 */
export class BatchRefused extends Schema.TaggedError<BatchRefused>()("BatchRefused", {
  errorcode: Schema.Int,
  message: Schema.String,
  field: Schema.optional(Schema.String)
}) {}

/**
 * A refusal for a catalogue entry, naming the field at fault.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (entry: CatalogueEntry, field?: string, detail?: string): BatchRefused =>
  new BatchRefused(
    field === undefined
      ? { errorcode: entry.code, message: message(entry, detail) }
      : { errorcode: entry.code, message: message(entry, detail ?? field), field },
    true
  )
