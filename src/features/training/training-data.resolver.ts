import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { DAYS_RANGE } from '../../platform/days';
import { intInRange, windowDays } from '../../platform/validate';
import { badInput } from '../../platform/errors';
import { isDbId } from '../../platform/ids';
import type { TrainingContext } from './context';
import { decodeInteractionCursor, interactionCursors } from './training-data.reader';
import { InteractionConnection, TrainingData, TrainingDataMetadata, TrainingProduct } from './types';

@Resolver(() => TrainingData)
export class TrainingDataResolver {
  @Authorized()
  @Query(() => TrainingData, { description: 'Export for training: products with stats and the last `days` days of interactions' })
  async trainingData(@Arg('days', () => Int, { defaultValue: 90, description: DAYS_RANGE }) days: number, @Ctx() ctx: TrainingContext) {
    windowDays(days, 'days');
    return { snapshot: await ctx.training.snapshot(days) };
  }

  @FieldResolver(() => [TrainingProduct], { description: 'In id order, in pages: pass the id of the last product of a page as `after` for the next' })
  products(
    @Root() t: TrainingData,
    @Arg('first', () => Int, { defaultValue: 10_000, description: '1-10000' }) first: number,
    @Arg('after', () => ID, { nullable: true, description: 'id of the last product of the previous page' }) after: string | null,
    @Ctx() ctx: TrainingContext,
  ) {
    intInRange(first, 'first', 1, 10_000);
    if (after != null && !isDbId(after)) throw badInput('after', 'is not the id of a product');
    return ctx.training.products(t.snapshot, { afterId: after ?? '0', first });
  }

  @FieldResolver(() => InteractionConnection, { description: 'In id order; a cursor keeps the snapshot of the page it came from' })
  async interactions(
    @Root() t: TrainingData,
    @Arg('first', () => Int, { defaultValue: 1000, description: '1-10000' }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: TrainingContext,
  ): Promise<InteractionConnection> {
    intInRange(first, 'first', 1, 10_000);
    const { snapshot, afterId } = after ? decodeInteractionCursor(after, 'after') : { snapshot: t.snapshot, afterId: '0' };
    const rows = await ctx.training.interactionsPage(snapshot, afterId, first + 1);
    const page = rows.length > first ? rows.slice(0, first) : rows;
    const cursor = interactionCursors(snapshot);
    const edges = page.map((node) => ({ cursor: cursor(node.id), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      snapshot,
    };
  }

  @FieldResolver(() => TrainingDataMetadata)
  async metadata(@Root() t: TrainingData, @Ctx() ctx: TrainingContext): Promise<TrainingDataMetadata> {
    const [totalProducts, totalInteractions, totalUsers] = await Promise.all([
      ctx.training.countProducts(),
      ctx.training.countInteractions(t.snapshot),
      ctx.training.countUsers(),
    ]);
    return { totalProducts, totalInteractions, totalUsers, dateRangeDays: t.snapshot.days, generatedAt: t.snapshot.generatedAt };
  }
}

@Resolver(() => InteractionConnection)
export class InteractionConnectionResolver {
  @FieldResolver(() => Int)
  totalCount(@Root() c: InteractionConnection, @Ctx() ctx: TrainingContext) {
    return ctx.training.countInteractions(c.snapshot);
  }
}
