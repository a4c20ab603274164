import { CreateUserDocument, RetrainModelDocument, TrackInteractionsDocument, UpsertProductsDocument, type ProductInput } from '../generated/graphql';
import type { TestApp } from './harness';
import { waitForJob } from './retrain-helpers';

export const PRODUCTS: ProductInput[] = [
  { sku: 'SHIRT-RED', name: 'Red Cotton Shirt', category: 'Shirts', price: 19.99, gender: 'men', color: 'red', material: 'cotton', size: 'M' },
  { sku: 'SHIRT-BLUE', name: 'Blue Cotton Shirt', category: 'Shirts', price: 21.5, gender: 'men', color: 'blue', material: 'cotton', size: 'L' },
  { sku: 'DRESS-BLK', name: 'Black Silk Dress', category: 'Dresses', price: 89, gender: 'women', color: 'black', material: 'silk', size: 'S' },
  { sku: 'SHOE-RUN', name: 'Trail Running Shoe', category: 'Shoes', price: 120, gender: 'unisex', color: 'grey', material: 'mesh', size: '42' },
];

/** Creates the four fixture products and two users; returns their ids. */
export async function seed(t: TestApp) {
  const { upsertProducts } = await t.ok(UpsertProductsDocument, { inputs: PRODUCTS });
  const { createUser: alice } = await t.ok(CreateUserDocument, { input: { email: 'alice@example.com', name: 'Alice' } });
  const { createUser: bob } = await t.ok(CreateUserDocument, { input: { email: 'bob@example.com' } });
  const [shirtRed, shirtBlue, dress, shoe] = upsertProducts.map((p) => p.id);
  return { products: { shirtRed, shirtBlue, dress, shoe }, users: { alice: alice.id, bob: bob.id } };
}

/** seed(), both users buy the red shirt and view the blue one, and a model trained on that is served; returns the ids and its version. */
export async function seedTrained(t: TestApp) {
  const ids = await seed(t);
  const { shirtRed, shirtBlue } = ids.products;
  await t.ok(TrackInteractionsDocument, {
    inputs: Object.values(ids.users).flatMap((userId) => [
      { userId, productId: shirtRed, type: 'PURCHASE' as const },
      { userId, productId: shirtBlue, type: 'VIEW' as const },
    ]),
  });
  const { retrainModel } = await t.ok(RetrainModelDocument, { days: 30 });
  const job = await waitForJob(t, retrainModel.id);
  if (job.status !== 'SUCCEEDED' || job.modelVersion === null || job.modelVersion === undefined) throw new Error(`training failed: ${JSON.stringify(job)}`);
  return { ...ids, modelVersion: job.modelVersion };
}
