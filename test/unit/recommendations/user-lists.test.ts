import { UserLists } from '../../../src/features/recommendations/user-lists';
import type { Model, Recommendation } from '../../../src/recommender';

/** A model that ranks `n` products named after the user and counts its rankings; it knows users 1-99. */
function countingModel(tag: string) {
  const model = {
    rankings: 0,
    hasUser: (userId: string) => Number(userId) < 100,
    forUser(userId: string, n: number): Recommendation[] {
      model.rankings++;
      return Array.from({ length: n }, (_, i) => ({ productId: `${tag}-${userId}-${i}`, score: 1 / (i + 1), reason: 'r' }));
    },
  };
  return model as typeof model & Model;
}

function serving(model: Model, maxItems = 100): UserLists {
  const lists = new UserLists(maxItems);
  lists.serve(model);
  return lists;
}

describe('UserLists', () => {
  it("ranks a user's list once per served model and n, and gives the same list again", () => {
    const model = countingModel('a');
    const lists = serving(model);
    const first = lists.forUser(model, '7', 3);
    expect(lists.forUser(model, '7', 3)).toBe(first);
    expect(lists.forUser(model, '7', 2).map((r) => r.productId)).toEqual(['a-7-0', 'a-7-1']);
    expect(lists.forUser(model, '8', 3)[0].productId).toBe('a-8-0');
    expect(model.rankings).toBe(3);
    expect([lists.hits, lists.misses]).toEqual([1, 3]);
  });

  it('drops every list when another model is served, and ranks with that one', () => {
    const [a, b] = [countingModel('a'), countingModel('b')];
    const lists = serving(a);
    lists.forUser(a, '7', 2);
    lists.serve(b);
    expect(lists.forUser(b, '7', 2)[0].productId).toBe('b-7-0');
    // back to a (an older version activated again): ranked again, not the list from before b
    lists.serve(a);
    expect(lists.forUser(a, '7', 2)[0].productId).toBe('a-7-0');
    expect([a.rankings, b.rankings]).toEqual([2, 1]);
  });

  it('a request holding a model no longer served is answered from it, without touching the served lists', () => {
    const [old, served] = [countingModel('old'), countingModel('new')];
    const lists = serving(served);
    lists.forUser(served, '7', 2);
    expect(lists.forUser(old, '7', 2)[0].productId).toBe('old-7-0');
    lists.forUser(served, '7', 2);
    expect([old.rankings, served.rankings, lists.hits]).toEqual([1, 1, 1]);
  });

  it('users the model has not seen (the popular list) are ranked every time, not kept', () => {
    const model = countingModel('a');
    const lists = serving(model);
    lists.forUser(model, '500', 2);
    lists.forUser(model, '500', 2);
    expect([model.rankings, lists.hits, lists.misses]).toEqual([2, 0, 0]);
  });

  it('holds at most maxItems recommendations, least recently used lists out first', () => {
    const model = countingModel('a');
    const lists = serving(model, 5);
    lists.forUser(model, '1', 2);
    lists.forUser(model, '2', 2);
    lists.forUser(model, '1', 2); // 1 is now the most recent
    lists.forUser(model, '3', 2); // 6 items: 2 goes
    lists.forUser(model, '1', 2);
    lists.forUser(model, '2', 2);
    expect(model.rankings).toBe(4);
  });

  it('maxItems 0: no cache, every call ranks', () => {
    const model = countingModel('a');
    const lists = serving(model, 0);
    lists.forUser(model, '7', 2);
    lists.forUser(model, '7', 2);
    expect(model.rankings).toBe(2);
    expect([lists.hits, lists.misses]).toEqual([0, 0]);
  });
});
