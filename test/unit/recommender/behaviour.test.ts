import { computeBehaviourNeighbours } from '../../../src/recommender/behaviour';
import type { UserItemMatrix } from '../../../src/recommender/interactions';

/*
 * Products 0-3 (A-D), binary strengths:  u0: A B    u1: A B C    u2: C D
 *   P(u -> j) = 1 / |row(u)|:  u0 1/2 each, u1 1/3 each, u2 1/2 each
 *   P(i -> u) = 1 / support(i): A, B, C 1/2 each (two users), D 1 (u2 only)
 *   W(A, B) = P(A->u0) P(u0->B) + P(A->u1) P(u1->B) = 1/4 + 1/6 = 0.416667
 *   W(A, C) = P(A->u1) P(u1->C) = 1/6 = 0.166667           W(A, D) = 0 (never kept)
 *   W(C, D) = P(C->u2) P(u2->D) = 1/4 = 0.25                W(C, A) = W(C, B) = 1/6
 *   W(D, C) = 1 * 1/2 = 0.5
 */
const matrix: UserItemMatrix = {
  numProducts: 4,
  offsets: Int32Array.from([0, 2, 5, 7]),
  items: Int32Array.from([0, 1, 0, 1, 2, 2, 3]),
  values: Float64Array.from([1, 1, 1, 1, 1, 1, 1]),
};
const row = (nb: ReturnType<typeof computeBehaviourNeighbours>, i: number) =>
  Array.from(nb.items.subarray(nb.offsets[i], nb.offsets[i + 1]), (j, e) => [j, nb.scores[nb.offsets[i] + e], nb.together[nb.offsets[i] + e]]);

describe('behaviour neighbours (RP3beta)', () => {
  it('walks user -> product -> user -> product, best first, with the shoppers behind each edge', () => {
    const nb = computeBehaviourNeighbours(matrix, { neighbours: 10, alpha: 1, beta: 0, maxUserItems: 100, sequenceHalfLife: Infinity, sequenceFloor: 0, shrink: 0 });
    expect(row(nb, 0)).toEqual([[1, expect.closeTo(0.416667, 6), 2], [2, expect.closeTo(0.166667, 6), 1]]);
    // Ties (A and B for C) go to the lower index.
    expect(row(nb, 2)).toEqual([[3, 0.25, 1], [0, expect.closeTo(0.166667, 6), 1], [1, expect.closeTo(0.166667, 6), 1]]);
    expect(row(nb, 3)).toEqual([[2, 0.5, 1]]);
    expect(Array.from(nb.support)).toEqual([2, 2, 2, 1]);
  });

  it('counts the shoppers behind an edge up to 65,535 and stores more as that (16 bits)', () => {
    // 70,000 users who all chose products 0 and 1.
    const users = 70_000;
    const many: UserItemMatrix = {
      numProducts: 2,
      offsets: Int32Array.from({ length: users + 1 }, (_, u) => 2 * u),
      items: Int32Array.from({ length: 2 * users }, (_, e) => e % 2),
      values: new Float64Array(2 * users).fill(1),
    };
    const nb = computeBehaviourNeighbours(many, { neighbours: 10, alpha: 1, beta: 0, maxUserItems: 100, sequenceHalfLife: Infinity, sequenceFloor: 0, shrink: 0 });
    expect(nb.together).toBeInstanceOf(Uint16Array);
    expect(Array.from(nb.together)).toEqual([65_535, 65_535]);
    expect(Array.from(nb.support)).toEqual([users, users]);
  });

  it('penalises popular targets by support ^ beta and sharpens the walk with alpha', () => {
    // beta 0.5: W(C, A) = (1/6) / sqrt(2) = 0.117851; W(C, D) = 0.25 / 1.
    const penalised = computeBehaviourNeighbours(matrix, { neighbours: 10, alpha: 1, beta: 0.5, maxUserItems: 100, sequenceHalfLife: Infinity, sequenceFloor: 0, shrink: 0 });
    expect(row(penalised, 2)[0]).toEqual([3, 0.25, 1]);
    expect(row(penalised, 2)[1][1]).toBeCloseTo(0.117851, 6);
    // alpha 0.5: W(A, B) = sqrt(1/2) sqrt(1/2) + sqrt(1/2) sqrt(1/3) = 0.5 + 0.408248.
    const sharpened = computeBehaviourNeighbours(matrix, { neighbours: 10, alpha: 0.5, beta: 0, maxUserItems: 100, sequenceHalfLife: Infinity, sequenceFloor: 0, shrink: 0 });
    expect(row(sharpened, 0)[0][1]).toBeCloseTo(0.908248, 6);
  });

  it('weighs walks between products close together in a user\'s history more (sequenceHalfLife)', () => {
    // Rows are most recent first: in u1 (A, B, C) A and C are 2 apart, A and B 1 apart.
    // Half-life 1, floor 0: W(A, C) = 1/6 * 0.5^2 = 0.041667; W(A, B) = (1/4 + 1/6) * 0.5 = 0.208333.
    const near = computeBehaviourNeighbours(matrix, { neighbours: 10, alpha: 1, beta: 0, maxUserItems: 100, sequenceHalfLife: 1, sequenceFloor: 0, shrink: 0 });
    expect(row(near, 0)).toEqual([[1, expect.closeTo(0.208333, 6), 2], [2, expect.closeTo(0.041667, 6), 1]]);
    // Floor 0.5: the weight of distance 2 is 0.5 + 0.5 * 0.25 = 0.625 -> W(A, C) = 0.104167.
    const floored = computeBehaviourNeighbours(matrix, { neighbours: 10, alpha: 1, beta: 0, maxUserItems: 100, sequenceHalfLife: 1, sequenceFloor: 0.5, shrink: 0 });
    expect(row(floored, 0)[1][1]).toBeCloseTo(0.104167, 6);
  });

  it('weighs edges few shoppers share down with together / (together + shrink)', () => {
    // shrink 2: W(A, B) = 0.416667 * 2/4 = 0.208333 (2 shoppers); W(A, C) = 0.166667 * 1/3 = 0.055556 (1 shopper).
    const shrunk = computeBehaviourNeighbours(matrix, { neighbours: 10, alpha: 1, beta: 0, maxUserItems: 100, sequenceHalfLife: Infinity, sequenceFloor: 0, shrink: 2 });
    expect(row(shrunk, 0)).toEqual([[1, expect.closeTo(0.208333, 6), 2], [2, expect.closeTo(0.055556, 6), 1]]);
  });

  it('keeps K neighbours per product and only the first maxUserItems of each row', () => {
    const k1 = computeBehaviourNeighbours(matrix, { neighbours: 1, alpha: 1, beta: 0, maxUserItems: 100, sequenceHalfLife: Infinity, sequenceFloor: 0, shrink: 0 });
    expect(row(k1, 2)).toEqual([[3, 0.25, 1]]);
    // Rows cut to 2 items: u1 keeps A, B only, so C's only shopper left is u2.
    const capped = computeBehaviourNeighbours(matrix, { neighbours: 10, alpha: 1, beta: 0, maxUserItems: 2, sequenceHalfLife: Infinity, sequenceFloor: 0, shrink: 0 });
    expect(row(capped, 2)).toEqual([[3, 0.5, 1]]);
    expect(Array.from(capped.support)).toEqual([2, 2, 1, 1]);
  });
});
