import { LRUCache } from 'lru-cache';

/**
 * Ids of users known to exist, shared by every request of this process. Users are never deleted, so a
 * positive answer stays true and needs no expiry; unknown ids are never remembered (a user created
 * through another replica is found on the next lookup). It spares recommendationsForUser a PostgreSQL
 * round trip for shoppers the model has no history for.
 */
export class KnownUsers {
  // lru-cache: a bounded set, the same well-kept library as the product cache.
  private readonly ids: LRUCache<string, true>;

  constructor(max: number) {
    this.ids = new LRUCache<string, true>({ max });
  }

  has(id: string): boolean {
    return this.ids.get(id) === true; // get, not has: a lookup counts as a use
  }

  add(id: string): void {
    this.ids.set(id, true);
  }
}
