import type { CatalogService } from '../catalog';
import { intInRange } from '../../platform/validate';
import { notFound } from '../../platform/errors';
import { isDbId } from '../../platform/ids';
import type { ActiveModel } from '../model-lifecycle';
import type { Product } from '../catalog';
import type { Recommendation as CoreRecommendation } from '../../recommender';
import type { SessionService } from '../telemetry';
import type { SimilarityKind } from './types';
import type { UserLists } from './user-lists';

/** How many of a session's latest events recommendationsForSession scores. */
export const SESSION_HISTORY = 50;

/** A recommendation with its product attached (one batched load per list, not a resolver per item). */
export type ScoredProduct = CoreRecommendation & { product: Product };

/**
 * Answers recommendation queries from the model this process serves; ids unknown to the shop are
 * NOT_FOUND. `sessions` is made on first use: only session lists read the database for sure.
 */
export class RecommendationService {
  constructor(
    private readonly active: ActiveModel,
    private readonly catalog: CatalogService,
    private readonly sessions: () => SessionService,
    private readonly userLists: UserLists,
  ) {}

  async similar(productId: string, n: number, kind: SimilarityKind): Promise<ScoredProduct[]> {
    intInRange(n, 'n', 1, 100);
    const model = this.active.get()?.model;
    if (model?.hasProduct(productId)) return this.withProducts(model.similar(productId, n, kind));
    // Not in the model: unknown to the shop, or added since the last training (no neighbours yet).
    if (!(await this.catalog.product(productId))) throw notFound('productId', 'product', productId);
    return [];
  }

  async forUser(userId: string, n: number): Promise<ScoredProduct[]> {
    intInRange(n, 'n', 1, 100);
    // The model also knows anonymous sessions (as `anon:<id>`): those are only answered by forSession.
    if (!isDbId(userId)) throw notFound('userId', 'user', userId);
    const model = this.active.get()?.model;
    if (!model) {
      if (!(await this.catalog.userExists(userId))) throw notFound('userId', 'user', userId);
      return [];
    }
    // A user the model has not seen (new, or no history in the window) gets popular products.
    if (!model.hasUser(userId) && !(await this.catalog.userExists(userId))) throw notFound('userId', 'user', userId);
    return this.withProducts(this.userLists.forUser(model, userId, n));
  }

  /** From the session's latest events as stored now (not as of the last training); popular products when it has none. */
  async forSession(anonymousId: string, n: number): Promise<ScoredProduct[]> {
    intInRange(n, 'n', 1, 100);
    const events = await this.sessions().recentEvents(anonymousId, SESSION_HISTORY);
    return this.withProducts(this.active.get()?.model.forHistory(events, n) ?? []);
  }

  popular(n: number): Promise<ScoredProduct[]> {
    intInRange(n, 'n', 1, 100);
    return this.withProducts(this.active.get()?.model.popular(n) ?? []);
  }

  /** Products deleted since the model was trained are left out. */
  private async withProducts(list: readonly CoreRecommendation[]): Promise<ScoredProduct[]> {
    const products = await this.catalog.productsById(list.map((r) => r.productId));
    const out: ScoredProduct[] = [];
    list.forEach(({ productId, score, reason }, i) => {
      const product = products[i];
      // Named fields, not `{ ...r, product }`: V8's spread-plus-property path cost ~1 us an item here.
      if (product) out.push({ productId, score, reason, product });
    });
    return out;
  }
}
