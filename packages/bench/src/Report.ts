/**
 * Printing benchmark results: one table per suite, each row a measurement with its target and whether it was met.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category models
 */
export interface Row {
  readonly name: string
  readonly measured: string
  readonly baseline: string
  readonly ratio: number
  /** The ratio the row must reach: at least `min` or at most `max`. */
  readonly target: { readonly min: number } | { readonly max: number }
}

/**
 * True when the row's ratio meets its target.
 *
 * @since 0.1.0
 * @category getters
 */
export const met = (row: Row): boolean =>
  "min" in row.target ? row.ratio >= row.target.min : row.ratio <= row.target.max

/**
 * Prints rows as an aligned table.
 *
 * @since 0.1.0
 * @category printing
 */
export const print = (title: string, rows: ReadonlyArray<Row>): void => {
  const header = ["benchmark", "mcsend", "baseline", "ratio", "target", "result"]
  const lines = rows.map((row) => [
    row.name,
    row.measured,
    row.baseline,
    row.ratio.toFixed(2),
    "min" in row.target ? `>= ${row.target.min}` : `<= ${row.target.max}`,
    met(row) ? "met" : "NOT MET"
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const format = (cells: ReadonlyArray<string>) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")
  console.log(`\n${title}`)
  console.log(format(header))
  console.log(widths.map((w) => "-".repeat(w)).join("  "))
  for (const line of lines) console.log(format(line))
}

/**
 * The median of some numbers.
 *
 * @since 0.1.0
 * @category math
 */
export const median = (xs: ReadonlyArray<number>): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * A number with thousands separators.
 *
 * @since 0.1.0
 * @category printing
 */
export const thousands = (n: number): string => Math.round(n).toLocaleString("en-US")
