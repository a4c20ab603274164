import { createHash } from 'node:crypto';
import type { QueryResult } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../platform/errors';
import { IdempotencyKeyEntity } from './entities';

export type IdempotentOperation = 'addReview' | 'addToCart' | 'placeOrder';

/** A commerce write made safe to retry: the key is scoped to the user. */
export interface IdempotentRequest {
  userId: string;
  key: string;
  operation: IdempotentOperation;
  /** The arguments that define the write (validated and normalised), without the user. */
  args: unknown;
}

export const MAX_IDEMPOTENCY_KEY = 200;

/** A key as given, checked: 1 to 200 characters; null/undefined when none. */
export function idempotencyKey(value: string | null | undefined): string | null {
  if (value == null) return null;
  if (value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY) {
    throw badInput('idempotencyKey', `must be 1 to ${MAX_IDEMPOTENCY_KEY} characters`);
  }
  return value;
}

/** sha256 (hex) of the operation and its arguments; what a retry must match. */
export function requestFingerprint(operation: IdempotentOperation, args: unknown): string {
  return createHash('sha256').update(JSON.stringify([operation, args])).digest('hex');
}

/**
 * Runs `write` (which returns the id of what it wrote) once per key, inside the caller's transaction.
 * The key row is inserted first: a concurrent call with the same key waits on its primary key until
 * this transaction ends, then finds it and replays. A retry gets the first call's result id and writes
 * nothing; the same key with other arguments is BAD_USER_INPUT on idempotencyKey.
 */
export async function once(
  em: EntityManager,
  request: IdempotentRequest | null,
  write: () => Promise<string>,
): Promise<{ resultId: string; replayed: boolean }> {
  if (!request) return { resultId: await write(), replayed: false };
  const fingerprint = requestFingerprint(request.operation, request.args);
  const id = { user: request.userId, key: request.key };
  const claimed = await em
    .createQueryBuilder(IdempotencyKeyEntity)
    .insert({ ...id, operation: request.operation, fingerprint })
    .onConflict(['user', 'key'])
    .ignore()
    .execute<QueryResult<IdempotencyKeyEntity>>('run');
  if (claimed.affectedRows === 0) {
    const first = await em.findOneOrFail(IdempotencyKeyEntity, id);
    if (first.fingerprint !== fingerprint) {
      throw badInput('idempotencyKey', `was already used by this user for a ${first.operation} with different arguments`);
    }
    return { resultId: first.resultId!, replayed: true };
  }
  const resultId = await write();
  await em.nativeUpdate(IdempotencyKeyEntity, id, { resultId });
  return { resultId, replayed: false };
}
