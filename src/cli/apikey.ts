import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ApiKeyRole, ApiKeyStore } from '../features/auth';
import { loadConfig } from '../platform/config';
import { initOrm, migrate } from '../platform/db/orm';
import { entities } from '../app/entities';

const USAGE = `usage: npm run apikey -- create --role admin|service --name NAME
       npm run apikey -- list
       npm run apikey -- revoke ID`;

// API keys from the command line, on the database the API uses (DATABASE_URL). `create` prints the
// secret alone on stdout (it is shown only this once); everything else goes to stderr. A revocation
// takes effect at once in every running API process (NOTIFY api_key_revoked).
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' } },
  });
  const [command, id] = positionals;
  if (!['create', 'list', 'revoke'].includes(command) || (command === 'revoke' && !id)) {
    console.error(USAGE);
    return 1;
  }
  if (command === 'create' && (!values.name || !Object.values(ApiKeyRole).includes(values.role as ApiKeyRole))) {
    console.error(`create needs --name and --role admin|service\n${USAGE}`);
    return 1;
  }
  const config = loadConfig();
  const orm = await initOrm({ entities, databaseUrl: config.databaseUrl, connectTimeoutMs: config.dbConnectTimeoutMs });
  try {
    await migrate(orm, config.databaseUrl);
    const store = new ApiKeyStore(orm.em.fork());
    if (command === 'create') {
      const { key, secret } = await store.create(values.name!, values.role as ApiKeyRole);
      console.error(`created API key ${key.id} "${key.name}" (${key.role}); the secret below is shown only now:`);
      console.log(secret);
    } else if (command === 'list') {
      for (const k of await store.list()) {
        console.log([k.id, k.role, k.name, `${k.prefix}…`, k.createdAt.toISOString(), k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'].join('\t'));
      }
    } else {
      const key = await store.revoke(id);
      console.error(`revoked API key ${key.id} "${key.name}" at ${key.revokedAt!.toISOString()}`);
    }
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    await orm.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
