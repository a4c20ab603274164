// MovieLens-100K for the API quality benchmark: the files, the per-user chronological holdout and the
// ranking metrics at 10. Deliberately independent of src/recommender (its evaluation is what this checks).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const K = 10;

export interface Rating {
  user: number;
  item: number;
  rating: number;
  /** Unix seconds. */
  ts: number;
  /** 0-based line of u.data (the tie-break of equal timestamps). */
  line: number;
}

export interface Movie {
  item: number;
  title: string;
  /** The first genre flag set (u.genre order), "unknown" when none is. */
  genre: string;
}

export interface MovieLens {
  ratings: Rating[];
  movies: Movie[];
}

export function loadMovieLens(dir: string): MovieLens {
  const ratings: Rating[] = [];
  const data = readFileSync(path.join(dir, 'u.data'), 'latin1').split('\n');
  data.forEach((text, line) => {
    if (text.trim() === '') return;
    const f = text.split('\t');
    const r = { user: Number(f[0]), item: Number(f[1]), rating: Number(f[2]), ts: Number(f[3]), line };
    if (f.length !== 4 || ![r.user, r.item, r.rating, r.ts].every(Number.isInteger)) throw new Error(`u.data line ${line + 1}: ${text}`);
    ratings.push(r);
  });
  const genres = readFileSync(path.join(dir, 'u.genre'), 'latin1')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('|'))
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((g) => g[0]);
  const movies: Movie[] = [];
  for (const text of readFileSync(path.join(dir, 'u.item'), 'latin1').split('\n')) {
    if (text.trim() === '') continue;
    const f = text.split('|');
    if (f.length !== 24) throw new Error(`u.item: expected 24 fields, got ${f.length}: ${text}`);
    const flags = f.slice(5);
    const first = flags.findIndex((x) => x === '1');
    movies.push({ item: Number(f[0]), title: f[1], genre: first >= 0 ? genres[first] : 'unknown' });
  }
  return { ratings, movies };
}

export interface EvalUser {
  user: number;
  /** Items of the user's training ratings: never relevant, never counted in a list. */
  train: Set<number>;
  relevant: Set<number>;
}

export interface Split {
  train: Rating[];
  test: Rating[];
  /** Users with at least one relevant test item, in ascending user id. */
  users: EvalUser[];
}

/**
 * Per user, ratings by time (ties in file order); a user with >= minRatings ratings keeps the last
 * floor(testFraction * n) as test. Relevant: test items rated >= minRating that are not training items.
 */
export function holdout(ratings: readonly Rating[], o = { testFraction: 0.2, minRatings: 5, minRating: 4 }): Split {
  const byUser = new Map<number, Rating[]>();
  for (const r of ratings) {
    const list = byUser.get(r.user);
    if (list) list.push(r);
    else byUser.set(r.user, [r]);
  }
  const train: Rating[] = [];
  const test: Rating[] = [];
  const users: EvalUser[] = [];
  for (const [user, list] of [...byUser.entries()].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a.ts - b.ts || a.line - b.line);
    const nTest = list.length >= o.minRatings ? Math.floor(o.testFraction * list.length) : 0;
    const cut = list.length - nTest;
    const trainItems = new Set<number>();
    for (let i = 0; i < cut; i++) {
      train.push(list[i]);
      trainItems.add(list[i].item);
    }
    const relevant = new Set<number>();
    for (let i = cut; i < list.length; i++) {
      test.push(list[i]);
      if (list[i].rating >= o.minRating && !trainItems.has(list[i].item)) relevant.add(list[i].item);
    }
    if (relevant.size > 0) users.push({ user, train: trainItems, relevant });
  }
  // Back in file order: the order the ratings are sent (and so stored) in.
  train.sort((a, b) => a.line - b.line);
  test.sort((a, b) => a.line - b.line);
  return { train, test, users };
}

export interface Metrics {
  ndcgAt10: number;
  recallAt10: number;
  hitRateAt10: number;
  coverage: number;
  evaluatedUsers: number;
}

/** Means over `users` of NDCG/Recall/HR at k for the lists (item ids, best first); coverage over `catalogue` items. */
export function metrics(users: readonly EvalUser[], lists: ReadonlyMap<number, readonly number[]>, catalogue: number, k = K): Metrics {
  const gain = (rank: number) => 1 / Math.log2(rank + 1); // rank 1-based
  const recommended = new Set<number>();
  let ndcg = 0;
  let recall = 0;
  let hr = 0;
  for (const u of users) {
    const list = (lists.get(u.user) ?? []).slice(0, k);
    let dcg = 0;
    let hits = 0;
    list.forEach((item, i) => {
      recommended.add(item);
      if (u.relevant.has(item)) {
        dcg += gain(i + 1);
        hits++;
      }
    });
    let idcg = 0;
    for (let r = 1; r <= Math.min(u.relevant.size, k); r++) idcg += gain(r);
    ndcg += dcg / idcg;
    recall += hits / u.relevant.size;
    if (hits > 0) hr++;
  }
  const n = users.length;
  return {
    ndcgAt10: n ? ndcg / n : 0,
    recallAt10: n ? recall / n : 0,
    hitRateAt10: n ? hr / n : 0,
    coverage: catalogue ? recommended.size / catalogue : 0,
    evaluatedUsers: n,
  };
}

/** Most-popular lists: items by distinct training users (ties: lower item id), the user's training items left out. */
export function popularLists(train: readonly Rating[], users: readonly EvalUser[], k = K): Map<number, number[]> {
  const raters = new Map<number, Set<number>>();
  for (const r of train) {
    const s = raters.get(r.item);
    if (s) s.add(r.user);
    else raters.set(r.item, new Set([r.user]));
  }
  const order = [...raters.entries()].sort((a, b) => b[1].size - a[1].size || a[0] - b[0]).map(([item]) => item);
  const lists = new Map<number, number[]>();
  for (const u of users) {
    const list: number[] = [];
    for (const item of order) {
      if (list.length === k) break;
      if (!u.train.has(item)) list.push(item);
    }
    lists.set(u.user, list);
  }
  return lists;
}
