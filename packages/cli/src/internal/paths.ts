import * as Path from "node:path"

/**
 * Resolves a path the user typed. `pnpm mcsend` runs the CLI from packages/cli, so a relative path is taken from
 * where pnpm was started (INIT_CWD, the repository root), as a user expects; `node …/bin.ts` uses the process's cwd.
 */
export const resolveUserPath = (path: string): string =>
  Path.resolve(
    process.env.INIT_CWD !== undefined && process.env.INIT_CWD !== "" ? process.env.INIT_CWD : process.cwd(),
    path
  )
