import { train, type ProductRecord } from '../../../src/recommender';
import { priceZScores } from '../../../src/recommender/content';
import { productTokens } from '../../../src/recommender/tokenize';
import { FIVE, lcg, NOW, product } from './fixtures';

/*
 * Hand computation for FIVE (N = 5; tokens are field:word; tf = 1 everywhere):
 *   df: category:shirts 3, color:blue 3, material:cotton 3, color:red 2, category:dresses 2,
 *       material:linen 1, material:silk 1
 *   idf = ln((1 + N) / (1 + df)) + 1:  df 3 -> 1 + ln(6/4) = 1.405465108
 *                                      df 2 -> 1 + ln(6/3) = 1.693147181
 *                                      df 1 -> 1 + ln(6/2) = 2.098612289
 *   unit vectors (weight / norm):
 *     A shirts, blue, cotton: norm = 1.405465 * sqrt 3 = 2.434337 -> 0.577350 each
 *     B shirts, blue 1.405465, linen 2.098612: norm 2.890474 -> 0.486240, 0.486240, 0.726044
 *     C shirts 1.405465, red 1.693147, cotton 1.405465: norm 2.611017 -> 0.538283, 0.648463, 0.538283
 *     D dresses 1.693147, blue, cotton 1.405465: norm 2.611017 -> 0.648463, 0.538283, 0.538283
 *     E dresses, red 1.693147, silk 2.098612: norm 3.183971 -> 0.531772, 0.531772, 0.659118
 *   cosines: A.B = 2 * 0.577350 * 0.486240 = 0.561462   A.C = A.D = 2 * 0.577350 * 0.538283 = 0.621555
 *            A.E = 0 (no shared token)      C.E = 0.648463 * 0.531772 = 0.344834
 *            D.E = 0.648463 * 0.531772 = 0.344834        C.D = 0.538283^2 = 0.289748
 *   prices 20..60: mean 40, population std sqrt(200) = 14.142136
 *     z = -1.414214, -0.707107, 0, 0.707107, 1.414214
 *     proximity 1 / (1 + |dz|): one step 0.585786, two 0.414214, three 0.320377, four 0.261204
 *   rating term avgRating / 5: A 0.8, B 1.0, C 0, D 0.6, E 0
 *   score(A -> x) = 0.7 cos + 0.2 proximity + 0.1 rating(x):
 *     B: 0.7 * 0.561462 + 0.2 * 0.585786 + 0.1 * 1.0 = 0.393023 + 0.117157 + 0.1  = 0.610181
 *     D: 0.7 * 0.621555 + 0.2 * 0.320377 + 0.1 * 0.6 = 0.435089 + 0.064075 + 0.06 = 0.559164
 *     C: 0.7 * 0.621555 + 0.2 * 0.414214 + 0          = 0.435089 + 0.082843        = 0.517931
 *     E: 0                + 0.2 * 0.261204 + 0          =                              0.052241
 *   D beats C for A although their cosines are equal: D's rating outweighs C's nearer price.
 *   score(E -> x):
 *     D: 0.7 * 0.344834 + 0.2 * 0.585786 + 0.1 * 0.6 = 0.241384 + 0.117157 + 0.06 = 0.418541
 *     C: 0.7 * 0.344834 + 0.2 * 0.414214 + 0          = 0.241384 + 0.082843        = 0.324227
 *     B: 0                + 0.2 * 0.320377 + 0.1 * 1.0 = 0.064075 + 0.1             = 0.164075
 *     A: 0                + 0.2 * 0.261204 + 0.1 * 0.8 = 0.052241 + 0.08            = 0.132241
 */
describe('content similarity', () => {
  const model = train(FIVE, [], { now: NOW });

  it('scores neighbours 0.7 cosine + 0.2 price proximity + 0.1 rating, best first', () => {
    const a = model.similar('A', 10);
    expect(a.map((r) => r.productId)).toEqual(['B', 'D', 'C', 'E']);
    expect(a[0].score).toBeCloseTo(0.610181, 6);
    expect(a[1].score).toBeCloseTo(0.559164, 6);
    expect(a[2].score).toBeCloseTo(0.517931, 6);
    expect(a[3].score).toBeCloseTo(0.052241, 6);

    const e = model.similar('E', 10);
    expect(e.map((r) => r.productId)).toEqual(['D', 'C', 'B', 'A']);
    expect(e.map((r) => r.score)).toEqual([
      expect.closeTo(0.418541, 6),
      expect.closeTo(0.324227, 6),
      expect.closeTo(0.164075, 6),
      expect.closeTo(0.132241, 6),
    ]);
  });

  it('is asymmetric through the candidate rating term', () => {
    // score(B -> A) = 0.7 * 0.561462 + 0.2 * 0.585786 + 0.1 * 0.8 = 0.590181
    expect(model.similar('B', 1)[0]).toMatchObject({ productId: 'A', score: expect.closeTo(0.590181, 6) });
  });

  it('never returns the product itself, caps n, and answers [] for an unknown product', () => {
    for (const p of FIVE) expect(model.similar(p.id, 10).map((r) => r.productId)).not.toContain(p.id);
    expect(model.similar('A', 2).map((r) => r.productId)).toEqual(['B', 'D']);
    expect(model.similar('A', 0)).toEqual([]);
    expect(model.similar('nope', 5)).toEqual([]);
  });

  it('explains a neighbour by the attributes it shares', () => {
    const reasons = Object.fromEntries(model.similar('A', 10).map((r) => [r.productId, r.reason]));
    expect(reasons.B).toBe('same category and color');
    expect(reasons.D).toBe('same color and material');
    expect(reasons.E).toBe('related attributes');
  });

  it('names every shared attribute in field order, and a close price', () => {
    const same = { category: 'Shirts', gender: 'Women', color: 'Blue', material: 'Cotton', size: 'M', price: 30 };
    const equalPrices = train(
      [
        product('P', same),
        product('Q', { ...same, gender: 'Men', size: 'L' }),
        product('R', { category: 'Dresses', color: 'Red', material: 'Silk', price: 30 }),
        product('S', same),
      ],
      [],
      { now: NOW },
    );
    const reasons = Object.fromEntries(equalPrices.similar('P', 10).map((r) => [r.productId, r.reason]));
    expect(reasons).toEqual({
      Q: 'same category, color and material, similar price',
      R: 'similar price',
      S: 'same category, gender, color, material and size, similar price',
    });
  });

  it('keeps only K neighbours per product', () => {
    const k2 = train(FIVE, [], { now: NOW, neighbours: 2 });
    expect(k2.similar('A', 10).map((r) => r.productId)).toEqual(['B', 'D']);
  });

  it('tokenises lower-cased, accent-free words per field', () => {
    const tokens = productTokens(
      product('x', { category: 'Running Shoes', color: 'Navy Blue', material: 'Crème Suede', size: 'S', gender: "Men's" }),
      new Map(),
    );
    expect(tokens).toEqual([
      'category:running',
      'category:shoes',
      "gender:men's",
      'color:navy',
      'color:blue',
      'material:creme',
      'material:suede',
      'size:s',
    ]);
  });

  it('gives every price z = 0 when all prices are equal', () => {
    expect(Array.from(priceZScores([5, 5, 5]))).toEqual([0, 0, 0]);
    const z = priceZScores([20, 30, 40, 50, 60]);
    expect(z[0]).toBeCloseTo(-Math.SQRT2, 9);
    expect(z[4]).toBeCloseTo(Math.SQRT2, 9);
  });

  it('ranks products without any attribute by price and rating only', () => {
    const bare = [
      product('p', { category: '', price: 10 }),
      product('q', { category: '', price: 11 }),
      product('r', { category: '', price: 30, avgRating: 5, reviewCount: 1 }),
    ];
    const model2 = train(bare, [], { now: NOW });
    // z: -0.761, -0.652, 1.413; p -> q: 0.2 / (1 + 0.109) = 0.180395; p -> r: 0.2 / (1 + 2.174) + 0.1 = 0.163020
    expect(model2.similar('p', 5).map((r) => r.score)).toEqual([expect.closeTo(0.180395, 6), expect.closeTo(0.16302, 6)]);
    expect(model2.similar('p', 5).map((r) => r.productId)).toEqual(['q', 'r']);
  });
});

/** Straightforward all-pairs implementation of the same formulas, for comparison. */
function bruteForce(products: ProductRecord[], k: number): Array<Array<{ index: number; score: number }>> {
  const cache = new Map<string, string[]>();
  const tokens = products.map((p) => productTokens(p, cache));
  const df = new Map<string, number>();
  for (const list of tokens) for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = products.length;
  const vectors = tokens.map((list) => {
    const v = new Map<string, number>();
    for (const t of list) v.set(t, (v.get(t) ?? 0) + 1);
    let norm = 0;
    for (const [t, tf] of v) {
      const w = tf * (Math.log((1 + n) / (1 + df.get(t)!)) + 1);
      v.set(t, w);
      norm += w * w;
    }
    for (const [t, w] of v) v.set(t, w / Math.sqrt(norm));
    return v;
  });
  const z = priceZScores(products.map((p) => p.price));
  return products.map((_, a) => {
    const scored: Array<{ index: number; score: number }> = [];
    for (let b = 0; b < n; b++) {
      if (b === a) continue;
      let cos = 0;
      for (const [t, w] of vectors[a]) cos += w * (vectors[b].get(t) ?? 0);
      const rating = products[b].avgRating === null ? 0 : products[b].avgRating! / 5;
      scored.push({ index: b, score: 0.7 * cos + 0.2 / (1 + Math.abs(z[a] - z[b])) + 0.1 * rating });
    }
    scored.sort((x, y) => y.score - x.score || x.index - y.index);
    return scored.slice(0, k);
  });
}

function randomCatalogue(n: number, seed: number, values: number): ProductRecord[] {
  const rnd = lcg(seed);
  const pick = (prefix: string) => (rnd() < 0.1 ? null : `${prefix} ${Math.floor(rnd() * values)}`);
  return Array.from({ length: n }, (_, i) =>
    product(`p${i}`, {
      category: `Category ${Math.floor(rnd() * 6)}`,
      gender: rnd() < 0.5 ? 'Women' : rnd() < 0.8 ? 'Men' : null,
      color: pick('Colour'),
      material: pick('Material'),
      size: pick('Size'),
      price: 5 + rnd() * 200,
      avgRating: rnd() < 0.3 ? null : 1 + rnd() * 4,
    }),
  );
}

describe('precomputed neighbours', () => {
  it.each([
    [400, 10, 1, 3],
    [400, 50, 2, 3],
    [600, 20, 3, 8],
    [60, 100, 4, 2],
    [500, 10, 5, 1],
  ])('match an all-pairs computation exactly (%i products, K = %i, seed %i)', (n, k, seed, values) => {
    const products = randomCatalogue(n, seed, values);
    const expected = bruteForce(products, k);
    const model = train(products, [], { now: NOW, neighbours: k });
    products.forEach((p, a) => {
      const got = model.similar(p.id, k);
      expect(got.map((r) => r.productId)).toEqual(expected[a].map((e) => products[e.index].id));
      got.forEach((r, i) => expect(r.score).toBeCloseTo(expected[a][i].score, 6));
    });
  });

  it('include cosine-0 products when fewer than K share a token', () => {
    const products = [...FIVE, product('Z', { category: 'Hats', price: 35 })];
    const model = train(products, [], { now: NOW });
    expect(model.similar('Z', 10)).toHaveLength(5);
  });
});
