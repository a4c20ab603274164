import { getIntrospectionQuery, parse, print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Client as PgClient } from 'pg';
import {
  CategoriesOnlyDocument,
  ExportPageDocument,
  PlaceOrderDocument,
  ProductsDocument,
  TrackInteractionsDocument,
  TrainingProductsPageDocument,
  UpsertProductsDocument,
  UserOrdersPageDocument,
} from '../generated/graphql';
import { Topic } from '../../src/platform/events/pubsub';
import { authHeaders, collect, eventually, TestApp } from './harness';
import { seed } from './fixtures';

/** A document from text, for operations that only make sense as raw strings (bombs, aliases). */
const doc = (source: string) => parse(source) as TypedDocumentNode<Record<string, unknown>, Record<string, unknown>>;

describe('query limits, statement timeout and paging', () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    t = await TestApp.start({ DB_STATEMENT_TIMEOUT_MS: '300' });
    ids = await seed(t);
  });
  afterAll(() => t?.close());

  async function refusedBy(source: string, limit: string, variables?: Record<string, unknown>) {
    const r = await t.gql(doc(source), variables);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit });
    return r.errors![0];
  }

  it('the standard introspection query (Sandbox, codegen) passes', async () => {
    const r = await t.gql(doc(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true })));
    expect(r.errors).toBeUndefined();
    expect((r.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(20);
  });

  it('a nesting bomb is refused by depth; one through introspection lists by graphql\'s own introspection depth rule', async () => {
    const nest = (n: number) => 'ofType { '.repeat(n) + 'name' + ' }'.repeat(n);
    const e = await refusedBy(`{ __schema { types { fields { type { ${nest(14)} } } } } }`, 'depth');
    expect(e.message).toMatch(/depth limit of 16 exceeded, found 19/);
    const lists = (n: number): string => (n === 0 ? 'name' : `fields { name type { ofType { ${lists(n - 1)} } } }`);
    const r = await t.gql(doc(`{ __schema { types { ${lists(3)} } } }`));
    expect(r.errors?.[0]).toMatchObject({ message: 'Maximum introspection depth exceeded', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('one 10,000-row export page is allowed; aliased pages are refused, and hundreds of them never run', async () => {
    const one = await t.gql(ExportPageDocument, { first: 10_000 });
    expect(one.errors).toBeUndefined();
    const page = print(ExportPageDocument).match(/trainingData[\s\S]*/)![0].replace(/\}\s*$/, '');
    const aliased = (n: number) => `query { ${Array.from({ length: n }, (_, i) => `p${i}: ${page.replace('$first', '10000')}`).join(' ')} }`;
    const five = await refusedBy(aliased(5), 'cost');
    expect(five.extensions).toMatchObject({ max: 500_000 });
    expect(five.extensions!.actual as number).toBeGreaterThan(500_000);
    const forty = await t.gql(doc(aliased(40)));
    expect(forty.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // 300 pages do not even parse: the token limit stops them before validation
    const res = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body: JSON.stringify({ query: aliased(300) }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0].message).toMatch(/10000 tokens/);
  });

  it('cost follows list sizes given as variables', async () => {
    const q = `query($n: Int) { products(first: $n) { edges { node { id name sku price } } } }`;
    expect((await t.gql(doc(q), { n: 100 })).errors).toBeUndefined();
    const many = `query($n: Int) { ${Array.from({ length: 20 }, (_, i) => `a${i}: similarProducts(productId: "1", n: $n) { score product { id name sku } }`).join(' ')} }`;
    await refusedBy(many, 'cost', { n: 10_000 });
  });

  it('aliases and root fields are limited, and a refused mutation writes nothing', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `c${i}: categories { id }`).join(' ')} }`;
    // 20 root fields are fine, 21 are not (counting aliased ones)
    expect((await t.gql(doc(aliases(20)))).errors).toBeUndefined();
    await refusedBy(aliases(21), 'rootFields');
    await refusedBy(`{ categories { ${Array.from({ length: 31 }, (_, i) => `n${i}: name`).join(' ')} } }`, 'aliases');
    const before = await t.counts();
    const upserts = Array.from({ length: 21 }, (_, i) => `u${i}: upsertProducts(inputs: [{ sku: "LIM-${i}", name: "x", category: "Limits", price: 1 }]) { id }`);
    await refusedBy(`mutation { ${upserts.join(' ')} }`, 'rootFields');
    expect(await t.counts()).toEqual(before);
  });

  it('the same limits hold over WebSocket', async () => {
    const client = t.wsClient();
    const live = collect(client, `subscription { interactionTracked { id } }`);
    await eventually(() => Promise.resolve(t.app.events.subscriberCount(Topic.InteractionTracked) >= 1), 'the subscription to attach');
    const bomb = collect(client, `query { __schema { types { fields { type { ${'ofType { '.repeat(14)}name${' }'.repeat(14)} } } } } }`);
    const aliases = collect(client, `query { categories { ${Array.from({ length: 31 }, (_, i) => `n${i}: name`).join(' ')} } }`);
    const deadline = Date.now() + 5000;
    while ((bomb.errors.length === 0 || aliases.errors.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(JSON.stringify(bomb.errors)).toMatch(/depth limit of 16 exceeded/);
    expect(JSON.stringify(aliases.errors)).toMatch(/Aliases limit of 30 exceeded/);
    expect(live.errors).toHaveLength(0);
    live.dispose();
  });

  it('a statement over DB_STATEMENT_TIMEOUT_MS answers SERVICE_UNAVAILABLE, and the API answers again after', async () => {
    const blocker = new PgClient({ connectionString: t.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table product in access exclusive mode');
      const started = Date.now();
      const r = await t.gql(ProductsDocument, { first: 5 });
      expect(r.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(r.errors)).not.toMatch(/select|statement timeout/i);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
    expect((await t.ok(ProductsDocument, { first: 5 })).products.edges.length).toBeGreaterThan(0);
  });

  it('trainingData.products pages by first/after; without arguments it returns every product', async () => {
    const all = (await t.ok(TrainingProductsPageDocument, {})).trainingData.products;
    expect(all.length).toBe(4);
    const first = (await t.ok(TrainingProductsPageDocument, { first: 3 })).trainingData.products;
    const rest = (await t.ok(TrainingProductsPageDocument, { first: 3, after: first.at(-1)!.id })).trainingData.products;
    expect([...first, ...rest].map((p) => p.id)).toEqual(all.map((p) => p.id));
    const bad = await t.gql(TrainingProductsPageDocument, { first: 10_001 });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('user.orders pages by first/after, newest first', async () => {
    for (let i = 0; i < 5; i++) {
      await t.ok(PlaceOrderDocument, { userId: ids.users.alice, items: [{ productId: ids.products.shirtRed, quantity: i + 1 }] });
    }
    const all = (await t.ok(UserOrdersPageDocument, { id: ids.users.alice })).user!.orders;
    expect(all).toHaveLength(5);
    expect(all.map((o) => o.total)).toEqual([5, 4, 3, 2, 1].map((q) => Math.round(q * 19.99 * 100) / 100));
    const p1 = (await t.ok(UserOrdersPageDocument, { id: ids.users.alice, first: 2 })).user!.orders;
    const p2 = (await t.ok(UserOrdersPageDocument, { id: ids.users.alice, first: 2, after: p1[1].id })).user!.orders;
    const p3 = (await t.ok(UserOrdersPageDocument, { id: ids.users.alice, first: 2, after: p2[1].id })).user!.orders;
    expect([...p1, ...p2, ...p3].map((o) => o.id)).toEqual(all.map((o) => o.id));
    expect((await t.gql(UserOrdersPageDocument, { id: ids.users.alice, after: 'x' })).errors?.[0].extensions?.field).toBe('after');
  });

  it('categories still answer (the limits let ordinary operations through)', async () => {
    expect((await t.ok(CategoriesOnlyDocument)).categories.length).toBeGreaterThan(0);
    expect((await t.ok(TrackInteractionsDocument, { inputs: [{ userId: ids.users.bob, productId: ids.products.dress, type: 'VIEW' }] })).trackInteractions.accepted).toBe(1);
    expect((await t.ok(UpsertProductsDocument, { inputs: [{ sku: 'LIM-OK', name: 'ok', category: 'Limits', price: 1 }] })).upsertProducts).toHaveLength(1);
  });
});
