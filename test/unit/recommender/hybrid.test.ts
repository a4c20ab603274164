import { train, type InteractionRecord } from '../../../src/recommender';
import { event, FIVE, NOW } from './fixtures';

/*
 * FIVE (content scores in content.test.ts: s(A->B) 0.610181, s(A->D) 0.559164, s(A->C) 0.517931,
 * s(A->E) 0.052241) with the behaviour of behaviour.test.ts: u0 viewed B, then bought A, u1 viewed A, B
 * and C, u2 viewed C and D, all at NOW. strengthPower 0 makes every pair weigh 1 and alpha 1, beta 0
 * give W(A,B) = W(B,A) = 5/12, W(A,C) = W(B,C) = W(C,A) = W(C,B) = 1/6, W(C,D) = 1/4, W(D,C) = 1/2.
 */
const EVENTS: InteractionRecord[] = [
  event('u0', 'B', 'VIEW'), event('u0', 'A', 'PURCHASE'),
  event('u1', 'A', 'VIEW'), event('u1', 'B', 'VIEW'), event('u1', 'C', 'VIEW'),
  event('u2', 'C', 'VIEW'), event('u2', 'D', 'VIEW'),
];
const BEHAVIOUR_ONLY = {
  now: NOW, strengthPower: 0, alpha: 1, beta: 0, contentWeight: 0, historyHalfLife: 1e9, sequenceHalfLife: Infinity, shrink: 0, minSupport: 2,
};

describe('hybrid forUser', () => {
  it('sums behaviour neighbours over the history, scaled by the best, and leaves out what was bought', () => {
    // u0's history A, B (weight 1 each); A is bought. B = W(A,B) = 5/12; C = W(A,C) + W(B,C) = 1/3: 0.8 of B.
    const model = train(FIVE, EVENTS, BEHAVIOUR_ONLY);
    expect(model.forUser('u0', 2)).toEqual([
      { productId: 'B', score: 1, reason: 'bought together with Blue Cotton Shirt' },
      { productId: 'C', score: expect.closeTo(0.8, 6), reason: 'bought together with Blue Cotton Shirt' },
    ]);
    // u2 viewed C and D: C = W(D,C) = 1/2 leads (a viewed product may come back), its reason the view of D.
    expect(model.forUser('u2', 1)).toEqual([{ productId: 'C', score: 1, reason: 'shoppers who viewed Blue Cotton Dress chose it too' }]);
  });

  it('weighs recent history items more', () => {
    // historyHalfLife 1: u0's latest item A weighs 1, B (one position older) 0.5.
    //   B = 5/12;  C = 1/6 + 0.5 * 1/6 = 0.25 -> C falls from 0.8 to 0.25 / (5/12) = 0.6 of B.
    const recs = train(FIVE, EVENTS, { ...BEHAVIOUR_ONLY, historyHalfLife: 1 }).forUser('u0', 2);
    expect(recs.map((r) => [r.productId, r.score])).toEqual([['B', 1], ['C', expect.closeTo(0.6, 6)]]);
  });

  it('blends the content part in with contentWeight', () => {
    // historySize 1 keeps A only (the most recent). Behaviour from A: B 1, C 0.4 (of 5/12).
    // Content from A, scaled by 0.610181: B 1, D 0.916391, C 0.848815, E 0.085616.
    // contentWeight 1: score = (behaviour + content) / 2 -> B 1, C 0.624408, D 0.458195, E 0.042808.
    const recs = train(FIVE, EVENTS, { ...BEHAVIOUR_ONLY, historySize: 1, contentWeight: 1 }).forUser('u0', 4);
    expect(recs.map((r) => [r.productId, r.score])).toEqual([
      ['B', 1],
      ['C', expect.closeTo(0.624408, 6)],
      ['D', expect.closeTo(0.458195, 5)],
      ['E', expect.closeTo(0.042808, 6)],
    ]);
    expect(recs[0].reason).toBe('bought together with Blue Cotton Shirt');
    // C: content 0.848815 outweighs behaviour 0.4, so the reason is the content one.
    expect(recs[1].reason).toBe('similar to Blue Cotton Shirt you bought');
  });

  it('leaves out rated products and the caller\'s exclusions; viewed ones may come back', () => {
    const model = train(FIVE, [...EVENTS, event('u1', 'D', 'RATE', 0, 4)], BEHAVIOUR_ONLY);
    const recs = model.forUser('u1', 5).map((r) => r.productId);
    expect(recs).not.toContain('D');
    expect(recs).toEqual(expect.arrayContaining(['A', 'B', 'C']));
    expect(model.forUser('u1', 5, new Set(['A', 'B'])).map((r) => r.productId)).not.toEqual(expect.arrayContaining(['A']));
    expect(train(FIVE, EVENTS, BEHAVIOUR_ONLY).forUser('u0', 5, new Set(['B'])).map((r) => r.productId)).not.toContain('B');
  });

  it('fills with popular products below the last personalised score; a user without history gets popular()', () => {
    const model = train(FIVE, EVENTS, BEHAVIOUR_ONLY);
    const recs = model.forUser('u0', 10);
    expect(recs.map((r) => r.productId).sort()).toEqual(['B', 'C', 'D', 'E']);
    for (let i = 1; i < recs.length; i++) expect(recs[i].score).toBeLessThanOrEqual(recs[i - 1].score);
    expect(recs[2].reason).toMatch(/^(popular in |top rated)/);
    expect(model.forUser('stranger', 3)).toEqual(model.popular(3));
    expect(model.forUser('stranger', 5, new Set(['A'])).map((r) => r.productId)).toEqual(
      model.popular(5).map((r) => r.productId).filter((id) => id !== 'A'),
    );
    expect(model.stats).toEqual({ numProducts: 5, numUsers: 3, numInteractions: 7 });
  });

  it('lists every product it knows, most popular first (what the product cache is filled with)', () => {
    const model = train(FIVE, EVENTS, BEHAVIOUR_ONLY);
    expect(model.productIds()).toEqual(model.popular(100).map((r) => r.productId));
    expect([...model.productIds()].sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('lists every user it knows in the order training met them (what lists are ranked ahead for)', () => {
    const model = train(FIVE, [event('u2', 'C', 'VIEW'), ...EVENTS], BEHAVIOUR_ONLY);
    expect(model.userIds()).toEqual(['u2', 'u0', 'u1']);
  });
});

describe('hybrid similar', () => {
  const model = train(FIVE, EVENTS, BEHAVIOUR_ONLY);

  it('BEHAVIOUR: RP3beta neighbours relative to the best, with the shoppers in common', () => {
    expect(model.similar('A', 5, 'BEHAVIOUR')).toEqual([
      { productId: 'B', score: 1, reason: '2 shoppers chose both' },
      { productId: 'C', score: expect.closeTo(0.4, 6), reason: '1 shopper chose both' },
    ]);
    expect(model.similar('E', 5, 'BEHAVIOUR')).toEqual([]);
  });

  it('CONTENT: the attribute neighbours', () => {
    expect(model.similar('A', 2, 'CONTENT')).toEqual([
      { productId: 'B', score: expect.closeTo(0.610181, 6), reason: 'same category and color' },
      { productId: 'D', score: expect.closeTo(0.559164, 6), reason: expect.stringContaining('same color and material') },
    ]);
  });

  it('HYBRID: behaviour shared by two shoppers or more first, then content below it; content alone for thin products', () => {
    // A (2 shoppers, minSupport 2): B from behaviour; then A's content neighbours D, C (B already listed).
    expect(model.similar('A', 3).map((r) => [r.productId, r.score])).toEqual([
      ['B', 1],
      ['D', expect.closeTo(0.559164, 6)],
      ['C', expect.closeTo(0.517931, 6)],
    ]);
    // D has one shopper: content only.
    expect(model.similar('D', 4)).toEqual(model.similar('D', 4, 'CONTENT'));
    expect(model.similar('nope', 4)).toEqual([]);
    expect(model.similar('A', 0)).toEqual([]);
  });
});

describe('hybrid forHistory', () => {
  const model = train(FIVE, EVENTS, BEHAVIOUR_ONLY);

  it('scores an untrained history like a trained user with the same events', () => {
    const u0 = EVENTS.filter((e) => e.userId === 'u0');
    expect(model.forHistory(u0, 3)).toEqual(model.forUser('u0', 3));
    const u2 = EVENTS.filter((e) => e.userId === 'u2');
    expect(model.forHistory(u2, 4)).toEqual(model.forUser('u2', 4));
  });

  it('ignores unknown products, leaves out bought ones, and gives popular() for nothing usable', () => {
    const recs = model.forHistory([event('s', 'nope', 'VIEW'), event('s', 'A', 'PURCHASE')], 5).map((r) => r.productId);
    expect(recs).not.toContain('A');
    expect(recs[0]).toBe('B');
    expect(model.forHistory([event('s', 'nope', 'VIEW')], 3)).toEqual(model.popular(3));
    expect(model.forHistory([], 2)).toEqual(model.popular(2));
  });
});
