import { UserLists } from '../../../src/features/recommendations/user-lists';
import type { Model, Recommendation } from '../../../src/recommender';

/** A model that ranks `n` products named after the user and counts its rankings. */
function countingModel(tag: string) {
  const model = {
    rankings: 0,
    forUser(userId: string, n: number): Recommendation[] {
      model.rankings++;
      return Array.from({ length: n }, (_, i) => ({ productId: `${tag}-${userId}-${i}`, score: 1 / (i + 1), reason: 'r' }));
    },
  };
  return model as typeof model & Model;
}

describe('UserLists', () => {
  it('ranks a user\'s list once per model and n, and gives the same list again', () => {
    const lists = new UserLists(100);
    const model = countingModel('a');
    const first = lists.forUser(model, '7', 3);
    expect(lists.forUser(model, '7', 3)).toBe(first);
    expect(lists.forUser(model, '7', 2).map((r) => r.productId)).toEqual(['a-7-0', 'a-7-1']);
    expect(lists.forUser(model, '8', 3)[0].productId).toBe('a-8-0');
    expect(model.rankings).toBe(3);
    expect([lists.hits, lists.misses]).toEqual([1, 3]);
  });

  it('drops every list when asked with another model, and ranks with that one', () => {
    const lists = new UserLists(100);
    const [a, b] = [countingModel('a'), countingModel('b')];
    lists.forUser(a, '7', 2);
    expect(lists.forUser(b, '7', 2)[0].productId).toBe('b-7-0');
    // back to a (an older version activated again): ranked again, not the list from before b
    expect(lists.forUser(a, '7', 2)[0].productId).toBe('a-7-0');
    expect([a.rankings, b.rankings]).toEqual([2, 1]);
  });

  it('holds at most maxItems recommendations, least recently used lists out first', () => {
    const lists = new UserLists(5);
    const model = countingModel('a');
    lists.forUser(model, '1', 2);
    lists.forUser(model, '2', 2);
    lists.forUser(model, '1', 2); // 1 is now the most recent
    lists.forUser(model, '3', 2); // 6 items: 2 goes
    lists.forUser(model, '1', 2);
    lists.forUser(model, '2', 2);
    expect(model.rankings).toBe(4);
  });

  it('maxItems 0: no cache, every call ranks', () => {
    const lists = new UserLists(0);
    const model = countingModel('a');
    lists.forUser(model, '7', 2);
    lists.forUser(model, '7', 2);
    expect(model.rankings).toBe(2);
    expect([lists.hits, lists.misses]).toEqual([0, 0]);
  });
});
