import { defineProject, mergeConfig } from "vitest/config"
import { shared } from "../../vitest.shared.js"

// The embedding examples in docs/examples run here too, so the README's snippets cannot drift from working code.
export default mergeConfig(
  shared,
  defineProject({ test: { name: "cli", include: ["test/**/*.test.ts", "../../docs/examples/*.test.ts"] } })
)
