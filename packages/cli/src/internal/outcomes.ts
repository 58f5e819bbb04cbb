import * as ErrorCatalogue from "@mcsend/domain/ErrorCatalogue"
import type * as SendRequest from "@mcsend/domain/SendRequest"
import type * as SendResponse from "@mcsend/domain/SendResponse"

const { RecipientErrors } = ErrorCatalogue

// What each per-recipient code means in words a reader of a table understands; the codes and names come from the
// catalogue, so they cannot drift from what the API answers.
const meanings = new Map<number, string>([
  [RecipientErrors.MissingTo.code, "no phone number (to)"],
  [RecipientErrors.InvalidTo.code, "to is not 1-15 digits"],
  [RecipientErrors.MissingContactKey.code, "no contactKey"],
  [RecipientErrors.InvalidMessageKey.code, "messageKey empty or too long"],
  [RecipientErrors.DuplicateMessageKey.code, "messageKey already used"]
])

/** One recipient's outcome, for tables and `--json`. */
export interface Outcome {
  readonly index: number
  readonly contactKey: string | undefined
  readonly to: string | undefined
  readonly messageKey: string
  readonly outcome: "queued" | "rejected"
  readonly errorcode?: number
  /** The catalogue's name for the code. */
  readonly error?: string
  /** What the code means here, in words. */
  readonly meaning?: string
}

const duplicateMeaning = (recipients: ReadonlyArray<SendRequest.Recipient>, index: number, key: string): string =>
  recipients.slice(0, index).some((r) => r.messageKey === key)
    ? "key repeated in this request"
    : "key used by an earlier send"

/**
 * Pairs every recipient of a request with its item of the answer (one item per recipient, in request order) and
 * says, in words, why a rejected one failed.
 */
export const outcomes = (
  request: SendRequest.SendRequest | undefined,
  response: SendResponse.SendResponse
): ReadonlyArray<Outcome> => {
  const recipients = request === undefined ? [] : "recipient" in request ? [request.recipient] : request.recipients
  return response.responses.map((item, index) => {
    const recipient = recipients[index]
    const base = { index: index + 1, contactKey: recipient?.contactKey, to: recipient?.to, messageKey: item.messageKey }
    if (item.errorcode === undefined || item.errorcode === 0) return { ...base, outcome: "queued" as const }
    const entry = ErrorCatalogue.byCode(item.errorcode)
    const meaning =
      item.errorcode === RecipientErrors.DuplicateMessageKey.code
        ? duplicateMeaning(recipients, index, item.messageKey)
        : (meanings.get(item.errorcode) ?? entry?.text ?? item.message ?? "")
    return {
      ...base,
      outcome: "rejected" as const,
      errorcode: item.errorcode,
      error: entry?.name ?? item.message ?? "unknown error",
      meaning
    }
  })
}

/** The outcome column of a table: `queued`, or the code and what it means here. */
export const describeOutcome = (o: Outcome): string =>
  o.outcome === "queued" ? "queued" : `${o.errorcode} ${o.meaning}`

/** Lines naming each code a table shows, as the API names it (from the error catalogue). */
export const legend = (rows: ReadonlyArray<Outcome>): ReadonlyArray<string> => {
  const seen = new Map<number, string>()
  for (const row of rows) {
    if (row.errorcode !== undefined && !seen.has(row.errorcode)) {
      const entry = ErrorCatalogue.byCode(row.errorcode)
      seen.set(row.errorcode, entry === undefined ? (row.error ?? "") : `${entry.name} (${entry.text})`)
    }
  }
  return [...seen].map(([code, name]) => `${code}  ${name}`)
}

/** A recipient as a table shows it: its contact key and number, or a mark where one is missing. */
export const describeRecipient = (contactKey: string | undefined, to: string | undefined): string =>
  `${contactKey === undefined || contactKey === "" ? "(no contactKey)" : contactKey} ${to === undefined || to === "" ? "(no to)" : to}`
