// Review and purchase datasets that come with product attributes: Amazon 2018 5-core, H&M sample.
import type { InteractionRecord } from '../../../recommender';
import { InputError, parseCsv } from '../csv';
import { Catalogue, assembleDataset, type Dataset } from '../dataset';
import type { DatasetAdapter } from './adapter';

interface AmazonReview {
  overall: number;
  reviewerID: string;
  asin: string;
  unixReviewTime: number;
  style?: Record<string, string>;
}

export const amazon5core: DatasetAdapter = {
  name: 'amazon-reviews-2018-5core',
  summary: 'AMAZON_FASHION_5 + All_Beauty_5 reviews as RATE (overall); the file as category; Size/Color of the first review',
  parse(read): Dataset {
    const catalogue = new Catalogue();
    const interactions: InteractionRecord[] = [];
    for (const [file, category] of [['AMAZON_FASHION_5.json', 'AMAZON_FASHION'], ['All_Beauty_5.json', 'All_Beauty']]) {
      read(file).split('\n').forEach((text, i) => {
        if (text.trim() === '') return;
        let review: AmazonReview;
        try {
          review = JSON.parse(text) as AmazonReview;
        } catch {
          throw new InputError(`${file} line ${i + 1}: not JSON`);
        }
        const style = review.style ?? {};
        catalogue.describe(review.asin, { category, size: style['Size:']?.trim() || null, color: style['Color:']?.trim() || null });
        interactions.push({
          userId: review.reviewerID,
          productId: review.asin,
          type: 'RATE',
          rating: Math.min(5, Math.max(1, Math.round(review.overall))),
          occurredAt: review.unixReviewTime * 1000,
        });
      });
    }
    return assembleDataset('amazon-reviews-2018-5core', catalogue, interactions, ['review times have day resolution: same-day events keep file order']);
  },
};

const HM_GENDER: Record<string, string> = { Ladieswear: 'Women', Menswear: 'Men', 'Baby/Children': 'Kids', Divided: 'Women' };

export const hmFashion: DatasetAdapter = {
  name: 'hm-fashion-sample',
  summary: 'transactions_sample.csv as PURCHASE (t_dat, price); articles: product type as category, colour, index group as gender',
  parse(read): Dataset {
    const articles = parseCsv(read('articles_sample.csv'), 'articles_sample.csv');
    const a = (name: string) => articles.header.indexOf(name);
    const [id, name, type, colour, group] = ['article_id', 'prod_name', 'product_type_name', 'colour_group_name', 'index_group_name'].map(a);
    const transactions = parseCsv(read('transactions_sample.csv'), 'transactions_sample.csv');
    const t = (name: string) => transactions.header.indexOf(name);
    const [date, customer, article, price] = ['t_dat', 'customer_id', 'article_id', 'price'].map(t);
    const firstPrice = new Map<string, number>();
    for (const { fields } of transactions.records) if (!firstPrice.has(fields[article])) firstPrice.set(fields[article], Number(fields[price]));
    const catalogue = new Catalogue();
    for (const { fields } of articles.records) {
      catalogue.describe(fields[id], {
        name: fields[name],
        category: fields[type],
        color: fields[colour] || null,
        gender: HM_GENDER[fields[group]] ?? null,
        price: firstPrice.get(fields[id]) ?? 0,
      });
    }
    const interactions: InteractionRecord[] = transactions.records.map(({ fields }) => ({
      userId: fields[customer],
      productId: fields[article],
      type: 'PURCHASE',
      rating: null,
      occurredAt: Date.parse(fields[date]),
    }));
    return assembleDataset('hm-fashion-sample', catalogue, interactions, [
      'price: the first transaction price (scaled by H&M, not a currency); day-resolution times',
      'at most 3 purchases per customer: few or no users reach --min-interactions',
    ]);
  },
};
