import { hash, timingSafeEqual } from 'node:crypto';
import { API_KEY_PREFIX } from './api-keys';
import type { ShopperTokens } from './jwt';
import type { ApiKeyVerifier } from './key-verifier';
import { ANONYMOUS, unauthenticated, type Principal } from './principal';

// One-shot: no Hash object per request for the collector to finalise.
const sha256 = (s: string) => hash('sha256', s, 'buffer');

/**
 * Turns an Authorization value (HTTP header, or `authorization` in graphql-ws connection_init) into a
 * principal. No value: anonymous. A value that does not verify is UNAUTHENTICATED even for operations
 * open to anonymous callers, so a client never silently runs with less identity than it sent.
 */
export class Authenticator {
  private readonly adminKeyHash?: Buffer;

  constructor(
    adminApiKey: string | undefined,
    private readonly keys: ApiKeyVerifier,
    private readonly tokens: ShopperTokens,
  ) {
    if (adminApiKey) this.adminKeyHash = sha256(adminApiKey);
  }

  async authenticate(authorization: unknown): Promise<Principal> {
    if (authorization === undefined || authorization === null || authorization === '') return ANONYMOUS;
    const match = typeof authorization === 'string' ? /^Bearer +(\S+) *$/i.exec(authorization) : null;
    if (!match) throw unauthenticated('malformed authorization: expected "Bearer <API key or token>"');
    const token = match[1];
    // Compared as digests: equal lengths for timingSafeEqual, and nothing learnt from timing.
    if (this.adminKeyHash && timingSafeEqual(sha256(token), this.adminKeyHash)) return { role: 'admin', keyId: null };
    if (token.startsWith(API_KEY_PREFIX)) {
      const key = await this.keys.verify(token);
      if (!key) throw unauthenticated('unknown or revoked API key');
      return { role: key.role, keyId: key.id };
    }
    if (!this.tokens.configured) throw unauthenticated('shopper tokens are not accepted here (no JWT_SECRET or JWT_JWKS_URL configured)');
    return { role: 'shopper', userId: await this.tokens.verify(token) };
  }
}
