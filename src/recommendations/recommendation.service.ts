import type { CatalogService } from '../catalog/catalog.service';
import { intInRange } from '../common/validate';
import { notFound } from '../errors';
import type { ActiveModel } from '../model-lifecycle';
import type { Recommendation as CoreRecommendation } from '../recommender';
import type { SimilarityKind } from './types';

export type ScoredProduct = CoreRecommendation;

/** Answers recommendation queries from the model this process serves; ids unknown to the shop are NOT_FOUND. */
export class RecommendationService {
  constructor(
    private readonly active: ActiveModel,
    private readonly catalog: CatalogService,
  ) {}

  async similar(productId: string, n: number, kind: SimilarityKind): Promise<ScoredProduct[]> {
    intInRange(n, 'n', 1, 100);
    const model = this.active.get()?.model;
    if (model?.hasProduct(productId)) return model.similar(productId, n, kind);
    // Not in the model: unknown to the shop, or added since the last training (no neighbours yet).
    if (!(await this.catalog.product(productId))) throw notFound('productId', 'product', productId);
    return [];
  }

  async forUser(userId: string, n: number): Promise<ScoredProduct[]> {
    intInRange(n, 'n', 1, 100);
    const model = this.active.get()?.model;
    if (!model) {
      if (!(await this.catalog.user(userId))) throw notFound('userId', 'user', userId);
      return [];
    }
    // A user the model has not seen (new, or no history in the window) gets popular products.
    if (!model.hasUser(userId) && !(await this.catalog.user(userId))) throw notFound('userId', 'user', userId);
    return model.forUser(userId, n);
  }

  popular(n: number): ScoredProduct[] {
    intInRange(n, 'n', 1, 100);
    return this.active.get()?.model.popular(n) ?? [];
  }
}
