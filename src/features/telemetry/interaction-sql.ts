import type { EntityManager } from '@mikro-orm/postgresql';
import { EVENT_SCOPE_SQL } from './entities';
import type { Interaction } from './types';
import type { InteractionRow } from './validate-interaction';

export const INTERACTION_COLUMNS = `id::text as "id", event_id as "eventId", user_id::text as "userId",
  anonymous_id as "anonymousId", product_id::text as "productId", type, rating, session_id as "sessionId",
  time_spent_seconds as "timeSpentSeconds", created_at as "createdAt"`;

/**
 * Inserts validated interactions in one statement (one jsonb parameter, however many rows) and returns
 * the rows newly stored: a row whose eventId is already stored in its scope (its user or session) is
 * skipped, which makes retries idempotent.
 */
export async function insertInteractions(em: EntityManager, rows: InteractionRow[]): Promise<Interaction[]> {
  return em.execute(
    `insert into interaction (event_id, user_id, anonymous_id, product_id, type, rating, session_id, time_spent_seconds, created_at)
     select x.event_id, x.user_id, x.anonymous_id, x.product_id, x.type, x.rating, x.session_id, x.time_spent_seconds, x.created_at
     from jsonb_to_recordset(?::jsonb) as x(event_id text, user_id bigint, anonymous_id text, product_id bigint,
          type interaction_type, rating smallint, session_id text, time_spent_seconds int, created_at timestamptz)
     on conflict ((${EVENT_SCOPE_SQL}), event_id) where event_id is not null do nothing
     returning ${INTERACTION_COLUMNS}`,
    [JSON.stringify(rows)],
  );
}

/** The stored event with this eventId in this scope (see eventScope). */
export async function findByEventId(em: EntityManager, scope: string, eventId: string): Promise<Interaction | undefined> {
  const [row]: Interaction[] = await em.execute(
    `select ${INTERACTION_COLUMNS} from interaction where ${EVENT_SCOPE_SQL} = ? and event_id = ? and event_id is not null`,
    [scope, eventId],
  );
  return row;
}
