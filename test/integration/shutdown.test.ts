import { spawn } from 'node:child_process';
import http from 'node:http';
import { createServer, type Server } from 'node:net';
import { print } from 'graphql';
import { Client as PgClient } from 'pg';
import { TrackInteractionsDocument } from '../generated/graphql';
import { builtFile } from '../support/built';
import { dropDatabase, PG_SERVER, uniqueName, withDatabase } from '../support/database';
import { dropMongoDatabase, MONGO_SERVER } from '../support/mongo';
import { seed } from './fixtures';
import { eventually, TEST_ADMIN_KEY, TEST_JWT_SECRET, TestApp } from './harness';
import { startApiProcess } from './processes';

function databases(prefix: string) {
  const name = uniqueName(prefix);
  const databaseUrl = withDatabase(PG_SERVER, name);
  const mongoUrl = withDatabase(MONGO_SERVER, name);
  const drop = async () => {
    await dropDatabase(databaseUrl);
    await dropMongoDatabase(mongoUrl);
  };
  return { databaseUrl, mongoUrl, drop };
}

it('a production process stops on SIGTERM: drains, closes its connections and exits 0', async () => {
  const { databaseUrl, mongoUrl, drop } = databases('recs_shutdown');
  const api = await startApiProcess({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, MONGO_URL: mongoUrl });
  try {
    const started = Date.now();
    expect(await api.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    await drop();
  }
}, 30_000);

it('a busy port fails the start at once: one line naming the port and PORT, exit 1, no hang', async () => {
  const { databaseUrl, mongoUrl, drop } = databases('recs_busy_port');
  const taken: Server = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  try {
    const child = spawn(process.execPath, [builtFile('src/app/main.js')], {
      env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, MONGO_URL: mongoUrl, ADMIN_API_KEY: TEST_ADMIN_KEY, JWT_SECRET: TEST_JWT_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    // Before, the process never exited: the jest timeout below is what a hang would hit.
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([`port ${port} is in use; set PORT`]);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
    await drop();
  }
}, 30_000);

/** POSTs an operation and returns the request without waiting for an answer (the caller destroys it). */
function sendAndForget(url: string, body: string): http.ClientRequest {
  const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` } });
  req.on('error', () => undefined); // destroyed on purpose
  req.end(body);
  return req;
}

it('shutdown lets requests whose clients have gone finish before it closes the database pool', async () => {
  // One pooled connection: the first batch holds it, waiting on a table lock; the second waits for it.
  const t = await TestApp.start({ DB_POOL_MAX: '1' });
  const { products, users } = await seed(t);
  const batch = (tag: string) =>
    JSON.stringify({
      query: print(TrackInteractionsDocument),
      variables: { inputs: Array.from({ length: 50 }, (_, i) => ({ eventId: `${tag}-${i}`, userId: users.alice, productId: products.shoe, type: 'VIEW' })) },
    });
  const lock = new PgClient({ connectionString: t.databaseUrl });
  await lock.connect();
  try {
    await lock.query('begin');
    await lock.query('lock table interaction in exclusive mode');
    const clients = [sendAndForget(t.app.url, batch('a')), sendAndForget(t.app.url, batch('b'))];
    const waitingInsert = async () => {
      await lock.query('select pg_stat_clear_snapshot()'); // inside a transaction the view is read once, then cached
      return (await lock.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into interaction %'")).rowCount === 1;
    };
    await eventually(waitingInsert, 'the first batch waiting on the lock');
    await new Promise((r) => setTimeout(r, 300)); // the second reaches the pool
    for (const c of clients) c.destroy(); // both clients go away
    const closing = t.app.close();
    await new Promise((r) => setTimeout(r, 300));
    await lock.query('commit');
    await closing;
    // Before, the pool closed under the second batch (an aborted acquire): only the first was stored.
    expect((await lock.query<{ n: number }>('select count(*)::int as n from interaction')).rows[0].n).toBe(100);
  } finally {
    await lock.end();
    await dropDatabase(t.databaseUrl);
    await dropMongoDatabase(t.mongoUrl);
  }
}, 30_000);
