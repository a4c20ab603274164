import { randomBytes } from 'node:crypto';
import { dropDatabase } from '../../src/platform/db/admin';

// A PostgreSQL database per test file or benchmark run: a unique name on the test server. The service
// (or a CLI) creates and migrates it on first connect; the caller drops it when done.

/** The PostgreSQL server tests and benchmarks create their databases on. */
export const PG_SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export { dropDatabase };

/** `<prefix>_<pid>_<random hex>`: unique across parallel Jest workers and concurrent benchmarks. */
export function uniqueName(prefix = 'recs_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** `server` (a PostgreSQL or MongoDB URL) with its database replaced by `name`. */
export function withDatabase(server: string, name: string): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}
