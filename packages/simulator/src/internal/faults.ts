/** @internal */
export type Failure =
  | { readonly _tag: "Throttle"; readonly retryAfterSeconds: number }
  | { readonly _tag: "Unavailable"; readonly retryAfterSeconds: number }

/** @internal */
export interface FaultState {
  /** Failures for the next REST requests, oldest first. */
  readonly failures: Array<Failure>
  /** Sends to process and then answer by dropping the connection. */
  drops: number
  /** Sends to process and then answer with a body no client can decode. */
  garbles: number
  /** Added before every REST request is handled, in ms. */
  latencyMillis: number
}

/** @internal */
export const makeFaultState = (): FaultState => ({ failures: [], drops: 0, garbles: 0, latencyMillis: 0 })

/** @internal */
export const reset = (state: FaultState): void => {
  state.failures.length = 0
  state.drops = 0
  state.garbles = 0
  state.latencyMillis = 0
}

/** @internal */
export interface Counters {
  tokenRequests: number
  tokensIssued: number
  sendRequests: number
  statusRequests: number
  definitionRequests: number
  inboundRequests: number
  unauthorized: number
  injectedFailures: number
  dropped: number
  garbled: number
}

/** @internal */
export const makeCounters = (): Counters => ({
  tokenRequests: 0,
  tokensIssued: 0,
  sendRequests: 0,
  statusRequests: 0,
  definitionRequests: 0,
  inboundRequests: 0,
  unauthorized: 0,
  injectedFailures: 0,
  dropped: 0,
  garbled: 0
})
