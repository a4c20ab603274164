import type { Logger } from '../../platform/logger';
import type { JobQueue } from './queue/job-queue';
import type { RetrainJobs } from './store/retrain-jobs';

/**
 * Frees retrains that a dead process left behind, at start-up and then every `intervalMs`, in every
 * API process: a RUNNING job whose owner stopped its heartbeat is FAILED (see RetrainJobs.failDead),
 * and a QUEUED job that the queue no longer holds (MongoDB lost it, or its run failed before it started)
 * is handed to the queue again, which is safe: a run only starts a job that is still QUEUED.
 */
export class RetrainRecovery {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly jobs: RetrainJobs,
    private readonly queue: JobQueue,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** The start-up sweep (awaited), then the periodic one. */
  async start(): Promise<void> {
    await this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One pass; errors are logged (the next pass retries). Passes never overlap. */
  sweep(): Promise<void> {
    this.sweeping ??= this.pass()
      .catch((e: Error) => this.log.warn({ err: e.message }, 'retrain recovery sweep failed; retrying on the next one'))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async pass(): Promise<void> {
    for (const job of await this.jobs.failDead()) {
      this.log.warn({ id: job.id, error: job.error }, 'retrain interrupted: its process died; marked FAILED');
    }
    for (const job of await this.jobs.waitingQueued()) {
      if ((await this.queue.holds(job.id)) !== false) continue;
      await this.queue.enqueue(job);
      this.log.warn({ id: job.id }, 'queued retrain missing from the job queue; queued again');
    }
  }
}
