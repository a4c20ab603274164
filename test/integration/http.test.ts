import { ProductsDocument } from '../generated/graphql';
import { authHeaders, metric, TestApp } from './harness';

describe('HTTP surface for clients and tools', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());
  const base = () => t.app.url.replace(/\/graphql$/, '');

  it('GET /healthz is alive and GET /readyz reports each dependency', async () => {
    expect(await (await fetch(`${base()}/healthz`)).json()).toEqual({ status: 'ok' });
    await t.app.mongo.whenConnected();
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', dependencies: { postgres: 'up', mongodb: 'up' } });
  });

  it('serves introspection and the Apollo Sandbox landing page on GET /graphql', async () => {
    const res = await fetch(t.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(await res.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const page = await fetch(t.app.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/sandbox/i);
  });

  it('admits Apollo Studio by CORS and keeps CSRF prevention on', async () => {
    const preflight = await fetch(t.app.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://studio.apollographql.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://studio.apollographql.com');
    const other = await fetch(t.app.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // a "simple" cross-site GET without a preflight-forcing header is refused
    const csrf = await fetch(`${t.app.url}?query=${encodeURIComponent('{ categories { id } }')}`);
    expect(csrf.status).toBe(400);
    expect(await csrf.text()).toMatch(/CSRF/i);
  });

  it('answers a malformed or oversized body with a GraphQL error, before any resolver runs', async () => {
    const post = (body: string) => fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const malformed = await post('{"query": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    // the limit is 10 MB
    const huge = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(10 * 1024 * 1024) } }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ errors: [{ message: 'Request body is too large', extensions: { code: 'BAD_REQUEST' } }] });
    const justUnder = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(10 * 1024 * 1024 - 100) } }));
    expect(await justUnder.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a subscription over HTTP, saying it streams over WebSocket on the same path; nothing is written', async () => {
    const before = await t.counts();
    const res = await fetch(t.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ query: 'subscription { modelRetrained { version } }' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/WebSocket/), extensions: { code: 'BAD_REQUEST' } })]);
    expect(await t.counts()).toEqual(before);
  });

  it('exposes Prometheus metrics: live subscriptions by topic and the served model version', async () => {
    expect(await metric(t.app.url, 'recs_graphql_subscriptions{topic="INTERACTION_TRACKED"}')).toBe(0);
    expect(await metric(t.app.url, 'recs_model_version')).toBe(0);
    const text = await (await fetch(t.app.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(text).toContain('process_resident_memory_bytes');
  });
});

describe('MongoDB down', () => {
  it('the API still starts and serves GraphQL; /readyz reports mongodb down', async () => {
    // nothing listens on port 1
    const t = await TestApp.start({ MONGO_URL: 'mongodb://127.0.0.1:1/recs', MONGO_CONNECT_TIMEOUT_MS: '300' });
    try {
      const r = await t.ok(ProductsDocument, {});
      expect(r.products.totalCount).toBe(0);
      const ready = await fetch(t.app.url.replace(/\/graphql$/, '/readyz'));
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { dependencies: unknown }).dependencies).toEqual({ postgres: 'up', mongodb: 'down' });
    } finally {
      await t.close();
    }
  });
});
