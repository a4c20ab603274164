import { MongoClient } from 'mongodb';
import { dropDatabase } from '../../src/platform/db/admin';
import { uniqueName, withDatabase } from './harness';
import { ApiProcess } from './processes';

it('a production process stops on SIGTERM: drains, closes its connections and exits 0', async () => {
  const name = uniqueName('recs_shutdown');
  const databaseUrl = withDatabase(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', name);
  const mongoUrl = withDatabase(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27017/test', name);
  const api = await ApiProcess.start({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, MONGO_URL: mongoUrl });
  try {
    const started = Date.now();
    expect(await api.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    await dropDatabase(databaseUrl);
    const mongo = new MongoClient(mongoUrl);
    await mongo.db().dropDatabase().finally(() => mongo.close());
  }
}, 30_000);
