import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { ModelLifecycleContext } from './context';
import { Topic } from '../../platform/events/pubsub';
import { DAYS_RANGE } from '../../platform/days';
import { ModelInfo, ModelRetrainedEvent, ModelVersion, RetrainJob, RetrainSchedule, RetrainTrigger } from './types';

@Resolver()
export class ModelLifecycleResolver {
  @Authorized()
  @Query(() => ModelInfo, { description: 'The model this API process serves' })
  modelInfo(@Ctx() ctx: ModelLifecycleContext): Promise<ModelInfo> {
    return ctx.models.info();
  }

  @Authorized()
  @Query(() => [ModelVersion], { description: 'Stored model versions, newest first, with their evaluation and the promotion gate\'s verdict' })
  modelVersions(
    @Arg('limit', () => Int, { defaultValue: 20, description: '1-100' }) limit: number,
    @Arg('before', () => Int, { nullable: true, description: 'Versions older than this one (the last of the previous page)' }) before: number | null,
    @Ctx() ctx: ModelLifecycleContext,
  ) {
    return ctx.models.versions(limit, before ?? null);
  }

  @Authorized()
  @Mutation(() => ModelVersion, {
    description:
      'Makes a stored version the active one (a rollback, or forcing a rejected one); every API process loads it and ' +
      'announces modelRetrained. Answers once this process serves it; the active version itself changes nothing',
  })
  activateModelVersion(@Arg('version', () => Int) version: number, @Ctx() ctx: ModelLifecycleContext) {
    return ctx.models.activate(version);
  }

  @Authorized()
  @Mutation(() => RetrainJob, {
    description:
      'Queues a retrain over the last `days` days and returns at once; while one is queued or running, returns that one. ' +
      'The new version goes live only if the promotion gate accepts it (otherwise the job ends REJECTED)',
  })
  retrainModel(@Arg('days', () => Int, { defaultValue: 30, description: DAYS_RANGE }) days: number, @Ctx() ctx: ModelLifecycleContext) {
    return ctx.models.requestRetrain(days, RetrainTrigger.MANUAL);
  }

  @Authorized()
  @Query(() => RetrainJob, { nullable: true })
  retrainJob(@Arg('id', () => ID) id: string, @Ctx() ctx: ModelLifecycleContext) {
    return ctx.models.job(id);
  }

  @Authorized()
  @Query(() => [RetrainJob], { description: 'Newest first' })
  retrainJobs(
    @Arg('limit', () => Int, { defaultValue: 20, description: '1-100' }) limit: number,
    @Arg('before', () => ID, { nullable: true, description: 'Jobs older than this one (the id of the last of the previous page)' }) before: string | null,
    @Ctx() ctx: ModelLifecycleContext,
  ) {
    return ctx.models.retrainJobs(limit, before ?? null);
  }

  @Authorized()
  @Query(() => RetrainSchedule, { nullable: true, description: 'The repeating retrain as the job queue stores it; null when there is none or MongoDB is unreachable' })
  retrainSchedule(@Ctx() ctx: ModelLifecycleContext) {
    return ctx.models.schedule();
  }

  @Authorized()
  @Subscription(() => RetrainJob, {
    topics: Topic.RetrainJobUpdated,
    filter: ({ payload, args }: { payload: RetrainJob; args: { id?: string | null } }) => args.id == null || payload.id === args.id,
    description: 'Every change of a retrain job\'s status, phase or progress (any job, or the one with this id), from whichever process runs it',
  })
  retrainJobUpdated(@Root() job: RetrainJob, @Arg('id', () => ID, { nullable: true }) _id: string | null): RetrainJob {
    return job;
  }

  @Authorized()
  @Subscription(() => ModelRetrainedEvent, {
    topics: Topic.ModelRetrained,
    description: 'Once per model version that goes live (trained, or activated by hand), when this API process starts serving it',
  })
  modelRetrained(@Root() event: ModelRetrainedEvent): ModelRetrainedEvent {
    return event;
  }
}
