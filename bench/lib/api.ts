import { ApiProcess } from '../../test/support/api-process';
import { dropDatabase, PG_SERVER, uniqueName, withDatabase } from '../../test/support/database';
import type { Echo, LogLine } from '../../test/support/log-lines';
import { dropMongoDatabase, MONGO_SERVER } from '../../test/support/mongo';
import { BENCH_ADMIN_KEY, BENCH_JWT_SECRET } from './auth';
import { progress } from './report';

/** The servers benchmarks make their databases on (BENCH_PG_URL / BENCH_MONGO_URL override the test kit's). */
export const BENCH_PG = process.env.BENCH_PG_URL ?? PG_SERVER;
const BENCH_MONGO = process.env.BENCH_MONGO_URL ?? MONGO_SERVER;

export interface Api {
  pid: number;
  baseUrl: string;
  graphqlUrl: string;
  wsUrl: string;
  databaseUrl: string;
  mongoUrl: string;
  database: string;
  /** The API's pino lines (it logs at info) and a wait for one of them. */
  logs: LogLine[];
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs: number, from?: number): Promise<LogLine>;
}

export interface LaunchOptions {
  /** Extra environment for the API, applied last (e.g. RETRAIN_SCHEDULE_ENABLED). */
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof']; default: those in BENCH_API_NODE_ARGS (space-separated). */
  nodeArgs?: string[];
  /** Which of the API's lines go to our stderr (default: all; our stdout holds only results). */
  echo?: Echo;
  /** Keep the PostgreSQL and MongoDB databases after the run (the API is still stopped). */
  keepDatabases?: boolean;
}

/** The built API in its own process on these databases, with the benchmarks' keys and node flags. */
export function startApiOn(databaseUrl: string, mongoUrl: string, o: Pick<LaunchOptions, 'env' | 'nodeArgs' | 'echo'>): Promise<ApiProcess> {
  return ApiProcess.start({
    env: { NODE_ENV: 'production', DATABASE_URL: databaseUrl, MONGO_URL: mongoUrl, ADMIN_API_KEY: BENCH_ADMIN_KEY, JWT_SECRET: BENCH_JWT_SECRET, ...o.env },
    nodeArgs: o.nodeArgs ?? (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
    echo: o.echo ?? 'all',
  });
}

/**
 * Runs `body` against the built API in its own process (test kit's ApiProcess, NODE_ENV=production) on
 * a fresh PostgreSQL database `bench_<name>_<pid>_<hex>` (the API creates and migrates it) and a MongoDB
 * database of the same name; afterwards, also on Ctrl-C, stops the API and drops both (unless keepDatabases).
 * Other variables of our environment reach the API (e.g. DB_POOL_MAX).
 */
export async function launchApi<T>(name: string, o: LaunchOptions, body: (api: Api) => Promise<T>): Promise<T> {
  const database = uniqueName(`bench_${name}`);
  const databaseUrl = withDatabase(BENCH_PG, database);
  const mongoUrl = withDatabase(BENCH_MONGO, database);
  let api: ApiProcess | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await api?.stop();
      if (o.keepDatabases) return progress(`stopped the API, kept databases ${databaseUrl} and ${mongoUrl}`);
      await dropDatabase(databaseUrl);
      await dropMongoDatabase(mongoUrl);
      progress(`stopped the API, dropped database ${database}`);
    })());
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    api = await startApiOn(databaseUrl, mongoUrl, o);
    progress(`API pid ${api.pid} ready at ${api.baseUrl} on database ${database}`);
    const a = api;
    return await body({
      pid: a.pid,
      baseUrl: a.baseUrl,
      graphqlUrl: a.url,
      wsUrl: a.wsUrl,
      databaseUrl,
      mongoUrl,
      database,
      logs: a.logs,
      waitForLog: (pred, timeoutMs, from) => a.waitForLog(pred, timeoutMs, from),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

/** launchApi with every API line on our stderr. */
export function withApi<T>(name: string, body: (api: Api) => Promise<T>): Promise<T> {
  return launchApi(name, {}, body);
}

/** Matches the API's 'serving model version' line (it carries loadMs) for a version greater than `after`. */
export const servingVersion = (after: number) => (l: LogLine) => l.msg === 'serving model version' && (l.version as number) > after;
