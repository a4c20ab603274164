import { setImmediate as nextTurn } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import type { Model, Recommendation } from '../../recommender';
import { isDbId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';

/** Ranking ahead runs in slices this long, with requests answered in between. */
const PREFILL_SLICE_MS = 5;

export interface UserListsOptions {
  /** Recommendations held at most (a list holds up to 100); 0 turns the cache off. */
  maxItems: number;
  /** n of the lists ranked ahead for the model's users when it starts to be served; 0: none. */
  prefillN: number;
  log?: Logger;
}

/** A kept list, and whether a request asked for it (or it was only ranked ahead, a guess). */
interface Entry {
  list: Recommendation[];
  asked: boolean;
}

/**
 * Personalised lists the served model has ranked, shared by every request of this process.
 * A user's list depends only on the model (not on live data), so it is exact until the model changes:
 * `serve` (called when a model starts to be served) drops them all. Ranking a list is the largest part
 * of a recommendationsForUser request (the neighbour scan); a shopper asks again on every page view.
 * Bounded by the recommendations held, not by lists, since a list holds up to 100.
 *
 * Ranked ahead, as recommenders that precompute lists do: when a model starts to be served, the lists
 * requests asked for under the previous one are ranked again, and lists of `prefillN` for the model's
 * other users (those training met last first) while room is left beside them, in short slices between
 * requests. A shop whose users' lists all fit answers every personalised list from memory.
 */
export class UserLists {
  // lru-cache: a bounded map with per-entry sizes, the same well-kept library as the product cache.
  private readonly lists?: LRUCache<string, Entry>;
  private readonly prefillN: number;
  private readonly log?: Logger;
  private model?: Model;
  private stopped = false;
  hits = 0;
  misses = 0;
  /** Lists ranked ahead, not on a request. */
  prefilled = 0;
  /** Settles when the latest ranking ahead is done or overtaken. */
  idle: Promise<void> = Promise.resolve();

  constructor({ maxItems, prefillN, log }: UserListsOptions) {
    if (maxItems > 0) this.lists = new LRUCache({ maxSize: maxItems, sizeCalculation: (e) => Math.max(1, e.list.length) });
    this.prefillN = prefillN;
    this.log = log;
  }

  /**
   * The model served from now on: the lists of the previous one are dropped (and it is not kept alive
   * here) and lists are ranked ahead with this one; resolves when that is done or overtaken.
   */
  serve(model: Model): Promise<void> {
    // The lists requests asked for (guesses nobody asked for are not carried over), most recent first.
    const asked: string[] = [];
    let askedItems = 0;
    for (const [key, e] of this.lists?.entries() ?? []) {
      if (!e.asked) continue;
      asked.push(key);
      askedItems += Math.max(1, e.list.length);
    }
    this.lists?.clear();
    this.model = model;
    return (this.idle = this.prefill(model, asked, askedItems));
  }

  /** Ends ranking ahead (shutdown). */
  stop(): void {
    this.stopped = true;
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
    const kept = lists.get(key);
    if (kept) {
      this.hits++;
      kept.asked = true;
      return kept.list;
    }
    this.misses++;
    const list = model.forUser(userId, n);
    lists.set(key, { list, asked: true });
    return list;
  }

  /**
   * Guesses first, within the room the asked lists leave, then the asked lists, least recently used
   * first: each insertion is the most recent, so when requests' lists later need room, guesses go
   * first and the lists asked for last go last. Nothing already kept is evicted for a guess.
   */
  private async prefill(model: Model, asked: readonly string[], askedItems: number): Promise<void> {
    const { lists } = this;
    if (!lists || this.stopped || (this.prefillN === 0 && asked.length === 0)) return;
    const started = performance.now();
    const before = this.prefilled;
    let sliceEnd = started + PREFILL_SLICE_MS;
    try {
      for (const next of this.ahead(lists, model, asked, askedItems)) {
        if (this.model !== model || this.stopped) return;
        if (next) {
          const [n, userId, wasAsked] = next;
          const key = `${n} ${userId}`;
          if (!lists.has(key)) {
            lists.set(key, { list: model.forUser(userId, n), asked: wasAsked });
            this.prefilled++;
          }
        }
        if (performance.now() >= sliceEnd) {
          await nextTurn(undefined, { ref: false });
          sliceEnd = performance.now() + PREFILL_SLICE_MS;
        }
      }
    } catch (e) {
      this.log?.warn({ err: (e as Error).message }, 'ranking lists ahead failed; they are ranked when asked');
      return;
    }
    const ranked = this.prefilled - before;
    if (ranked > 0) this.log?.info({ lists: ranked, ms: Math.round(performance.now() - started) }, 'personalised lists ranked ahead');
  }

  /**
   * [n, userId, asked before] in prefill order while there is room; null for a user passed over (an
   * anonymous session), so that the caller's time check runs however many there are.
   */
  private *ahead(lists: LRUCache<string, Entry>, model: Model, asked: readonly string[], askedItems: number): Generator<[number, string, boolean] | null> {
    const users = this.prefillN > 0 ? model.userIds() : [];
    for (let u = users.length - 1; u >= 0 && lists.calculatedSize + this.prefillN <= lists.maxSize - askedItems; u--) {
      yield isDbId(users[u]) ? [this.prefillN, users[u], false] : null;
    }
    for (let i = asked.length - 1; i >= 0; i--) {
      const at = asked[i].indexOf(' ');
      const n = Number(asked[i].slice(0, at));
      if (lists.calculatedSize + n > lists.maxSize) return;
      const userId = asked[i].slice(at + 1);
      yield model.hasUser(userId) ? [n, userId, true] : null;
    }
  }
}
