import { CategoriesDocument, TrackInteractionDocument } from '../generated/graphql';
import { errorOf, TestApp } from './harness';

// PostgreSQL is shared by the whole suite, so "down" is simulated for this test's database only:
// new connections are refused and the app's open connections are terminated by the server.
describe('PostgreSQL unavailable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ DB_CONNECT_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await t.sql(`alter database "${dbName()}" allow_connections true`).catch(() => undefined);
    await t.close();
  });
  const dbName = () => new URL(t.databaseUrl).pathname.slice(1);

  async function cutOff(allow: boolean) {
    const admin = new (await import('pg')).Client({ connectionString: t.databaseUrl.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`alter database "${dbName()}" allow_connections ${allow}`);
      if (!allow) await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [dbName()]);
    } finally {
      await admin.end();
    }
  }

  it('answers SERVICE_UNAVAILABLE (not INTERNAL_SERVER_ERROR), reports not ready, and recovers', async () => {
    await t.ok(CategoriesDocument);
    await cutOff(false);
    for (const r of [await t.gql(CategoriesDocument), await t.gql(TrackInteractionDocument, { input: { userId: '1', productId: '1', type: 'VIEW' } })]) {
      expect(errorOf(r)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'PostgreSQL is unavailable' });
    }
    const ready = await fetch(t.app.url.replace(/\/graphql$/, '/readyz'));
    expect(ready.status).toBe(503);
    await cutOff(true);
    expect((await t.ok(CategoriesDocument)).categories).toEqual([]);
  });
});
