import { train } from '../../../src/recommender';
import { event, FIVE, NOW } from './fixtures';

/*
 * Similarities s(x -> y) of FIVE, worked out in content.test.ts:
 *   s(A->B) 0.610181  s(A->D) 0.559164  s(A->C) 0.517931  s(A->E) 0.052241
 *   s(C->A) 0.597931  s(C->B) 0.400372  s(C->D) 0.379981  s(C->E) 0.324227
 *   s(E->D) 0.418541  s(E->C) 0.324227  s(E->B) 0.164075  s(E->A) 0.132241
 * Interaction weights: PURCHASE 1.0, ADD_TO_CART 0.6, RATE 0.5 * rating / 5, VIEW 0.2, each times
 * 0.5 ^ (ageDays / 14). forUser(j) = sum_h w(h) * s(h -> j) / sum_h w(h), purchased products excluded.
 */
describe('forUser', () => {
  it('weights neighbours by interaction type and excludes what the user bought', () => {
    // u1 bought A and viewed C today: w(A) = 1, w(C) = 0.2, total 1.2.
    //   B: (0.610181 + 0.2 * 0.400372) / 1.2 = 0.575213
    //   D: (0.559164 + 0.2 * 0.379981) / 1.2 = 0.529300
    //   C: (0.517931 + 0) / 1.2             = 0.431609   (C is not its own neighbour)
    //   E: (0.052241 + 0.2 * 0.324227) / 1.2 = 0.097572
    //   A: bought, excluded
    const model = train(FIVE, [event('u1', 'A', 'PURCHASE'), event('u1', 'C', 'VIEW')], { now: NOW });
    const recs = model.forUser('u1', 10);
    expect(recs.map((r) => r.productId)).toEqual(['B', 'D', 'C', 'E']);
    expect(recs.map((r) => r.score)).toEqual([
      expect.closeTo(0.575213, 6),
      expect.closeTo(0.5293, 6),
      expect.closeTo(0.431609, 6),
      expect.closeTo(0.097572, 6),
    ]);
    // The reason names the history item contributing most: A for B (0.610 vs 0.080), C for E (0.065 vs 0.052).
    expect(recs[0].reason).toBe('similar to Blue Cotton Shirt you bought');
    expect(recs[3].reason).toBe('similar to Red Cotton Shirt you viewed');
  });

  it('lets a purchase outrank a view', () => {
    const model = train(
      FIVE,
      [event('buysA', 'A', 'PURCHASE'), event('buysA', 'E', 'VIEW'), event('buysE', 'A', 'VIEW'), event('buysE', 'E', 'PURCHASE')],
      { now: NOW },
    );
    // buysA: B (A's best neighbour) first. buysE: D = (0.2 * 0.559164 + 0.418541) / 1.2 = 0.4419785 first.
    expect(model.forUser('buysA', 1)[0].productId).toBe('B');
    const buysE = model.forUser('buysE', 10);
    expect(buysE[0]).toEqual({ productId: 'D', score: expect.closeTo(0.4419785, 6), reason: 'similar to Red Silk Dress you bought' });
    // A was only viewed, so it may come back: (0 + 0.132241) / 1.2 = 0.110201.
    expect(buysE.map((r) => r.productId)).toEqual(['D', 'C', 'B', 'A']);
    expect(buysE[3].score).toBeCloseTo(0.110201, 6);
  });

  it('decays old interactions with a 14-day half-life', () => {
    const views = (recent: string, old: string) => [event(`recent${recent}`, recent, 'VIEW', 0), event(`recent${recent}`, old, 'VIEW', 28)];
    const model = train(FIVE, [...views('A', 'E'), ...views('E', 'A')], { now: NOW });
    // recentA: w(A) = 0.2, w(E) = 0.2 * 0.5^(28/14) = 0.05, total 0.25
    //   D (0.2 * 0.559164 + 0.05 * 0.418541) / 0.25 = 0.531040   B (0.2 * 0.610181 + 0.05 * 0.164075) / 0.25 = 0.520960
    //   C (0.2 * 0.517931 + 0.05 * 0.324227) / 0.25 = 0.479190   E 0.2 * 0.052241 / 0.25 = 0.041793   A 0.026448
    const recentA = model.forUser('recentA', 5);
    expect(recentA.map((r) => r.productId)).toEqual(['D', 'B', 'C', 'E', 'A']);
    expect(recentA[0]).toEqual({ productId: 'D', score: expect.closeTo(0.5310395, 6), reason: 'similar to Blue Cotton Shirt you viewed' });
    expect(recentA[1].score).toBeCloseTo(0.5209597, 6);
    // recentE: the weights swap; D (0.05 * 0.559164 + 0.2 * 0.418541) / 0.25 = 0.446666, then C 0.362968, B 0.253297
    const recentE = model.forUser('recentE', 5);
    expect(recentE.map((r) => r.productId)).toEqual(['D', 'C', 'B', 'A', 'E']);
    expect(recentE[0]).toEqual({ productId: 'D', score: expect.closeTo(0.4466659, 6), reason: 'similar to Red Silk Dress you viewed' });
    // With a 7-day half-life the old view weighs 0.2 * 0.5^4 = 0.0125 and B overtakes D:
    //   B (0.2 * 0.610181 + 0.0125 * 0.164075) / 0.2125 = 0.583939   D (0.2 * 0.559164 + 0.0125 * 0.418541) / 0.2125 = 0.550892
    const fast = train(FIVE, views('A', 'E'), { now: NOW, halfLifeDays: 7 }).forUser('recentA', 2);
    expect(fast.map((r) => [r.productId, r.score])).toEqual([
      ['B', expect.closeTo(0.5839392, 6)],
      ['D', expect.closeTo(0.5508921, 6)],
    ]);
  });

  it('weighs a rating by its value and names the interaction in the reason', () => {
    const model = train(
      FIVE,
      [
        event('rater', 'A', 'RATE', 0, 5),
        event('rater', 'E', 'RATE', 0, 1),
        event('carter', 'C', 'ADD_TO_CART'),
      ],
      { now: NOW },
    );
    // w(A) = 0.5, w(E) = 0.1: A's neighbourhood wins; B = (0.5 * 0.610181 + 0.1 * 0.164075) / 0.6 = 0.535830
    expect(model.forUser('rater', 1)[0]).toEqual({
      productId: 'B',
      score: expect.closeTo(0.53583, 6),
      reason: 'similar to Blue Cotton Shirt you rated',
    });
    expect(model.forUser('carter', 1)[0]).toEqual({
      productId: 'A',
      score: expect.closeTo(0.597931, 6),
      reason: 'similar to Red Cotton Shirt you added to cart',
    });
  });

  it('keeps only the strongest history items', () => {
    const model = train(FIVE, [event('u', 'B', 'PURCHASE'), event('u', 'E', 'VIEW')], { now: NOW, historySize: 1 });
    const recs = model.forUser('u', 10);
    expect(recs.every((r) => r.reason === 'similar to Blue Linen Shirt you bought')).toBe(true);
    expect(recs.map((r) => r.productId)).toEqual(['A', 'D', 'C', 'E']);
  });

  it('fills with popular products, never ones the user bought, keeping the list sorted', () => {
    const model = train(FIVE, [event('u', 'A', 'PURCHASE')], { now: NOW, neighbours: 2 });
    const recs = model.forUser('u', 10);
    expect(recs.slice(0, 2).map((r) => r.productId)).toEqual(['B', 'D']);
    expect(recs.map((r) => r.productId).sort()).toEqual(['B', 'C', 'D', 'E']);
    const popularOrder = model.popular(5).map((r) => r.productId).filter((id) => id === 'C' || id === 'E');
    expect(recs.slice(2).map((r) => r.productId)).toEqual(popularOrder);
    for (let i = 1; i < recs.length; i++) expect(recs[i].score).toBeLessThanOrEqual(recs[i - 1].score);
    expect(recs[2].reason).toMatch(/^(popular in |top rated)/);
  });

  it('answers popular(n) for a user without history', () => {
    const model = train(FIVE, [event('u', 'A', 'VIEW'), event('ghost', 'nope', 'PURCHASE')], { now: NOW });
    expect(model.hasUser('u')).toBe(true);
    expect(model.hasUser('ghost')).toBe(false);
    expect(model.forUser('ghost', 3)).toEqual(model.popular(3));
    expect(model.forUser('stranger', 3)).toEqual(model.popular(3));
    expect(model.stats).toEqual({ numProducts: 5, numUsers: 1, numInteractions: 1 });
  });
});
