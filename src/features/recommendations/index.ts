// Public surface of recommendations: similar, personalised, session and popular products from the
// active model, and their GraphQL resolvers.
export { RecommendationService } from './recommendation.service';
export { UserLists } from './user-lists';
export { RecommendationResolver } from './recommendation.resolver';
export type { RecommendationsContext } from './context';
