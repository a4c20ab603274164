import { evaluateRanker, holdoutSplit, popularityRanker, trainEvaluated, type InteractionRecord } from '../../../src/recommender';
import { FIVE } from './fixtures';

const at = (userId: string, productId: string, t: number, type: InteractionRecord['type'] = 'VIEW', rating: number | null = null): InteractionRecord => ({
  userId, productId, type, rating, occurredAt: t,
});

describe('holdoutSplit', () => {
  // y: 10 views p1..p10 -> the last floor(0.2 * 10) = 2 (p9, p10) are test, both relevant.
  // x: 5 ratings, the last (p5, 2 stars) is test but below 4: x is not evaluated.
  // w: a, b, c, d, then a again: the test event is a product seen in training: w is not evaluated.
  // z: 4 events: too few, all train.
  const events = [
    ...Array.from({ length: 10 }, (_, i) => at('y', `p${i + 1}`, 100 + i)),
    ...[1, 2, 3, 4].map((i) => at('x', `p${i}`, i, 'RATE', 5)),
    at('x', 'p5', 5, 'RATE', 2),
    ...['a', 'b', 'c', 'd', 'a'].map((p, i) => at('w', p, i)),
    ...['p1', 'p2', 'p3', 'p4'].map((p, i) => at('z', p, i)),
  ];
  const holdout = holdoutSplit(events);

  it('holds out the last 20% of each user with at least 5 events, by time', () => {
    expect(holdout.users.map((u) => u.userId)).toEqual(['y']);
    expect([...holdout.users[0].relevant]).toEqual(['p9', 'p10']);
    expect([...holdout.users[0].seen]).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8']);
    // 2 (y) + 1 (x) + 1 (w) held out of 24.
    expect(holdout.train).toHaveLength(20);
    expect(holdout.train.some((r) => r.userId === 'y' && r.productId === 'p9')).toBe(false);
  });

  it('orders by time, not input order', () => {
    const shuffled = holdoutSplit([...events].reverse());
    expect([...shuffled.users[0].relevant].sort()).toEqual(['p10', 'p9']);
  });
});

describe('evaluateRanker', () => {
  const holdout = holdoutSplit(Array.from({ length: 10 }, (_, i) => at('y', `p${i + 1}`, i)));

  it('computes NDCG, recall, hit rate at 10 and coverage', () => {
    // Hits at ranks 1 and 3: DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) = 1.630930; NDCG 0.919721.
    const m = evaluateRanker(holdout, () => ['p10', 'q', 'p9'], 20);
    expect(m).toEqual({ ndcgAt10: expect.closeTo(0.919721, 6), recallAt10: 1, hitRateAt10: 1, coverage: 0.15, evaluatedUsers: 1 });
    // One hit at rank 2: DCG = 1/log2(3) = 0.630930 -> NDCG 0.386853, recall 0.5.
    const half = evaluateRanker(holdout, () => ['q', 'p9'], 20);
    expect(half.ndcgAt10).toBeCloseTo(0.386853, 6);
    expect(half.recallAt10).toBe(0.5);
    expect(evaluateRanker(holdout, () => ['q'], 20)).toMatchObject({ ndcgAt10: 0, hitRateAt10: 0 });
  });

  it('hands the ranker the training items to leave out, and cuts lists at 10', () => {
    const excluded: string[][] = [];
    const m = evaluateRanker(holdout, (_u, n, exclude) => {
      excluded.push([...exclude]);
      return Array.from({ length: n + 5 }, (_, i) => (i === 10 ? 'p9' : `x${i}`));
    }, 100);
    expect(excluded[0]).toHaveLength(8);
    expect(m.hitRateAt10).toBe(0); // p9 came 11th
  });
});

describe('popularityRanker', () => {
  it('ranks by distinct users, leaving out exclusions', () => {
    const rank = popularityRanker([at('a', 'X', 1), at('a', 'X', 2), at('a', 'Y', 3), at('b', 'Y', 4), at('c', 'Z', 5)]);
    expect(rank('anyone', 2, new Set())).toEqual(['Y', 'X']);
    expect(rank('anyone', 5, new Set(['Y']))).toEqual(['X', 'Z']);
  });
});

describe('trainEvaluated', () => {
  it('skips the evaluation, with the reason, when too few users can be evaluated', () => {
    const events = Array.from({ length: 10 }, (_, i) => at('y', FIVE[i % 5].id, i));
    const out = trainEvaluated(FIVE, events, { now: 10 });
    expect(out.evaluation).toBeNull();
    expect(out.skipped).toMatch(/too little data to evaluate: 0 users .* \(at least 10 needed\)/);
    expect(out.model.stats.numInteractions).toBe(10);
  });
});

describe('holdoutSplit with maxUsers', () => {
  it('evaluates a sample fixed by the user ids', () => {
    const events = ['a', 'b', 'c', 'd'].flatMap((u) => Array.from({ length: 5 }, (_, i) => at(u, `p${i}`, i)));
    const sampled = holdoutSplit(events, { maxUsers: 2 });
    expect(sampled.users).toHaveLength(2);
    expect(sampled.train).toHaveLength(20 - 4);
    expect(holdoutSplit([...events].reverse(), { maxUsers: 2 }).users.map((u) => u.userId).sort()).toEqual(
      sampled.users.map((u) => u.userId).sort(),
    );
  });
});
