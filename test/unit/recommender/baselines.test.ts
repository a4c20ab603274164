import { easeRanker, invertSymmetricPositiveDefinite, itemKnnRanker } from '../../../src/recommender/baselines';
import type { InteractionRecord } from '../../../src/recommender';
import { event } from './fixtures';

const views = (baskets: Record<string, string[]>): InteractionRecord[] =>
  Object.entries(baskets).flatMap(([user, items]) => items.map((item) => event(user, item, 'VIEW')));
const none = new Set<string>();

describe('itemKnnRanker', () => {
  // Users per item: a 3 (u1 u2 u4), b 3 (u1 u2 u3), c 2 (u1 u3), d 3 (u5 u6 u7).
  // Co-occurrences: ab 2, ac 1, bc 2, d none. Cosine = common / sqrt(n_i n_j):
  //   sim(a,b) = 2/3 = 0.667, sim(a,c) = 1/sqrt(6) = 0.408, sim(b,c) = 2/sqrt(6) = 0.816.
  // Popularity order (users, then id): a, b, d, c.
  const train = views({ u1: ['a', 'b', 'c'], u2: ['a', 'b'], u3: ['b', 'c'], u4: ['a'], u5: ['d'], u6: ['d'], u7: ['d'] });

  it('scores by the summed cosine to the history, then fills up in popularity order', () => {
    const rank = itemKnnRanker(train);
    // u4 {a}: b 0.667, c 0.408; d unscored, so last although more popular than c.
    expect(rank('u4', 10, new Set(['a']))).toEqual(['b', 'c', 'd']);
    // u3 {b, c}: a = 0.667 + 0.408 = 1.075.
    expect(rank('u3', 10, new Set(['b', 'c']))).toEqual(['a', 'd']);
    // u1 {a, b, c}, nothing excluded: a = 0.667 + 0.408 = 1.075, b = 0.667 + 0.816 = 1.483,
    // c = 0.408 + 0.816 = 1.225.
    expect(rank('u1', 4, none)).toEqual(['b', 'c', 'a', 'd']);
    expect(rank('u4', 1, none)).toEqual(['b']);
  });

  it('keeps only the top neighbours of each item', () => {
    // With one neighbour a keeps only b, so c is no longer scored for u4 and falls behind d.
    expect(itemKnnRanker(train, { neighbours: 1 })('u4', 10, new Set(['a']))).toEqual(['b', 'd', 'c']);
  });

  it('gives an unknown user the most popular items', () => {
    expect(itemKnnRanker(train)('nobody', 3, new Set(['b']))).toEqual(['a', 'd', 'c']);
  });
});

describe('invertSymmetricPositiveDefinite', () => {
  it('inverts a 3 x 3 matrix worked out by hand', () => {
    // A = L L^T with L = [[2,0,0],[6,1,0],[-8,5,3]]. W = L^-1 row by row:
    //   w0 = [1/2, 0, 0]; w1 = e1 - 6 w0 = [-3, 1, 0]; w2 = (e2 + 8 w0 - 5 w1) / 3 = [19, -5, 1] / 3.
    // A^-1 = W^T W: [0][0] = 1/4 + 9 + 361/9 = 49.3611, [0][1] = -3 - 95/9 = -13.5556,
    //   [0][2] = 19/9 = 2.1111, [1][1] = 1 + 25/9 = 3.7778, [1][2] = -5/9, [2][2] = 1/9.
    const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const inverse = Array.from(invertSymmetricPositiveDefinite(a.slice(), 3));
    const expected = [49.3611, -13.5556, 2.1111, -13.5556, 3.7778, -0.5556, 2.1111, -0.5556, 0.1111];
    inverse.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 4));
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        let dot = 0;
        for (let k = 0; k < 3; k++) dot += a[r * 3 + k] * inverse[k * 3 + c];
        expect(dot).toBeCloseTo(r === c ? 1 : 0, 9);
      }
    }
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => invertSymmetricPositiveDefinite(Float64Array.from([1, 2, 2, 1]), 2)).toThrow('not positive definite');
  });
});

describe('easeRanker', () => {
  it('ranks by the learned item weights, not by popularity', () => {
    // Users per item: a 3 (u1 u2 u6), b 2 (u1 u2), c 3 (u3 u4 u5); only a and b co-occur (twice).
    // lambda 1: X^T X + I has the block [[4, 2], [2, 3]] for (a, b) and 4 for c, so
    //   P = 1/8 [[3, -2], [-2, 4]] on (a, b), 1/4 on c;
    //   B[a][b] = -P[a][b] / P[b][b] = (2/8) / (4/8) = 0.5, B[b][a] = (2/8) / (3/8) = 0.667, B[.][c] = 0.
    // u6 {a}: b scores 0.5, c scores 0: b first although c is more popular.
    const train = views({ u1: ['a', 'b'], u2: ['a', 'b'], u3: ['c'], u4: ['c'], u5: ['c'], u6: ['a'] });
    const result = easeRanker(train, { lambda: 1 });
    expect(result.skipped).toBeNull();
    expect(result.ranker!('u6', 10, new Set(['a']))).toEqual(['b', 'c']);
    // u3 {c}: every weight from c is 0, so popularity decides (a and c 3 users, a first by id; then b).
    expect(result.ranker!('u3', 2, new Set(['c']))).toEqual(['a', 'b']);
  });

  it('is skipped above the item limit, saying why', () => {
    const train = views({ u1: ['a', 'b', 'c'] });
    expect(easeRanker(train, { maxItems: 2 })).toEqual({ ranker: null, skipped: '3 items > 2' });
  });
});
