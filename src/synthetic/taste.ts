// Shoppers' taste: every user belongs to a tribe (a latent taste cluster) with a gender, a price band
// and three categories; in each of them the tribe has a collection, a short list of products it
// favours (drawn by global popularity, so bestsellers are in many collections, but each tribe's list
// and order are its own). Item k of each of a tribe's collections together make outfit k: products
// that its members view and buy together.
import type { SyntheticProduct } from './catalog';
import { BUDGET, PREMIUM, type CatalogueIndex } from './catalogue-index';
import { cumulative, type Random, zipfWeights } from './random';

export const TRIBE_CATEGORIES = 3;
const COLLECTION_SIZE = 24;
const USERS_PER_TRIBE = 20;
const MAX_TRIBES = 500;
const GENDERS = ['Women', 'Men'] as const;

export interface Tastes {
  numTribes: number;
  /** Per user. */
  tribe: Int32Array;
  gender: string[];
  band: Uint8Array;
  colors: Array<Set<string>>;
  /** TRIBE_CATEGORIES favourite categories per user: mostly the tribe's, sometimes a personal one. */
  categories: Int32Array;
  /** Per tribe: TRIBE_CATEGORIES categories, and for each a collection (product indices, favourite first). */
  tribeCategories: Int32Array;
  collections: Int32Array[];
}

export function genderFits(product: SyntheticProduct, gender: string): boolean {
  return product.gender === null || product.gender === 'Unisex' || product.gender === gender;
}

export function drawTastes(rng: Random, products: readonly SyntheticProduct[], index: CatalogueIndex, numUsers: number): Tastes {
  const { groupStart, grouped, groupCdf, categoryCdf, numCategories } = index;
  // fits[c * 2 + g]: category c has products for gender g.
  const fits = new Uint8Array(numCategories * 2);
  for (let c = 0; c < numCategories; c++) {
    GENDERS.forEach((g, gi) => {
      for (let p = groupStart[c]; p < groupStart[c + 1] && fits[c * 2 + gi] === 0; p++) if (genderFits(products[grouped[p]], g)) fits[c * 2 + gi] = 1;
    });
  }
  const categoryFor = (gi: number) => {
    let c = rng.fromCumulative(categoryCdf);
    for (let tries = 0; tries < 20 && fits[c * 2 + gi] === 0; tries++) c = rng.fromCumulative(categoryCdf);
    return c;
  };

  const numTribes = Math.max(2, Math.min(MAX_TRIBES, Math.round(numUsers / USERS_PER_TRIBE)));
  const tribeGender = new Uint8Array(numTribes);
  const tribeBand = new Uint8Array(numTribes);
  const tribeCategories = new Int32Array(numTribes * TRIBE_CATEGORIES);
  const collections: Int32Array[] = [];
  for (let t = 0; t < numTribes; t++) {
    const gi = rng.chance(0.55) ? 0 : 1;
    tribeGender[t] = gi;
    tribeBand[t] = rng.int(PREMIUM + 1);
    for (let k = 0; k < TRIBE_CATEGORIES; k++) {
      const c = categoryFor(gi);
      tribeCategories[t * TRIBE_CATEGORIES + k] = c;
      const size = Math.min(COLLECTION_SIZE, groupStart[c + 1] - groupStart[c]);
      const chosen = new Set<number>();
      for (let tries = 0; chosen.size < size && tries < size * 8; tries++) {
        const p = grouped[rng.fromCumulative(groupCdf, groupStart[c], groupStart[c + 1])];
        if (genderFits(products[p], GENDERS[gi]) && (index.band[p] === tribeBand[t] || rng.chance(0.15))) chosen.add(p);
      }
      collections.push(Int32Array.from(chosen));
    }
  }

  // Tribes of uneven size (a few large ones), in random order.
  const tribeCdf = cumulative(rng.shuffle(Array.from(zipfWeights(numTribes, 0.6))));
  const tribe = new Int32Array(numUsers);
  const gender: string[] = [];
  const band = new Uint8Array(numUsers);
  const colors: Array<Set<string>> = [];
  const categories = new Int32Array(numUsers * TRIBE_CATEGORIES);
  for (let u = 0; u < numUsers; u++) {
    const t = rng.fromCumulative(tribeCdf);
    tribe[u] = t;
    gender.push(GENDERS[tribeGender[t]]);
    band[u] = rng.chance(0.8) ? tribeBand[t] : BUDGET + rng.int(PREMIUM + 1);
    colors.push(new Set([rng.pick(index.colors), rng.pick(index.colors)]));
    for (let k = 0; k < TRIBE_CATEGORIES; k++) {
      categories[u * TRIBE_CATEGORIES + k] = rng.chance(0.8) ? tribeCategories[t * TRIBE_CATEGORIES + k] : categoryFor(tribeGender[t]);
    }
  }
  return { numTribes, tribe, gender, band, colors, categories, tribeCategories, collections };
}
