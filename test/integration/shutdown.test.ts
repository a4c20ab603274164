import { dropDatabase, PG_SERVER, uniqueName, withDatabase } from '../support/database';
import { dropMongoDatabase, MONGO_SERVER } from '../support/mongo';
import { startApiProcess } from './processes';

it('a production process stops on SIGTERM: drains, closes its connections and exits 0', async () => {
  const name = uniqueName('recs_shutdown');
  const databaseUrl = withDatabase(PG_SERVER, name);
  const mongoUrl = withDatabase(MONGO_SERVER, name);
  const api = await startApiProcess({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, MONGO_URL: mongoUrl });
  try {
    const started = Date.now();
    expect(await api.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    await dropDatabase(databaseUrl);
    await dropMongoDatabase(mongoUrl);
  }
}, 30_000);
