import type { Principal } from '../auth';
import type { RecommendationService } from './recommendation.service';

/** The part of the per-request context recommendations' resolvers read; app/context.ts builds it. */
export type RecommendationsContext = {
  auth: Principal;
  recommendations: RecommendationService;
};
