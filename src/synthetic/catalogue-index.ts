import type { SyntheticProduct } from './catalog';
import { cumulative, type Random } from './random';

/** Price band of a product within its category: its tercile by price. */
export const BUDGET = 0;
export const MID = 1;
export const PREMIUM = 2;

/**
 * The catalogue prepared for sampling: products grouped by category, each group with a cumulative
 * Zipf popularity table (a random permutation of ranks, weight 1 / rank^0.9), and every product's
 * price band.
 */
export interface CatalogueIndex {
  numCategories: number;
  /** Products of category c: grouped[groupStart[c] .. groupStart[c + 1]), ordered by band. */
  groupStart: Int32Array;
  /** Products of category c in band b: grouped[bandStart[3c + b] .. bandStart[3c + b + 1]). */
  bandStart: Int32Array;
  grouped: Int32Array;
  groupCdf: Float64Array;
  /** Categories weighted by their total popularity. */
  categoryCdf: Float64Array;
  category: Int32Array;
  band: Uint8Array;
  colors: string[];
}

export function indexCatalogue(products: readonly SyntheticProduct[], rng: Random): CatalogueIndex {
  const categoryNames = [...new Set(products.map((p) => p.category))];
  const categoryOf = new Map(categoryNames.map((name, i) => [name, i]));
  const category = Int32Array.from(products, (p) => categoryOf.get(p.category)!);
  const ranks = rng.shuffle(Array.from(products, (_, i) => i));
  const popularity = new Float64Array(products.length);
  ranks.forEach((product, rank) => (popularity[product] = 1 / Math.pow(rank + 1, 0.9)));
  const numCategories = categoryNames.length;
  const band = priceBands(products);
  const bandStart = new Int32Array(numCategories * 3 + 1);
  category.forEach((c, i) => bandStart[c * 3 + band[i] + 1]++);
  for (let g = 0; g < numCategories * 3; g++) bandStart[g + 1] += bandStart[g];
  const grouped = new Int32Array(products.length);
  const fill = bandStart.slice(0, numCategories * 3);
  category.forEach((c, i) => (grouped[fill[c * 3 + band[i]]++] = i));
  const groupStart = Int32Array.from({ length: numCategories + 1 }, (_, c) => bandStart[c * 3]);
  const groupCdf = cumulative(Array.from(grouped, (p) => popularity[p]));
  const categoryCdf = cumulative(
    categoryNames.map((_, c) => groupCdf[groupStart[c + 1] - 1] - (groupStart[c] > 0 ? groupCdf[groupStart[c] - 1] : 0)),
  );
  const colors = [...new Set(products.map((p) => p.color).filter((c): c is string => c !== null))];
  return { numCategories, groupStart, bandStart, grouped, groupCdf, categoryCdf, category, band, colors };
}

/** Each product's price tercile within its category (BUDGET, MID, PREMIUM). */
export function priceBands(products: readonly SyntheticProduct[]): Uint8Array {
  const byCategory = new Map<string, number[]>();
  products.forEach((p, i) => {
    const list = byCategory.get(p.category);
    if (list) list.push(i);
    else byCategory.set(p.category, [i]);
  });
  const band = new Uint8Array(products.length);
  for (const list of byCategory.values()) {
    list.sort((a, b) => products[a].price - products[b].price || a - b);
    list.forEach((p, rank) => (band[p] = Math.min(PREMIUM, Math.floor((3 * rank) / list.length))));
  }
  return band;
}
