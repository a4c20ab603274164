import {
  AddReviewDocument,
  TrackInteractionsDocument,
  TrainingDataDocument,
  TrainingInteractionsPageDocument,
  type TrackInteractionInput,
} from '../generated/graphql';
import { seed } from './fixtures';
import { errorOf, TestApp } from './harness';

let t: TestApp;
let ids: Awaited<ReturnType<typeof seed>>;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await TestApp.start();
  ids = await seed(t);
});
afterAll(() => t.close());

const at = (daysAgo: number, over: Partial<TrackInteractionInput> = {}): TrackInteractionInput => ({
  userId: ids.users.alice,
  productId: ids.products.shirtRed,
  type: 'VIEW',
  occurredAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
  ...over,
});

describe('trainingData', () => {
  it('exports every product with stats, the window of interactions and metadata', async () => {
    await t.ok(TrackInteractionsDocument, {
      inputs: [at(1), at(2, { productId: ids.products.dress }), at(5), at(40), at(100, { productId: ids.products.shoe })],
    });
    await t.ok(AddReviewDocument, { input: { userId: ids.users.bob, productId: ids.products.shirtRed, rating: 4 } });

    const { trainingData } = await t.ok(TrainingDataDocument, { days: 30 });
    expect(trainingData.metadata).toMatchObject({ totalProducts: 4, totalInteractions: 4, dateRangeDays: 30 });
    expect(trainingData.products).toHaveLength(4);
    const shirt = trainingData.products.find((p) => p.id === ids.products.shirtRed)!;
    // two VIEWs in the window plus the RATE that addReview recorded; the 40-day-old one is outside
    expect(shirt).toMatchObject({ name: 'Red Cotton Shirt', category: 'Shirts', price: 19.99, avgRating: 4, reviewCount: 1, interactionCount: 3 });
    expect(trainingData.products.find((p) => p.id === ids.products.shoe)).toMatchObject({ interactionCount: 0, reviewCount: 0, avgRating: null });
    expect(trainingData.interactions.totalCount).toBe(4);

    const all = await t.ok(TrainingDataDocument, { days: 3650 });
    expect(all.trainingData.metadata.totalInteractions).toBe(6);
    const defaultWindow = await t.ok(TrainingDataDocument, {});
    expect(defaultWindow.trainingData.metadata).toMatchObject({ dateRangeDays: 90, totalInteractions: 5 });
  });

  it('pages through the snapshot without repeats or gaps while new telemetry arrives', async () => {
    await t.ok(TrackInteractionsDocument, { inputs: Array.from({ length: 500 }, (_, i) => at(i % 20)) });
    const { trainingData } = await t.ok(TrainingDataDocument, { days: 30, first: 1 });
    const expected = trainingData.interactions.totalCount;
    const seen: string[] = [trainingData.interactions.edges[0].node.id];
    let after = trainingData.interactions.pageInfo.endCursor;
    let pages = 1;
    while (after) {
      // concurrent writers: new rows (inside the window) land between every two pages
      await t.ok(TrackInteractionsDocument, { inputs: [at(0), at(1)] });
      const page = await t.ok(TrainingInteractionsPageDocument, { first: 37, after });
      seen.push(...page.trainingData.interactions.edges.map((e) => e.node.id));
      after = page.trainingData.interactions.pageInfo.hasNextPage ? page.trainingData.interactions.pageInfo.endCursor : null;
      pages++;
    }
    expect(pages).toBeGreaterThan(10);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(expected);
    const numeric = seen.map(Number);
    expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
    // exactly the rows of the snapshot: in the window and no newer than the first page
    const [row] = await t.sql<{ n: number }>(
      `select count(*)::int as n from interaction where id <= $1 and created_at >= now() - interval '30 days'`,
      [numeric[numeric.length - 1]],
    );
    expect(row.n).toBe(expected);
  });

  it.each([
    ['days 0', { days: 0 }, 'days'],
    ['days 3651', { days: 3651 }, 'days'],
    ['first 0', { first: 0 }, 'first'],
    ['first 10001', { first: 10_001 }, 'first'],
    ['a forged cursor', { after: Buffer.from('1.2.3').toString('base64url') }, 'after'],
    ['a cursor with three parts', { after: '1.2.3' }, 'after'],
    ['a cursor past the largest id', { after: 'lfls.1.u.1y2p0ij32e8e8' }, 'after'],
  ])('rejects %s with BAD_USER_INPUT naming the field', async (_n, vars, field) => {
    const e = errorOf(await t.gql(TrainingDataDocument, vars));
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
