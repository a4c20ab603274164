import 'reflect-metadata';
import { loadConfig } from '../platform/config';
import { initOrm, migrate } from '../platform/db/orm';
import { entities } from '../app/entities';

// Creates the database if needed and applies pending migrations.
async function main() {
  const config = loadConfig();
  const orm = await initOrm({ entities, databaseUrl: config.databaseUrl, connectTimeoutMs: config.dbConnectTimeoutMs });
  try {
    const applied = await migrate(orm, config.databaseUrl);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await orm.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
