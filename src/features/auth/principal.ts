import { GraphQLError } from 'graphql';

export type Role = 'admin' | 'service' | 'shopper' | 'anonymous';
export const ROLES: readonly Role[] = ['admin', 'service', 'shopper', 'anonymous'];

/** Who sent a request: an API key (admin or service), a shopper's JWT, or nobody. */
export type Principal =
  | { role: 'admin' | 'service'; keyId: string | null }
  | { role: 'shopper'; userId: string }
  | { role: 'anonymous' };

export const ANONYMOUS: Principal = { role: 'anonymous' };

/** No credentials where some are needed, or credentials that do not verify (checked on every request). */
export function unauthenticated(message = 'authentication required: send Authorization: Bearer <API key or token>'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}
