import type { Logger } from '../logger';
import type { RetrainJobs } from '../scheduler/retrain-jobs';
import type { RetrainScheduler } from '../scheduler/scheduler';
import type { ActiveModel } from './active-model';
import { RetrainTrigger } from './entities';
import type { ModelStore } from './model-store';
import type { Trainer } from './trainer';
import type { RetrainJob } from './types';

/** Ties a retrain_job to a training run and the model swap, whatever queued it. */
export class Retraining {
  constructor(
    private readonly jobs: RetrainJobs,
    private readonly trainer: Trainer,
    private readonly store: ModelStore,
    private readonly active: ActiveModel,
    private readonly scheduler: RetrainScheduler,
    private readonly log: Logger,
  ) {}

  /** Queues a retrain, or returns the one already queued or running. */
  async request(days: number, trigger: RetrainTrigger): Promise<RetrainJob> {
    const { job, created } = await this.jobs.queue(days, trigger, (j) => this.scheduler.enqueue(j));
    if (created) this.log.info({ id: job.id, days, trigger }, 'retrain queued');
    return job;
  }

  /** Runs a RUNNING retrain_job to its end. A failure is recorded and the serving model stays as it was. */
  async run(job: RetrainJob): Promise<void> {
    try {
      const version = await this.trainer.run(job.days, job.trigger);
      await this.active.refresh(); // this process serves it before the job reads SUCCEEDED
      await this.jobs.succeed(job.id, version.version);
      this.log.info({ id: job.id, version: version.version, ms: version.trainingDurationMs }, 'retrain succeeded');
    } catch (e) {
      const message = (e as Error).message;
      await this.jobs.fail(job.id, message);
      this.log.error({ id: job.id, err: message }, 'retrain failed; the active model is unchanged');
      throw e;
    }
  }

  /**
   * The first process to start on an empty model store queues one STARTUP training. Once any retrain
   * has been recorded, later starts leave it to the schedule or an operator: replicas restarting over
   * an empty shop would otherwise each record another failed training.
   */
  async ensureModel(days: number): Promise<void> {
    if (this.active.get() || (await this.store.active()) || (await this.jobs.any())) return;
    await this.request(days, RetrainTrigger.STARTUP);
  }
}
