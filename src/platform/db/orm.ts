import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ormConfig, type OrmOptions } from './orm-config';

export type Orm = MikroORM;

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK = 7_363_221;

export async function initOrm(o: OrmOptions): Promise<Orm> {
  return MikroORM.init(ormConfig(o));
}

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so replicas that start
 * together migrate one after the other instead of racing on the same DDL.
 */
export async function migrate(orm: Orm, databaseUrl: string): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await orm.getMigrator().up();
    return done.map((m) => m.name);
  } finally {
    await lock.end(); // ending the session releases the lock
  }
}
