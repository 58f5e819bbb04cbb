/**
 * Every error and status code mcsend speaks, in one place: the code, the API's name for it and its text.
 * Wire messages are always built from here (`"<NAME>: <text>"`), so a code never drifts from its name.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category models
 */
export interface CatalogueEntry {
  readonly code: number
  readonly name: string
  readonly text: string
}

const entry = (code: number, name: string, text: string): CatalogueEntry => ({ code, name, text })

/**
 * Whole-request errors: the API answers 400 and queues nothing.
 *
 * @since 0.1.0
 * @category models
 */
export const RequestErrors = {
  InvalidMessageFormat: entry(10004, "MCMS_UTM_Validation_InvalidMessageFormat", "The request body is not valid JSON"),
  InvalidDataType: entry(10001, "MCMS_UTM_Validation_InvalidDataType", "A field has the wrong data type"),
  MissingRequiredField: entry(10002, "MCMS_UTM_Validation_MissingRequiredField", "definitionKey is required"),
  InvalidDefinitionKey: entry(
    109111,
    "MCMS_UTM_Validation_InvalidValue_definitionKey",
    "The definitionKey is not known to this business unit"
  ),
  NoSubscribers: entry(109102, "MCMS_UTM_Validation_NoSubscribers", "The request has no recipients"),
  TooManySubscribers: entry(109101, "MCMS_UTM_Validation_TooManySubscribers", "The request has too many recipients"),
  UnknownFieldName: entry(109122, "MCMS_UTM_Validation_UnknownFieldName", "The request has an unknown field")
} as const

/**
 * Per-recipient errors: the batch goes on, this recipient is not queued. The order of this record is the order in
 * which a recipient's problems are checked: a recipient with several problems gets the first.
 *
 * @since 0.1.0
 * @category models
 */
export const RecipientErrors = {
  MissingTo: entry(109106, "MCMS_UTM_Validation_MissingRequiredField_to", "Invalid subscriber"),
  InvalidTo: entry(109121, "MCMS_UTM_Validation_InvalidValue_to", "Invalid subscriber"),
  MissingContactKey: entry(109105, "MCMS_UTM_Validation_MissingRequiredField_subscriberKey", "Invalid subscriber"),
  InvalidMessageKey: entry(109108, "MCMS_UTM_Validation_InvalidValue_messageKey", "Invalid messageKey"),
  DuplicateMessageKey: entry(109110, "MCMS_UTM_Validation_DuplicateMessageKey", "Duplicate messageKey")
} as const

/**
 * The top-level code of a 202 answer in which some recipients failed.
 *
 * @since 0.1.0
 * @category models
 */
export const ResponsesHasErrors = entry(109001, "MCMS_UTM_ResponsesHasErrors", "subscribers failed to queue")

/**
 * Why a queued message ended NotSent (the status route's `info.statusCode`).
 *
 * @since 0.1.0
 * @category models
 */
export const NotSentReasons = {
  Unsubscribed: entry(1, "Unsubscribed", "The subscriber is unsubscribed"),
  PhoneNumberValidationFailed: entry(129, "PhoneNumberValidationFailed", "The phone number failed validation"),
  PayloadExceedsMaximum: entry(130, "PayloadExceedsMaximum", "The message is longer than 10 segments"),
  ExceededExpirationPolicy: entry(138, "ExceededExpirationPolicy", "The message expired before it could be sent")
} as const

/**
 * Errors outside the send semantics: status lookups, authorization and throttling.
 *
 * @since 0.1.0
 * @category models
 */
export const ServiceErrors = {
  MessageNotFound: entry(30003, "MCMS_UTM_Status_MessageNotFound", "No message with that messageKey"),
  NotAuthorized: entry(0, "Not Authorized", "Not Authorized"),
  RateLimitExceeded: entry(50100, "RateLimitExceeded", "Rate limit exceeded"),
  TemporarilyBlocked: entry(50200, "TemporarilyBlocked", "Your requests are temporarily blocked."),
  ServiceUnavailable: entry(50300, "ServiceUnavailable", "The service is temporarily unavailable")
} as const

/**
 * Errors of the definition routes (`/messaging/v1/sms/definitions`). The send catalogue has no codes for them; these
 * are mcsend's choice, used by the simulator (docs/simulator.md).
 *
 * @since 0.1.0
 * @category models
 */
export const DefinitionErrors = {
  NotFound: entry(30005, "MCMS_Definition_NotFound", "No definition with this key"),
  AlreadyExists: entry(30006, "MCMS_Definition_AlreadyExists", "A definition with this key exists already")
} as const

/**
 * The wire message for an entry: `"<NAME>: <text>"`, with an optional detail (the field at fault) appended.
 *
 * @since 0.1.0
 * @category constructors
 */
export const message = (entry: CatalogueEntry, detail?: string): string =>
  detail === undefined ? `${entry.name}: ${entry.text}` : `${entry.name}: ${entry.text}: ${detail}`

/**
 * The 202 answer's top-level message when `failed` of `total` recipients were not queued.
 *
 * @since 0.1.0
 * @category constructors
 */
export const responsesHasErrorsMessage = (failed: number, total: number): string =>
  `${ResponsesHasErrors.name}: ${failed} subscribers failed to queue out of ${total}`

const all: ReadonlyArray<CatalogueEntry> = [
  ...Object.values(RequestErrors),
  ...Object.values(RecipientErrors),
  ResponsesHasErrors,
  ...Object.values(ServiceErrors),
  ...Object.values(DefinitionErrors)
]

/**
 * Looks up a request, recipient or service error by its code (not the NotSent status codes, which share numbers
 * with nothing here but live in a separate space).
 *
 * @since 0.1.0
 * @category constructors
 */
export const byCode = (code: number): CatalogueEntry | undefined => all.find((e) => e.code === code)
