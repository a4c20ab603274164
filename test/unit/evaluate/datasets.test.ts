// Each adapter on a tiny inline sample in its dataset's real layout (see ../shared/data/NAME/SOURCE.md);
// nothing here reads ../shared/data.
import { findDataset, type ReadFile } from '../../../src/cli/evaluate/datasets';

const files = (contents: Record<string, string>): ReadFile => (file) => {
  if (!(file in contents)) throw new Error(`unexpected read of ${file}`);
  return contents[file];
};
const load = (name: string, contents: Record<string, string>) => findDataset(name)!.parse(files(contents));

describe('dataset adapters', () => {
  it('movielens-100k: u.data ratings as RATE, the first genre of u.item as category', () => {
    const d = load('movielens-100k', {
      'u.genre': 'unknown|0\nAction|1\nAdventure|2\n\n',
      'u.item': '1|Toy Story (1995)|01-Jan-1995||http://x|0|0|1\n2|GoldenEye (1995)|01-Jan-1995||http://y|0|1|1\n',
      'u.data': '196\t2\t3\t881250949\n186\t1\t5\t891717742\n',
    });
    expect(d.interactions).toEqual([
      { userId: '196', productId: '2', type: 'RATE', rating: 3, occurredAt: 881250949000 },
      { userId: '186', productId: '1', type: 'RATE', rating: 5, occurredAt: 891717742000 },
    ]);
    expect(d.products.map((p) => [p.id, p.name, p.category, p.price])).toEqual([['1', 'Toy Story (1995)', 'Adventure', 0], ['2', 'GoldenEye (1995)', 'Action', 0]]);
  });

  it('movielens-latest-small: half stars rounded down, quoted titles, CRLF', () => {
    const d = load('movielens-latest-small', {
      'movies.csv': 'movieId,title,genres\r\n1,"American President, The (1995)",Comedy|Drama|Romance\r\n',
      'ratings.csv': 'userId,movieId,rating,timestamp\r\n1,1,3.5,964982703\r\n1,1,0.5,964982704\r\n',
    });
    expect(d.interactions.map((r) => r.rating)).toEqual([3, 1]);
    expect(d.products[0]).toMatchObject({ id: '1', name: 'American President, The (1995)', category: 'Comedy' });
    expect(d.notes).toContain('half-star ratings rounded down to whole stars (0.5 -> 1)');
  });

  it('rees46: view/cart/purchase, category_code or else category_id, price, UTC times', () => {
    const header = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n';
    const d = load('rees46-multicategory-2019oct-head', {
      'events.csv':
        header +
        '2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d7\n' +
        '2019-10-01 00:00:05 UTC,cart,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,541312140,72d7\n' +
        '2019-10-01 00:00:09 UTC,purchase,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,541312140,72d7\n' +
        '2019-10-01 00:00:10 UTC,remove_from_cart,3900821,2053013552326770905,,aqua,33.20,541312140,72d7\n',
    });
    expect(d.interactions.map((r) => [r.type, r.productId, r.occurredAt])).toEqual([
      ['VIEW', '44600062', Date.UTC(2019, 9, 1)],
      ['ADD_TO_CART', '3900821', Date.UTC(2019, 9, 1, 0, 0, 5)],
      ['PURCHASE', '3900821', Date.UTC(2019, 9, 1, 0, 0, 9)],
    ]);
    expect(d.products.map((p) => [p.id, p.category, p.price, p.name])).toEqual([
      ['44600062', '2103807459595387724', 35.79, 'shiseido 44600062'],
      ['3900821', 'appliances.environment.water_heater', 33.2, 'aqua 3900821'],
    ]);
    expect(d.notes).toContain('1 "remove_from_cart" events skipped');
  });

  it('taobao: both slices, pv/cart/buy mapped and fav skipped', () => {
    const d = load('taobao-userbehavior-samples', {
      'UserBehavior_head4321.csv': '1,2268318,2520377,pv,1511544070\n1,2268318,2520377,fav,1511544071\n',
      'UserBehavior_tail10000.csv': '999477,2200475,3607361,cart,1511848894\n999477,2200475,3607361,buy,1511848908\n',
    });
    expect(d.interactions.map((r) => [r.userId, r.type])).toEqual([['1', 'VIEW'], ['999477', 'ADD_TO_CART'], ['999477', 'PURCHASE']]);
    expect(d.products.map((p) => [p.id, p.category])).toEqual([['2268318', '2520377'], ['2200475', '3607361']]);
    expect(d.notes).toEqual(['1 "fav" events skipped (no counterpart in our types)']);
  });

  it('amazon 5-core: reviews as RATE, the file as category, size and colour from the style', () => {
    const review = (user: string, asin: string, overall: number, style?: object) =>
      JSON.stringify({ overall, verified: true, reviewerID: user, asin, unixReviewTime: 1472688000, style });
    const d = load('amazon-reviews-2018-5core', {
      'AMAZON_FASHION_5.json': review('A1', 'B01', 5, { 'Size:': ' Big Boys', 'Color:': ' Blue/Orange' }) + '\n',
      'All_Beauty_5.json': review('A1', 'B02', 2) + '\n\n',
    });
    expect(d.interactions).toEqual([
      { userId: 'A1', productId: 'B01', type: 'RATE', rating: 5, occurredAt: 1472688000000 },
      { userId: 'A1', productId: 'B02', type: 'RATE', rating: 2, occurredAt: 1472688000000 },
    ]);
    expect(d.products.map((p) => [p.id, p.category, p.size, p.color])).toEqual([['B01', 'AMAZON_FASHION', 'Big Boys', 'Blue/Orange'], ['B02', 'All_Beauty', null, null]]);
  });

  it('hm-fashion-sample: transactions as PURCHASE, article attributes, the first price', () => {
    const d = load('hm-fashion-sample', {
      'articles_sample.csv':
        'article_id,prod_name,product_type_name,colour_group_name,index_group_name\n' +
        '822115001,Pola seamless leggings,Leggings/Tights,Black,Ladieswear\n900000001,Never sold,Shirt,White,Menswear\n',
      'transactions_sample.csv': 't_dat,customer_id,article_id,price\n2020-06-12,cbf8,822115001,0.0508\n2020-06-13,cbf8,822115001,0.04\n',
    });
    expect(d.interactions.map((r) => [r.userId, r.productId, r.type, r.occurredAt])).toEqual([
      ['cbf8', '822115001', 'PURCHASE', Date.UTC(2020, 5, 12)],
      ['cbf8', '822115001', 'PURCHASE', Date.UTC(2020, 5, 13)],
    ]);
    expect(d.products.map((p) => [p.id, p.category, p.color, p.gender, p.price])).toEqual([
      ['822115001', 'Leggings/Tights', 'Black', 'Women', 0.0508],
      ['900000001', 'Shirt', 'White', 'Men', 0],
    ]);
  });

  it('diginetica: views, the session standing for a missing user', () => {
    const d = load('diginetica-sample', {
      'sample_train-item-views.csv': 'session_id;user_id;item_id;timeframe;eventdate\n1;NA;81766;526309;2016-05-09\n2;42;31331;1000;2016-05-10',
    });
    expect(d.interactions).toEqual([
      { userId: 'session-1', productId: '81766', type: 'VIEW', rating: null, occurredAt: Date.UTC(2016, 4, 9) + 526309 },
      { userId: '42', productId: '31331', type: 'VIEW', rating: null, occurredAt: Date.UTC(2016, 4, 10) + 1000 },
    ]);
    expect(d.products.map((p) => p.id)).toEqual(['81766', '31331']);
  });
});
