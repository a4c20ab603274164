import { CATEGORIES, FIRST_NAMES, LAST_NAMES, MATERIAL_PRICE_FACTOR } from './categories';
import { cumulative, Random, subSeed, zipfWeights } from './random';

export interface SyntheticProduct {
  sku: string;
  name: string;
  description: string;
  category: string;
  price: number;
  gender: string | null;
  color: string | null;
  material: string | null;
  size: string | null;
}

export interface SyntheticUser {
  email: string;
  name: string;
}

const CATALOG_STREAM = 1;
const USER_STREAM = 2;

/**
 * A fashion catalogue: categories in proportion to their share; within a category, gender,
 * material, colour, size and style drawn from its typical values (earlier values more often);
 * price log-normal around the category median, scaled by the material, ending in .99.
 */
export function generateCatalog(options: { products: number; seed: number }): SyntheticProduct[] {
  const rng = new Random(subSeed(options.seed, CATALOG_STREAM));
  const categoryCdf = cumulative(CATEGORIES.map((c) => c.share));
  const out: SyntheticProduct[] = [];
  for (let i = 0; i < options.products; i++) {
    const spec = CATEGORIES[rng.fromCumulative(categoryCdf)];
    const gender = pickWeighted(rng, spec.genders);
    const material = pickSkewed(rng, spec.materials);
    const color = pickSkewed(rng, spec.colors);
    const size = spec.sizes === null ? null : pickSizes(rng, spec.sizes);
    const style = rng.pick(spec.styles);
    const factor = MATERIAL_PRICE_FACTOR[material] ?? 1;
    const price = Math.max(4.99, Math.round(rng.logNormal(spec.medianPrice * factor, spec.priceSigma)) - 0.01);
    const forWhom = gender === null || gender === 'Unisex' ? '' : ` for ${gender.toLowerCase()}`;
    out.push({
      sku: `SKU-${String(i + 1).padStart(6, '0')}`,
      name: `${color} ${material} ${style} ${spec.noun}`,
      description: `${style} ${spec.noun.toLowerCase()}${forWhom} in ${color.toLowerCase()} ${material.toLowerCase()}.`,
      category: spec.name,
      price,
      gender,
      color,
      material,
      size,
    });
  }
  return out;
}

/** Users with unique e-mail addresses (the index is part of the address). */
export function generateUsers(options: { users: number; seed: number }): SyntheticUser[] {
  const rng = new Random(subSeed(options.seed, USER_STREAM));
  const out: SyntheticUser[] = [];
  for (let i = 0; i < options.users; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const local = `${first}.${last}`.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    out.push({ email: `${local}.${i + 1}@example.com`, name: `${first} ${last}` });
  }
  return out;
}

function pickWeighted<T>(rng: Random, options: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, w] of options) total += w;
  let x = rng.next() * total;
  for (const [value, w] of options) {
    x -= w;
    if (x < 0) return value;
  }
  return options[options.length - 1][0];
}

const skewCache = new Map<number, Float64Array>();

/** Zipf-skewed pick: the first entries of a list are the common ones (black before purple). */
function pickSkewed<T>(rng: Random, items: readonly T[]): T {
  let cdf = skewCache.get(items.length);
  if (cdf === undefined) {
    cdf = cumulative(zipfWeights(items.length, 0.8));
    skewCache.set(items.length, cdf);
  }
  return items[rng.fromCumulative(cdf)];
}

/** Sizes follow a bell around the middle of the range (M, 40) rather than the list order. */
function pickSizes(rng: Random, sizes: readonly string[]): string {
  const mid = (sizes.length - 1) / 2;
  const i = Math.round(mid + rng.normal() * Math.max(1, sizes.length / 4));
  return sizes[Math.min(sizes.length - 1, Math.max(0, i))];
}
