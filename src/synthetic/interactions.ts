// Streaming shopper telemetry with a realistic shape:
// - Zipf-like product popularity (a random permutation of ranks, weight 1 / rank^0.9);
// - users of very different activity (log-normal), each with a gender, two favourite colours and
//   three favourite categories, so what a user looks at is content-coherent;
// - sessions of 1-12 VIEWs (mostly in one category, with log-normal time spent), ending in an
//   ADD_TO_CART 30% of the time, half of which are PURCHASEd; a third of purchases get a RATE
//   (mostly 4-5 stars) 1-20 days later;
// - session starts spread over `days` before `now`, denser towards `now`.
import type { SyntheticProduct } from './catalog';
import { cumulative, Random, subSeed } from './random';

export type SyntheticInteractionType = 'VIEW' | 'ADD_TO_CART' | 'PURCHASE' | 'RATE';

export interface SyntheticInteraction {
  userIndex: number;
  productIndex: number;
  type: SyntheticInteractionType;
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
const DAY_MS = 86_400_000;
const RATINGS = [5, 4, 3, 2, 1];
const RATING_CDF = cumulative([0.5, 0.3, 0.12, 0.05, 0.03]);
const FAVOURITE_WEIGHTS = [0.6, 0.25, 0.15];

export function* generateInteractions(options: InteractionOptions): Generator<SyntheticInteraction> {
  const { products, interactions: total, seed } = options;
  const numUsers = typeof options.users === 'number' ? options.users : options.users.length;
  const days = options.days ?? 90;
  const now = typeof options.now === 'number' ? options.now : options.now.getTime();
  if (products.length === 0 || numUsers === 0 || total <= 0) return;
  const rng = new Random(subSeed(seed, INTERACTION_STREAM));

  // Products grouped by category, each group with a cumulative Zipf popularity table.
  const categoryNames = [...new Set(products.map((p) => p.category))];
  const categoryOf = new Map(categoryNames.map((name, i) => [name, i]));
  const ranks = rng.shuffle(Array.from(products, (_, i) => i));
  const popularity = new Float64Array(products.length);
  ranks.forEach((product, rank) => (popularity[product] = 1 / Math.pow(rank + 1, 0.9)));
  const groupStart = new Int32Array(categoryNames.length + 1);
  for (const p of products) groupStart[categoryOf.get(p.category)! + 1]++;
  for (let c = 0; c < categoryNames.length; c++) groupStart[c + 1] += groupStart[c];
  const grouped = new Int32Array(products.length);
  const fill = groupStart.slice(0, categoryNames.length);
  products.forEach((p, i) => (grouped[fill[categoryOf.get(p.category)!]++] = i));
  const groupCdf = cumulative(Array.from(grouped, (p) => popularity[p]));
  const categoryCdf = cumulative(
    categoryNames.map((_, c) => groupCdf[groupStart[c + 1] - 1] - (groupStart[c] > 0 ? groupCdf[groupStart[c] - 1] : 0)),
  );
  const colors = [...new Set(products.map((p) => p.color).filter((c): c is string => c !== null))];

  // User profiles.
  const userCdf = cumulative(Array.from({ length: numUsers }, () => rng.logNormal(1, 1)));
  const userGender: string[] = [];
  const userColors: Array<Set<string>> = [];
  const userCategories = new Int32Array(numUsers * 3);
  for (let u = 0; u < numUsers; u++) {
    userGender.push(rng.chance(0.55) ? 'Women' : 'Men');
    userColors.push(new Set([rng.pick(colors), rng.pick(colors)]));
    for (let k = 0; k < 3; k++) userCategories[u * 3 + k] = rng.fromCumulative(categoryCdf);
  }

  const sampleProduct = (category: number, user: number): number => {
    let product = 0;
    for (let attempt = 0; attempt < 6; attempt++) {
      product = grouped[rng.fromCumulative(groupCdf, groupStart[category], groupStart[category + 1])];
      const { gender, color } = products[product];
      const genderOk = gender === null || gender === 'Unisex' || gender === userGender[user];
      const colorOk = color !== null && userColors[user].has(color);
      if (genderOk && (colorOk || rng.chance(0.5))) break;
    }
    return product;
  };
  const favouriteCategory = (user: number): number => {
    if (rng.chance(0.15)) return rng.fromCumulative(categoryCdf);
    const x = rng.next();
    return userCategories[user * 3 + (x < FAVOURITE_WEIGHTS[0] ? 0 : x < FAVOURITE_WEIGHTS[0] + FAVOURITE_WEIGHTS[1] ? 1 : 2)];
  };

  let emitted = 0;
  let session = 0;
  const viewed: number[] = [];
  const viewedTime: number[] = [];
  while (emitted < total) {
    const user = rng.fromCumulative(userCdf);
    const sessionId = `sess-${(seed >>> 0).toString(36)}-${(session++).toString(36)}`;
    let t = now - Math.pow(rng.next(), 1.3) * days * DAY_MS;
    let category = favouriteCategory(user);
    const views = 1 + Math.min(11, rng.geometric(0.3));
    viewed.length = 0;
    viewedTime.length = 0;
    const record = (productIndex: number, type: SyntheticInteractionType, at: number, timeSpentSeconds = 0, rating: number | null = null): SyntheticInteraction => {
      emitted++;
      return { userIndex: user, productIndex, type, rating, sessionId, timeSpentSeconds, occurredAt: new Date(Math.min(now, Math.round(at))) };
    };

    for (let v = 0; v < views && emitted < total; v++) {
      if (v > 0 && rng.chance(0.15)) category = favouriteCategory(user);
      const product = sampleProduct(category, user);
      const spent = Math.min(1800, Math.max(1, Math.round(rng.logNormal(25, 0.9))));
      viewed.push(product);
      viewedTime.push(spent);
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
    if (emitted >= total || !rng.chance(0.35)) continue;
    const ratedAt = t + (1 + rng.next() * 19) * DAY_MS;
    if (ratedAt <= now) yield record(product, 'RATE', ratedAt, 0, RATINGS[rng.fromCumulative(RATING_CDF)]);
  }
}
