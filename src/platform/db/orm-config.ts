import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { types as pgTypes } from 'pg';
import { Migrator } from '@mikro-orm/migrations';
import { migrationsList } from './migrations';

export interface OrmOptions {
  databaseUrl: string;
  /** Every entity class; the application's list (src/app/entities.ts), since platform knows no feature. */
  entities: NonNullable<Options['entities']>;
  poolMax?: number;
  connectTimeoutMs?: number;
  /** statement_timeout of every pool connection (0 or unset: none); PostgreSQL cancels longer statements. */
  statementTimeoutMs?: number;
  debug?: boolean;
  /** Where knex's own warnings (e.g. a dropped connection) go; console otherwise. */
  warn?: (message: string) => void;
}

export function ormConfig(o: OrmOptions) {
  return defineConfig({
    clientUrl: o.databaseUrl,
    entities: o.entities,
    extensions: [Migrator],
    // Migrations are listed as classes, so the same list works from src (Jest) and dist (node).
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    // Creates the database named in the URL when it does not exist yet (the schema comes from migrations).
    ensureDatabase: true,
    pool: { min: 0, max: o.poolMax ?? 10 },
    driverOptions: {
      acquireConnectionTimeout: o.connectTimeoutMs ?? 5000,
      // MikroORM makes pg return timestamps as text; the services' raw queries want the driver's Date objects.
      connection: {
        types: pgTypes,
        connectionTimeoutMillis: o.connectTimeoutMs ?? 5000,
        ...(o.statementTimeoutMs && { statement_timeout: o.statementTimeoutMs }),
      },
      ...(o.warn && { log: { warn: o.warn } }),
    },
    discovery: { warnWhenNoEntities: true },
    debug: o.debug ?? false,
    allowGlobalContext: false,
  });
}
