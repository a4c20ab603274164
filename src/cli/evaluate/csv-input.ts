// The --interactions / --products CSV format (see USAGE in args.ts).
import type { InteractionKind, InteractionRecord } from '../../recommender';
import { columns, fieldError, parseCsv } from './csv';
import { assembleDataset, Catalogue, KINDS, parseTime, type Dataset } from './dataset';

const INTERACTION_COLUMNS = ['user_id', 'product_id', 'type', 'rating', 'occurred_at'] as const;
const PRODUCT_REQUIRED = ['id', 'name', 'category', 'price'] as const;
const PRODUCT_OPTIONAL = ['gender', 'color', 'material', 'size', 'avg_rating', 'review_count'] as const;

export function parseInteractionsCsv(text: string, file: string): InteractionRecord[] {
  const table = parseCsv(text, file);
  const col = columns(table, INTERACTION_COLUMNS);
  return table.records.map(({ line, fields }) => {
    const fail = (column: string, message: string) => fieldError(file, line, column, message);
    const userId = fields[col.user_id].trim();
    const productId = fields[col.product_id].trim();
    if (userId === '') throw fail('user_id', 'empty');
    if (productId === '') throw fail('product_id', 'empty');
    const type = fields[col.type].trim().toUpperCase() as InteractionKind;
    if (!KINDS.includes(type)) throw fail('type', `expected one of ${KINDS.join(', ')}, got "${fields[col.type]}"`);
    const rawRating = fields[col.rating].trim();
    let rating: number | null = null;
    if (rawRating !== '') {
      rating = Number(rawRating);
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw fail('rating', `expected empty or a whole number 1-5, got "${rawRating}"`);
    }
    if (type === 'RATE' && rating === null) throw fail('rating', 'a RATE needs a rating 1-5');
    if (type !== 'RATE') rating = null;
    const occurredAt = parseTime(fields[col.occurred_at]);
    if (!Number.isFinite(occurredAt)) {
      throw fail('occurred_at', `expected ISO-8601 or epoch seconds/milliseconds, got "${fields[col.occurred_at]}"`);
    }
    return { userId, productId, type, rating, occurredAt };
  });
}

export function parseProductsCsv(text: string, file: string): { catalogue: Catalogue; ratingsGiven: boolean } {
  const table = parseCsv(text, file);
  const col = columns(table, PRODUCT_REQUIRED, PRODUCT_OPTIONAL);
  const catalogue = new Catalogue();
  const seen = new Set<string>();
  for (const { line, fields } of table.records) {
    const fail = (column: string, message: string) => fieldError(file, line, column, message);
    const optional = (c: number | undefined) => (c === undefined || fields[c].trim() === '' ? null : fields[c].trim());
    const number = (name: string, c: number | undefined, check: (x: number) => boolean, expected: string) => {
      const raw = optional(c);
      if (raw === null) return null;
      const x = Number(raw);
      if (!check(x)) throw fail(name, `expected ${expected}, got "${raw}"`);
      return x;
    };
    const id = fields[col.id].trim();
    if (id === '') throw fail('id', 'empty');
    if (seen.has(id)) throw fail('id', `"${id}" appears twice`);
    seen.add(id);
    const category = fields[col.category].trim();
    if (category === '') throw fail('category', 'empty');
    const price = number('price', col.price, (x) => Number.isFinite(x) && x >= 0, 'a number >= 0');
    if (price === null) throw fail('price', 'empty');
    catalogue.describe(id, {
      name: fields[col.name].trim() || id,
      category,
      price,
      gender: optional(col.gender),
      color: optional(col.color),
      material: optional(col.material),
      size: optional(col.size),
      avgRating: number('avg_rating', col.avg_rating, (x) => x >= 1 && x <= 5, 'empty or a number 1-5'),
      reviewCount: number('review_count', col.review_count, (x) => Number.isInteger(x) && x >= 0, 'empty or a whole number >= 0') ?? 0,
    });
  }
  return { catalogue, ratingsGiven: col.avg_rating !== undefined };
}

/** The dataset of an --interactions / --products pair. */
export function csvDataset(name: string, interactionsText: string, interactionsFile: string, productsText: string, productsFile: string): Dataset {
  const { catalogue, ratingsGiven } = parseProductsCsv(productsText, productsFile);
  const interactions = parseInteractionsCsv(interactionsText, interactionsFile);
  return { ...assembleDataset(name, catalogue, interactions, []), productRatingsGiven: ratingsGiven };
}
