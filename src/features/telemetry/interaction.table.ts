import { query, type SqlClient } from '../../platform/sql';
import { EVENT_SCOPE_SQL, type InteractionType } from './entities';
import type { Interaction } from './types';
import type { InteractionRow } from './validate-interaction';

// The interaction table's raw SQL, kept raw where it is hot and measured (ingest-single, ingest-batch,
// export-training, the generator): one column list, one row mapper, and the one statement that writes
// interactions, used by the API (track, trackMany, the commerce writes), the generator and the benchmarks.

const COLUMNS = `id::text as id, event_id, user_id::text as user_id, anonymous_id, product_id::text as product_id,
  type, rating, session_id, time_spent_seconds, created_at`;

/** A row as COLUMNS reads it. */
interface StoredRow {
  id: string;
  event_id: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  product_id: string;
  type: InteractionType;
  rating: number | null;
  session_id: string | null;
  time_spent_seconds: number;
  created_at: Date;
}

function toInteraction(r: StoredRow): Interaction {
  return {
    id: r.id,
    eventId: r.event_id,
    userId: r.user_id,
    anonymousId: r.anonymous_id,
    productId: r.product_id,
    type: r.type,
    rating: r.rating,
    sessionId: r.session_id,
    timeSpentSeconds: r.time_spent_seconds,
    createdAt: r.created_at,
  };
}

/** The columns an insert writes, with their SQL types: both forms of the insert are built from this one list. */
const WRITTEN = {
  event_id: 'text',
  user_id: 'bigint',
  anonymous_id: 'text',
  product_id: 'bigint',
  type: 'interaction_type',
  rating: 'smallint',
  session_id: 'text',
  time_spent_seconds: 'int',
  created_at: 'timestamptz',
} satisfies Record<keyof InteractionRow, string>;
const NAMES = Object.keys(WRITTEN) as Array<keyof typeof WRITTEN>;

const INSERT = `insert into interaction (${NAMES.join(', ')}) select ${NAMES.map((n) => `x.${n}`).join(', ')}`;
const ON_CONFLICT = `on conflict ((${EVENT_SCOPE_SQL}), event_id) where event_id is not null do nothing`;
/** Through the ORM: the rows as one jsonb parameter (knex would expand an array parameter into a list). */
const FROM_JSON = `from jsonb_to_recordset(?::jsonb) as x(${NAMES.map((n) => `${n} ${WRITTEN[n]}`).join(', ')})`;
/**
 * Through a plain pg connection (the generator, benchmark seeding): one array per column, which pg binds
 * as is; cheaper than building and parsing jsonb for 10,000-row batches (see the generator's figures).
 */
const FROM_ARRAYS = `from unnest(${NAMES.map((n, i) => `$${i + 1}::${WRITTEN[n]}[]`).join(', ')}) as x(${NAMES.join(', ')})`;

async function write(db: SqlClient, rows: readonly InteractionRow[], returning: boolean): Promise<StoredRow[]> {
  const tail = `${ON_CONFLICT}${returning ? ` returning ${COLUMNS}` : ''}`;
  if ('getConnection' in db) return query<StoredRow>(db, `${INSERT} ${FROM_JSON} ${tail}`, [JSON.stringify(rows)]);
  const columns = NAMES.map((n) => rows.map((r) => r[n]));
  return (await db.query<StoredRow>(`${INSERT} ${FROM_ARRAYS} ${tail}`, columns)).rows;
}

/**
 * Inserts validated interactions in one statement, however many rows, and returns the rows newly
 * stored: a row whose eventId is already stored in its scope (its user or session) is skipped, which
 * makes retries idempotent. `{ returning: false }` (bulk loads) reads nothing back.
 */
export function insertInteractions(db: SqlClient, rows: readonly InteractionRow[]): Promise<Interaction[]>;
export function insertInteractions(db: SqlClient, rows: readonly InteractionRow[], options: { returning: false }): Promise<void>;
export async function insertInteractions(
  db: SqlClient,
  rows: readonly InteractionRow[],
  options: { returning: boolean } = { returning: true },
): Promise<Interaction[] | void> {
  const stored = await write(db, rows, options.returning);
  if (options.returning) return stored.map(toInteraction);
}

/** An eventId in its scope (see eventScope): what makes a stored event unique. */
export interface EventKey {
  scope: string;
  eventId: string;
}

/** The stored events with these keys (in no particular order; a key not stored has no row). */
export async function findByEventIds(db: SqlClient, keys: readonly EventKey[]): Promise<Interaction[]> {
  const rows = await query<StoredRow>(
    db,
    `select ${COLUMNS} from interaction
     join jsonb_to_recordset(?::jsonb) as k(scope text, "eventId" text)
       on ${EVENT_SCOPE_SQL} = k.scope and interaction.event_id = k."eventId"
     where interaction.event_id is not null`,
    [JSON.stringify(keys)],
  );
  return rows.map(toInteraction);
}

/** A fixed set of interactions for an export: ids up to maxId, created since `since`. */
export interface InteractionWindow {
  maxId: string;
  since: Date;
}

/** The highest interaction id now ('0' for none): what a window is bounded by. */
export async function maxInteractionId(db: SqlClient): Promise<string> {
  const [row] = await query<{ max_id: string }>(db, `select coalesce(max(id), 0)::text as max_id from interaction`, []);
  return row.max_id;
}

export async function countInteractions(db: SqlClient, w: InteractionWindow): Promise<number> {
  const [row] = await query<{ n: number }>(db, `select count(*)::int as n from interaction where id <= ? and created_at >= ?`, [w.maxId, w.since]);
  return row.n;
}

/** Up to `limit` interactions of the window after id `afterId`, in id order (the training export). */
export async function interactionsPage(db: SqlClient, w: InteractionWindow, afterId: string, limit: number): Promise<Interaction[]> {
  const rows = await query<StoredRow>(
    db,
    // interaction.id: a bare `id` in order by would be COLUMNS' text alias
    `select ${COLUMNS} from interaction
     where interaction.id > ? and interaction.id <= ? and interaction.created_at >= ? order by interaction.id limit ?`,
    [afterId, w.maxId, w.since, limit],
  );
  return rows.map(toInteraction);
}

/** A user's latest interactions, newest first (interaction_user_id_created_at_index). */
export async function userHistory(db: SqlClient, userId: string, limit: number): Promise<Interaction[]> {
  const rows = await query<StoredRow>(
    db,
    `select ${COLUMNS} from interaction where user_id = ? order by created_at desc, interaction.id desc limit ?`,
    [userId, limit],
  );
  return rows.map(toInteraction);
}

/**
 * Interactions per minute and type over the last `minutes` minutes (the current one included), every
 * minute and type present (zero when none): one range scan of the created_at index.
 */
export async function interactionRates(db: SqlClient, minutes: number): Promise<Array<{ minute: Date; type: InteractionType; count: number }>> {
  return query(
    db,
    `with since as (select date_trunc('minute', now()) - (? - 1) * interval '1 minute' as t),
     counts as (
       select date_trunc('minute', created_at) as minute, type, count(*)::int as n
       from interaction where created_at >= (select t from since) group by 1, 2)
     select m.minute, k.type, coalesce(c.n, 0) as count
     from generate_series((select t from since), date_trunc('minute', now()), interval '1 minute') as m(minute)
     cross join unnest(enum_range(null::interaction_type)) as k(type)
     left join counts c on c.minute = m.minute and c.type = k.type
     order by m.minute, k.type`,
    [minutes],
  );
}
