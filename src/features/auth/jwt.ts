import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { unavailable } from '../../platform/errors';
import { unauthenticated } from './principal';

export interface JwtConfig {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

// Explicit lists per key source: `alg: none` is never accepted, and an HS256 token signed with a
// public key as its HMAC secret (the HS/RS confusion) cannot reach the JWKS path.
const SYMMETRIC = ['HS256'];
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Verifies shopper JWTs (jose): signature, algorithm, exp (required), iss/aud when configured; returns `sub`, the user id. */
export class ShopperTokens {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly checks: Pick<JWTVerifyOptions, 'issuer' | 'audience' | 'requiredClaims'>;

  constructor(c: JwtConfig) {
    if (c.secret) this.secret = new TextEncoder().encode(c.secret);
    if (c.jwksUrl) this.jwks = createRemoteJWKSet(new URL(c.jwksUrl));
    this.checks = { issuer: c.issuer, audience: c.audience, requiredClaims: ['exp', 'sub'] };
  }

  get configured(): boolean {
    return Boolean(this.secret || this.jwks);
  }

  async verify(token: string): Promise<string> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated('invalid token');
    }
    const useSecret = this.secret && (!this.jwks || (alg !== undefined && SYMMETRIC.includes(alg)));
    let sub: unknown;
    try {
      const { payload } = useSecret
        ? await jwtVerify(token, this.secret, { ...this.checks, algorithms: SYMMETRIC })
        : await jwtVerify(token, this.jwks!, { ...this.checks, algorithms: ASYMMETRIC });
      sub = payload.sub;
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw unauthenticated('token expired');
      // A JWKS endpoint that is down is a dependency outage, not the caller's fault.
      if (e instanceof errors.JWKSTimeout || !(e instanceof errors.JOSEError)) throw unavailable('JWKS', 'cannot fetch the token signing keys');
      throw unauthenticated('invalid token');
    }
    if (typeof sub !== 'string' || !sub) throw unauthenticated('invalid token: no subject');
    return sub;
  }
}
