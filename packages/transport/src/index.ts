/**
 * @since 0.1.0
 */
export * as HttpTransport from "./HttpTransport.js"
export * as MemoryTransport from "./MemoryTransport.js"
export * as ReplayTransport from "./ReplayTransport.js"
export * as SmsTransport from "./SmsTransport.js"
export * as TransportError from "./TransportError.js"
