import type { Logger } from '../../platform/logger';
import type { RetrainPhase } from './types';

/**
 * Writes a running job's progress in the order it was reported, without making the training wait for
 * the database: a failed write is only logged (progress is for display; the outcome is written apart).
 */
export class ProgressWriter {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (phase: RetrainPhase, progress: number) => Promise<void>,
    private readonly log: Logger,
  ) {}

  readonly report = (phase: RetrainPhase, progress: number): void => {
    this.chain = this.chain
      .then(() => this.write(phase, progress))
      .catch((e: Error) => this.log.warn({ phase, err: e.message }, 'recording retrain progress failed'));
  };

  /** Settles once every reported step is written (before the job's outcome, which must come last). */
  settled(): Promise<void> {
    return this.chain;
  }
}
