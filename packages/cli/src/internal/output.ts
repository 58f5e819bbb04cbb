import * as Console from "effect/Console"
import type * as Effect from "effect/Effect"

/** Tables for people at a terminal; JSON for `--json` and for anything piped or redirected. */
export const wantsTable = (json: boolean): boolean => !json && process.stdout.isTTY === true

/** The JSON a command prints on stdout. */
export const printJson = (value: unknown): Effect.Effect<void> => Console.log(JSON.stringify(value, null, 2))

// Wide characters (emoji, CJK) take two columns; combining marks and variation selectors take none.
const charWidth = (codePoint: number): number => {
  if (
    (codePoint >= 0x300 && codePoint <= 0x36f) ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
    codePoint === 0x200d
  )
    return 0
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff)
  )
    return 2
  return 1
}

/** How many terminal columns a string takes. */
export const width = (text: string): number => {
  let total = 0
  for (const char of text) total += charWidth(char.codePointAt(0) ?? 0)
  return total
}

/** Cuts a string to at most `max` columns, ending with an ellipsis when cut. */
export const truncate = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, " ")
  if (width(flat) <= max) return flat
  let out = ""
  for (const char of flat) {
    if (width(out) + width(char) > max - 1) break
    out += char
  }
  return `${out}…`
}

const pad = (text: string, columns: number): string => text + " ".repeat(Math.max(0, columns - width(text)))

/** A plain-text table: a header row, a rule, the rows; columns as wide as their widest cell. */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = headers.map((header, i) => Math.max(width(header), ...rows.map((row) => width(row[i] ?? ""))))
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : pad(cell, widths[i] ?? 0)))
      .join("  ")
      .trimEnd()
  return [line(headers), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n")
}
