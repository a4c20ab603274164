// In-memory datasets for the recommender benchmarks, built with src/synthetic.
// Interactions are kept in typed columns so the dataset itself weighs little next to train().
import type { InteractionKind, InteractionRecord, ProductRecord } from '../src/recommender';
import { generateCatalog, generateInteractions } from '../src/synthetic';

export interface DatasetSize {
  products: number;
  users: number;
  interactions: number;
}

export interface Dataset {
  products: ProductRecord[];
  userIds: string[];
  /** Fresh InteractionRecord objects on every iteration, as a database reader would yield them. */
  interactions: Iterable<InteractionRecord>;
  numInteractions: number;
  now: number;
  generateMs: number;
}

const KINDS: InteractionKind[] = ['VIEW', 'ADD_TO_CART', 'PURCHASE', 'RATE'];
export const NOW = Date.UTC(2026, 10, 1);

export function buildDataset(size: DatasetSize, seed = 42, days = 90): Dataset {
  const started = performance.now();
  const catalog = generateCatalog({ products: size.products, seed });
  const n = size.interactions;
  const user = new Int32Array(n);
  const product = new Int32Array(n);
  const kind = new Uint8Array(n);
  const rating = new Uint8Array(n);
  const at = new Float64Array(n);
  const ratingSum = new Float64Array(size.products);
  const ratingCount = new Int32Array(size.products);
  let i = 0;
  for (const r of generateInteractions({ products: catalog, users: size.users, interactions: n, days, seed, now: NOW })) {
    user[i] = r.userIndex;
    product[i] = r.productIndex;
    kind[i] = KINDS.indexOf(r.type);
    rating[i] = r.rating ?? 0;
    at[i] = r.occurredAt.getTime();
    if (r.rating !== null) {
      ratingSum[r.productIndex] += r.rating;
      ratingCount[r.productIndex]++;
    }
    i++;
  }
  // What the database would report: reviews aggregated per product.
  const products: ProductRecord[] = catalog.map((p, j) => ({
    id: p.sku,
    name: p.name,
    category: p.category,
    price: p.price,
    gender: p.gender,
    color: p.color,
    material: p.material,
    size: p.size,
    avgRating: ratingCount[j] > 0 ? ratingSum[j] / ratingCount[j] : null,
    reviewCount: ratingCount[j],
  }));
  const userIds = Array.from({ length: size.users }, (_, u) => `user-${u + 1}`);
  const interactions: Iterable<InteractionRecord> = {
    *[Symbol.iterator]() {
      for (let j = 0; j < i; j++) {
        yield {
          userId: userIds[user[j]],
          productId: products[product[j]].id,
          type: KINDS[kind[j]],
          rating: kind[j] === 3 ? rating[j] : null,
          occurredAt: at[j],
        };
      }
    },
  };
  return { products, userIds, interactions, numInteractions: i, now: NOW, generateMs: performance.now() - started };
}

export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
