/**
 * A 64-bit fingerprint of a string as two 32-bit halves (a cyrb53-style mix over UTF-16 units, both lanes kept).
 * (0, 0) is reserved to mark an empty ledger slot, so it is never returned.
 */
export const fingerprint = (s: string, out: Uint32Array): void => {
  let h1 = 0xdeadbeef ^ s.length
  let h2 = 0x41c6ce57 ^ s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  out[0] = h1 >>> 0
  out[1] = h2 >>> 0
  if (out[0] === 0 && out[1] === 0) out[1] = 1
}
