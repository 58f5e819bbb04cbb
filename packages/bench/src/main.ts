/**
 * `pnpm bench [filter]`: runs every suite in `src/suites/` (every `.ts` module not starting with a dot) in name order,
 * or those whose name contains `filter`.
 * Each suite module exports `run(): Promise<void>` and prints its own table.
 *
 * @since 0.1.0
 */
import { readdir } from "node:fs/promises"
import { fileURLToPath, pathToFileURL } from "node:url"

const suitesDir = fileURLToPath(new URL("./suites/", import.meta.url))
const filter = process.argv[2]

const names = (await readdir(suitesDir))
  // Hidden files (an editor's or a helper's temporary copy) are not suites.
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && !file.startsWith("."))
  .map((file) => file.slice(0, -".ts".length))
  .filter((name) => filter === undefined || name.includes(filter))
  .sort()

if (names.length === 0) {
  console.error(`no benchmark suite matches ${JSON.stringify(filter)}`)
  process.exit(2)
}

for (const name of names) {
  const suite = (await import(pathToFileURL(`${suitesDir}${name}.ts`).href)) as { readonly run?: () => Promise<void> }
  if (typeof suite.run !== "function") {
    console.error(`suite ${name} exports no run()`)
    process.exitCode = 1
    continue
  }
  const started = Date.now()
  console.log(`\n== ${name}`)
  await suite.run()
  console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`)
}
