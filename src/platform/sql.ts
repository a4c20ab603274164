import { isDbId } from './ids';

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
