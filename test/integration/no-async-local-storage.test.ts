// No operation of the service runs an AsyncLocalStorage. On Node 20 the first AsyncLocalStorage.run()
// turns on promise hooks for the rest of the process, and every await of every request then costs about
// three times as much (bench/README.md, "The write that slowed every read"). MikroORM runs one around
// em.transactional() and em.flush(); the service writes through platform/db/transaction.ts instead.
// Every kind of write goes through the real HTTP endpoint here, with AsyncLocalStorage watched.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import {
  ActivateModelVersionDocument,
  AddReviewDocument,
  AddToCartDocument,
  CreateApiKeyDocument,
  MergeAnonymousDocument,
  PlaceOrderDocument,
  TrackInteractionDocument,
  UpsertProductsDocument,
} from '../generated/graphql';
import { PRODUCTS, seedTrained } from './fixtures';
import { TestApp } from './harness';

const runs: string[] = [];
/** Jest's own test runner runs one around every test and hook; only the service's calls count. */
const record = (stack: string) => {
  if (!stack.includes('jest-circus')) runs.push(stack);
};
/** The methods as Node defines them, to call through to and to put back. */
const original = Object.getOwnPropertyDescriptors(AsyncLocalStorage.prototype);

beforeAll(() => {
  AsyncLocalStorage.prototype.run = function (this: AsyncLocalStorage<unknown>, ...args: Parameters<AsyncLocalStorage<unknown>['run']>) {
    record(new Error('AsyncLocalStorage.run').stack!);
    return (original.run.value as AsyncLocalStorage<unknown>['run']).apply(this, args);
  } as AsyncLocalStorage<unknown>['run'];
  AsyncLocalStorage.prototype.enterWith = function (this: AsyncLocalStorage<unknown>, store: unknown) {
    record(new Error('AsyncLocalStorage.enterWith').stack!);
    (original.enterWith.value as AsyncLocalStorage<unknown>['enterWith']).call(this, store);
  };
});
afterAll(() => Object.defineProperties(AsyncLocalStorage.prototype, { run: original.run, enterWith: original.enterWith }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const op = (text: string) => parse(text) as TypedDocumentNode<any, Record<string, unknown>>;

it('catalogue, telemetry, commerce, API keys and the model lifecycle run no AsyncLocalStorage', async () => {
  const t = await TestApp.start({ SCHEDULER_POLL_MS: '100' });
  try {
    await t.app.models.startupChecked;
    const { products, users, modelVersion } = await seedTrained(t); // upsertProducts, createUser, trackInteractions, retrainModel
    await t.ok(UpsertProductsDocument, { inputs: [{ ...PRODUCTS[0], name: 'Renamed Shirt' }] });
    await t.ok(TrackInteractionDocument, { input: { userId: users.alice, productId: products.dress, type: 'VIEW', eventId: 'e-1' } });
    await t.ok(TrackInteractionDocument, { input: { anonymousId: 'visitor-1', productId: products.dress, type: 'VIEW' } });
    await t.ok(MergeAnonymousDocument, { anonymousId: 'visitor-1', userId: users.bob });
    for (let i = 0; i < 2; i++) {
      // the second time, each replays its first result
      await t.ok(AddReviewDocument, { input: { userId: users.alice, productId: products.shoe, rating: 4 }, idempotencyKey: 'review' });
      await t.ok(AddToCartDocument, { userId: users.bob, productId: products.dress, quantity: 1, idempotencyKey: 'cart' });
      await t.ok(PlaceOrderDocument, { userId: users.bob, items: [{ productId: products.dress, quantity: 1 }], idempotencyKey: 'order' });
    }
    await t.ok(CreateApiKeyDocument, { name: 'storefront', role: 'service' });
    const { apiKeys } = await t.ok(op('{ apiKeys { id } }'));
    await t.ok(op('mutation R($id: ID!) { revokeApiKey(id: $id) { id } }'), { id: (apiKeys as Array<{ id: string }>)[0].id });
    await t.ok(ActivateModelVersionDocument, { version: modelVersion });
    expect(await t.count('customer_order')).toBe(1);
  } finally {
    await t.close();
  }
  expect(runs).toEqual([]);
});
