import { randomBytes, timingSafeEqual } from "node:crypto"

/** @internal */
export interface Grant {
  readonly businessUnit: string
  readonly expiresAt: number
}

/** @internal */
export interface TokenStore {
  readonly issue: (businessUnit: string, now: number, ttlMillis: number) => string
  readonly check: (token: string, now: number) => Grant | undefined
  readonly revokeAll: () => void
  readonly size: () => number
}

/**
 * Bearer tokens the simulator issued. Expired tokens are swept when a new one is issued, so the map stays as small as
 * the number of tokens alive at once.
 *
 * @internal
 */
export const makeTokenStore = (): TokenStore => {
  const grants = new Map<string, Grant>()
  return {
    issue: (businessUnit, now, ttlMillis) => {
      for (const [token, grant] of grants) if (grant.expiresAt <= now) grants.delete(token)
      const token = randomBytes(32).toString("base64url")
      grants.set(token, { businessUnit, expiresAt: now + ttlMillis })
      return token
    },
    check: (token, now) => {
      const grant = grants.get(token)
      return grant !== undefined && grant.expiresAt > now ? grant : undefined
    },
    revokeAll: () => grants.clear(),
    size: () => grants.size
  }
}

/**
 * Compares a presented secret with the configured one in time that does not depend on where they differ.
 *
 * @internal
 */
export const sameSecret = (presented: string, expected: string): boolean => {
  const a = Buffer.from(presented, "utf8")
  const b = Buffer.from(expected, "utf8")
  // Compare equal-length buffers always, so the length check does not short-cut the timing.
  const padded = Buffer.alloc(b.length)
  a.copy(padded, 0, 0, Math.min(a.length, b.length))
  return timingSafeEqual(padded, b) && a.length === b.length
}

/**
 * The bearer token of an `Authorization` header, or undefined.
 *
 * @internal
 */
export const bearerOf = (authorization: string | undefined): string | undefined => {
  if (authorization === undefined) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
  return match?.[1]
}
