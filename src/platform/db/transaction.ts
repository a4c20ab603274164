import { FlushMode } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * Runs `work` in one database transaction (a savepoint when `em` is in one already), on a fork of `em`
 * bound to it; rolled back when `work` throws.
 *
 * Not em.transactional(), and no em.flush() in the API process: MikroORM runs both inside an
 * AsyncLocalStorage, and on Node 20 the first AsyncLocalStorage.run() turns on promise hooks for the
 * rest of the process, so after the first catalogue write every await of every request cost about three
 * times as much (bench/README.md, "The write that slowed every read"). Writes use insert, upsert,
 * nativeUpdate, nativeDelete or the query builder on the fork this gives, whose flush mode is COMMIT: a
 * find after a change to a loaded entity does not flush it (nothing is flushed; the lint forbids flush).
 */
export function inTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  // The connection's transactional (knex's transaction), not the EntityManager's.
  // eslint-disable-next-line no-restricted-syntax
  return em.getConnection().transactional(
    (trx) => {
      const tx = em.fork({ flushMode: FlushMode.COMMIT });
      tx.setTransactionContext(trx);
      return work(tx);
    },
    { ctx: em.getTransactionContext<Knex.Transaction>() },
  );
}
