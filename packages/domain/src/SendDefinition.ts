/**
 * A send definition: the named message template a request refers to by `definitionKey`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category schemas
 */
export const DefinitionStatus = Schema.Literal("Active", "Inactive")

/**
 * @since 0.1.0
 * @category models
 */
export type DefinitionStatus = typeof DefinitionStatus.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const DefinitionSubscriptions = Schema.Struct({
  shortCode: Schema.optional(Schema.String),
  countryCode: Schema.optional(Schema.String),
  keyword: Schema.optional(Schema.String)
})

/**
 * A definition as the definition routes answer it.
 *
 * @since 0.1.0
 * @category models
 */
export class SendDefinition extends Schema.Class<SendDefinition>("SendDefinition")({
  definitionKey: Schema.NonEmptyString,
  name: Schema.String,
  status: DefinitionStatus,
  content: Schema.Struct({ message: Schema.String }),
  description: Schema.optional(Schema.String),
  subscriptions: Schema.optional(DefinitionSubscriptions)
}) {}

/**
 * The body of `POST /messaging/v1/sms/definitions`: `name` defaults to the key, `status` to Active.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateDefinitionBody = Schema.Struct({
  definitionKey: Schema.NonEmptyString,
  name: Schema.optional(Schema.String),
  status: Schema.optional(DefinitionStatus),
  content: Schema.Struct({ message: Schema.String }),
  description: Schema.optional(Schema.String),
  subscriptions: Schema.optional(DefinitionSubscriptions)
})

/**
 * @since 0.1.0
 * @category models
 */
export type CreateDefinitionBody = typeof CreateDefinitionBody.Type

/**
 * The body of `PATCH /messaging/v1/sms/definitions/{definitionKey}`: the fields to change.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateDefinitionBody = Schema.Struct({
  name: Schema.optional(Schema.String),
  status: Schema.optional(DefinitionStatus),
  content: Schema.optional(Schema.Struct({ message: Schema.String })),
  description: Schema.optional(Schema.String),
  subscriptions: Schema.optional(DefinitionSubscriptions)
})

/**
 * @since 0.1.0
 * @category models
 */
export type UpdateDefinitionBody = typeof UpdateDefinitionBody.Type

/**
 * The definition a create body describes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromCreateBody = (body: CreateDefinitionBody): SendDefinition =>
  new SendDefinition({
    ...body,
    name: body.name ?? body.definitionKey,
    status: body.status ?? "Active"
  })

/**
 * The definition after a patch.
 *
 * @since 0.1.0
 * @category combinators
 */
export const applyUpdate = (definition: SendDefinition, patch: UpdateDefinitionBody): SendDefinition => {
  const changed = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
  return new SendDefinition({ ...definition, ...changed })
}
