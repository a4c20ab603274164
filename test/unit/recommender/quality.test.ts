import { evaluateRanker, holdoutSplit, trainEvaluated, type InteractionRecord, type ProductRecord } from '../../../src/recommender';
import { itemKnnRanker } from '../../../src/recommender/baselines';
import { generateCatalog, generateInteractions } from '../../../src/synthetic';

// The model on generated shoppers with taste (src/synthetic), through the same evaluation every
// training runs: it must clearly beat most-popular and keep up with ItemKNN.
const NOW = Date.UTC(2026, 5, 30);

describe('model quality on generated data', () => {
  const catalog = generateCatalog({ products: 2000, seed: 5 });
  const products: ProductRecord[] = catalog.map((p) => ({
    id: p.sku, name: p.name, category: p.category, price: p.price, gender: p.gender, color: p.color,
    material: p.material, size: p.size, avgRating: null, reviewCount: 0,
  }));
  const interactions: InteractionRecord[] = [...generateInteractions({ products: catalog, users: 300, interactions: 20_000, days: 30, seed: 5, now: NOW })].map(
    (e) => ({ userId: `u${e.userIndex}`, productId: products[e.productIndex].id, type: e.type, rating: e.rating, occurredAt: e.occurredAt.getTime() }),
  );

  it('beats the popularity baseline on the held-out interactions and keeps up with ItemKNN', () => {
    const { evaluation } = trainEvaluated(products, interactions, { now: NOW });
    expect(evaluation).not.toBeNull();
    const e = evaluation!;
    const holdout = holdoutSplit(interactions);
    const knn = evaluateRanker(holdout, itemKnnRanker(holdout.train), products.length);
    expect(e.evaluatedUsers).toBe(holdout.users.length);
    expect(e.ndcgAt10).toBeGreaterThanOrEqual(1.5 * e.baselineNdcgAt10);
    expect(e.ndcgAt10).toBeGreaterThanOrEqual(0.9 * knn.ndcgAt10);
    expect(e.coverage).toBeGreaterThan(e.baselineCoverage);
    // Seed 5: model NDCG@10 0.190 (HR 0.56, coverage 0.18), most-popular 0.073, ItemKNN 0.187.
  });
});
