import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { dropDatabase } from '../../src/platform/db/admin';
import { BENCH_ADMIN_KEY, BENCH_JWT_SECRET } from './auth';
import { progress } from './report';

const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MONGO_BASE = process.env.BENCH_MONGO_URL ?? 'mongodb://127.0.0.1:27017/recs';
// Compiled layout: dist/bench/lib/api.js -> dist/src/app/main.js
const MAIN_JS = path.resolve(__dirname, '../../src/app/main.js');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface Api {
  pid: number;
  baseUrl: string;
  graphqlUrl: string;
  databaseUrl: string;
  database: string;
}

function withDatabase(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitReady(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`API not ready within ${READY_TIMEOUT_MS} ms`);
}

/** SIGTERM, then SIGKILL if the process has not exited within STOP_TIMEOUT_MS. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    progress(`API pid ${child.pid} did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM; sending SIGKILL`);
    child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** The API keeps its scheduler's jobs in MongoDB, in a database named like the PostgreSQL one. */
async function dropMongoDatabase(url: string): Promise<void> {
  const mongo = new MongoClient(url, { serverSelectionTimeoutMS: 2000 });
  await mongo.connect().then(() => mongo.db().dropDatabase()).catch(() => undefined);
  await mongo.close();
}

export interface LaunchOptions {
  /** Extra environment for the API, applied last (e.g. LOG_LEVEL, RETRAIN_SCHEDULE_ENABLED). */
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['-r', 'dist/bench/lib/api-probe.js'] or ['--cpu-prof']. */
  nodeArgs?: string[];
  /** 'inherit' sends the API's output to our stderr; 'pipe' leaves it for the caller to read. */
  output: 'inherit' | 'pipe';
  /** Keep the PostgreSQL and MongoDB databases after the run (the API is still stopped). */
  keepDatabases?: boolean;
}

export interface Launched extends Api {
  child: ChildProcess;
  wsUrl: string;
}

/**
 * Runs `body` against the built API in its own process on a fresh PostgreSQL database: picks a free port,
 * spawns `node dist/src/app/main.js` (which creates and migrates the database), waits for GET /readyz,
 * and afterwards stops the process (SIGTERM) and drops its PostgreSQL and MongoDB databases (unless
 * `keepDatabases`), also on Ctrl-C.
 * `onSpawn` sees the child before it is ready (to start reading piped output).
 */
export async function launchApi<T>(
  name: string,
  o: LaunchOptions,
  body: (api: Launched) => Promise<T>,
  onSpawn?: (child: ChildProcess) => void,
): Promise<T> {
  const dbName = `bench_${name}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const databaseUrl = withDatabase(PG_BASE, dbName);
  const mongoUrl = withDatabase(MONGO_BASE, dbName);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), MAIN_JS], {
    // Inherits the environment, so API settings such as DB_POOL_MAX can be varied per run.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      MONGO_URL: mongoUrl,
      LOG_LEVEL: 'warn',
      DO_NOT_TRACK: '1',
      ADMIN_API_KEY: BENCH_ADMIN_KEY,
      JWT_SECRET: BENCH_JWT_SECRET,
      ...o.env,
    },
    // With 'inherit', the API's stdout goes to our stderr, so our stdout holds only results.
    stdio: o.output === 'inherit' ? ['ignore', 2, 2] : ['ignore', 'pipe', 'pipe'],
  });
  onSpawn?.(child);
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await stopChild(child);
      if (o.keepDatabases) {
        progress(`stopped API pid ${child.pid}, kept databases ${databaseUrl} and ${mongoUrl}`);
        return;
      }
      await dropDatabase(databaseUrl);
      await dropMongoDatabase(mongoUrl);
      progress(`stopped API pid ${child.pid}, dropped database ${dbName}`);
    })());
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await waitReady(baseUrl, child);
    progress(`API pid ${child.pid} ready at ${baseUrl} on database ${dbName}`);
    return await body({
      child,
      pid: child.pid!,
      baseUrl,
      graphqlUrl: `${baseUrl}/graphql`,
      wsUrl: `ws://127.0.0.1:${port}/graphql`,
      databaseUrl,
      database: dbName,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

/** launchApi with the API's output on our stderr. BENCH_API_NODE_ARGS adds node flags, e.g. "--cpu-prof". */
export function withApi<T>(name: string, body: (api: Api) => Promise<T>): Promise<T> {
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return launchApi(name, { nodeArgs, output: 'inherit' }, body);
}
