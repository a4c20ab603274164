import type { EntityManager } from '@mikro-orm/postgresql';
import type { HistoryEvent } from '../../recommender';
import { requireUser } from './commerce.service';
import type { AnonymousMergeResult } from './types';
import { validAnonymousId } from './validate-interaction';

/** Anonymous sessions: their recent events, and attributing them to the user once the shopper logs in. */
export class SessionService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Attributes the session's events that have no user yet to `userId` (their anonymousId stays, and so
   * does the scope of their eventIds). Once: a second call, or a concurrent one (it waits on the row
   * locks, then finds user_id set), moves nothing and answers 0.
   */
  async merge(anonymousId: string, userId: string, userField = 'userId'): Promise<AnonymousMergeResult> {
    validAnonymousId(anonymousId, 'anonymousId');
    await requireUser(this.em, userId, userField);
    const [row]: Array<{ moved: number }> = await this.em.execute(
      `with moved as (update interaction set user_id = ? where anonymous_id = ? and user_id is null returning 1)
       select count(*)::int as "moved" from moved`,
      [userId, anonymousId],
    );
    return { anonymousId, userId, moved: row.moved };
  }

  /** The session's latest `limit` events, newest first (merged ones included). */
  async recentEvents(anonymousId: string, limit: number): Promise<HistoryEvent[]> {
    validAnonymousId(anonymousId, 'anonymousId');
    const rows: Array<{ productId: string; type: HistoryEvent['type']; rating: number | null; at: Date }> = await this.em.execute(
      `select product_id::text as "productId", type, rating, created_at as "at" from interaction
       where anonymous_id = ? order by created_at desc, id desc limit ?`,
      [anonymousId, limit],
    );
    return rows.map((r) => ({ productId: r.productId, type: r.type, rating: r.rating, occurredAt: new Date(r.at).getTime() }));
  }
}
