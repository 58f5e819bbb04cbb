/**
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"
export * as Demo from "./Demo.js"
export * as Send from "./Send.js"
export * as Serve from "./Serve.js"
export * as Status from "./Status.js"
