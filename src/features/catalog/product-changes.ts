import { PgListener } from '../../platform/db/pg-listener';
import type { Logger } from '../../platform/logger';
import { query, type SqlClient } from '../../platform/sql';
import type { ResidentProducts } from './resident-products';

/** NOTIFY channel of product writes; the payload is comma-separated ids, or "*" for any product. */
export const PRODUCTS_CHANGED_CHANNEL = 'products_changed';
/** NOTIFY payloads are limited to 8000 bytes: a larger change says "*". */
const MAX_PAYLOAD = 7900;

function payload(ids: readonly string[]): string {
  const list = ids.join(',');
  return list.length <= MAX_PAYLOAD ? list : '*';
}

/** Announces changed products to every process, on commit of the caller's transaction. */
export async function notifyProductsChanged(db: SqlClient, ids: readonly string[]): Promise<void> {
  await query(db, 'select pg_notify(?, ?)', [PRODUCTS_CHANGED_CHANNEL, payload(ids)]);
}

/** Every product may have changed (the bulk generator). */
export async function notifyAllProductsChanged(db: SqlClient): Promise<void> {
  await query(db, 'select pg_notify(?, ?)', [PRODUCTS_CHANGED_CHANNEL, '*']);
}

/** Keeps this process's product cache in step with product writes made anywhere. */
export function listenForProductChanges(databaseUrl: string, products: ResidentProducts, log: Logger): PgListener {
  return new PgListener({
    databaseUrl,
    channel: PRODUCTS_CHANGED_CHANNEL,
    onNotify: (ids) => void products.changed(ids === '*' ? '*' : ids.split(',')),
    onLost: () => products.lost(),
    onReconnect: () => void products.reconnected(),
    log,
  });
}
