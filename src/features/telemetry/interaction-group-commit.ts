import type { EntityManager } from '@mikro-orm/postgresql';
import { Histogram } from 'prom-client';
import { notFound } from '../../platform/errors';
import { Topic, type EventBus } from '../../platform/events/pubsub';
import { GroupCommit, type Outcome } from '../../platform/group-commit';
import { pgConstraint, type SqlClient } from '../../platform/sql';
import { findByEventIds, insertInteractions, type EventKey } from './interaction.table';
import type { Interaction } from './types';
import { eventScope, type InteractionRow } from './validate-interaction';

/** Group-commit flushes running at once: one writing while the next batch fills, without crowding the pool. */
const MAX_FLUSHES_IN_FLIGHT = 2;

function keyOf(row: InteractionRow): EventKey | null {
  return row.event_id === null ? null : { scope: eventScope(row), eventId: row.event_id };
}

function storedKey(i: Interaction): EventKey | null {
  return i.eventId === null ? null : { scope: eventScope({ user_id: i.userId, anonymous_id: i.anonymousId }), eventId: i.eventId };
}

const keyString = (k: EventKey) => `${k.scope}\u0000${k.eventId}`;

/**
 * Stores single trackInteraction events (validated rows) in one multi-row insert and answers each with
 * its outcome: its stored interaction (for an eventId already stored in its scope, or repeated in this
 * batch, the first stored row), or NOT_FOUND naming input.userId / input.productId. Rows newly stored
 * are published on interactionTracked once the insert has committed. Any other database error throws:
 * it fails the whole batch, of which nothing was stored (one statement, autocommitted).
 */
export async function storeSingleInteractions(db: SqlClient, rows: readonly InteractionRow[], events: EventBus): Promise<Outcome<Interaction>[]> {
  // One row per distinct eventId and scope; a row without eventId is always its own.
  const distinct: InteractionRow[] = [];
  const slotOf = new Map<string, number>();
  const slots = rows.map((row) => {
    const key = keyOf(row);
    const known = key && slotOf.get(keyString(key));
    if (known != null) return known;
    distinct.push(row);
    if (key) slotOf.set(keyString(key), distinct.length - 1);
    return distinct.length - 1;
  });

  let inserted: Interaction[];
  try {
    inserted = await insertInteractions(db, distinct);
  } catch (e) {
    const constraint = pgConstraint(e, '23503');
    if (constraint !== 'interaction_user_id_foreign' && constraint !== 'interaction_product_id_foreign') throw e;
    if (rows.length === 1) {
      // The foreign keys answer "does the user/product exist" without an extra query on the hot path.
      const error = constraint === 'interaction_user_id_foreign'
        ? notFound('input.userId', 'user', rows[0].user_id!)
        : notFound('input.productId', 'product', rows[0].product_id);
      return [{ ok: false, error }];
    }
    // The statement stored nothing; one at a time, in arrival order, so only the bad events fail (and a
    // database error from here on fails only the rows not yet stored).
    const outcomes: Outcome<Interaction>[] = [];
    for (const row of rows) {
      try {
        outcomes.push(...(await storeSingleInteractions(db, [row], events)));
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  const byKey = new Map<string, Interaction>();
  const withoutKey: Interaction[] = [];
  for (const stored of inserted) {
    events.publish(Topic.InteractionTracked, stored);
    const key = storedKey(stored);
    if (key) byKey.set(keyString(key), stored);
    else withoutKey.push(stored);
  }
  // Keys the insert skipped were stored before (retries): answer the first stored row.
  const retried = distinct.map(keyOf).filter((k): k is EventKey => k !== null && !byKey.has(keyString(k)));
  if (retried.length) for (const first of await findByEventIds(db, retried)) byKey.set(keyString(storedKey(first)!), first);

  // Rows without eventId cannot conflict, so each was inserted; RETURNING lists them in input order.
  let nextWithoutKey = 0;
  const answers = distinct.map((row): Outcome<Interaction> => {
    const key = keyOf(row);
    const stored = key ? byKey.get(keyString(key)) : withoutKey[nextWithoutKey++];
    return stored ? { ok: true, value: stored } : { ok: false, error: new Error(`interaction ${row.event_id} neither stored nor found`) };
  });
  return slots.map((slot) => answers[slot]);
}

export interface InteractionIngestOptions {
  /** How long a single event waits for others to share its insert; 0: every event its own insert. */
  windowMs: number;
  /** Events in one insert at most. */
  maxItems: number;
}

/**
 * The process's single-event write path (trackInteraction): concurrent calls share one insert (group
 * commit) when windowMs > 0. A call settles only after the insert holding its row has committed, with
 * its own outcome; a database error fails exactly the calls of that insert. Flushes run on the process's
 * shared EntityManager, not on a request's, which may be gone by then.
 */
export class InteractionIngest {
  /** Rows per single-event insert (1 for each when group commit is off), for /metrics. */
  readonly batchSizes = new Histogram({
    name: 'recs_interaction_insert_batch_size',
    help: 'Single trackInteraction events written per insert (group commit)',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [],
  });
  private readonly batcher?: GroupCommit<InteractionRow, Interaction>;

  constructor(
    /** The process's EntityManager for raw statements outside transactions; flushes use nothing else. */
    db: EntityManager,
    private readonly events: EventBus,
    options: InteractionIngestOptions,
  ) {
    if (options.windowMs > 0) {
      this.batcher = new GroupCommit({
        windowMs: options.windowMs,
        maxItems: options.maxItems,
        maxInFlight: MAX_FLUSHES_IN_FLIGHT,
        flush: (rows) => storeSingleInteractions(db, rows, events),
        onFlush: (n) => this.batchSizes.observe(n),
      });
    }
  }

  /** Stores one validated event; `db` (the request's EntityManager) is made and used only when group commit is off. */
  async track(row: InteractionRow, db: () => EntityManager): Promise<Interaction> {
    if (this.batcher) return this.batcher.submit(row);
    this.batchSizes.observe(1);
    const [outcome] = await storeSingleInteractions(db(), [row], this.events);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Shutdown: writes what is pending now and waits for it; later calls are written at once, without a window. */
  async close(): Promise<void> {
    await this.batcher?.close();
  }
}
