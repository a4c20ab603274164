import { type EventBus, Topic } from '../../../platform/events/pubsub';
import { PgListener } from '../../../platform/db/pg-listener';
import type { Logger } from '../../../platform/logger';
import { retrainJobFromNotification } from './mappers';

/** The channel a database trigger on retrain_job notifies, with the row, on every change of state or progress. */
export const RETRAIN_JOB_CHANNEL = 'retrain_job_updated';

/**
 * Publishes retrainJobUpdated to this process's subscribers whenever any process (an API replica or
 * the retrain CLI) changes a retrain job. The notification carries the row as it was written, so every
 * step arrives, in commit order, and nothing is read back.
 */
export class RetrainJobFeed {
  private readonly listener: PgListener;

  constructor(events: EventBus, log: Logger, databaseUrl: string) {
    this.listener = new PgListener({
      databaseUrl,
      channel: RETRAIN_JOB_CHANNEL,
      onNotify: (payload) => {
        try {
          events.publish(Topic.RetrainJobUpdated, retrainJobFromNotification(payload));
        } catch (e) {
          log.warn({ err: (e as Error).message }, 'ignored a retrain job notification that does not parse');
        }
      },
      log,
    });
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}
