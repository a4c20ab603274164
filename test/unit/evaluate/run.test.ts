import { parseEvaluateArgs } from '../../../src/cli/evaluate/args';
import { blankProduct, type Dataset } from '../../../src/cli/evaluate/dataset';
import { formatTable, jsonLines } from '../../../src/cli/evaluate/report';
import { evaluateDataset, withTrainingRatings, type EvaluationReport } from '../../../src/cli/evaluate/run';
import type { InteractionRecord } from '../../../src/recommender';

const DEFAULTS = { testFraction: 0.2, minInteractions: 5, neighbours: 100, easeLambda: 500, easeMaxItems: 3000 };

describe('parseEvaluateArgs', () => {
  it('reads CSV inputs or a dataset, with defaults', () => {
    expect(parseEvaluateArgs(['--interactions', 'i.csv', '--products', 'p.csv'])).toEqual({
      source: { kind: 'csv', interactions: 'i.csv', products: 'p.csv' },
      ...DEFAULTS,
      json: false,
    });
    expect(parseEvaluateArgs(['--dataset', 'movielens-100k', '--data-dir', '/d', '--json', '--test-fraction=0.1'])).toMatchObject({
      source: { kind: 'dataset', name: 'movielens-100k', dataDir: '/d' },
      testFraction: 0.1,
      json: true,
    });
    expect(parseEvaluateArgs(['--help'])).toBe('help');
  });

  it.each([
    [[], 'give --interactions FILE and --products FILE, or --dataset NAME'],
    [['--dataset', 'nope'], 'unknown --dataset "nope"; known: movielens-100k'],
    [['--dataset', 'movielens-100k', '--products', 'p.csv'], 'give either --dataset or --interactions with --products, not both'],
    [['--interactions', 'i', '--products', 'p', '--test-fraction', '1'], '--test-fraction must be a number between 0 and 1 (exclusive), got "1"'],
    [['--interactions', 'i', '--products', 'p', '--min-interactions', '2.5'], '--min-interactions must be a whole number >= 2, got "2.5"'],
    [['--k', '5'], "Unknown option '--k'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseEvaluateArgs(argv)).toThrow(message);
  });
});

describe('evaluateDataset', () => {
  // Two taste groups: users 0-9 view x1..x6, users 10-19 view y1..y6, each user in its own rotated
  // order. Each user's last event is held out (floor(0.2 * 6) = 1).
  const interactions: InteractionRecord[] = [];
  for (let u = 0; u < 20; u++) {
    const group = u < 10 ? 'x' : 'y';
    for (let i = 1; i <= 6; i++) interactions.push({ userId: `u${u}`, productId: `${group}${((i + u) % 6) + 1}`, type: 'VIEW', rating: null, occurredAt: i * 1000 });
  }
  const dataset: Dataset = {
    name: 'tiny',
    products: [...new Set(interactions.map((r) => r.productId))].map((id) => blankProduct(id)),
    interactions,
    productRatingsGiven: false,
    notes: [],
  };

  it('measures every ranker on the same holdout; EASE skipped above its limit', () => {
    const report = evaluateDataset(dataset, DEFAULTS);
    expect(report).toMatchObject({ dataset: 'tiny', products: 12, users: 20, interactions: 120, trainInteractions: 100, evaluatedUsers: 20 });
    expect(report.rows.map((r) => r.model)).toEqual([expect.stringMatching(/^service model \(/), 'most popular', 'ItemKNN', 'EASE']);
    for (const row of report.rows) expect(row).toMatchObject({ skipped: null, evaluatedUsers: 20 });
    // A user's held-out item is the one item of its group it has not seen in training, co-viewed with
    // its history by the rest of the group: ItemKNN ranks it first.
    expect(report.rows[2]).toMatchObject({ ndcgAt10: 1, hitRateAt10: 1 });
    expect(evaluateDataset(dataset, { ...DEFAULTS, easeMaxItems: 11 }).rows[3]).toEqual({ model: 'EASE', skipped: '12 items > 11' });
  });

  it('prints an aligned table and JSON lines', () => {
    const report: EvaluationReport = {
      dataset: 'tiny', products: 3, users: 2, interactions: 10, trainInteractions: 8, evaluatedUsers: 2,
      rows: [
        { model: 'ItemKNN', skipped: null, trainMs: 12, ndcgAt10: 0.5, recallAt10: 0.25, hitRateAt10: 1, coverage: 2 / 3, evaluatedUsers: 2 },
        { model: 'EASE', skipped: '9 items > 3' },
      ],
    };
    expect(formatTable(report).split('\n')).toEqual([
      'model   | NDCG@10 | Recall@10 |  HR@10 | coverage | users | train ms',
      '--------|---------|-----------|--------|----------|-------|---------',
      'ItemKNN |  0.5000 |    0.2500 | 1.0000 |   0.6667 |     2 |       12',
      'EASE    | skipped: 9 items > 3',
    ]);
    expect(jsonLines(report).map((l) => JSON.parse(l) as unknown)).toEqual([
      { dataset: 'tiny', ...report.rows[0] },
      { dataset: 'tiny', model: 'EASE', skipped: '9 items > 3' },
    ]);
  });
});

describe('withTrainingRatings', () => {
  it('averages the training RATE events per product', () => {
    const rate = (productId: string, rating: number): InteractionRecord => ({ userId: 'u', productId, type: 'RATE', rating, occurredAt: 0 });
    const products = withTrainingRatings([blankProduct('a'), blankProduct('b')], [rate('a', 4), rate('a', 5), { ...rate('b', 1), type: 'VIEW', rating: null }]);
    expect(products.map((p) => [p.avgRating, p.reviewCount])).toEqual([[4.5, 2], [null, 0]]);
  });
});
