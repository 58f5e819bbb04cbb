/**
 * Inbound messages from subscribers: the opt-out keywords.
 *
 * @since 0.1.0
 */

/**
 * The words that opt a number out when they open an inbound message, in any case.
 *
 * @since 0.1.0
 * @category constants
 */
export const optOutKeywords: ReadonlyArray<string> = [
  "STOP",
  "QUIT",
  "CANCEL",
  "END",
  "UNSUBSCRIBE",
  "REVOKE",
  "OPT OUT"
]

/**
 * The opt-out keyword an inbound message opens with, or `undefined`. `OPT OUT` is two words; every other keyword
 * is the whole first word (`STOPPED` is not `STOP`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const optOutKeyword = (message: string): string | undefined => {
  // ASCII case folding only: `toUpperCase` would turn `ſtop` (long s) into `STOP`.
  const words = message
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[a-z]+/g, (letters) => letters.toUpperCase()))
  const first = words[0] ?? ""
  if (first === "OPT" && words[1] === "OUT") return "OPT OUT"
  return optOutKeywords.includes(first) && first !== "OPT OUT" ? first : undefined
}
