import { getIntrospectionQuery, Kind, parse, print, type DocumentNode, type OperationDefinitionNode, OperationTypeNode } from 'graphql';
import { SignJWT } from 'jose';
import { Client as PgClient } from 'pg';
import * as operations from '../generated/graphql';
import { dropDatabase, PG_SERVER, uniqueName, withDatabase } from '../support/database';
import { bearer } from '../support/graphql-http';
import { seedTrained } from './fixtures';
import { TEST_ADMIN_KEY, TEST_JWT_SECRET, TestApp } from './harness';

// GRAPHQL_EXECUTOR=jit must answer exactly as graphql-js. One seeded shop with a trained model is cloned
// into two databases (CREATE DATABASE ... TEMPLATE), one service with each executor runs on its own
// clone, and every operation in test/operations goes to both with the same variables and caller, in the
// same order: queries, variables that do not coerce (generated for every variable), inputs the service
// rejects, and writes (which leave both clones alike, so the reads after them compare too). The jit
// service compiles every query on first use (GRAPHQL_JIT_MIN_USES=0; test/unit/api/jit-compiles-operations
// shows every one compiles) and answers it compiled when the answer has no errors; an answer with errors,
// and every write, comes from graphql-js on both sides (src/app/jit-execution.ts), so those cases check
// that the jit service's hand-over gives the same answer. Subscriptions are left out: HTTP refuses them
// before any executor runs, and graphql-ws runs them on graphql-js.

type Seeded = Awaited<ReturnType<typeof seedTrained>> & { reviewId: string; orderId: string; jobId: string };
type Who = 'admin' | 'anonymous' | 'alice';
interface Case {
  vars?: (s: Seeded) => Record<string, unknown>;
  as?: Who;
}

const T0 = '2026-11-20T10:00:00.000Z';

/** Valid variables (and some callers that are refused) for every query, in the order they run. */
const QUERIES: Record<string, Case[]> = {
  Product: [{ vars: (s) => ({ id: s.products.shirtRed }) }, { vars: () => ({ id: '999999' }) }, { vars: () => ({ id: 'not-a-number' }) }, { vars: (s) => ({ id: s.products.dress }), as: 'anonymous' }],
  Products: [{ vars: () => ({ first: 2 }) }, { vars: () => ({ first: 10, category: 'Shirts' }) }, { vars: () => ({ first: 2, after: 'bogus!' }) }, { vars: () => ({ first: -1 }) }],
  Categories: [{}, { as: 'anonymous' }],
  CategoriesOnly: [{}],
  User: [{ vars: (s) => ({ id: s.users.alice }) }, { vars: (s) => ({ id: s.users.bob }), as: 'alice' }, { vars: () => ({ id: '424242' }) }],
  UserByEmail: [{ vars: () => ({ email: 'alice@example.com' }) }, { vars: () => ({ email: 'nobody@example.com' }) }, { vars: () => ({ email: 'alice@example.com' }), as: 'anonymous' }],
  UserHistory: [{ vars: (s) => ({ id: s.users.alice, first: 3 }) }, { vars: (s) => ({ id: s.users.alice, first: 0 }) }],
  UserOrdersPage: [{ vars: (s) => ({ id: s.users.alice, first: 1 }) }, { vars: (s) => ({ id: s.users.alice, first: 1, after: s.orderId }) }, { vars: (s) => ({ id: s.users.alice, after: 'x' }) }],
  SimilarProducts: [
    { vars: (s) => ({ productId: s.products.shirtRed, n: 3 }) },
    { vars: (s) => ({ productId: s.products.shirtRed, n: 3, kind: 'CONTENT' }) },
    { vars: (s) => ({ productId: s.products.shoe, kind: 'BEHAVIOUR' }) },
    { vars: (s) => ({ productId: s.products.shirtRed, n: 0 }) },
    { vars: () => ({ productId: '999999' }) },
    { vars: (s) => ({ productId: s.products.dress }), as: 'anonymous' },
  ],
  RecommendationsForUser: [{ vars: (s) => ({ userId: s.users.alice, n: 3 }) }, { vars: (s) => ({ userId: s.users.alice }), as: 'alice' }, { vars: (s) => ({ userId: s.users.bob }), as: 'alice' }, { vars: () => ({ userId: '999999' }) }, { vars: (s) => ({ userId: s.users.alice, n: 10_000 }) }],
  PopularProducts: [{ vars: () => ({ n: 2 }) }, {}, { vars: () => ({ n: -3 }) }],
  RecommendationsForSession: [{ vars: () => ({ anonymousId: 'anon-1', n: 3 }) }, { vars: () => ({ anonymousId: '' }) }, { vars: () => ({ anonymousId: 'never-seen' }) }],
  ModelInfo: [{}, { as: 'anonymous' }],
  RetrainJob: [{ vars: (s) => ({ id: s.jobId }) }, { vars: () => ({ id: '777777' }) }, { vars: () => ({ id: 'abc' }) }],
  RetrainJobs: [{ vars: () => ({ limit: 5 }) }, { vars: () => ({ limit: 0 }) }, { as: 'alice' }],
  RetrainJobsPage: [{ vars: (s) => ({ limit: 1, before: s.jobId }) }, { vars: () => ({ before: 'x' }) }],
  RetrainSchedule: [{}],
  ModelVersions: [{ vars: () => ({ limit: 3 }) }, { vars: () => ({ limit: 100_000 }) }],
  ModelVersionsPage: [{ vars: () => ({ limit: 1, before: 2 }) }],
  ModelArtifacts: [{ vars: () => ({ limit: 3 }) }],
  InteractionRates: [{ vars: () => ({ minutes: 60 }) }, { vars: () => ({ minutes: 0 }) }],
  ShopTotals: [{ vars: () => ({ days: 30 }) }, { vars: () => ({ days: 9999 }) }],
  ExportedInteractions: [{ vars: () => ({ days: 30, first: 5 }) }, { as: 'alice' }],
  ExportPage: [{ vars: () => ({ first: 3 }) }],
  TrainingData: [{ vars: () => ({ days: 30, first: 2 }) }, { vars: () => ({ days: 30, first: 2, after: 'zz.zz' }) }, { vars: () => ({ after: '-' }) }],
  TrainingInteractionsPage: [{ vars: () => ({ first: 2 }) }],
  TrainingProductsPage: [{ vars: () => ({ first: 2 }) }, { vars: (s) => ({ first: 2, after: s.products.shirtBlue }) }],
};

/** Inputs the service refuses (nothing is written), then writes that succeed, for every mutation. */
const MUTATIONS: Record<string, Case[]> = {
  UpsertProducts: [
    { vars: () => ({ inputs: [{ sku: '', name: 'x', category: 'Hats', price: 1 }] }) },
    { vars: () => ({ inputs: [{ sku: 'HAT-1', name: 'Hat', category: 'Hats', price: -5 }] }) },
    { vars: () => ({ inputs: [{ sku: 'HAT-1', name: 'Wool Hat', category: 'Hats', price: 25, color: 'green' }] }) },
    { vars: () => ({ inputs: [{ sku: 'HAT-1', name: 'Wool Hat', category: 'Hats', price: 25 }] }), as: 'anonymous' },
  ],
  CreateUser: [{ vars: () => ({ input: { email: 'not-an-email' } }) }, { vars: () => ({ input: { email: 'alice@example.com' } }) }, { vars: () => ({ input: { email: 'carol@example.com', name: 'Carol' } }) }],
  TrackInteraction: [
    { vars: (s) => ({ input: { userId: s.users.alice, productId: '999999', type: 'VIEW' } }) },
    { vars: (s) => ({ input: { userId: s.users.alice, productId: s.products.dress, type: 'RATE' } }) },
    { vars: (s) => ({ input: { productId: s.products.dress, type: 'VIEW' } }) },
    { vars: (s) => ({ input: { eventId: 'ev-1', userId: s.users.alice, productId: s.products.dress, type: 'VIEW', occurredAt: T0, sessionId: 's1', timeSpentSeconds: 12 } }) },
    { vars: (s) => ({ input: { eventId: 'ev-1', userId: s.users.alice, productId: s.products.dress, type: 'VIEW', occurredAt: T0, sessionId: 's1', timeSpentSeconds: 12 } }) },
    { vars: (s) => ({ input: { productId: s.products.shoe, type: 'VIEW', occurredAt: T0 } }), as: 'alice' },
  ],
  TrackInteractions: [
    { vars: (s) => ({ inputs: [{ userId: s.users.bob, productId: s.products.shoe, type: 'VIEW' }, { userId: s.users.bob, productId: s.products.shoe, type: 'RATE', rating: 9 }] }) },
    { vars: () => ({ inputs: [] }) },
    { vars: (s) => ({ inputs: [{ eventId: 'b-1', userId: s.users.bob, productId: s.products.shoe, type: 'PURCHASE', occurredAt: T0 }, { eventId: 'b-2', anonymousId: 'anon-2', productId: s.products.dress, type: 'ADD_TO_CART', occurredAt: T0 }] }) },
    { vars: (s) => ({ inputs: [{ eventId: 'b-1', userId: s.users.bob, productId: s.products.shoe, type: 'PURCHASE', occurredAt: T0 }] }) },
  ],
  AddReview: [
    { vars: (s) => ({ input: { userId: s.users.bob, productId: s.products.dress, rating: 6 } }) },
    { vars: (s) => ({ input: { userId: s.users.bob, productId: '999999', rating: 4 } }) },
    { vars: (s) => ({ input: { userId: s.users.bob, productId: s.products.dress, rating: 4, comment: 'Fits well' }, idempotencyKey: 'r-1' }) },
    { vars: (s) => ({ input: { userId: s.users.bob, productId: s.products.dress, rating: 4, comment: 'Fits well' }, idempotencyKey: 'r-1' }) },
  ],
  AddToCart: [
    { vars: (s) => ({ userId: s.users.bob, productId: s.products.shoe, quantity: 0 }) },
    { vars: (s) => ({ userId: '999999', productId: s.products.shoe }) },
    { vars: (s) => ({ userId: s.users.bob, productId: s.products.shoe, quantity: 2, idempotencyKey: 'c-1' }) },
    { vars: (s) => ({ userId: s.users.bob, productId: s.products.shoe, quantity: 2, idempotencyKey: 'c-1' }) },
  ],
  PlaceOrder: [
    { vars: (s) => ({ userId: s.users.bob, items: [] }) },
    { vars: (s) => ({ userId: s.users.bob, items: [{ productId: s.products.shoe, quantity: -1 }] }) },
    { vars: (s) => ({ userId: s.users.bob, items: [{ productId: s.products.shoe, quantity: 1 }, { productId: s.products.dress, quantity: 2 }], idempotencyKey: 'o-1' }) },
  ],
  MergeAnonymous: [{ vars: (s) => ({ anonymousId: '', userId: s.users.bob }) }, { vars: (s) => ({ anonymousId: 'anon-2', userId: s.users.bob }) }],
  Identify: [{ vars: () => ({ anonymousId: 'anon-1' }) }, { vars: () => ({ anonymousId: 'anon-1' }), as: 'alice' }],
  ActivateModelVersion: [{ vars: () => ({ version: 999 }) }, { vars: (s) => ({ version: s.modelVersion }) }, { vars: (s) => ({ version: s.modelVersion }), as: 'alice' }],
  CreateApiKey: [{ vars: () => ({ name: '', role: 'service' }) }, { vars: () => ({ name: 'storefront', role: 'service' }) }],
  // Last: it queues a training that runs on while the reads above would otherwise race it.
  RetrainModel: [{ vars: () => ({ days: 0 }) }, { vars: () => ({ days: 30 }) }],
};

const documents = new Map<string, DocumentNode>(
  Object.entries(operations)
    .filter(([name]) => name.endsWith('Document'))
    .map(([name, doc]) => [name.slice(0, -'Document'.length), doc as DocumentNode]),
);

function operationOf(doc: DocumentNode): OperationDefinitionNode {
  return doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
}

const ofKind = (kind: OperationTypeNode) => [...documents].filter(([, doc]) => operationOf(doc).operation === kind).map(([name]) => name);

/**
 * For each variable: a value of the wrong kind (an object where a scalar or list is due, unknown fields
 * where an input object is); and all variables left out, where some are required.
 */
function uncoercible(doc: DocumentNode): Case[] {
  const variables = operationOf(doc).variableDefinitions ?? [];
  if (!variables.length) return [];
  const required = variables.some((v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue);
  return [
    ...variables.map((v) => ({ vars: () => ({ [v.variable.name.value]: { unexpected: [1, 'two'] } }) })),
    ...(required ? [{ vars: () => ({}) }] : []),
  ];
}

interface Answer {
  status: number;
  cacheControl: string | null;
  body: unknown;
}

const CURSOR = /^[0-9a-z]+(\.[0-9a-z]+)+$/;
const EPOCH_MS_2020 = 1_577_836_800_000;

/** Export cursors carry the time of the page's snapshot (ms, base 36): that part may be 30 s apart, the rest must match. */
function sameCursor(a: string, b: string): boolean {
  const [pa, pb] = [a.split('.'), b.split('.')];
  return pa.length === pb.length && pa.every((p, i) => {
    const [x, y] = [parseInt(p, 36), parseInt(pb[i], 36)];
    return p === pb[i] || (x > EPOCH_MS_2020 && y > EPOCH_MS_2020 && Math.abs(x - y) <= 30_000);
  });
}

/**
 * Where two answers differ, as JSON paths. Equal except: timestamps the services wrote themselves (now())
 * may be up to 30 s apart (also inside export cursors), request ids (random) only need to be UUIDs, and an API key's secret (random)
 * only its form.
 */
function differences(a: unknown, b: unknown, path = '$'): string[] {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return [];
    const [ta, tb] = [Date.parse(a), Date.parse(b)];
    if (/^\d{4}-\d\d-\d\dT/.test(a) && Math.abs(ta - tb) <= 30_000) return [];
    if (CURSOR.test(a) && CURSOR.test(b) && sameCursor(a, b)) return [];
    if (/requestId$/.test(path) && [a, b].every((s) => /^[0-9a-f-]{36}$/.test(s))) return [];
    if (/secret$/.test(path) && a.length === b.length && a.slice(0, 3) === b.slice(0, 3)) return [];
    return [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) !== Array.isArray(b)) return [`${path}: array vs object`];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    const ka = Object.keys(a).join(','), kb = Object.keys(b).join(',');
    const order = Array.isArray(a) || ka === kb ? [] : [`${path}: keys ${ka} vs ${kb}`];
    return [...order, ...keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`))];
  }
  return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}

let jit: TestApp;
let graphqlJs: TestApp;
let seeded: Seeded;
let aliceToken: string;
const clones: string[] = [];

async function post(t: TestApp, doc: DocumentNode, variables: Record<string, unknown> | undefined, who: Who): Promise<Answer> {
  const token = who === 'admin' ? TEST_ADMIN_KEY : who === 'alice' ? aliceToken : null;
  const res = await fetch(t.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  return { status: res.status, cacheControl: res.headers.get('cache-control'), body: await res.json() };
}

/** Runs each case on both services, one after the other; every difference, and how many answers had no errors. */
async function compare(names: string[], cases: (name: string) => Case[]): Promise<{ differences: string[]; clean: number }> {
  const found: string[] = [];
  let clean = 0;
  for (const name of names) {
    const doc = documents.get(name)!;
    for (const [i, c] of cases(name).entries()) {
      const vars = c.vars?.(seeded);
      const who = c.as ?? 'admin';
      const [a, b] = [await post(jit, doc, vars, who), await post(graphqlJs, doc, vars, who)];
      found.push(...differences(a, b).map((d) => `${name} #${i} (${who}, ${JSON.stringify(vars)}) ${d}`));
      if (!(a.body as { errors?: unknown }).errors) clean++;
    }
  }
  return { differences: found, clean };
}

beforeAll(async () => {
  const seedUrl = withDatabase(PG_SERVER, uniqueName());
  try {
    await seedAndClone(seedUrl);
  } finally {
    await dropDatabase(seedUrl);
  }
  // Same settings on both but the executor; no schedule, so neither queues a training of its own.
  const started = await Promise.allSettled(
    (['jit', 'graphql-js'] as const).map((executor, i) =>
      TestApp.start({ DATABASE_URL: clones[i], GRAPHQL_EXECUTOR: executor, GRAPHQL_JIT_MIN_USES: '0', RETRAIN_SCHEDULE_ENABLED: 'false' }),
    ),
  );
  [jit, graphqlJs] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined)) as [TestApp, TestApp];
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  aliceToken = await new SignJWT({ sub: seeded.users.alice }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(TEST_JWT_SECRET));
}, 90_000);

/** Seeds a shop on `seedUrl` with a review, an order and anonymous events on top of seedTrained, then clones that database twice. */
async function seedAndClone(seedUrl: string): Promise<void> {
  const seeder = await TestApp.start({ DATABASE_URL: seedUrl, RETRAIN_SCHEDULE_ENABLED: 'false' });
  try {
    const base = await seedTrained(seeder);
    const { shirtRed, shirtBlue, shoe } = base.products;
    const review = await seeder.ok(operations.AddReviewDocument, { input: { userId: base.users.alice, productId: shirtRed, rating: 5, comment: 'Great' } });
    const order = await seeder.ok(operations.PlaceOrderDocument, { userId: base.users.alice, items: [{ productId: shirtBlue, quantity: 2 }] });
    await seeder.ok(operations.AddToCartDocument, { userId: base.users.bob, productId: shirtRed, quantity: 1 });
    await seeder.ok(operations.TrackInteractionsDocument, {
      inputs: [
        { anonymousId: 'anon-1', productId: shoe, type: 'VIEW', occurredAt: T0 },
        { anonymousId: 'anon-1', productId: shirtRed, type: 'VIEW', occurredAt: T0 },
      ],
    });
    const { retrainJobs } = await seeder.ok(operations.RetrainJobsDocument, { limit: 1 });
    seeded = { ...base, reviewId: review.addReview.id, orderId: order.placeOrder.id, jobId: retrainJobs[0].id };
  } finally {
    await seeder.close();
  }
  const admin = new PgClient({ connectionString: PG_SERVER });
  await admin.connect();
  try {
    for (let i = 0; i < 2; i++) {
      const name = uniqueName();
      await admin.query(`create database "${name}" template "${new URL(seedUrl).pathname.slice(1)}"`);
      clones.push(withDatabase(PG_SERVER, name));
    }
  } finally {
    await admin.end();
  }
}

afterAll(async () => {
  await Promise.all([jit, graphqlJs].map((t) => t?.close()));
  await Promise.all(clones.map((url) => dropDatabase(url)));
});

describe('graphql-jit answers as graphql-js', () => {
  it('covers every query and mutation in test/operations', () => {
    expect(ofKind(OperationTypeNode.QUERY).sort()).toEqual(Object.keys(QUERIES).sort());
    expect(ofKind(OperationTypeNode.MUTATION).sort()).toEqual(Object.keys(MUTATIONS).sort());
  });

  it('queries', async () => {
    const { differences, clean } = await compare(ofKind(OperationTypeNode.QUERY), (name) => QUERIES[name]);
    expect(differences).toEqual([]);
    expect(clean).toBeGreaterThanOrEqual(40); // most cases answer with data, not only errors
  });

  it('variables that do not coerce, for every variable of every operation', async () => {
    const names = [...ofKind(OperationTypeNode.QUERY), ...ofKind(OperationTypeNode.MUTATION)];
    const before = await jit.counts();
    const { differences, clean } = await compare(names, (name) => uncoercible(documents.get(name)!));
    expect(differences).toEqual([]);
    expect(clean).toBe(0);
    expect(await jit.counts()).toEqual(before);
  });

  it('mutations, refused and written, in order', async () => {
    const { differences, clean } = await compare(Object.keys(MUTATIONS).filter((n) => n !== 'RetrainModel'), (name) => MUTATIONS[name]);
    expect(differences).toEqual([]);
    expect(clean).toBeGreaterThanOrEqual(15);
    expect(await jit.counts()).toEqual(await graphqlJs.counts());
  });

  it('queries again, over what the mutations wrote', async () => {
    expect((await compare(ofKind(OperationTypeNode.QUERY), (name) => QUERIES[name])).differences).toEqual([]);
  });

  it('a retrain request', async () => {
    expect((await compare(['RetrainModel'], (name) => MUTATIONS[name])).differences).toEqual([]);
  });

  it('an introspection query', async () => {
    const doc = parse(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }));
    const [a, b] = [await post(jit, doc, undefined, 'admin'), await post(graphqlJs, doc, undefined, 'admin')];
    expect(differences(a, b)).toEqual([]);
    expect(a.status).toBe(200);
  });
});
