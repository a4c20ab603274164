// Offline evaluation: the per-user chronological holdout and the ranking metrics.
//
// Protocol (the same for the built-in evaluation of every training and for `npm run evaluate`):
//   - every user with at least `minInteractions` events keeps the last floor(testFraction * n) of
//     them (by time, ties in input order) as test events; everything else is training data;
//   - relevant items of a user: products of its test events that it did not touch in training and
//     that have a test event other than a RATE below `relevantMinRating` (a 2-star rating is not a hit);
//   - a user with no relevant item is not evaluated; of the others at most `maxUsers` are (a sample
//     fixed by a hash of the user id), which bounds the cost of evaluating a large shop;
//   - the ranker sees the training data only, and the user's training items are left out of its list.
// Metrics at k (10): NDCG with binary gains, DCG = sum over hits at rank r (1-based) of 1/log2(r+1),
// IDCG the same over min(|relevant|, k) hits; Recall = hits / |relevant|; HR = 1 when any hit;
// coverage = distinct products recommended to the evaluated users / catalogue size. NDCG, Recall and
// HR are means over the evaluated users.
import type { InteractionRecord } from './types';

export interface HoldoutOptions {
  /** Share of each user's events held out, latest first (default 0.2). */
  testFraction?: number;
  /** Users with fewer events are not split (their events all train) (default 5). */
  minInteractions?: number;
  /** A RATE below this is not relevant (default 4). */
  relevantMinRating?: number;
  /** Users evaluated at most (default 5,000). */
  maxUsers?: number;
}

export interface HoldoutUser {
  userId: string;
  /** Products of the user's training events: never in its list, never relevant. */
  seen: ReadonlySet<string>;
  relevant: ReadonlySet<string>;
}

export interface Holdout {
  train: InteractionRecord[];
  users: HoldoutUser[];
}

export interface RankingMetrics {
  ndcgAt10: number;
  recallAt10: number;
  hitRateAt10: number;
  coverage: number;
  evaluatedUsers: number;
}

/** Top-n product ids for a user, none of them in `exclude`. */
export type Ranker = (userId: string, n: number, exclude: ReadonlySet<string>) => string[];

export const EVAL_K = 10;

export function holdoutSplit(interactions: readonly InteractionRecord[], options: HoldoutOptions = {}): Holdout {
  const testFraction = options.testFraction ?? 0.2;
  const minInteractions = options.minInteractions ?? 5;
  const minRating = options.relevantMinRating ?? 4;
  const maxUsers = options.maxUsers ?? 5000;
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`testFraction must be in (0, 1), got ${testFraction}`);

  const byUser = new Map<string, number[]>();
  interactions.forEach((r, i) => {
    const list = byUser.get(r.userId);
    if (list) list.push(i);
    else byUser.set(r.userId, [i]);
  });
  const isTest = new Uint8Array(interactions.length);
  const candidates: HoldoutUser[] = [];
  for (const [userId, events] of byUser) {
    if (events.length < minInteractions) continue;
    events.sort((a, b) => interactions[a].occurredAt - interactions[b].occurredAt || a - b);
    const cut = events.length - Math.floor(testFraction * events.length);
    const seen = new Set<string>();
    for (let e = 0; e < cut; e++) seen.add(interactions[events[e]].productId);
    const relevant = new Set<string>();
    for (let e = cut; e < events.length; e++) {
      const r = interactions[events[e]];
      isTest[events[e]] = 1;
      if (seen.has(r.productId)) continue;
      if (r.type === 'RATE' && r.rating !== null && r.rating < minRating) continue;
      relevant.add(r.productId);
    }
    if (relevant.size > 0) candidates.push({ userId, seen, relevant });
  }
  return {
    train: interactions.filter((_, i) => isTest[i] === 0),
    users: candidates.length <= maxUsers ? candidates : sample(candidates, maxUsers),
  };
}

/** The `count` users with the smallest FNV-1a hash of their id, in their original order. */
function sample<T extends { userId: string }>(users: T[], count: number): T[] {
  const hashes = users.map((u) => fnv1a(u.userId));
  const order = users.map((_, i) => i).sort((a, b) => hashes[a] - hashes[b] || a - b);
  const keep = new Uint8Array(users.length);
  for (let i = 0; i < count; i++) keep[order[i]] = 1;
  return users.filter((_, i) => keep[i] === 1);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

export function evaluateRanker(holdout: Holdout, rank: Ranker, numProducts: number, k = EVAL_K): RankingMetrics {
  const discount = Array.from({ length: k }, (_, r) => 1 / Math.log2(r + 2));
  const recommended = new Set<string>();
  let ndcg = 0;
  let recall = 0;
  let hits = 0;
  for (const user of holdout.users) {
    const list = rank(user.userId, k, user.seen).slice(0, k);
    let dcg = 0;
    let found = 0;
    list.forEach((productId, r) => {
      recommended.add(productId);
      if (user.relevant.has(productId)) {
        dcg += discount[r];
        found++;
      }
    });
    let idcg = 0;
    for (let r = 0; r < Math.min(k, user.relevant.size); r++) idcg += discount[r];
    ndcg += dcg / idcg;
    recall += found / user.relevant.size;
    if (found > 0) hits++;
  }
  const count = holdout.users.length;
  return {
    ndcgAt10: count > 0 ? ndcg / count : 0,
    recallAt10: count > 0 ? recall / count : 0,
    hitRateAt10: count > 0 ? hits / count : 0,
    coverage: numProducts > 0 ? recommended.size / numProducts : 0,
    evaluatedUsers: count,
  };
}

/** The "most popular" baseline: products by the number of distinct users with a training event. */
export function popularityRanker(train: readonly InteractionRecord[]): Ranker {
  const users = new Map<string, Set<string>>();
  for (const r of train) {
    const set = users.get(r.productId);
    if (set) set.add(r.userId);
    else users.set(r.productId, new Set([r.userId]));
  }
  const order = [...users.entries()]
    .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([productId]) => productId);
  return (_userId, n, exclude) => {
    const out: string[] = [];
    for (const productId of order) {
      if (out.length === n) break;
      if (!exclude.has(productId)) out.push(productId);
    }
    return out;
  };
}
