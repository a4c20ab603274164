import type { EntityManager } from '@mikro-orm/postgresql';
import { pgConstraint } from '../../platform/sql';
import { batchSize } from '../../platform/validate';
import { notFound } from '../../platform/errors';
import { EventBus, Topic } from '../../platform/events/pubsub';
import { requireExisting } from '../catalog';
import { findByEventId, insertInteractions } from './interaction.table';
import type { Interaction, TrackInteractionInput, TrackInteractionsResult } from './types';
import { eventScope, validateInteraction } from './validate-interaction';

/** Telemetry ingest: validates, stores once per eventId and scope, and feeds the live interactionTracked stream. */
export class InteractionService {
  constructor(
    private readonly em: EntityManager,
    private readonly events: EventBus,
    private readonly maxBatch: number,
  ) {}

  async track(input: TrackInteractionInput): Promise<Interaction> {
    const row = validateInteraction(input, 'input', Date.now());
    let stored: Interaction[];
    try {
      stored = await insertInteractions(this.em, [row]);
    } catch (e) {
      // The foreign keys answer "does the user/product exist" without an extra query on the hot path.
      const constraint = pgConstraint(e, '23503');
      if (constraint === 'interaction_user_id_foreign') throw notFound('input.userId', 'user', row.user_id!);
      if (constraint === 'interaction_product_id_foreign') throw notFound('input.productId', 'product', input.productId);
      throw e;
    }
    // Nothing stored: this scope already has the eventId (a retry); answer the first one.
    if (stored.length === 0) return (await findByEventId(this.em, eventScope(row), row.event_id!))!;
    this.events.publish(Topic.InteractionTracked, stored[0]);
    return stored[0];
  }

  /** All or nothing: one invalid item rejects the batch, naming its index. */
  async trackMany(inputs: TrackInteractionInput[]): Promise<TrackInteractionsResult> {
    batchSize(inputs.length, 'inputs', this.maxBatch);
    const now = Date.now();
    const rows = inputs.map((input, i) => validateInteraction(input, `inputs[${i}]`, now));
    await requireExisting(this.em, 'user', rows.map((r) => r.user_id), (i) => `inputs[${i}].userId`);
    await requireExisting(this.em, 'product', rows.map((r) => r.product_id), (i) => `inputs[${i}].productId`);
    const stored = await insertInteractions(this.em, rows);
    for (const interaction of stored) this.events.publish(Topic.InteractionTracked, interaction);
    return { accepted: stored.length, duplicates: rows.length - stored.length };
  }
}
