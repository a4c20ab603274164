import type { EntityManager } from '@mikro-orm/postgresql';
import { DAY_MS } from '../../recommender';
import { decodeCursor, encodeCursor, encodePart } from '../../platform/cursor';
import { PRODUCT_STATS_COLUMNS, ProductEntity, statsJoins, UserEntity } from '../catalog';
import { countInteractions, interactionsPage, maxInteractionId, type Interaction } from '../telemetry';
import type { TrainingProduct, TrainingSnapshot } from './types';


/**
 * The one code path for reading training data, used by the trainingData query and by the trainer.
 * Interactions come in id order, in pages, bounded by the snapshot.
 */
export class TrainingDataReader {
  constructor(private readonly em: EntityManager) {}

  async snapshot(days: number, now = new Date()): Promise<TrainingSnapshot> {
    return { days, since: new Date(now.getTime() - days * DAY_MS), maxId: await maxInteractionId(this.em), generatedAt: now };
  }

  /**
   * Products (every one, or a page in id order) with their rating stats and interaction count inside the
   * window. Raw SQL: the export reads every product with its stats in one statement (export-training, retrain-e2e).
   */
  async products(s: TrainingSnapshot, page?: { afterId: string; first: number }): Promise<TrainingProduct[]> {
    const rows = await this.em.execute<TrainingProductRow[]>(
      `with page as (select * from product p ${page ? 'where p.id > ? order by p.id limit ?' : ''})
       select p.id::text as id, p.name, c.name as category, p.price::float8 as price, p.gender, p.color,
              p.material, p.size, ${PRODUCT_STATS_COLUMNS}
       from page p join category c on c.id = p.category_id ${statsJoins('p', true)}
       order by p.id`,
      page ? [page.afterId, page.first, s.maxId, s.since] : [s.maxId, s.since],
    );
    return rows.map(toTrainingProduct);
  }

  countInteractions(s: TrainingSnapshot): Promise<number> {
    return countInteractions(this.em, s);
  }

  countProducts(): Promise<number> {
    return this.em.count(ProductEntity);
  }

  countUsers(): Promise<number> {
    return this.em.count(UserEntity);
  }

  /** Up to `first` interactions of the snapshot after id `afterId`, in id order. */
  interactionsPage(s: TrainingSnapshot, afterId: string, first: number): Promise<Interaction[]> {
    return interactionsPage(this.em, s, afterId, first);
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

/** A row of the products query. */
interface TrainingProductRow {
  id: string;
  name: string;
  category: string;
  price: number;
  gender: string | null;
  color: string | null;
  material: string | null;
  size: string | null;
  avgRating: number | null;
  reviewCount: number;
  interactionCount: number;
}

function toTrainingProduct(r: TrainingProductRow): TrainingProduct {
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    price: r.price,
    gender: r.gender,
    color: r.color,
    material: r.material,
    size: r.size,
    avgRating: r.avgRating,
    reviewCount: r.reviewCount,
    interactionCount: r.interactionCount,
  };
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
