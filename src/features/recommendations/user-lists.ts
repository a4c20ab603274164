import { LRUCache } from 'lru-cache';
import type { Model, Recommendation } from '../../recommender';

/**
 * Personalised lists the served model has already ranked, shared by every request of this process.
 * A user's list depends only on the model (not on live data), so it is exact until the model changes:
 * `serve` (called when a model starts to be served) drops them all. Ranking a list is the largest part
 * of a recommendationsForUser request (the neighbour scan); a shopper asks again on every page view.
 * Bounded by the recommendations held, not by lists, since a list holds up to 100.
 */
export class UserLists {
  // lru-cache: a bounded map with per-entry sizes, the same well-kept library as the product cache.
  private readonly lists?: LRUCache<string, Recommendation[]>;
  private model?: Model;
  hits = 0;
  misses = 0;

  /** maxItems 0 turns the cache off. */
  constructor(maxItems: number) {
    if (maxItems > 0) this.lists = new LRUCache({ maxSize: maxItems, sizeCalculation: (list) => Math.max(1, list.length) });
  }

  /** The model served from now on: the lists of the previous one are dropped (and it is not kept alive here). */
  serve(model: Model): void {
    this.lists?.clear();
    this.model = model;
  }

  /**
   * model.forUser(userId, n), from the cache when the served model has ranked it before. Ranked and
   * not kept: with another model (a request that read the model before a swap), and for a user the
   * model has not seen (the popular list, the same for every such user, cheap to build, and they would
   * crowd out the personalised ones). Callers must not change the list.
   */
  forUser(model: Model, userId: string, n: number): readonly Recommendation[] {
    const { lists } = this;
    if (!lists || model !== this.model || !model.hasUser(userId)) return model.forUser(userId, n);
    const key = `${n} ${userId}`;
    let list = lists.get(key);
    if (list) {
      this.hits++;
      return list;
    }
    this.misses++;
    list = model.forUser(userId, n);
    lists.set(key, list);
    return list;
  }
}
