// Shop event logs: REES46 (view / cart / purchase), Taobao UserBehavior (pv / cart / fav / buy),
// DIGINETICA item views.
import type { InteractionKind, InteractionRecord } from '../../../recommender';
import { parseCsv } from '../csv';
import { Catalogue, assembleDataset, type Dataset } from '../dataset';
import type { DatasetAdapter } from './adapter';

const REES46_TYPES: Record<string, InteractionKind> = { view: 'VIEW', cart: 'ADD_TO_CART', purchase: 'PURCHASE' };
const TAOBAO_TYPES: Record<string, InteractionKind> = { pv: 'VIEW', cart: 'ADD_TO_CART', buy: 'PURCHASE' };

export const rees46: DatasetAdapter = {
  name: 'rees46-multicategory-2019oct-head',
  summary: 'events.csv: view/cart/purchase -> VIEW/ADD_TO_CART/PURCHASE; category_code (else category_id), price, brand in the name',
  parse(read): Dataset {
    const catalogue = new Catalogue();
    const interactions: InteractionRecord[] = [];
    const skipped = new Map<string, number>();
    const table = parseCsv(read('events.csv'), 'events.csv');
    const at = (name: string) => table.header.indexOf(name);
    const [time, type, product, categoryId, categoryCode, brand, price, user] = [
      'event_time', 'event_type', 'product_id', 'category_id', 'category_code', 'brand', 'price', 'user_id',
    ].map(at);
    for (const { fields } of table.records) {
      const kind = REES46_TYPES[fields[type]];
      if (kind === undefined) {
        skipped.set(fields[type], (skipped.get(fields[type]) ?? 0) + 1);
        continue;
      }
      catalogue.describe(fields[product], {
        name: fields[brand] ? `${fields[brand]} ${fields[product]}` : fields[product],
        category: fields[categoryCode] || fields[categoryId],
        price: Number(fields[price]) || 0,
      });
      const occurredAt = Date.parse(fields[time].replace(' UTC', 'Z').replace(' ', 'T'));
      interactions.push({ userId: fields[user], productId: fields[product], type: kind, rating: null, occurredAt });
    }
    const notes = ['product attributes from its first event'];
    for (const [t, n] of skipped) notes.push(`${n} "${t}" events skipped`);
    return assembleDataset('rees46-multicategory-2019oct-head', catalogue, interactions, notes);
  },
};

export const taobao: DatasetAdapter = {
  name: 'taobao-userbehavior-samples',
  summary: 'both UserBehavior slices: pv/cart/buy -> VIEW/ADD_TO_CART/PURCHASE, fav skipped (no counterpart); category_id, price 0',
  parse(read): Dataset {
    const catalogue = new Catalogue();
    const interactions: InteractionRecord[] = [];
    let favourites = 0;
    for (const file of ['UserBehavior_head4321.csv', 'UserBehavior_tail10000.csv']) {
      for (const { fields: [userId, productId, category, behaviour, seconds] } of parseCsv(read(file), file, { header: false }).records) {
        const kind = TAOBAO_TYPES[behaviour];
        if (kind === undefined) {
          favourites++;
          continue;
        }
        catalogue.describe(productId, { category });
        interactions.push({ userId, productId, type: kind, rating: null, occurredAt: Number(seconds) * 1000 });
      }
    }
    return assembleDataset('taobao-userbehavior-samples', catalogue, interactions, [`${favourites} "fav" events skipped (no counterpart in our types)`]);
  },
};

export const diginetica: DatasetAdapter = {
  name: 'diginetica-sample',
  summary: 'sample_train-item-views.csv: VIEW; user_id, or the session when it is NA; time = eventdate + timeframe',
  parse(read): Dataset {
    const catalogue = new Catalogue();
    const interactions: InteractionRecord[] = [];
    let anonymous = 0;
    const file = 'sample_train-item-views.csv';
    for (const { fields: [session, user, productId, timeframe, date] } of parseCsv(read(file), file, { delimiter: ';' }).records) {
      if (user === 'NA') anonymous++;
      const userId = user === 'NA' ? `session-${session}` : user;
      interactions.push({ userId, productId, type: 'VIEW', rating: null, occurredAt: Date.parse(date) + Number(timeframe) });
    }
    return assembleDataset('diginetica-sample', catalogue, interactions, [`${anonymous} views without a user_id: their session stands for the user`, 'no product attributes']);
  },
};
