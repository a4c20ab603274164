import { badInput, notFound } from '../../platform/errors';
import { isDbId } from '../../platform/ids';
import { InteractionType } from './entities';
import type { TrackInteractionInput } from './types';

/** Clock skew tolerated on a client's occurredAt before it counts as "in the future". */
export const FUTURE_SKEW_MS = 60_000;
export const MAX_TIME_SPENT_SECONDS = 86_400;

/** A validated interaction, ready to insert (column-named for jsonb_to_recordset). */
export interface InteractionRow {
  event_id: string | null;
  /** Exactly one of user_id and anonymous_id is set. */
  user_id: string | null;
  anonymous_id: string | null;
  product_id: string;
  type: InteractionType;
  rating: number | null;
  session_id: string | null;
  time_spent_seconds: number;
  created_at: string;
}

/**
 * Checks one TrackInteractionInput against the rules of the contract; `at` prefixes field names
 * (`input` or `inputs[3]`). Pure: existence of the user and product is checked by the caller.
 */
export function validateInteraction(input: TrackInteractionInput, at: string, now: number): InteractionRow {
  const userId = input.userId ?? null;
  const anonymousId = input.anonymousId ?? null;
  if (userId !== null && anonymousId !== null) throw badInput(`${at}.anonymousId`, 'give either userId or anonymousId, not both');
  if (userId === null && anonymousId === null) throw badInput(`${at}.userId`, 'either userId or anonymousId is required');
  if (userId !== null && !isDbId(userId)) throw notFound(`${at}.userId`, 'user', userId);
  if (anonymousId !== null) validAnonymousId(anonymousId, `${at}.anonymousId`);
  if (!isDbId(input.productId)) throw notFound(`${at}.productId`, 'product', input.productId);
  const rating = input.rating ?? null;
  if (input.type === InteractionType.RATE) {
    if (rating === null || !Number.isInteger(rating) || rating < 1 || rating > 5) {
      throw badInput(`${at}.rating`, 'must be an integer from 1 to 5 for a RATE interaction');
    }
  } else if (rating !== null) {
    throw badInput(`${at}.rating`, `is only allowed for RATE interactions, not ${input.type}`);
  }
  const timeSpent = input.timeSpentSeconds ?? 0;
  if (!Number.isInteger(timeSpent) || timeSpent < 0 || timeSpent > MAX_TIME_SPENT_SECONDS) {
    throw badInput(`${at}.timeSpentSeconds`, `must be an integer from 0 to ${MAX_TIME_SPENT_SECONDS}`);
  }
  let occurredAt = now;
  if (input.occurredAt != null) {
    occurredAt = input.occurredAt.getTime();
    if (Number.isNaN(occurredAt)) throw badInput(`${at}.occurredAt`, 'is not a valid date-time');
    if (occurredAt > now + FUTURE_SKEW_MS) throw badInput(`${at}.occurredAt`, 'must not be in the future');
  }
  return {
    event_id: boundedOptional(input.eventId, `${at}.eventId`),
    user_id: userId,
    anonymous_id: anonymousId,
    product_id: input.productId,
    type: input.type,
    rating,
    session_id: boundedOptional(input.sessionId, `${at}.sessionId`),
    time_spent_seconds: timeSpent,
    created_at: new Date(occurredAt).toISOString(),
  };
}

function boundedOptional(value: string | null | undefined, field: string): string | null {
  if (value == null) return null;
  if (value.length === 0 || value.length > 200) throw badInput(field, 'must be 1 to 200 characters');
  return value;
}

/** An anonymous session id: 1 to 200 characters. */
export function validAnonymousId(value: string, field: string): string {
  return boundedOptional(value, field)!;
}

/** The scope an eventId is unique in (the SQL twin is EVENT_SCOPE_SQL): the user, or `anon:<id>` for a session. */
export function eventScope(row: Pick<InteractionRow, 'user_id' | 'anonymous_id'>): string {
  return row.anonymous_id !== null ? `anon:${row.anonymous_id}` : row.user_id!;
}
