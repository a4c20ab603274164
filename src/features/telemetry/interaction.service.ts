import type { EntityManager } from '@mikro-orm/postgresql';
import { batchSize, intInRange } from '../../platform/validate';
import { type EventBus, Topic } from '../../platform/events/pubsub';
import { requireExisting } from '../catalog';
import type { InteractionIngest } from './interaction-group-commit';
import { insertInteractions, interactionRates, userHistory } from './interaction.table';
import type { Interaction, InteractionRate, TrackInteractionInput, TrackInteractionsResult } from './types';
import { validateInteraction } from './validate-interaction';

/**
 * Telemetry ingest: validates, stores once per eventId and scope, and feeds the live interactionTracked
 * stream. The request's EntityManager is made on first use: a group-committed single event needs none
 * (forking one was 8.5 us of a trackInteraction request's ~210 us of API CPU).
 */
export class InteractionService {
  constructor(
    private readonly db: () => EntityManager,
    private readonly events: EventBus,
    private readonly maxBatch: number,
    private readonly ingest: InteractionIngest,
  ) {}

  /** One event, stored once per eventId and scope; written together with concurrent calls (see InteractionIngest). */
  async track(input: TrackInteractionInput): Promise<Interaction> {
    return this.ingest.track(validateInteraction(input, 'input', Date.now()), this.db);
  }

  /** All or nothing: one invalid item rejects the batch, naming its index. */
  async trackMany(inputs: TrackInteractionInput[]): Promise<TrackInteractionsResult> {
    batchSize(inputs.length, 'inputs', this.maxBatch);
    const now = Date.now();
    const rows = inputs.map((input, i) => validateInteraction(input, `inputs[${i}]`, now));
    const em = this.db();
    await requireExisting(em, 'user', rows.map((r) => r.user_id), (i) => `inputs[${i}].userId`);
    await requireExisting(em, 'product', rows.map((r) => r.product_id), (i) => `inputs[${i}].productId`);
    const stored = await insertInteractions(em, rows);
    for (const interaction of stored) this.events.publish(Topic.InteractionTracked, interaction);
    return { accepted: stored.length, duplicates: rows.length - stored.length };
  }

  /** A user's latest interactions, newest first. */
  history(userId: string, first: number): Promise<Interaction[]> {
    intInRange(first, 'first', 1, 100);
    return userHistory(this.db(), userId, first);
  }

  /** Per-minute counts by type over the last `minutes` minutes (the operator console's event rate). */
  rates(minutes: number): Promise<InteractionRate[]> {
    intInRange(minutes, 'minutes', 1, 60);
    return interactionRates(this.db(), minutes);
  }
}
