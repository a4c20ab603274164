import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Product } from '../catalog/types';
import { intInRange } from '../common/validate';
import type { Context } from '../context';
import { Topic } from '../events/pubsub';
import { isDbId } from '../ids';
import { ModelInfo, ModelRetrainedEvent, Recommendation, RetrainJob, RetrainTrigger } from '../models/types';
import type { ScoredProduct } from './recommendation.service';

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Query(() => [Recommendation], { description: 'Products most like this one (content model)' })
  similarProducts(
    @Arg('productId', () => ID) productId: string,
    @Arg('n', () => Int, { defaultValue: 10, description: '1-100' }) n: number,
    @Ctx() ctx: Context,
  ): Promise<ScoredProduct[]> {
    return ctx.recommendations.similar(productId, n);
  }

  @Query(() => [Recommendation], { description: 'Personalised list; popular products for a user without history' })
  recommendationsForUser(
    @Arg('userId', () => ID) userId: string,
    @Arg('n', () => Int, { defaultValue: 10, description: '1-100' }) n: number,
    @Ctx() ctx: Context,
  ): Promise<ScoredProduct[]> {
    return ctx.recommendations.forUser(userId, n);
  }

  @Query(() => [Recommendation])
  popularProducts(@Arg('n', () => Int, { defaultValue: 10, description: '1-100' }) n: number, @Ctx() ctx: Context): ScoredProduct[] {
    return ctx.recommendations.popular(n);
  }

  @FieldResolver(() => Product)
  product(@Root() r: ScoredProduct, @Ctx() ctx: Context) {
    return ctx.loaders.product.load(r.productId);
  }
}

@Resolver()
export class ModelResolver {
  @Query(() => ModelInfo, { description: 'The model this API process serves' })
  modelInfo(@Ctx() ctx: Context): Promise<ModelInfo> {
    return ctx.recommendations.info();
  }

  @Mutation(() => RetrainJob, { description: 'Queues a retrain over the last `days` days and returns at once; while one is queued or running, returns that one' })
  retrainModel(@Arg('days', () => Int, { defaultValue: 30, description: '1-3650' }) days: number, @Ctx() ctx: Context) {
    intInRange(days, 'days', 1, 3650);
    return ctx.retraining.request(days, RetrainTrigger.MANUAL);
  }

  @Query(() => RetrainJob, { nullable: true })
  retrainJob(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return isDbId(id) ? ctx.retrainJobs.get(id) : null;
  }

  @Query(() => [RetrainJob], { description: 'Newest first' })
  retrainJobs(@Arg('limit', () => Int, { defaultValue: 20, description: '1-100' }) limit: number, @Ctx() ctx: Context) {
    intInRange(limit, 'limit', 1, 100);
    return ctx.retrainJobs.list(limit);
  }

  @Subscription(() => ModelRetrainedEvent, {
    topics: Topic.ModelRetrained,
    description: 'Once per model version, when this API process starts serving it',
  })
  modelRetrained(@Root() event: ModelRetrainedEvent): ModelRetrainedEvent {
    return event;
  }
}
