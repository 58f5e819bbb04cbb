/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A definition with this key exists already (the definition route answers 409).
 *
 * @since 0.1.0
 * @category errors
 */
export class DefinitionExists extends Schema.TaggedError<DefinitionExists>()("DefinitionExists", {
  definitionKey: Schema.String
}) {}

/**
 * No definition has this key (the definition routes answer 404).
 *
 * @since 0.1.0
 * @category errors
 */
export class DefinitionNotFound extends Schema.TaggedError<DefinitionNotFound>()("DefinitionNotFound", {
  definitionKey: Schema.String
}) {}
