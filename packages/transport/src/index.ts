/**
 * @since 0.1.0
 */
export * as MemoryTransport from "./MemoryTransport.js"
export * as SmsTransport from "./SmsTransport.js"
export * as TransportError from "./TransportError.js"
