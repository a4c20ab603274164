import { badInput } from '../../platform/errors';
import type { Principal } from './principal';

/**
 * The user a telemetry or commerce call acts for: the given id (the rule table has already checked a
 * shopper may use it), else the shopper's own id from the token. API keys must name the user.
 */
export function actingUserId(auth: Principal, userId: string | null | undefined, field: string): string {
  if (userId != null) return userId;
  if (auth.role === 'shopper') return auth.userId;
  throw badInput(field, 'is required (only a shopper token implies it)');
}

/** A shopper's event that names neither a user nor a session is the shopper's own. */
export function ownEvent<T extends { userId?: string | null; anonymousId?: string | null }>(auth: Principal, input: T): T {
  return auth.role === 'shopper' && input.userId == null && input.anonymousId == null ? { ...input, userId: auth.userId } : input;
}
