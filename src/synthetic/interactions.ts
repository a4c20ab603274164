// Streaming shopper telemetry with a realistic shape and taste (see taste.ts):
// - Zipf-like product popularity (a random permutation of ranks, weight 1 / rank^0.9);
// - users of very different activity (log-normal); each in a taste tribe, with its gender, price band
//   (a product's band is its price tercile in its category) and three favourite categories, plus two
//   favourite colours of their own;
// - in a tribe category, half the views go to the tribe's collection (Zipf over it), the rest to the
//   category at large, preferring the user's gender, band and colours; after a collection item the
//   next view often moves to the same outfit in another tribe category;
// - sessions of 1-12 VIEWs (mostly in one category, with log-normal time spent), ending in an
//   ADD_TO_CART 30% of the time, half of which are PURCHASEd; a purchased outfit item brings its
//   outfit mate into the basket a third of the time (bought together); a third of purchases get a
//   RATE 1-20 days later, higher for products that suit the user's taste;
// - session starts spread over `days` before `now`, denser towards `now`.
import { DAY_MS } from '../recommender/time';
import type { InteractionKind } from '../recommender/types';
import type { SyntheticProduct } from './catalog';
import { indexCatalogue } from './catalogue-index';
import { cumulative, Random, subSeed, zipfWeights } from './random';
import { drawTastes, genderFits, TRIBE_CATEGORIES } from './taste';

export interface SyntheticInteraction {
  userIndex: number;
  productIndex: number;
  type: InteractionKind;
  rating: number | null;
  sessionId: string;
  timeSpentSeconds: number;
  occurredAt: Date;
}

export interface InteractionOptions {
  products: readonly SyntheticProduct[];
  /** Number of users, or the users themselves (only their count matters). */
  users: number | ArrayLike<unknown>;
  interactions: number;
  /** Window the timestamps are spread over, ending at `now` (default 90). */
  days?: number;
  seed: number;
  now: Date | number;
}

const INTERACTION_STREAM = 3;
const RATINGS = [5, 4, 3, 2, 1];
const RATING_CDF = cumulative([0.5, 0.3, 0.12, 0.05, 0.03]);
const OFF_TASTE_RATING_CDF = cumulative([0.3, 0.3, 0.2, 0.12, 0.08]);
const FAVOURITE_WEIGHTS = [0.6, 0.25, 0.15];
/** Share of views in a tribe category that go to the tribe's collection. */
const COLLECTION_SHARE = 0.5;
/** Share of the other views that stay in the user's price band. */
const IN_BAND = 0.75;
/** After a collection item, the chance that the next view is its outfit mate in another tribe category. */
const OUTFIT_NEXT = 0.3;
/** After buying a collection item, the chance that its outfit mate is bought too. */
const BOUGHT_TOGETHER = 0.35;

export function* generateInteractions(options: InteractionOptions): Generator<SyntheticInteraction> {
  const { products, interactions: total, seed } = options;
  const numUsers = typeof options.users === 'number' ? options.users : options.users.length;
  const days = options.days ?? 90;
  const now = typeof options.now === 'number' ? options.now : options.now.getTime();
  if (products.length === 0 || numUsers === 0 || total <= 0) return;
  const rng = new Random(subSeed(seed, INTERACTION_STREAM));
  const index = indexCatalogue(products, rng);
  const { groupStart, grouped, groupCdf, categoryCdf } = index;
  const tastes = drawTastes(rng, products, index, numUsers);
  const userCdf = cumulative(Array.from({ length: numUsers }, () => rng.logNormal(1, 1)));

  const collectionCdfs = new Map<number, Float64Array>();
  const collectionCdf = (length: number) => {
    let cdf = collectionCdfs.get(length);
    if (cdf === undefined) collectionCdfs.set(length, (cdf = cumulative(zipfWeights(length, 1))));
    return cdf;
  };
  const collection = (user: number, slot: number) => tastes.collections[tastes.tribe[user] * TRIBE_CATEGORIES + slot];
  /** Tribe slot of a category for the user (-1: not a tribe category). */
  const slotOf = (user: number, category: number) => {
    const base = tastes.tribe[user] * TRIBE_CATEGORIES;
    for (let s = 0; s < TRIBE_CATEGORIES; s++) if (tastes.tribeCategories[base + s] === category) return s;
    return -1;
  };
  /** Another tribe slot whose collection has an item at `outfit` (-1: none). */
  const mateSlot = (user: number, slot: number, outfit: number) => {
    const other = (slot + 1 + rng.int(TRIBE_CATEGORIES - 1)) % TRIBE_CATEGORIES;
    return collection(user, other).length > outfit ? other : -1;
  };

  const sampleProduct = (category: number, user: number): number => {
    const own = category * 3 + tastes.band[user];
    const [from, to] = index.bandStart[own] < index.bandStart[own + 1] && rng.chance(IN_BAND)
      ? [index.bandStart[own], index.bandStart[own + 1]]
      : [groupStart[category], groupStart[category + 1]];
    let product = 0;
    for (let attempt = 0; attempt < 6; attempt++) {
      product = grouped[rng.fromCumulative(groupCdf, from, to)];
      const colorOk = products[product].color !== null && tastes.colors[user].has(products[product].color!);
      if (genderFits(products[product], tastes.gender[user]) && (colorOk || rng.chance(0.5))) break;
    }
    return product;
  };
  const favouriteCategory = (user: number): number => {
    if (rng.chance(0.15)) return rng.fromCumulative(categoryCdf);
    const x = rng.next();
    const k = x < FAVOURITE_WEIGHTS[0] ? 0 : x < FAVOURITE_WEIGHTS[0] + FAVOURITE_WEIGHTS[1] ? 1 : 2;
    return tastes.categories[user * TRIBE_CATEGORIES + k];
  };

  let emitted = 0;
  let session = 0;
  const viewed: number[] = [];
  const viewedTime: number[] = [];
  // Where each viewed product came from: its tribe slot and outfit, or -1 for the category at large.
  const viewedSlot: number[] = [];
  const viewedOutfit: number[] = [];
  while (emitted < total) {
    const user = rng.fromCumulative(userCdf);
    const sessionId = `sess-${(seed >>> 0).toString(36)}-${(session++).toString(36)}`;
    let t = now - Math.pow(rng.next(), 1.3) * days * DAY_MS;
    let category = favouriteCategory(user);
    const views = 1 + Math.min(11, rng.geometric(0.3));
    viewed.length = viewedTime.length = viewedSlot.length = viewedOutfit.length = 0;
    const record = (productIndex: number, type: InteractionKind, at: number, timeSpentSeconds = 0, rating: number | null = null): SyntheticInteraction => {
      emitted++;
      return { userIndex: user, productIndex, type, rating, sessionId, timeSpentSeconds, occurredAt: new Date(Math.min(now, Math.round(at))) };
    };

    for (let v = 0; v < views && emitted < total; v++) {
      let product = -1;
      let slot = -1;
      let outfit = -1;
      const last = v - 1;
      if (last >= 0 && viewedOutfit[last] >= 0 && rng.chance(OUTFIT_NEXT)) {
        slot = mateSlot(user, viewedSlot[last], viewedOutfit[last]);
        if (slot >= 0) {
          outfit = viewedOutfit[last];
          product = collection(user, slot)[outfit];
          category = index.category[product];
        }
      }
      if (product < 0) {
        if (v > 0 && rng.chance(0.15)) category = favouriteCategory(user);
        slot = slotOf(user, category);
        const items = slot >= 0 ? collection(user, slot) : null;
        if (items !== null && items.length > 0 && rng.chance(COLLECTION_SHARE)) {
          outfit = rng.fromCumulative(collectionCdf(items.length));
          product = items[outfit];
        } else {
          slot = -1;
          product = sampleProduct(category, user);
        }
      }
      const spent = Math.min(1800, Math.max(1, Math.round(rng.logNormal(25, 0.9))));
      viewed.push(product);
      viewedTime.push(spent);
      viewedSlot.push(slot);
      viewedOutfit.push(outfit);
      yield record(product, 'VIEW', t, spent);
      t += (spent + 5 + rng.int(60)) * 1000;
    }
    if (emitted >= total || !rng.chance(0.3)) continue;
    let chosen = 0;
    for (let i = 1; i < viewed.length; i++) if (viewedTime[i] > viewedTime[chosen]) chosen = i;
    const product = viewed[chosen];
    yield record(product, 'ADD_TO_CART', t);
    t += (30 + rng.int(270)) * 1000;
    if (emitted >= total || !rng.chance(0.5)) continue;
    yield record(product, 'PURCHASE', t);
    const inTaste = viewedOutfit[chosen] >= 0;
    if (inTaste && rng.chance(BOUGHT_TOGETHER)) {
      const slot = mateSlot(user, viewedSlot[chosen], viewedOutfit[chosen]);
      if (slot >= 0) {
        const mate = collection(user, slot)[viewedOutfit[chosen]];
        if (emitted >= total) continue;
        yield record(mate, 'ADD_TO_CART', t + 20_000);
        if (emitted >= total) continue;
        yield record(mate, 'PURCHASE', t + 40_000);
      }
    }
    if (emitted >= total || !rng.chance(0.35)) continue;
    const ratedAt = t + (1 + rng.next() * 19) * DAY_MS;
    const suits = inTaste || index.band[product] === tastes.band[user];
    if (ratedAt <= now) yield record(product, 'RATE', ratedAt, 0, RATINGS[rng.fromCumulative(suits ? RATING_CDF : OFF_TASTE_RATING_CDF)]);
  }
}
