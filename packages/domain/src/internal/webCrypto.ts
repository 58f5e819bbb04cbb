/** The Web Crypto API, present as a global in browsers, Deno, Bun and Node 19+, with no Node import. */
interface WebCrypto {
  readonly getRandomValues: <T extends Uint8Array>(array: T) => T
  readonly randomUUID: () => string
}

export const webCrypto: WebCrypto = (globalThis as unknown as { readonly crypto: WebCrypto }).crypto
