/**
 * @since 0.1.0
 */
export * as Arbitraries from "./Arbitraries.js"
export * as Model from "./Model.js"
export * as Suite from "./Suite.js"
