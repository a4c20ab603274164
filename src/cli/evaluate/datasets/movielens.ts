import { parseCsv } from '../csv';
import { Catalogue, assembleDataset, type Dataset } from '../dataset';
import type { DatasetAdapter } from './adapter';
import type { InteractionRecord } from '../../../recommender';

export const movielens100k: DatasetAdapter = {
  name: 'movielens-100k',
  summary: 'u.data ratings as RATE 1-5; u.item: title, first genre as category, price 0',
  parse(read): Dataset {
    const genres = parseCsv(read('u.genre'), 'u.genre', { delimiter: '|', header: false }).records.map((r) => r.fields[0]);
    const catalogue = new Catalogue();
    for (const { fields } of parseCsv(read('u.item', 'latin1'), 'u.item', { delimiter: '|', header: false }).records) {
      const flags = fields.slice(5);
      const first = flags.indexOf('1');
      catalogue.describe(fields[0], { name: fields[1], category: first >= 0 ? genres[first] : 'unknown' });
    }
    const interactions: InteractionRecord[] = parseCsv(read('u.data'), 'u.data', { delimiter: '\t', header: false }).records.map(
      ({ fields: [userId, productId, rating, seconds] }) => ({ userId, productId, type: 'RATE', rating: Number(rating), occurredAt: Number(seconds) * 1000 }),
    );
    return assembleDataset('movielens-100k', catalogue, interactions, []);
  },
};

export const movielensLatestSmall: DatasetAdapter = {
  name: 'movielens-latest-small',
  summary: 'ratings.csv as RATE, half stars rounded down (3.5 -> 3, 0.5 -> 1); movies.csv: title, first genre, price 0',
  parse(read): Dataset {
    const catalogue = new Catalogue();
    for (const { fields: [id, title, genres] } of parseCsv(read('movies.csv'), 'movies.csv').records) {
      catalogue.describe(id, { name: title, category: genres.split('|')[0] });
    }
    const interactions: InteractionRecord[] = parseCsv(read('ratings.csv'), 'ratings.csv').records.map(
      ({ fields: [userId, productId, rating, seconds] }) => ({
        userId,
        productId,
        type: 'RATE',
        rating: Math.max(1, Math.floor(Number(rating))),
        occurredAt: Number(seconds) * 1000,
      }),
    );
    return assembleDataset('movielens-latest-small', catalogue, interactions, ['half-star ratings rounded down to whole stars (0.5 -> 1)']);
  },
};
