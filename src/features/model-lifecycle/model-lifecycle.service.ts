import { intInRange, windowDays } from '../../platform/validate';
import { badInput, notFound } from '../../platform/errors';
import { isDbId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { ModelVersionStatus, RetrainTrigger } from './entities';
import type { JobQueue, StoredSchedule } from './queue/job-queue';
import type { ActiveModel } from './serving/active-model';
import type { ModelStore } from './store/model-store';
import type { RetrainJobs } from './store/retrain-jobs';
import { ModelStatus, type ModelInfo, type ModelVersionInfo, type RetrainJob } from './types';

const MAX_VERSION = 2_147_483_647;

/** What the API asks of the model lifecycle: the served model, its versions, retrains and activation. */
export class ModelLifecycleService {
  constructor(
    private readonly store: ModelStore,
    private readonly jobs: RetrainJobs,
    private readonly queue: JobQueue,
    private readonly active: ActiveModel,
    private readonly log: Logger,
  ) {}

  async info(): Promise<ModelInfo> {
    const serving = this.active.get()?.info;
    const nextScheduledRetrainAt = (await this.queue.schedule())?.nextRunAt ?? null;
    if (!serving) {
      return {
        status: ModelStatus.UNTRAINED, version: null, kind: null, trainedAt: null, trigger: null, numProducts: 0,
        numUsers: 0, numInteractions: 0, windowDays: null, trainingDurationMs: null, nextScheduledRetrainAt,
        evaluation: null, evaluationSkippedReason: null, promotionReason: null,
      };
    }
    return { ...serving, status: ModelStatus.TRAINED, nextScheduledRetrainAt };
  }

  /** The repeating retrain as stored in the queue; null when there is none or the queue is unreachable. */
  schedule(): Promise<StoredSchedule | null> {
    return this.queue.schedule();
  }

  /** Newest first; `before` pages on (the last version of the previous page). */
  versions(limit: number, before: number | null): Promise<ModelVersionInfo[]> {
    intInRange(limit, 'limit', 1, 100);
    if (before !== null) intInRange(before, 'before', 1, MAX_VERSION);
    return this.store.list(limit, before);
  }

  /**
   * Makes a stored version (a rejected one, or an older one: a rollback) the active one. Every API
   * process loads it and announces modelRetrained; this one before answering.
   */
  async activate(version: number): Promise<ModelVersionInfo> {
    intInRange(version, 'version', 1, MAX_VERSION);
    const row = await this.store.activate(version);
    if (!row) throw notFound('version', 'model version', String(version));
    if (row.artifactPrunedAt && row.status !== ModelVersionStatus.ACTIVE) {
      throw badInput('version', `version ${version}'s model artifact was pruned (only the newest MODEL_RETENTION versions keep theirs); activate a newer version or retrain`);
    }
    this.log.info({ version }, 'model version activated by hand');
    await this.active.refresh();
    return row;
  }

  /** Queues a retrain, or returns the one already queued or running. */
  async requestRetrain(days: number, trigger: RetrainTrigger): Promise<RetrainJob> {
    windowDays(days, 'days');
    const { job, created } = await this.jobs.queue(days, trigger, (j) => this.queue.enqueue(j));
    if (created) this.log.info({ id: job.id, days, trigger }, 'retrain queued');
    return job;
  }

  job(id: string): Promise<RetrainJob | null> {
    return isDbId(id) ? this.jobs.get(id) : Promise.resolve(null);
  }

  /** Newest first; `before` pages on (the id of the last job of the previous page). */
  retrainJobs(limit: number, before: string | null): Promise<RetrainJob[]> {
    intInRange(limit, 'limit', 1, 100);
    if (before !== null && !isDbId(before)) throw badInput('before', 'before must be the id of a retrain job');
    return this.jobs.list(limit, before);
  }

  /**
   * The first process to start on an empty model store queues one STARTUP training. Once any retrain
   * has been recorded, later starts leave it to the schedule or an operator: replicas restarting over
   * an empty shop would otherwise each record another failed training. An empty catalogue (a fresh
   * database) is not a failure: nothing is queued, and a later start, the schedule or retrainModel
   * trains once products exist.
   */
  async ensureModel(days: number, countProducts: () => Promise<number>): Promise<void> {
    if (this.active.get() || (await this.store.active()) || (await this.jobs.any())) return;
    if ((await countProducts()) === 0) {
      this.log.info('no start-up training: the catalogue has no products yet (upsertProducts, then retrainModel)');
      return;
    }
    await this.requestRetrain(days, RetrainTrigger.STARTUP);
  }
}
