import { describe, expect, it } from "@effect/vitest"
import * as ErrorCatalogue from "../src/ErrorCatalogue.js"

describe("ErrorCatalogue", () => {
  it("holds the whole-request table of design section 3", () => {
    const { RequestErrors: e } = ErrorCatalogue
    expect(
      [
        e.InvalidMessageFormat,
        e.InvalidDataType,
        e.MissingRequiredField,
        e.InvalidDefinitionKey,
        e.NoSubscribers,
        e.TooManySubscribers,
        e.UnknownFieldName
      ].map((x) => [x.code, x.name])
    ).toEqual([
      [10004, "MCMS_UTM_Validation_InvalidMessageFormat"],
      [10001, "MCMS_UTM_Validation_InvalidDataType"],
      [10002, "MCMS_UTM_Validation_MissingRequiredField"],
      [109111, "MCMS_UTM_Validation_InvalidValue_definitionKey"],
      [109102, "MCMS_UTM_Validation_NoSubscribers"],
      [109101, "MCMS_UTM_Validation_TooManySubscribers"],
      [109122, "MCMS_UTM_Validation_UnknownFieldName"]
    ])
  })

  it("holds the per-recipient table in its order of precedence", () => {
    expect(Object.values(ErrorCatalogue.RecipientErrors).map((x) => [x.code, x.name])).toEqual([
      [109106, "MCMS_UTM_Validation_MissingRequiredField_to"],
      [109121, "MCMS_UTM_Validation_InvalidValue_to"],
      [109105, "MCMS_UTM_Validation_MissingRequiredField_subscriberKey"],
      [109108, "MCMS_UTM_Validation_InvalidValue_messageKey"],
      [109110, "MCMS_UTM_Validation_DuplicateMessageKey"]
    ])
  })

  it("holds the NotSent reasons", () => {
    expect(Object.values(ErrorCatalogue.NotSentReasons).map((x) => [x.code, x.name])).toEqual([
      [1, "Unsubscribed"],
      [129, "PhoneNumberValidationFailed"],
      [130, "PayloadExceedsMaximum"],
      [138, "ExceededExpirationPolicy"]
    ])
  })

  it("builds wire messages and finds entries by code", () => {
    expect(ErrorCatalogue.message(ErrorCatalogue.RecipientErrors.MissingTo)).toBe(
      "MCMS_UTM_Validation_MissingRequiredField_to: Invalid subscriber"
    )
    expect(ErrorCatalogue.responsesHasErrorsMessage(1, 2)).toBe(
      "MCMS_UTM_ResponsesHasErrors: 1 subscribers failed to queue out of 2"
    )
    expect(ErrorCatalogue.byCode(109110)?.name).toBe("MCMS_UTM_Validation_DuplicateMessageKey")
    expect(ErrorCatalogue.byCode(30003)?.name).toBe("MCMS_UTM_Status_MessageNotFound")
    expect(ErrorCatalogue.byCode(12345)).toBeUndefined()
  })

  it("gives every request, recipient and service code one entry", () => {
    const codes = [
      ...Object.values(ErrorCatalogue.RequestErrors),
      ...Object.values(ErrorCatalogue.RecipientErrors),
      ErrorCatalogue.ResponsesHasErrors,
      ...Object.values(ErrorCatalogue.ServiceErrors)
    ].map((e) => e.code)
    expect(new Set(codes).size).toBe(codes.length)
  })
})
