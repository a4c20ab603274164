import { CreateUserDocument, UpsertProductsDocument, type ProductInput, type TrackInteractionInput } from '../generated/graphql';
import type { TestApp } from './harness';

// A shop with a clear structure for any recommender: five product groups (each its own category,
// colour and material) and five shoppers per group who only touch their group's products. A later
// window of pure noise (random products) is the degraded training data the promotion gate must reject.

export const DAY_MS = 86_400_000;
const GROUPS = [
  { category: 'Shirts', gender: 'men', color: 'red', material: 'cotton', price: 20 },
  { category: 'Dresses', gender: 'women', color: 'black', material: 'silk', price: 90 },
  { category: 'Shoes', gender: 'unisex', color: 'grey', material: 'mesh', price: 130 },
  { category: 'Bags', gender: 'women', color: 'brown', material: 'leather', price: 250 },
  { category: 'Hats', gender: 'men', color: 'green', material: 'wool', price: 45 },
];
const PER_GROUP = 10;
const USERS_PER_GROUP = 5;
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];

export const CATALOG: ProductInput[] = GROUPS.flatMap((g, gi) =>
  Array.from({ length: PER_GROUP }, (_, i) => ({
    sku: `G${gi}-${i}`,
    name: `${g.color} ${g.material} ${g.category} ${i}`,
    category: g.category,
    gender: g.gender,
    color: g.color,
    material: g.material,
    size: SIZES[i % SIZES.length],
    price: g.price + i,
  })),
);

export interface Shop {
  /** Product ids by sku. */
  ids: Record<string, string>;
  users: string[];
}

export async function seedShop(t: Pick<TestApp, 'ok'>, emailPrefix: string): Promise<Shop> {
  const ids: Record<string, string> = {};
  for (const p of (await t.ok(UpsertProductsDocument, { inputs: CATALOG })).upsertProducts) ids[p.sku] = p.id;
  const users: string[] = [];
  for (let u = 0; u < GROUPS.length * USERS_PER_GROUP; u++) {
    users.push((await t.ok(CreateUserDocument, { input: { email: `${emailPrefix}${u}@example.com` } })).createUser.id);
  }
  return { ids, users };
}

/** Every shopper touches 8 of its group's 10 products, one a minute, starting `daysAgo` days ago. */
export function structuredInteractions({ ids, users }: Shop, daysAgo: number): TrackInteractionInput[] {
  const start = Date.now() - daysAgo * DAY_MS;
  const inputs: TrackInteractionInput[] = [];
  users.forEach((userId, u) => {
    const group = u % GROUPS.length;
    const skip = Math.floor(u / GROUPS.length) * 2; // each shopper of a group leaves out a different pair
    let n = 0;
    for (let i = 0; i < PER_GROUP; i++) {
      if (i === skip || i === skip + 1) continue;
      const occurredAt = new Date(start + u * 3_600_000 + n++ * 60_000).toISOString();
      inputs.push({ userId, productId: ids[`G${group}-${i}`], type: i % 3 === 0 ? 'PURCHASE' : 'VIEW', occurredAt });
    }
  });
  return inputs;
}

/** Every shopper views 8 products drawn at random (seeded) from the whole catalogue, starting `daysAgo` days ago. */
export function noiseInteractions({ ids, users }: Shop, daysAgo: number, seed = 8): TrackInteractionInput[] {
  const next = random(seed);
  const start = Date.now() - daysAgo * DAY_MS;
  const inputs: TrackInteractionInput[] = [];
  users.forEach((userId, u) => {
    const picked = new Set<string>();
    while (picked.size < 8) picked.add(CATALOG[Math.floor(next() * CATALOG.length)].sku);
    [...picked].forEach((sku, n) =>
      inputs.push({ userId, productId: ids[sku], type: 'VIEW', occurredAt: new Date(start + u * 3_600_000 + n * 60_000).toISOString() }),
    );
  });
  return inputs;
}

/** A small seeded generator (LCG), so the noise is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}
