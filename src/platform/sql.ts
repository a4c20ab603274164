import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientBase } from 'pg';
import { isDbId } from './ids';

/** Where a raw statement runs: an EntityManager (inside its transaction, if any) or a plain pg connection (the generator, benchmarks). */
export type SqlClient = EntityManager | ClientBase;

/** Runs a statement written with `?` placeholders on either kind of client; the rows it returns. */
export async function query<Row>(db: SqlClient, sql: string, params: readonly unknown[]): Promise<Row[]> {
  if ('getConnection' in db) return db.execute<Row[]>(sql, [...params]);
  let n = 0;
  const { rows } = await db.query(sql.replace(/\?/g, () => `$${++n}`), [...params]);
  return rows as Row[];
}

/** A PostgreSQL bigint[] literal for ids already checked with isDbId (digits only, so no escaping needed). */
export function bigintArray(ids: readonly string[]): string {
  for (const id of ids) if (!isDbId(id)) throw new Error(`not a database id: ${id}`);
  return `{${ids.join(',')}}`;
}

/** The constraint name of a PostgreSQL error, when the error is a constraint violation. */
export function pgConstraint(e: unknown, code: '23503' | '23505'): string | undefined {
  const err = e as { code?: string; constraint?: string };
  return err?.code === code ? err.constraint : undefined;
}
