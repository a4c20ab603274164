// Hostile access suite: every role tries what it may not, through real HTTP and WebSocket, and
// nothing is written; bad credentials of every kind are refused even where anonymous callers may go.
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import WebSocket from 'ws';
import { Topic } from '../../src/platform/events/pubsub';
import { seed } from './fixtures';
import { authHeaders, collect, eventually, TEST_ADMIN_KEY, TEST_JWT_SECRET, TestApp } from './harness';

type Who = string; // 'admin' | 'service' | 'alice' | 'anonymous', or a raw token
type Key = Parameters<typeof SignJWT.prototype.sign>[0];
interface Body {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

let t: TestApp;
let ids: Awaited<ReturnType<typeof seed>>;
let serviceKey: string;
let aliceToken: string;
const secret = new TextEncoder().encode(TEST_JWT_SECRET);

const hs256 = (claims: JWTPayload, key = secret, alg = 'HS256') =>
  new SignJWT(claims).setProtectedHeader({ alg }).setIssuedAt().sign(key);
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function post(url: string, query: string, variables: Record<string, unknown>, token: string | null): Promise<{ status: number; body: Body }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(token) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Body };
}

function tokenOf(who: Who): string | null {
  if (who === 'admin') return TEST_ADMIN_KEY;
  if (who === 'service') return serviceKey;
  if (who === 'alice') return aliceToken;
  if (who === 'anonymous') return null;
  return who; // a raw token
}

const gql = (who: Who, query: string, variables: Record<string, unknown> = {}) => post(t.app.url, query, variables, tokenOf(who));

/** Row counts of everything a forbidden call could write. */
async function rows(app = t): Promise<Record<string, number>> {
  return { ...(await app.counts()), api_key: await app.count('api_key'), retrain_job: await app.count('retrain_job') };
}

function codeOf(body: Body): unknown {
  expect(body.errors).toHaveLength(1);
  return body.errors![0].extensions?.code;
}

beforeAll(async () => {
  t = await TestApp.start();
  ids = await seed(t);
  const created = await gql('admin', 'mutation { createApiKey(name: "storefront", role: service) { secret key { id role } } }');
  serviceKey = (created.body.data!.createApiKey as { secret: string }).secret;
  aliceToken = await hs256({ sub: ids.users.alice, exp: Math.floor(Date.now() / 1000) + 3600 });
});
afterAll(() => t.close());

// Every operation below is refused for the caller named; `vars` is filled in at run time.
const OPS = {
  upsertProducts: 'mutation { upsertProducts(inputs: [{sku: "FREE", name: "Free", category: "Shirts", price: 0}]) { id } }',
  createUser: 'mutation { createUser(input: {email: "mallory@example.com"}) { id } }',
  retrainModel: 'mutation { retrainModel(days: 30) { id } }',
  activateModelVersion: 'mutation { activateModelVersion(version: 1) { version } }',
  createApiKey: 'mutation { createApiKey(name: "mine", role: admin) { secret } }',
  revokeApiKey: 'mutation R($id: ID!) { revokeApiKey(id: $id) { id } }',
  apiKeys: '{ apiKeys { id name } }',
  trainingData: '{ trainingData(days: 30) { interactions(first: 10) { edges { node { userId } } } } }',
  retrainJobs: '{ retrainJobs { id } }',
  retrainJob: '{ retrainJob(id: "1") { id } }',
  modelVersions: '{ modelVersions { version } }',
  userBob: 'query U($bob: ID!) { user(id: $bob) { id email } }',
  userAlice: 'query U($alice: ID!) { user(id: $alice) { id email cart { id } orders { id } } }',
  recsBob: 'query R($bob: ID!) { recommendationsForUser(userId: $bob) { score } }',
  recsAlice: 'query R($alice: ID!) { recommendationsForUser(userId: $alice) { score } }',
  trackBob: 'mutation T($bob: ID!, $p: ID!) { trackInteraction(input: {userId: $bob, productId: $p, type: VIEW}) { id } }',
  trackAlice: 'mutation T($alice: ID!, $p: ID!) { trackInteraction(input: {userId: $alice, productId: $p, type: VIEW}) { id } }',
  trackNobody: 'mutation T($p: ID!) { trackInteraction(input: {productId: $p, type: VIEW}) { id } }',
  trackUserAndSession: 'mutation T($alice: ID!, $p: ID!) { trackInteraction(input: {userId: $alice, anonymousId: "anon-x", productId: $p, type: VIEW}) { id } }',
  trackBatchWithBob: 'mutation T($alice: ID!, $bob: ID!, $p: ID!) { trackInteractions(inputs: [{userId: $alice, productId: $p, type: VIEW}, {userId: $bob, productId: $p, type: VIEW}]) { accepted } }',
  trackBatchAnonWithUser: 'mutation T($bob: ID!, $p: ID!) { trackInteractions(inputs: [{anonymousId: "anon-1", productId: $p, type: VIEW}, {userId: $bob, productId: $p, type: VIEW}]) { accepted } }',
  reviewBob: 'mutation R($bob: ID!, $p: ID!) { addReview(input: {userId: $bob, productId: $p, rating: 1}) { id } }',
  reviewAlice: 'mutation R($alice: ID!, $p: ID!) { addReview(input: {userId: $alice, productId: $p, rating: 5}) { id } }',
  cartBob: 'mutation C($bob: ID!, $p: ID!) { addToCart(userId: $bob, productId: $p) { id } }',
  cartAlice: 'mutation C($alice: ID!, $p: ID!) { addToCart(userId: $alice, productId: $p) { id } }',
  orderBob: 'mutation O($bob: ID!, $p: ID!) { placeOrder(userId: $bob, items: [{productId: $p, quantity: 1}]) { id } }',
  orderAlice: 'mutation O($alice: ID!, $p: ID!) { placeOrder(userId: $alice, items: [{productId: $p, quantity: 1}]) { id } }',
  mergeAnonymous: 'mutation M($alice: ID!) { mergeAnonymous(anonymousId: "anon-1", userId: $alice) { moved } }',
  interactionTrackedHttp: 'subscription { interactionTracked { id } }',
  retrainSchedule: '{ retrainSchedule { cron } }',
  interactionRates: '{ interactionRates { count } }',
  userByEmail: '{ userByEmail(email: "alice@example.com") { id } }',
  historyBob: 'query U($bob: ID!) { user(id: $bob) { interactions { id } } }',
} as const;
type Op = keyof typeof OPS;

const DENIED: Array<[Who, Op, 'UNAUTHENTICATED' | 'FORBIDDEN']> = [
  ...(['upsertProducts', 'createUser', 'retrainModel', 'activateModelVersion', 'createApiKey', 'revokeApiKey', 'apiKeys', 'trainingData',
    'retrainJobs', 'retrainJob', 'modelVersions', 'userAlice', 'recsAlice', 'trackAlice', 'trackNobody', 'trackUserAndSession',
    'trackBatchAnonWithUser', 'reviewAlice', 'cartAlice', 'orderAlice', 'mergeAnonymous', 'retrainSchedule', 'interactionRates',
    'userByEmail', 'historyBob'] as Op[]).map((op): [Who, Op, 'UNAUTHENTICATED'] => ['anonymous', op, 'UNAUTHENTICATED']),
  ...(['upsertProducts', 'createUser', 'retrainModel', 'activateModelVersion', 'createApiKey', 'revokeApiKey', 'apiKeys', 'trainingData',
    'retrainJobs', 'modelVersions', 'userBob', 'recsBob', 'trackBob', 'trackBatchWithBob', 'reviewBob', 'cartBob', 'orderBob',
    'mergeAnonymous', 'retrainSchedule', 'interactionRates', 'userByEmail', 'historyBob'] as Op[]).map((op): [Who, Op, 'FORBIDDEN'] => ['alice', op, 'FORBIDDEN']),
  ...(['upsertProducts', 'createUser', 'retrainModel', 'activateModelVersion', 'createApiKey', 'revokeApiKey', 'apiKeys', 'retrainJobs',
    'retrainJob', 'modelVersions', 'retrainSchedule'] as Op[]).map((op): [Who, Op, 'FORBIDDEN'] => ['service', op, 'FORBIDDEN']),
];

describe('forbidden operations answer UNAUTHENTICATED or FORBIDDEN and write nothing', () => {
  it.each(DENIED)('%s: %s -> %s', async (who, op, code) => {
    const vars = { alice: ids.users.alice, bob: ids.users.bob, p: ids.products.shirtRed, id: '1' };
    const used = Object.fromEntries(Object.entries(vars).filter(([k]) => OPS[op].includes(`$${k}`)));
    const before = await rows();
    const { body } = await gql(who, OPS[op], used);
    expect(codeOf(body)).toBe(code);
    expect(JSON.stringify(body.data ?? null)).not.toMatch(/email|secret/);
    expect(await rows()).toEqual(before);
  });
});

describe('what each role may do', () => {
  const vars = () => ({ alice: ids.users.alice, bob: ids.users.bob, p: ids.products.shirtRed });
  const pick = (op: Op) => Object.fromEntries(Object.entries(vars()).filter(([k]) => OPS[op].includes(`$${k}`)));

  it('anonymous: catalog, similar and popular products, model info', async () => {
    const { body } = await gql('anonymous', 'query P($p: ID!) { products { edges { node { id } } } product(id: $p) { name } categories { name } similarProducts(productId: $p) { score } popularProducts { score } modelInfo { status } }', { p: ids.products.shirtRed });
    expect(body.errors).toBeUndefined();
    expect(body.data!.categories).toHaveLength(3);
  });

  it('anonymous: telemetry for an anonymous session only (an anonymousId, no userId)', async () => {
    const before = await t.count('interaction');
    const { body } = await gql('anonymous', 'mutation T($p: ID!) { trackInteraction(input: {anonymousId: "anon-ok", productId: $p, type: VIEW}) { id userId anonymousId } }', { p: ids.products.dress });
    expect(body.errors).toBeUndefined();
    expect(body.data!.trackInteraction).toMatchObject({ userId: null, anonymousId: 'anon-ok' });
    expect(await t.count('interaction')).toBe(before + 1);
  });

  it('shopper: their own events, review, cart, order, user and recommendations; userId may be omitted', async () => {
    for (const op of ['trackAlice', 'reviewAlice', 'cartAlice', 'orderAlice', 'userAlice', 'recsAlice'] as Op[]) {
      const { body } = await gql('alice', OPS[op], pick(op));
      expect([op, body.errors]).toEqual([op, undefined]);
    }
    const before = await rows();
    const { body } = await gql('alice', 'mutation T($p: ID!) { trackInteraction(input: {productId: $p, type: VIEW}) { userId } addToCart(productId: $p) { productId } placeOrder(items: [{productId: $p, quantity: 2}]) { userId } addReview(input: {productId: $p, rating: 4}) { userId } }', { p: ids.products.shoe });
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ trackInteraction: { userId: ids.users.alice }, placeOrder: { userId: ids.users.alice }, addReview: { userId: ids.users.alice } });
    expect((await rows()).customer_order).toBe(before.customer_order + 1);
  });

  it('service: telemetry and commerce for any user (naming it), recommendations, user details, trainingData', async () => {
    for (const op of ['trackBob', 'trackBatchWithBob', 'reviewBob', 'cartBob', 'orderBob', 'userBob', 'recsBob', 'trainingData', 'interactionRates',
      'userByEmail', 'historyBob'] as Op[]) {
      const { body } = await gql('service', OPS[op], pick(op));
      expect([op, body.errors]).toEqual([op, undefined]);
    }
    const { body } = await gql('service', 'mutation C($p: ID!) { addToCart(productId: $p) { id } }', { p: ids.products.shoe });
    expect(body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'userId' } });
  });

  it('a user\'s email, cart and orders are hidden from another shopper even inside an allowed answer', async () => {
    const bobToken = await hs256({ sub: ids.users.bob, exp: Math.floor(Date.now() / 1000) + 60 });
    const { body } = await gql(bobToken, 'query U($alice: ID!) { user(id: $alice) { email } }', { alice: ids.users.alice });
    expect(codeOf(body)).toBe('FORBIDDEN');
  });
});

describe('bad credentials are refused everywhere, also where anonymous callers may go', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const CASES: Array<[string, () => string | Promise<string>]> = [
    ['a JWT signed with another secret (forged)', () => hs256({ sub: ids.users.alice, exp: now() + 60 }, new TextEncoder().encode('not-the-secret-0123456789abcdef'))],
    ['an expired JWT', () => hs256({ sub: ids.users.alice, exp: now() - 10 })],
    ['an alg: none JWT', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: ids.users.alice, exp: now() + 60 })}.`],
    ['a JWT with an algorithm not on the list (HS512)', () => hs256({ sub: ids.users.alice, exp: now() + 60 }, secret, 'HS512')],
    ['a JWT without exp', () => hs256({ sub: ids.users.alice })],
    ['a JWT without sub', () => hs256({ exp: now() + 60 })],
    ['a tampered payload (sub changed after signing)', async () => {
      const [h, , s] = (await hs256({ sub: ids.users.alice, exp: now() + 60 })).split('.');
      return `${h}.${b64({ sub: ids.users.bob, exp: now() + 60 })}.${s}`;
    }],
    ['an RS256 JWT where only JWT_SECRET is configured', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT({ sub: ids.users.alice, exp: now() + 60 }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    }],
    ['an unknown API key', () => 'rk_' + 'A'.repeat(43)],
    ['garbage', () => 'not-a-token'],
  ];

  it.each(CASES)('%s: UNAUTHENTICATED (HTTP 401) on a public query and on a write; nothing written', async (_name, make) => {
    const token = await make();
    const pub = await gql(token, '{ categories { name } }');
    expect(pub.status).toBe(401);
    expect(codeOf(pub.body)).toBe('UNAUTHENTICATED');
    const before = await rows();
    const write = await gql(token, OPS.trackAlice, { alice: ids.users.alice, p: ids.products.shirtRed });
    expect(codeOf(write.body)).toBe('UNAUTHENTICATED');
    expect(await rows()).toEqual(before);
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer a b'], [`Token ${TEST_ADMIN_KEY}`]])('Authorization "%s": UNAUTHENTICATED', async (header) => {
    const res = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: header }, body: JSON.stringify({ query: '{ categories { name } }' }) });
    expect(res.status).toBe(401);
    expect(codeOf((await res.json()) as Body)).toBe('UNAUTHENTICATED');
  });
});

describe('API keys', () => {
  const TRACK = () => [OPS.trackBob, { bob: ids.users.bob, p: ids.products.shirtRed }] as const;

  it('are listed without secrets; the secret is stored only as its SHA-256', async () => {
    const { body } = await gql('admin', '{ apiKeys { id name role prefix revokedAt } }');
    expect(body.data!.apiKeys).toContainEqual(expect.objectContaining({ name: 'storefront', role: 'service', prefix: serviceKey.slice(0, 10), revokedAt: null }));
    const stored = await t.sql<{ secret_hash: string }>(`select secret_hash from api_key where name = 'storefront'`);
    expect(JSON.stringify(stored)).not.toContain(serviceKey);
    expect(stored[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a revoked key is refused at once (revokeApiKey on this replica)', async () => {
    const created = await gql('admin', 'mutation { createApiKey(name: "to-revoke", role: service) { secret key { id } } }');
    const { secret: key, key: { id } } = created.body.data!.createApiKey as { secret: string; key: { id: string } };
    expect((await gql(key, ...TRACK())).body.errors).toBeUndefined(); // now cached
    expect((await gql('admin', 'mutation R($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id })).body.errors).toBeUndefined();
    const before = await rows();
    expect(codeOf((await gql(key, ...TRACK())).body)).toBe('UNAUTHENTICATED');
    expect(await rows()).toEqual(before);
  });

  it('npm run apikey: create prints a working secret; revoke from that other process is seen at once here', async () => {
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [join(__dirname, '../../dist/src/cli/apikey.js'), ...args], {
        env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' },
      });
    const { stdout } = await cli('create', '--role', 'service', '--name', 'cli-key');
    const key = stdout.trim();
    expect(key).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    expect((await gql(key, ...TRACK())).body.errors).toBeUndefined();
    const [{ id }] = await t.sql<{ id: string }>(`select id::text as id from api_key where name = 'cli-key'`);
    expect((await cli('list')).stdout).toMatch(new RegExp(`^${id}\\tservice\\tcli-key\\t`, 'm'));
    await cli('revoke', id);
    expect(codeOf((await gql(key, ...TRACK())).body)).toBe('UNAUTHENTICATED');
  });
});

/** Runs one operation on a graphql-ws client; resolves with its first result, or its errors. */
function wsRun(client: ReturnType<TestApp['wsClient']>, query: string): Promise<Body> {
  return new Promise<Body>((resolve) =>
    client.subscribe({ query }, { next: (r) => resolve(r as Body), error: (e) => resolve({ errors: e as Body['errors'] }), complete: () => resolve({}) }),
  );
}

describe('WebSocket: connection_init carries the credentials', () => {
  const TRACKED = 'subscription { interactionTracked { id userId } }';

  it('without a key: modelRetrained is allowed, interactionTracked is UNAUTHENTICATED, a mutation writes nothing', async () => {
    const client = t.wsClient({ token: null });
    expect(codeOf(await wsRun(client, TRACKED))).toBe('UNAUTHENTICATED');
    const before = await rows();
    expect(codeOf(await wsRun(client, OPS.upsertProducts))).toBe('UNAUTHENTICATED');
    expect(await rows()).toEqual(before);
    expect((await wsRun(client, '{ categories { name } }')).errors).toBeUndefined();
    const feed = collect(client, 'subscription { modelRetrained { version } }');
    await eventually(() => t.app.events.subscriberCount(Topic.ModelRetrained) > 0, 'a modelRetrained subscriber');
    expect(feed.errors).toEqual([]);
    feed.dispose();
  });

  it('with a shopper token: interactionTracked is FORBIDDEN', async () => {
    expect(codeOf(await wsRun(t.wsClient({ token: aliceToken }), TRACKED))).toBe('FORBIDDEN');
  });

  it('with a service key: interactionTracked streams', async () => {
    const before = t.app.events.subscriberCount(Topic.InteractionTracked);
    const feed = collect<{ interactionTracked: { userId: string } }>(t.wsClient({ token: serviceKey }), TRACKED);
    await eventually(() => Promise.resolve(t.app.events.subscriberCount(Topic.InteractionTracked) > before), 'the subscription to attach');
    await gql('service', OPS.trackBob, { bob: ids.users.bob, p: ids.products.dress });
    expect((await feed.waitFor(1))[0].interactionTracked.userId).toBe(ids.users.bob);
    feed.dispose();
  });

  it.each([
    ['a forged JWT', async () => hs256({ sub: '1', exp: Math.floor(Date.now() / 1000) + 60 }, new TextEncoder().encode('forged-secret-0123456789abcdef'))],
    ['a revoked or unknown key', () => 'rk_' + 'B'.repeat(43)],
  ])('with %s: the socket is closed 4401 at connection_init', async (_name, make) => {
    const token = await make();
    const ws = new WebSocket(t.app.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    expect(await closed).toBe(4401);
  });

  it('revoking a key closes its open sockets (4401), a running subscription included', async () => {
    const created = await gql('admin', 'mutation { createApiKey(name: "ws-revoke", role: service) { secret key { id } } }');
    const { secret, key: { id } } = created.body.data!.createApiKey as { secret: string; key: { id: string } };
    const before = t.app.events.subscriberCount(Topic.InteractionTracked);
    const ws = new WebSocket(t.app.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${secret}` } })));
    ws.on('message', (data) => {
      if ((JSON.parse((data as Buffer).toString()) as { type: string }).type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: TRACKED } }));
    });
    await eventually(() => Promise.resolve(t.app.events.subscriberCount(Topic.InteractionTracked) > before), 'the subscription to attach');
    expect((await gql('admin', 'mutation R($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id })).body.errors).toBeUndefined();
    expect(await closed).toEqual({ code: 4401, reason: expect.stringMatching(/^Unauthorized: .*revoked/) });
  });

  it('an upgrade from an Origin not in CORS_ORIGINS is refused (403); the page\'s own origin and listed origins pass', async () => {
    const status = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(t.app.wsUrl, 'graphql-transport-ws', { origin });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => { ws.close(); resolve(101); });
        ws.on('error', () => undefined);
      });
    expect(await status('https://evil.example')).toBe(403);
    expect(await status('https://studio.apollographql.com')).toBe(101);
    expect(await status(new URL(t.app.url).origin)).toBe(101);
  });
});

describe('shopper tokens from a JWKS, with issuer and audience', () => {
  let jwksApp: TestApp;
  let jwks: http.Server;
  let privateKey: Key;
  let publicPem: string;
  const now = () => Math.floor(Date.now() / 1000);
  const rs256 = (claims: JWTPayload, key: Key = privateKey, kid = 'k1') =>
    new SignJWT({ exp: now() + 60, sub: ids.users.alice, ...claims }).setProtectedHeader({ alg: 'RS256', kid }).sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    publicPem = JSON.stringify(jwk);
    jwks = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    jwksApp = await TestApp.start({
      JWT_SECRET: '',
      JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      JWT_ISSUER: 'https://login.example',
      JWT_AUDIENCE: 'recs-api',
    });
  });
  afterAll(async () => {
    await jwksApp.close();
    await new Promise((r) => jwks.close(r));
  });

  const me = (token: string) => post(jwksApp.app.url, 'query U($id: ID!) { user(id: $id) { id } }', { id: ids.users.alice }, token);

  it('a token signed by the JWKS key with the right iss and aud is the shopper (sub)', async () => {
    const { body } = await me(await rs256({ iss: 'https://login.example', aud: 'recs-api' }));
    expect(codeOf({ errors: body.errors ?? [{ message: '', extensions: { code: 'OK' } }] })).not.toBe('UNAUTHENTICATED');
  });

  it.each([
    ['the wrong audience', () => rs256({ iss: 'https://login.example', aud: 'another-api' })],
    ['the wrong issuer', () => rs256({ iss: 'https://evil.example', aud: 'recs-api' })],
    ['no issuer or audience', () => rs256({})],
    ['a key not in the JWKS', async () => rs256({ iss: 'https://login.example', aud: 'recs-api' }, (await generateKeyPair('RS256')).privateKey as Key)],
    ['HS256 signed with the public key as secret (HS/RS confusion)', () =>
      new SignJWT({ sub: ids.users.alice, exp: now() + 60, iss: 'https://login.example', aud: 'recs-api' }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(publicPem))],
    ['an alg: none token with the right claims', () => `${b64({ alg: 'none', kid: 'k1' })}.${b64({ sub: ids.users.alice, exp: now() + 60, iss: 'https://login.example', aud: 'recs-api' })}.`],
  ])('%s: UNAUTHENTICATED', async (_name, make) => {
    const { status, body } = await me(await make());
    expect(status).toBe(401);
    expect(codeOf(body)).toBe('UNAUTHENTICATED');
  });
});

describe('production errors carry no stack or SQL, over HTTP and WebSocket', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await TestApp.start({ NODE_ENV: 'production' });
    // Take the api_key table away under the running service, so listing keys fails inside PostgreSQL.
    await prod.sql('alter table api_key rename to api_key_broken');
  });
  afterAll(() => prod.close());

  const check = (body: Body) => {
    expect(body.errors).toHaveLength(1);
    const [e] = body.errors!;
    expect(e).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(e.extensions!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toMatch(/select|api_key|relation|stacktrace|at .*\.js/i);
  };

  it('HTTP: an internal error says only "Internal server error" with a request id', async () => {
    check((await post(prod.app.url, '{ apiKeys { id name } }', {}, TEST_ADMIN_KEY)).body);
  });

  it('WebSocket: the same formatter', async () => {
    check(await wsRun(prod.wsClient(), '{ apiKeys { id name } }'));
  });

  it('a bad-input error keeps its message but has no stack trace', async () => {
    const { body } = await post(prod.app.url, '{ products(first: 0) { totalCount } }', {}, null);
    expect(body.errors![0].extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(JSON.stringify(body)).not.toContain('stacktrace');
  });

  it('introspection is off in production', async () => {
    const { body } = await post(prod.app.url, '{ __schema { queryType { name } } }', {}, null);
    expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
