import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { builtFile } from '../support/built';
import { dropDatabase, PG_SERVER, uniqueName, withDatabase } from '../support/database';
import { dropMongoDatabase, MONGO_SERVER } from '../support/mongo';
import { TEST_ADMIN_KEY, TEST_JWT_SECRET } from './harness';
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
