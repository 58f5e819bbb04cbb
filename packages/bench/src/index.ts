/**
 * @since 0.1.0
 */
export * as DomainWorkload from "./DomainWorkload.js"
export * as Report from "./Report.js"
