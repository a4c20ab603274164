import type { InteractionKind, InteractionRecord, ProductRecord } from '../../../src/recommender';

export const NOW = Date.UTC(2026, 0, 31);
export const DAY = 86_400_000;

export function product(id: string, fields: Partial<ProductRecord> = {}): ProductRecord {
  return {
    id,
    name: `Product ${id}`,
    category: 'Misc',
    price: 10,
    gender: null,
    color: null,
    material: null,
    size: null,
    avgRating: null,
    reviewCount: 0,
    ...fields,
  };
}

/**
 * Five products whose scores are worked out by hand in content.test.ts.
 *   id  category  color  material  price  avgRating
 *   A   Shirts    Blue   Cotton    20     4
 *   B   Shirts    Blue   Linen     30     5
 *   C   Shirts    Red    Cotton    40     -
 *   D   Dresses   Blue   Cotton    50     3
 *   E   Dresses   Red    Silk      60     -
 */
export const FIVE: ProductRecord[] = [
  product('A', { name: 'Blue Cotton Shirt', category: 'Shirts', color: 'Blue', material: 'Cotton', price: 20, avgRating: 4, reviewCount: 10 }),
  product('B', { name: 'Blue Linen Shirt', category: 'Shirts', color: 'Blue', material: 'Linen', price: 30, avgRating: 5, reviewCount: 2 }),
  product('C', { name: 'Red Cotton Shirt', category: 'Shirts', color: 'Red', material: 'Cotton', price: 40 }),
  product('D', { name: 'Blue Cotton Dress', category: 'Dresses', color: 'Blue', material: 'Cotton', price: 50, avgRating: 3, reviewCount: 4 }),
  product('E', { name: 'Red Silk Dress', category: 'Dresses', color: 'Red', material: 'Silk', price: 60 }),
];

export function event(
  userId: string,
  productId: string,
  type: InteractionKind,
  daysAgo = 0,
  rating: number | null = null,
): InteractionRecord {
  return { userId, productId, type, rating, occurredAt: NOW - daysAgo * DAY };
}

/** A small deterministic pseudo-random generator for property-style tests. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
