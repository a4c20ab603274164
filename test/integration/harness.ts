import 'reflect-metadata';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import { loadConfig } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { createApp, type App } from '../../src/app/server';
import { dropDatabase, PG_SERVER, uniqueName, withDatabase } from '../support/database';
import { bearer, gqlRequest as request, type GqlResult } from '../support/graphql-http';
import { wsClient } from '../support/graphql-ws';
import { metricValue } from '../support/metrics';
import { dropMongoDatabase, MONGO_SERVER } from '../support/mongo';

export { uniqueName, withDatabase, type GqlResult };

/** ADMIN_API_KEY of every test server; the helpers below send it unless told otherwise. */
export const TEST_ADMIN_KEY = 'rk_test_admin_key_0123456789abcdef';
/** JWT_SECRET of every test server (HS256 shopper tokens). */
export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';

/** Whose credentials a helper sends: a Bearer token, or null for none (anonymous). */
export interface As {
  token?: string | null;
}

export function authHeaders(token: string | null | undefined = TEST_ADMIN_KEY): Record<string, string> {
  return bearer(token);
}

/** Sends an operation over HTTP (as the test admin unless `as` says otherwise) and returns the parsed body (data and errors). */
export async function gqlRequest<TData, TVars>(url: string, doc: TypedDocumentNode<TData, TVars>, variables?: TVars, as: As = {}): Promise<GqlResult<TData>> {
  return request(url, doc, variables, as.token === undefined ? TEST_ADMIN_KEY : as.token);
}

/** Like gqlRequest, but fails the test on any error. */
export async function gqlOk<TData, TVars>(url: string, doc: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<TData> {
  const r = await gqlRequest(url, doc, variables);
  if (r.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data as TData;
}

export function wsClientFor(url: string, as: As = {}): Client {
  return wsClient(url, as.token === undefined ? TEST_ADMIN_KEY : as.token);
}

/** Reads one sample of a Prometheus metric from GET /metrics (0 when absent). */
export async function metric(graphqlUrl: string, sample: string): Promise<number> {
  return (await metricValue(graphqlUrl.replace(/\/graphql$/, ''), sample)) ?? 0;
}

/** Polls until check() is true (for state in another process, where no in-process hook exists). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class TestApp {
  private clients: Client[] = [];
  private pg?: PgClient;

  private constructor(
    readonly app: App,
    readonly databaseUrl: string,
    readonly mongoUrl: string,
    private readonly owns: { database: boolean; mongo: boolean },
  ) {}

  /** A service on databases of its own, unless env names them (DATABASE_URL, MONGO_URL): the caller drops those. */
  static async start(env: Record<string, string> = {}): Promise<TestApp> {
    const name = uniqueName();
    const databaseUrl = env.DATABASE_URL ?? withDatabase(PG_SERVER, name);
    const mongoUrl = env.MONGO_URL ?? withDatabase(MONGO_SERVER, name);
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      MONGO_URL: mongoUrl,
      MONGO_CONNECT_TIMEOUT_MS: '1500',
      // Agenda keeps a lifetime/2 liveness timer per processed job; short, so Jest can exit promptly.
      AGENDA_LOCK_LIFETIME_MS: '1000',
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      JWT_SECRET: TEST_JWT_SECRET,
      ...env,
    });
    const app = await createApp(config, createLogger(config.logLevel));
    return new TestApp(app, databaseUrl, mongoUrl, { database: env.DATABASE_URL === undefined, mongo: env.MONGO_URL === undefined });
  }

  gql<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables?: TVars, as?: As): Promise<GqlResult<TData>> {
    return gqlRequest(this.app.url, doc, variables, as);
  }

  ok<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<TData> {
    return gqlOk(this.app.url, doc, variables);
  }

  /** A graphql-ws client on the same port and path as HTTP (as the test admin unless `as` says otherwise). */
  wsClient(as?: As): Client {
    const client = wsClientFor(this.app.wsUrl, as);
    this.clients.push(client);
    return client;
  }

  /** Direct SQL for assertions about what was (not) written. */
  async sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    if (!this.pg) {
      this.pg = new PgClient({ connectionString: this.databaseUrl });
      await this.pg.connect();
    }
    return (await this.pg.query(query, params)).rows as T[];
  }

  async count(table: string): Promise<number> {
    const [row] = await this.sql<{ n: number }>(`select count(*)::int as n from ${table}`);
    return row.n;
  }

  /** Row counts of every telemetry and shop table: compare before/after a rejected call. */
  async counts(): Promise<Record<string, number>> {
    const tables = ['category', 'product', 'app_user', 'interaction', 'review', 'cart_item', 'customer_order', 'order_item'];
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = await this.count(t);
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => Promise.resolve(c.dispose())));
    await this.pg?.end();
    await this.app.close();
    if (this.owns.database) await dropDatabase(this.databaseUrl);
    if (this.owns.mongo) await dropMongoDatabase(this.mongoUrl);
  }
}

/** Subscribes and collects events; resolves `ready` once the server counts the subscriber. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        events.push(v.data as T);
        waiters.splice(0).forEach((w) => w());
      },
      error: (e) => errors.push(e),
      complete: () => undefined,
    },
  );
  return {
    events,
    errors,
    dispose,
    /** Waits until at least n events arrived. */
    async waitFor(n: number, timeoutMs = 5000): Promise<T[]> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} events, got ${events.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      return events;
    },
  };
}

export function errorOf(r: GqlResult<unknown>): { code: unknown; message: string; field: unknown } {
  expect(r.errors).toHaveLength(1);
  const [e] = r.errors!;
  return { code: e.extensions?.code, message: e.message, field: e.extensions?.field };
}
