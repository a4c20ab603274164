import type { EntityManager } from '@mikro-orm/postgresql';
import { DAY_MS } from '../../recommender';
import { decodeCursor, encodeCursor, encodePart } from '../../platform/cursor';
import { INTERACTION_COLUMNS } from '../telemetry';
import type { Interaction } from '../telemetry';
import type { TrainingProduct, TrainingSnapshot } from './types';


/**
 * The one code path for reading training data, used by the trainingData query and by the trainer.
 * Interactions come in id order, in pages, bounded by the snapshot.
 */
export class TrainingDataReader {
  constructor(private readonly em: EntityManager) {}

  async snapshot(days: number, now = new Date()): Promise<TrainingSnapshot> {
    const [row] = await this.em.execute(`select coalesce(max(id), 0)::text as "maxId" from interaction`);
    return { days, since: new Date(now.getTime() - days * DAY_MS), maxId: row.maxId, generatedAt: now };
  }

  /** Products (every one, or a page in id order) with their rating stats and interaction count inside the window. */
  async products(s: TrainingSnapshot, page?: { afterId: string; first: number }): Promise<TrainingProduct[]> {
    // the stats are aggregated for the page's products only
    return this.em.execute(
      `with page as (select * from product p ${page ? 'where p.id > ? order by p.id limit ?' : ''})
       select p.id::text as "id", p.name, c.name as "category", p.price::float8 as "price", p.gender, p.color,
              p.material, p.size, r.avg as "avgRating", coalesce(r.cnt, 0)::int as "reviewCount",
              coalesce(i.cnt, 0)::int as "interactionCount"
       from page p join category c on c.id = p.category_id
       left join (select product_id, avg(rating)::float8 as avg, count(*) as cnt from review
                  where product_id in (select id from page) group by product_id) r
         on r.product_id = p.id
       left join (select product_id, count(*) as cnt from interaction
                  where id <= ? and created_at >= ? and product_id in (select id from page) group by product_id) i
         on i.product_id = p.id
       order by p.id`,
      page ? [page.afterId, page.first, s.maxId, s.since] : [s.maxId, s.since],
    );
  }

  async countInteractions(s: TrainingSnapshot): Promise<number> {
    const [row] = await this.em.execute(
      `select count(*)::int as n from interaction where id <= ? and created_at >= ?`,
      [s.maxId, s.since],
    );
    return row.n;
  }

  async countProducts(): Promise<number> {
    const [row] = await this.em.execute(`select count(*)::int as n from product`);
    return row.n;
  }

  /** Up to `first` interactions of the snapshot after id `afterId`, in id order. */
  async interactionsPage(s: TrainingSnapshot, afterId: string, first: number): Promise<Interaction[]> {
    return this.em.execute(
      `select ${INTERACTION_COLUMNS} from interaction
       where interaction.id > ? and interaction.id <= ? and interaction.created_at >= ? order by interaction.id limit ?`,
      [afterId, s.maxId, s.since, first],
    );
  }

  /** Every interaction of the snapshot, page by page (never the whole table in one result). */
  async *interactionPages(s: TrainingSnapshot, pageSize: number): AsyncGenerator<Interaction[]> {
    let after = '0';
    for (;;) {
      const page = await this.interactionsPage(s, after, pageSize);
      if (page.length === 0) return;
      yield page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].id;
    }
  }
}

// A page cursor carries the snapshot with it (the window start follows from generatedAt and days), so
// later pages read exactly the same set of rows.

/** The cursor of each row of a page: the snapshot part is encoded once, the row's id per edge. */
export function interactionCursors(s: TrainingSnapshot): (lastId: string) => string {
  const prefix = `${encodeCursor([s.maxId, s.generatedAt.getTime(), s.days])}.`;
  return (lastId) => prefix + encodePart(lastId);
}

export function decodeInteractionCursor(cursor: string, field: string): { snapshot: TrainingSnapshot; afterId: string } {
  const [maxId, generatedAt, days, afterId] = decodeCursor(cursor, 4, field);
  const generated = Number(generatedAt);
  return {
    snapshot: { maxId, since: new Date(generated - Number(days) * DAY_MS), generatedAt: new Date(generated), days: Number(days) },
    afterId,
  };
}
