import { parseCsv } from '../../../src/cli/evaluate/csv';
import { csvDataset, parseInteractionsCsv, parseProductsCsv } from '../../../src/cli/evaluate/csv-input';
import { parseTime } from '../../../src/cli/evaluate/dataset';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and newlines, CRLF, a BOM, and keeps each record\'s line', () => {
    const text = '\ufeffid,name\r\n1,"Shirt, blue"\r\n\r\n2,"say ""hi""\nthere"\n3,plain';
    const table = parseCsv(text, 'p.csv');
    expect(table.header).toEqual(['id', 'name']);
    expect(table.records).toEqual([
      { line: 2, fields: ['1', 'Shirt, blue'] },
      { line: 4, fields: ['2', 'say "hi"\nthere'] },
      { line: 6, fields: ['3', 'plain'] },
    ]);
  });

  it('names the line of a record with the wrong number of fields, and an unclosed quote', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', 'x.csv')).toThrow('x.csv line 3: expected 2 fields as in the header, got 1');
    expect(() => parseCsv('a,b\n1,"open\n', 'x.csv')).toThrow('x.csv line 2: a quoted field is not closed');
    expect(() => parseCsv('', 'x.csv')).toThrow('x.csv: empty file');
  });

  it('reads other delimiters and files without a header', () => {
    expect(parseCsv('1\t2\n3\t4\n', 'u.data', { delimiter: '\t', header: false }).records.map((r) => r.fields)).toEqual([['1', '2'], ['3', '4']]);
  });
});

describe('parseTime', () => {
  it('takes ISO-8601, epoch seconds and epoch milliseconds', () => {
    expect(parseTime('2026-06-30T12:00:00Z')).toBe(Date.UTC(2026, 5, 30, 12));
    expect(parseTime('2026-06-30')).toBe(Date.UTC(2026, 5, 30));
    expect(parseTime('874724710')).toBe(874724710000);
    expect(parseTime('1782820800000')).toBe(1782820800000);
    expect(parseTime('yesterday')).toBeNaN();
    expect(parseTime('')).toBeNaN();
  });
});

describe('parseInteractionsCsv', () => {
  const header = 'user_id,product_id,type,rating,occurred_at\n';

  it('maps rows to interaction records, columns in any order', () => {
    const text = 'occurred_at,type,user_id,product_id,rating\n874724710,RATE,u1,p1,4\n2026-06-30T00:00:00Z,view,u1,p2,\n';
    expect(parseInteractionsCsv(text, 'i.csv')).toEqual([
      { userId: 'u1', productId: 'p1', type: 'RATE', rating: 4, occurredAt: 874724710000 },
      { userId: 'u1', productId: 'p2', type: 'VIEW', rating: null, occurredAt: Date.UTC(2026, 5, 30) },
    ]);
  });

  it.each([
    ['u1,p1,CLICK,,1', 'i.csv line 2, column type: expected one of VIEW, ADD_TO_CART, PURCHASE, RATE, got "CLICK"'],
    ['u1,p1,RATE,6,1', 'i.csv line 2, column rating: expected empty or a whole number 1-5, got "6"'],
    ['u1,p1,RATE,,1', 'i.csv line 2, column rating: a RATE needs a rating 1-5'],
    ['u1,p1,VIEW,,last week', 'i.csv line 2, column occurred_at: expected ISO-8601 or epoch seconds/milliseconds, got "last week"'],
    [',p1,VIEW,,1', 'i.csv line 2, column user_id: empty'],
  ])('rejects %j naming the line and the column', (row, message) => {
    expect(() => parseInteractionsCsv(header + row + '\n', 'i.csv')).toThrow(message);
  });

  it('names missing columns', () => {
    expect(() => parseInteractionsCsv('user_id,product_id,type\nu,p,VIEW\n', 'i.csv')).toThrow('i.csv: missing columns rating, occurred_at');
  });
});

describe('parseProductsCsv and csvDataset', () => {
  it('reads required and optional columns; empty cells are null', () => {
    const text = 'id,name,category,price,color,avg_rating,review_count\nA,Blue Shirt,Shirts,19.99,Blue,4.5,2\nB,,Hats,5,,,\n';
    const { catalogue, ratingsGiven } = parseProductsCsv(text, 'p.csv');
    expect(ratingsGiven).toBe(true);
    expect(catalogue.products()).toEqual([
      { id: 'A', name: 'Blue Shirt', category: 'Shirts', price: 19.99, gender: null, color: 'Blue', material: null, size: null, avgRating: 4.5, reviewCount: 2 },
      { id: 'B', name: 'B', category: 'Hats', price: 5, gender: null, color: null, material: null, size: null, avgRating: null, reviewCount: 0 },
    ]);
  });

  it.each([
    ['A,Shirt,Shirts,cheap', 'p.csv line 2, column price: expected a number >= 0, got "cheap"'],
    ['A,Shirt,,3', 'p.csv line 2, column category: empty'],
    ['A,Shirt,Shirts,3\nA,Again,Shirts,4', 'p.csv line 3, column id: "A" appears twice'],
  ])('rejects %j naming the line and the column', (rows, message) => {
    expect(() => parseProductsCsv(`id,name,category,price\n${rows}\n`, 'p.csv')).toThrow(message);
  });

  it('adds products that only the interactions name, and says so', () => {
    const dataset = csvDataset('i.csv', 'user_id,product_id,type,rating,occurred_at\nu,A,VIEW,,1\nu,Z,VIEW,,2\n', 'i.csv', 'id,name,category,price\nA,a,Hats,1\n', 'p.csv');
    expect(dataset.products.map((p) => [p.id, p.category])).toEqual([['A', 'Hats'], ['Z', 'unknown']]);
    expect(dataset.productRatingsGiven).toBe(false);
    expect(dataset.notes).toEqual(['1 products only in the interactions: added without attributes']);
  });
});
