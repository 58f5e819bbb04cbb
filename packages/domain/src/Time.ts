/**
 * Time on the wire. The domain counts time in epoch milliseconds carried in on commands; the API prints it in US
 * Central Standard Time (UTC-6, no daylight saving) without a zone suffix.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category constants
 */
export const second = 1000
/**
 * @since 0.1.0
 * @category constants
 */
export const minute = 60 * second
/**
 * @since 0.1.0
 * @category constants
 */
export const hour = 60 * minute
/**
 * @since 0.1.0
 * @category constants
 */
export const day = 24 * hour

const centralOffset = 6 * hour
const maxDate = 8.64e15

/**
 * Formats epoch milliseconds as the API does: `2018-08-03T13:41:18.55` (CST, trailing fraction zeros dropped).
 *
 * @since 0.1.0
 * @category formatting
 */
export const toCentralTimestamp = (epochMillis: number): string => {
  // Clamped to the range a Date can hold, so an absurd time prints as the nearest representable one, never throws.
  const central = Number.isNaN(epochMillis) ? 0 : Math.min(Math.max(epochMillis - centralOffset, -maxDate), maxDate)
  const iso = new Date(central).toISOString()
  const [whole, fraction = "000"] = iso.slice(0, -1).split(".")
  const trimmed = fraction.replace(/0+$/, "")
  return trimmed === "" ? whole! : `${whole}.${trimmed}`
}

/**
 * Reads a timestamp written by {@link toCentralTimestamp} back to epoch milliseconds, or `undefined`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const fromCentralTimestamp = (timestamp: string): number | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/.test(timestamp)) return undefined
  const ms = Date.parse(`${timestamp}Z`)
  return Number.isNaN(ms) ? undefined : ms + centralOffset
}
