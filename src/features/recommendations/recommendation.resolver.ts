import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { RecommendationsContext } from './context';
import type { ScoredProduct } from './recommendation.service';
import { Recommendation, SimilarityKind } from './types';

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Authorized()
  @Query(() => [Recommendation], { description: 'Products most like this one, by attributes, by shoppers\' behaviour, or both (kind)' })
  similarProducts(
    @Arg('productId', () => ID) productId: string,
    @Arg('n', () => Int, { defaultValue: 10, description: '1-100' }) n: number,
    @Arg('kind', () => SimilarityKind, { defaultValue: SimilarityKind.HYBRID }) kind: SimilarityKind,
    @Ctx() ctx: RecommendationsContext,
  ): Promise<ScoredProduct[]> {
    return ctx.recommendations.similar(productId, n, kind);
  }

  @Authorized()
  @Query(() => [Recommendation], { description: 'Personalised list; popular products for a user without history' })
  recommendationsForUser(
    @Arg('userId', () => ID) userId: string,
    @Arg('n', () => Int, { defaultValue: 10, description: '1-100' }) n: number,
    @Ctx() ctx: RecommendationsContext,
  ): Promise<ScoredProduct[]> {
    return ctx.recommendations.forUser(userId, n);
  }

  @Authorized()
  @Query(() => [Recommendation], {
    description: 'Personalised list for an anonymous session, from its latest events; popular products for a session without events',
  })
  recommendationsForSession(
    @Arg('anonymousId', () => String) anonymousId: string,
    @Arg('n', () => Int, { defaultValue: 10, description: '1-100' }) n: number,
    @Ctx() ctx: RecommendationsContext,
  ): Promise<ScoredProduct[]> {
    return ctx.recommendations.forSession(anonymousId, n);
  }

  @Authorized()
  @Query(() => [Recommendation])
  popularProducts(@Arg('n', () => Int, { defaultValue: 10, description: '1-100' }) n: number, @Ctx() ctx: RecommendationsContext): Promise<ScoredProduct[]> {
    return ctx.recommendations.popular(n);
  }
}
