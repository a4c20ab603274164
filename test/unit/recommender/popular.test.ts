import { train } from '../../../src/recommender';
import { event, NOW, product } from './fixtures';

// score = 0.5 * bayes / 5 + 0.5 * ln(1 + activity) / ln(1 + max activity),
// bayes = (C * m + ratingSum) / (C + ratingCount), C = 5.
describe('popular', () => {
  it('ranks by Bayesian-averaged rating: one five-star review is weaker evidence than fifty at 4.6', () => {
    const products = [
      product('one-five-star', { avgRating: 5, reviewCount: 1 }),
      product('fifty-at-4.6', { avgRating: 4.6, reviewCount: 50 }),
      product('forty-at-3', { avgRating: 3, reviewCount: 40 }),
      product('unrated', { category: 'Hats' }),
    ];
    // m = (5 + 230 + 120) / 91 = 3.901099; no interactions, so the activity half is 0.
    //   one-five-star: (5 * 3.901099 + 5) / 6     = 4.084249 -> 0.408425
    //   fifty-at-4.6:  (19.505495 + 230) / 55      = 4.536464 -> 0.453646
    //   forty-at-3:    (19.505495 + 120) / 45      = 3.100122 -> 0.310012
    //   unrated:       m                           = 3.901099 -> 0.390110
    const model = train(products, [], { now: NOW });
    const top = model.popular(10);
    expect(top.map((r) => r.productId)).toEqual(['fifty-at-4.6', 'one-five-star', 'unrated', 'forty-at-3']);
    expect(top.map((r) => r.score)).toEqual([
      expect.closeTo(0.453646, 6),
      expect.closeTo(0.408425, 6),
      expect.closeTo(0.39011, 6),
      expect.closeTo(0.310012, 6),
    ]);
    expect(top[0].reason).toBe('top rated');
    expect(top[2].reason).toBe('popular in Hats');
    expect(model.popular(2)).toEqual(top.slice(0, 2));
  });

  it('blends in recent, type-weighted activity on a log scale', () => {
    const products = [product('busy'), product('quiet'), product('old'), product('idle')];
    const interactions = [
      ...Array.from({ length: 10 }, () => event('u', 'busy', 'PURCHASE')),
      event('u', 'quiet', 'VIEW'),
      event('u', 'old', 'PURCHASE', 14),
    ];
    // Nothing is rated (m = 0). activity: busy 10, quiet 0.2, old 1 * 0.5 = 0.5, idle 0.
    //   busy 0.5 * ln 11 / ln 11 = 0.5;  old 0.5 * ln 1.5 / ln 11 = 0.084546;  quiet 0.5 * ln 1.2 / ln 11 = 0.038017
    const top = train(products, interactions, { now: NOW }).popular(4);
    expect(top.map((r) => r.productId)).toEqual(['busy', 'old', 'quiet', 'idle']);
    expect(top.map((r) => r.score)).toEqual([
      expect.closeTo(0.5, 6),
      expect.closeTo(0.084546, 6),
      expect.closeTo(0.038017, 6),
      0,
    ]);
    expect(top[0].reason).toBe('popular in Misc');
  });

  it('takes ratings from the catalogue when it has reviews, else from RATE interactions', () => {
    const products = [product('reviewed', { avgRating: 4, reviewCount: 2 }), product('rated-only')];
    const interactions = [
      event('a', 'reviewed', 'RATE', 0, 1),
      event('b', 'reviewed', 'RATE', 0, 1),
      event('a', 'rated-only', 'RATE', 0, 3),
      event('b', 'rated-only', 'RATE', 0, 5),
    ];
    // Evidence: reviewed 4 * 2 = 8 over 2 (its RATE events are the same reviews), rated-only 3 + 5 = 8
    // over 2; m = 4, so both Bayesian averages are (20 + 8) / 7 = 4 -> rating half 0.4.
    // activity: reviewed 2 * 0.5 * 1/5 = 0.2, rated-only 0.3 + 0.5 = 0.8.
    //   reviewed:   0.4 + 0.5 * ln 1.2 / ln 1.8 = 0.555092 ("top rated": 0.4 > 0.155)
    //   rated-only: 0.4 + 0.5                  = 0.9
    const top = train(products, interactions, { now: NOW }).popular(2);
    expect(top).toEqual([
      { productId: 'rated-only', score: expect.closeTo(0.9, 6), reason: 'popular in Misc' },
      { productId: 'reviewed', score: expect.closeTo(0.555092, 6), reason: 'top rated' },
    ]);
  });

  it('breaks ties by catalogue order and returns nothing for n <= 0', () => {
    const model = train([product('x'), product('y'), product('z')], [], { now: NOW });
    expect(model.popular(3).map((r) => r.productId)).toEqual(['x', 'y', 'z']);
    expect(model.popular(0)).toEqual([]);
    expect(model.popular(-1)).toEqual([]);
  });
});
