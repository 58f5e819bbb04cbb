import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import * as BatchRefused from "../src/BatchRefused.js"
import * as ErrorBody from "../src/ErrorBody.js"
import { RequestErrors } from "../src/ErrorCatalogue.js"
import { BatchAccepted, MessageRejected, SubscriberResubscribed } from "../src/Events.js"
import * as SendResponse from "../src/SendResponse.js"
import { queued, t0 } from "./support/DeciderSpecification.js"

const accepted = new BatchAccepted({ requestId: "r", definitionKey: "d", recipients: 2, at: t0 })
const failed = new MessageRejected({
  requestId: "r",
  index: 1,
  messageKey: "k2",
  errorcode: 109106,
  message: "MCMS_UTM_Validation_MissingRequiredField_to: Invalid subscriber",
  at: t0
})

describe("SendResponse.fromEvents", () => {
  it("answers errorcode 0 and bare items when every recipient was queued", () => {
    expect(SendResponse.fromEvents([accepted, queued("k1", t0), queued("k2", t0)])).toEqual({
      requestId: "r",
      errorcode: 0,
      responses: [{ messageKey: "k1" }, { messageKey: "k2" }]
    })
  })

  it("answers 109001 with the count when some recipients failed, in request order", () => {
    const response = SendResponse.fromEvents([
      accepted,
      new SubscriberResubscribed({ to: "1", requestId: "r", at: t0 }),
      queued("k1", t0),
      failed
    ])
    expect(response).toEqual({
      requestId: "r",
      errorcode: 109001,
      message: "MCMS_UTM_ResponsesHasErrors: 1 subscribers failed to queue out of 2",
      responses: [
        { messageKey: "k1" },
        {
          messageKey: "k2",
          errorcode: 109106,
          message: "MCMS_UTM_Validation_MissingRequiredField_to: Invalid subscriber"
        }
      ]
    })
    expect(JSON.stringify(response.responses[0])).toBe('{"messageKey":"k1"}')
  })

  it("encodes to the wire shape and decodes errorCode as well as errorcode", () => {
    const decode = Schema.decodeUnknownEither(SendResponse.SendResponseFromWire)
    expect(
      Either.getOrThrow(
        decode({ requestId: "r", errorCode: 109001, responses: [{ messageKey: "k", errorCode: 109110, message: "m" }] })
      )
    ).toEqual({ requestId: "r", errorcode: 109001, responses: [{ messageKey: "k", errorcode: 109110, message: "m" }] })
    expect(Either.getOrThrow(decode({ requestId: "r", responses: [{ messageKey: "k" }] }))).toEqual({
      requestId: "r",
      errorcode: 0,
      responses: [{ messageKey: "k" }]
    })
    expect(Either.isLeft(decode({ requestId: "r", responses: [{}] }))).toBe(true)
  })
})

describe("ErrorBody", () => {
  it("builds the 400 body from a refusal", () => {
    const refusal = BatchRefused.make(RequestErrors.NoSubscribers, "recipients")
    expect(ErrorBody.fromRefusal(refusal)).toEqual({
      message: "MCMS_UTM_Validation_NoSubscribers: The request has no recipients: recipients",
      errorcode: 109102,
      documentation: ""
    })
  })

  it("decodes errorCode as well as errorcode, and refuses a body without either", () => {
    const decode = Schema.decodeUnknownEither(ErrorBody.ErrorBodyFromWire)
    expect(Either.getOrThrow(decode({ message: "m", errorCode: 50100, retryAfter: 5 }))).toEqual({
      message: "m",
      errorcode: 50100,
      documentation: "",
      retryAfter: 5
    })
    expect(Either.isLeft(decode({ message: "m" }))).toBe(true)
  })
})
