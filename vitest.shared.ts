import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

/** Settings every package's tests share; each package's vitest.config.ts merges them. */
export const shared = defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
