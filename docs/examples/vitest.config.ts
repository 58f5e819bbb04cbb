import { defineProject, mergeConfig } from "vitest/config"
import { shared } from "../../vitest.shared.js"

// The README's embedding programs and their tests: `pnpm test` runs them, so the README cannot drift from the code.
export default mergeConfig(
  shared,
  defineProject({ test: { name: "examples", include: ["*.test.ts", "test/**/*.test.ts"] } })
)
