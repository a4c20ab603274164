import { UserLists } from '../../../src/features/recommendations/user-lists';
import type { Model, Recommendation } from '../../../src/recommender';

/**
 * A model that ranks `n` products named after the user and counts its rankings; it knows users 1-99,
 * and training met `userIds` (the users ranked ahead) in that order.
 */
function countingModel(tag: string, userIds: string[] = []) {
  const model = {
    rankings: 0,
    hasUser: (userId: string) => Number(userId) < 100,
    userIds: () => userIds,
    forUser(userId: string, n: number): Recommendation[] {
      model.rankings++;
      return Array.from({ length: n }, (_, i) => ({ productId: `${tag}-${userId}-${i}`, score: 1 / (i + 1), reason: 'r' }));
    },
  };
  return model as typeof model & Model;
}

function serving(model: Model, maxItems = 100, prefillN = 0): UserLists {
  const lists = new UserLists({ maxItems, prefillN });
  void lists.serve(model);
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

  it('drops every list when another model is served, and ranks the kept ones again with that one', async () => {
    const [a, b] = [countingModel('a'), countingModel('b')];
    const lists = serving(a);
    lists.forUser(a, '7', 2);
    await lists.serve(b);
    expect(b.rankings).toBe(1);
    expect(lists.forUser(b, '7', 2)[0].productId).toBe('b-7-0');
    // back to a (an older version activated again): ranked again, not the list from before b
    await lists.serve(a);
    expect(lists.forUser(a, '7', 2)[0].productId).toBe('a-7-0');
    expect([a.rankings, b.rankings, lists.hits, lists.prefilled]).toEqual([2, 1, 2, 2]);
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

  it("ranks lists of prefillN ahead for the model's users, those training met last first, while they fit", async () => {
    const model = countingModel('a', ['1', '2', 'anon:s', '3', '4']);
    const lists = new UserLists({ maxItems: 7, prefillN: 2 });
    await lists.serve(model);
    // 4, 3 and 2 take 6 of the 7; 1 would not fit; an anonymous session is never asked for by forUser
    expect([model.rankings, lists.prefilled]).toEqual([3, 3]);
    expect(lists.forUser(model, '4', 2)).toEqual(model.forUser('4', 2));
    lists.forUser(model, '1', 2);
    expect([lists.hits, lists.misses]).toEqual([1, 1]);
  });

  it('a new model ranks the lists asked for under the previous one before guessing, and keeps the room they need', async () => {
    const [a, b] = [countingModel('a', ['1', '2', '3', '4']), countingModel('b', ['1', '2', '3', '4'])];
    const lists = new UserLists({ maxItems: 10, prefillN: 2 });
    await lists.serve(a); // 8 of 10 held: 4, 3, 2, 1
    expect(lists.prefilled).toBe(4);
    lists.forUser(a, '3', 2); // a hit; 3 is now the most recent
    lists.forUser(a, '1', 5); // 5 more: 4, then 2 go (least recently used), 9 held
    await lists.serve(b);
    // the two lists asked for (7 items) ranked again with b; a's guess for 1, never asked for, is not
    // carried over; the room they leave (3) takes one guess of 2: user 4, whom training met last
    expect([b.rankings, lists.prefilled]).toEqual([3, 7]);
    expect(lists.forUser(b, '1', 5)[0].productId).toBe('b-1-0');
    expect(lists.forUser(b, '3', 2)[0].productId).toBe('b-3-0');
    lists.forUser(b, '4', 2);
    expect(b.rankings).toBe(3);
    lists.forUser(b, '1', 2);
    expect(b.rankings).toBe(4);
  });

  it('ranks ahead in slices between event-loop turns, and stops when another model is served or at stop()', async () => {
    const slow = (tag: string, userIds: string[]) => {
      const model = countingModel(tag, userIds);
      const rank = model.forUser.bind(model);
      model.forUser = (userId, n) => {
        const until = performance.now() + 1;
        while (performance.now() < until);
        return rank(userId, n);
      };
      return model;
    };
    const users = Array.from({ length: 60 }, (_, i) => String(i + 1));
    // a meets 60 last (ranked first), b meets 1 last
    const [a, b] = [slow('a', users), slow('b', [...users].reverse())];
    const lists = new UserLists({ maxItems: 1000, prefillN: 1 });
    const first = lists.serve(a);
    const byA = a.rankings; // its first slice, before a turn of the event loop
    expect(byA).toBeGreaterThan(0);
    expect(byA).toBeLessThan(60);
    const second = lists.serve(b);
    await first;
    expect(a.rankings).toBe(byA); // nothing more with a once b is served
    // b has not reached 60 yet, and a's list for 60 went with a
    expect(lists.forUser(b, '60', 1)[0].productId).toBe('b-60-0');
    lists.stop();
    await second;
    const byB = b.rankings;
    await new Promise((r) => setTimeout(r, 20));
    expect(b.rankings).toBe(byB);
    expect(byB).toBeLessThan(60);
  });

  it('a model that fails while ranking ahead leaves the lists to be ranked when asked', async () => {
    const model = countingModel('a', ['1', '2']);
    const rank = model.forUser.bind(model);
    let fail = true; // once, ranking user 1 ahead (2 comes first)
    model.forUser = (userId, n) => {
      if (userId === '1' && fail) {
        fail = false;
        throw new Error('boom');
      }
      return rank(userId, n);
    };
    const warn = jest.fn();
    const lists = new UserLists({ maxItems: 100, prefillN: 2, log: { warn, info: jest.fn() } as never });
    await expect(lists.serve(model)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith({ err: 'boom' }, expect.stringContaining('ranked when asked'));
    expect(lists.forUser(model, '1', 2)[0].productId).toBe('a-1-0');
    expect([lists.prefilled, lists.hits, lists.misses]).toEqual([1, 0, 1]);
  });
});
