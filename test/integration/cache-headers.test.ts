import { createHash } from 'node:crypto';
import { seedTrained } from './fixtures';
import { TEST_ADMIN_KEY, TestApp } from './harness';

// Cache headers a CDN can use, through real HTTP: shared answers (catalogue and model only) are public
// with the model version and an ETag; everything else is private, no-store.

let t: TestApp;
let ids: Awaited<ReturnType<typeof seedTrained>>;

beforeAll(async () => {
  t = await TestApp.start({ HTTP_CACHE_MAX_AGE_SECONDS: '120' });
  await t.app.models.startupChecked;
  ids = await seedTrained(t);
}, 60_000);

afterAll(() => t?.close());

const SIMILAR = 'query Similar($id: ID!) { similarProducts(productId: $id, n: 3) { score product { id name } } }';
const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
const PREFLIGHT = { 'apollo-require-preflight': 'true' };

function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = admin) {
  return fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
}

function get(params: Record<string, unknown>, headers: Record<string, string> = { ...admin, ...PREFLIGHT }) {
  const search = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  return fetch(`${t.app.url}?${search.toString()}`, { headers });
}

const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } });

function expectShared(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('public, max-age=120');
  expect(res.headers.get('x-model-version')).toBe(String(ids.modelVersion));
  expect(res.headers.get('etag')).toMatch(new RegExp(`^W/"${ids.modelVersion}-[\\w-]+"$`));
}

async function expectPrivate(res: Response) {
  expect(res.headers.get('cache-control')).toBe('private, no-store');
  expect(res.headers.get('etag')).toBeNull();
  return res.text();
}

describe('shared answers', () => {
  it('similarProducts, popularProducts, products, product and categories are public with X-Model-Version and a weak ETag', async () => {
    const similar = await post(SIMILAR, { id: ids.products.shirtRed });
    expectShared(similar);
    expect(((await similar.json()) as { data: { similarProducts: unknown[] } }).data.similarProducts.length).toBeGreaterThan(0);
    for (const [query, variables] of [
      ['{ popularProducts(n: 3) { score product { name } } }', {}],
      ['{ products(first: 2) { edges { node { name } } } categories { name } }', {}],
      ['query P($id: ID!) { product(id: $id) { name category { name } } }', { id: ids.products.dress }],
      ['query F { ...Popular } fragment Popular on Query { popularProducts { score } }', {}],
    ] as const) {
      expectShared(await post(query, variables));
    }
  });

  it('is the same answer whoever asks, so anonymous callers get the same ETag', async () => {
    const asAdmin = await post(SIMILAR, { id: ids.products.shirtRed });
    const anonymous = await post(SIMILAR, { id: ids.products.shirtRed }, {});
    expectShared(anonymous);
    expect(anonymous.headers.get('etag')).toBe(asAdmin.headers.get('etag'));
  });

  it('answers 304 without a body to a request whose If-None-Match holds the ETag, and 200 once the answer changed', async () => {
    const first = await get({ query: SIMILAR, variables: { id: ids.products.shirtRed } });
    expectShared(first);
    const etag = first.headers.get('etag')!;
    const again = await get({ query: SIMILAR, variables: { id: ids.products.shirtRed } }, { ...admin, ...PREFLIGHT, 'if-none-match': `"other", ${etag}` });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=120');
    expect(await again.text()).toBe('');

    await post('mutation ($i: [ProductInput!]!) { upsertProducts(inputs: $i) { id } }', {
      i: [{ sku: 'SHIRT-BLUE', name: 'Navy Cotton Shirt', category: 'Shirts', price: 21.5 }],
    });
    const changed = await get({ query: SIMILAR, variables: { id: ids.products.shirtRed } }, { ...admin, ...PREFLIGHT, 'if-none-match': etag });
    expectShared(changed);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('Navy Cotton Shirt');
  });
});

describe('private, no-store', () => {
  it('on personalised and admin queries, and on an operation that mixes them with shared fields', async () => {
    for (const [query, variables] of [
      ['query U($id: ID!) { recommendationsForUser(userId: $id) { score } }', { id: ids.users.alice }],
      ['{ recommendationsForSession(anonymousId: "anon-cache-1") { score } }', {}],
      ['query U($id: ID!) { user(id: $id) { email } }', { id: ids.users.alice }],
      ['{ modelInfo { version } }', {}],
      ['{ popularProducts { score } modelInfo { version } }', {}],
      ['{ trainingData(days: 30) { metadata { totalProducts } } }', {}],
    ] as const) {
      const res = await post(query, variables);
      expect(res.status).toBe(200);
      expect(await expectPrivate(res)).not.toContain('"errors"');
      expect(res.headers.get('x-model-version')).toBeNull();
    }
  });

  it('on mutations', async () => {
    const res = await post('mutation ($e: String!) { createUser(input: { email: $e }) { id } }', { e: 'cache-headers@example.com' });
    expect(await expectPrivate(res)).toContain('createUser');
  });

  it('on every error: a GraphQL error, bad credentials, a malformed request', async () => {
    expect(await expectPrivate(await post(SIMILAR, { id: '999999' }))).toContain('NOT_FOUND');
    const unauthenticated = await post(SIMILAR, { id: ids.products.shirtRed }, { authorization: 'Bearer rk_no_such_key' });
    expect(unauthenticated.status).toBe(401);
    await expectPrivate(unauthenticated);
    const malformed = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
    await expectPrivate(malformed);
  });
});

describe('GET with automatic persisted queries', () => {
  it('a hash the server does not know is PersistedQueryNotFound; registered, the hash alone answers the same data, shared', async () => {
    const query = 'query Pop($n: Int) { popularProducts(n: $n) { score product { id name } } }';
    const extensions = persisted(query);
    const miss = await get({ extensions, variables: { n: 2 } });
    expect(await expectPrivate(miss)).toContain('PERSISTED_QUERY_NOT_FOUND');

    const register = await get({ query, extensions, variables: { n: 2 } });
    expectShared(register);
    const registered = await register.text();

    const hit = await get({ extensions, variables: { n: 2 } });
    expectShared(hit);
    expect(await hit.text()).toBe(registered);
    expect(hit.headers.get('etag')).toBe(register.headers.get('etag'));
  });

  it('keeps CSRF prevention: a GET without a preflight-forcing header is refused, and not cached', async () => {
    const refused = await get({ query: SIMILAR, variables: { id: ids.products.shirtRed } }, admin);
    expect(refused.status).toBe(400);
    expect(await expectPrivate(refused)).toMatch(/CSRF/i);
    // a JSON content type forces a preflight too
    expectShared(await get({ query: SIMILAR, variables: { id: ids.products.shirtRed } }, { ...admin, 'content-type': 'application/json' }));
  });

  it('runs no mutation over GET', async () => {
    const res = await get({ query: 'mutation { createUser(input: { email: "get@example.com" }) { id } }' });
    expect(res.status).toBe(405);
    await expectPrivate(res);
  });
});
