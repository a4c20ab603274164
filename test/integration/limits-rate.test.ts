import { CategoriesOnlyDocument, UpsertProductsDocument } from '../generated/graphql';
import { print } from 'graphql';
import { authHeaders, TestApp } from './harness';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function post(t: TestApp, query: string, token: string | null) {
  const res = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders(token) }, body: JSON.stringify({ query }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { data?: unknown; errors?: Array<{ extensions: Record<string, unknown> }> } };
}

describe('rate limits per role', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ RATE_LIMIT_ANONYMOUS: '3', RATE_LIMIT_WINDOW_SECONDS: '1' });
  });
  afterAll(() => t?.close());

  it('an anonymous address gets RATE_LIMITED with a retry-after once its budget is spent, writes nothing, and recovers', async () => {
    // a fresh window, so the three allowed requests fall into one
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)));
    for (let i = 0; i < 3; i++) expect((await post(t, '{ categories { id } }', null)).status).toBe(200);
    const refused = await post(t, '{ categories { id } }', null);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(refused.body.errors?.[0].extensions.http).toBeUndefined();

    // the admin key is unlimited by default, and counts apart from the address
    for (let i = 0; i < 10; i++) expect((await t.gql(CategoriesOnlyDocument)).errors).toBeUndefined();

    const before = await t.counts();
    const write = await post(t, 'mutation { upsertProducts(inputs: [{ sku: "RL-1", name: "x", category: "RL", price: 1 }]) { id } }', null);
    expect(write.body.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(await t.counts()).toEqual(before);

    await new Promise((r) => setTimeout(r, 1100));
    expect((await post(t, '{ categories { id } }', null)).status).toBe(200);
  });

  it('over WebSocket a refused operation answers RATE_LIMITED too', async () => {
    // the same address as the HTTP test's last request, whose window (opened by that request) must end first
    await new Promise((r) => setTimeout(r, 1100));
    const client = t.wsClient({ token: null });
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => new Promise<string>((resolve) => {
        client.subscribe({ query: print(CategoriesOnlyDocument) }, { next: (v) => resolve(JSON.stringify(v)), error: (e) => resolve(JSON.stringify(e)), complete: () => undefined });
      })),
    );
    expect(answers.filter((a) => a.includes('"RATE_LIMITED"'))).toHaveLength(1);
    expect(answers.filter((a) => a.includes('"categories"'))).toHaveLength(3);
  });
});

describe('with REDIS_URL, rate limits are shared by every replica', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { REDIS_URL, RATE_LIMIT_ADMIN: '4', RATE_LIMIT_WINDOW_SECONDS: '2' };
    [a, b] = await Promise.all([TestApp.start(env), TestApp.start(env)]);
  });
  afterAll(() => Promise.all([a?.close(), b?.close()]));

  it('a key limited to 4 per window gets 4 answers across two replicas, then RATE_LIMITED', async () => {
    await new Promise((r) => setTimeout(r, 2000 - (Date.now() % 2000)));
    const codes: unknown[] = [];
    for (const t of [a, b, a, b, a]) {
      const r = await t.gql(UpsertProductsDocument, { inputs: [{ sku: `RLR-${codes.length}`, name: 'x', category: 'RL', price: 1 }] });
      codes.push(r.errors?.[0].extensions?.code ?? 'OK');
    }
    expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'RATE_LIMITED']);
  });
});

describe('behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: 'loopback', RATE_LIMIT_ANONYMOUS: '1', RATE_LIMIT_WINDOW_SECONDS: '60' });
  });
  afterAll(() => t?.close());

  it('each X-Forwarded-For client gets its own anonymous budget', async () => {
    const from = async (client: string) =>
      (await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: JSON.stringify({ query: '{ categories { id } }' }) })).status;
    expect(await from('203.0.113.1')).toBe(200);
    expect(await from('203.0.113.1')).toBe(429);
    expect(await from('203.0.113.2')).toBe(200);
  });
});
