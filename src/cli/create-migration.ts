import 'reflect-metadata';
import { initOrm, migrate } from '../platform/db/orm';
import { entities } from '../app/entities';
import { dropDatabase } from '../platform/db/admin';
import { loadConfig } from '../platform/config';

// Writes a migration for the difference between the entities and the committed migrations:
// applies the committed ones to a scratch database, diffs, writes src/platform/db/migrations/Migration<ts>_<name>.ts,
// then drops the scratch database. Add the new class to src/platform/db/migrations/index.ts.
async function main() {
  const name = process.argv[2];
  if (!name) throw new Error('usage: npm run migration:create -- <Name>');
  const scratch = new URL(loadConfig().databaseUrl);
  scratch.pathname = `/recs_migration_scratch_${process.pid}`;
  const orm = await initOrm({ entities, databaseUrl: scratch.toString() });
  try {
    await migrate(orm, scratch.toString());
    const result = await orm.getMigrator().createMigration(`${__dirname}/../../../src/platform/db/migrations`, false, false, name);
    console.log(result.fileName ? `wrote ${result.fileName}` : 'entities match the migrations: nothing to write');
  } finally {
    await orm.close();
    await dropDatabase(scratch.toString());
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
