import type { Logger } from '../../platform/logger';
import { ModelVersionStatus, RetrainTrigger } from './entities';
import { promotionDecision } from './promotion-gate';
import type { RetrainRequest } from './queue/job-queue';
import { ProgressWriter } from './retrain-progress';
import type { ModelStore } from './store/model-store';
import type { RetrainJobs } from './store/retrain-jobs';
import { PHASE_START, type Trainer } from './trainer/trainer';
import { RetrainPhase, type ModelVersionInfo, type RetrainJob } from './types';

export interface RetrainRunnerOptions {
  /** PROMOTION_TOLERANCE: how far (relative) NDCG@10 may fall below the live version's. */
  promotionTolerance: number;
  /** RETRAIN_HEARTBEAT_MS: how often the job's heartbeat is renewed while it trains. */
  heartbeatMs: number;
  /** MODEL_RETENTION: artifacts of the newest this many versions (and the live one) are kept. */
  retention: number;
  /** Called once a new version is ACTIVE, before the job reads SUCCEEDED (the API: serve it first). */
  onPromoted?: () => Promise<void>;
}

/**
 * One retrain from start to end, whoever asked (the job queue or the retrain CLI): train and evaluate,
 * let the promotion gate decide against the live version, store the version (ACTIVE or REJECTED), prune
 * artifacts beyond the retention, and record the outcome on the retrain_job. A failure is recorded and
 * the live version stays. While it runs, the job's heartbeat tells other processes this one is alive.
 */
export class RetrainRunner {
  constructor(
    private readonly jobs: RetrainJobs,
    private readonly trainer: Trainer,
    private readonly store: ModelStore,
    private readonly options: RetrainRunnerOptions,
    private readonly log: Logger,
  ) {}

  /** What the job queue hands over: claims the retrain_job (or starts one for the schedule) and runs it. */
  async handle(request: RetrainRequest): Promise<void> {
    const job = request.kind === 'queued'
      ? await this.jobs.start(request.retrainJobId)
      : await this.jobs.startNew(request.days, RetrainTrigger.SCHEDULED);
    if (!job) {
      this.log.info({ request }, 'retrain skipped: already handled, or another retrain is queued or running');
      return;
    }
    await this.run(job);
  }

  /** A retrain of its own, run here and now (the CLI); null when another retrain is queued or running. */
  async runNew(days: number, trigger: RetrainTrigger): Promise<{ job: RetrainJob; version: ModelVersionInfo } | null> {
    const job = await this.jobs.startNew(days, trigger);
    return job && { job, version: await this.run(job) };
  }

  /** Runs a RUNNING retrain_job to its end; returns the stored version (ACTIVE or REJECTED), throws on failure. */
  async run(job: RetrainJob): Promise<ModelVersionInfo> {
    const heartbeat = setInterval(
      () => void this.jobs.heartbeat(job.id).catch((e: Error) => this.log.warn({ id: job.id, err: e.message }, 'retrain heartbeat failed')),
      this.options.heartbeatMs,
    );
    const progress = new ProgressWriter((phase, fraction) => this.jobs.progress(job.id, phase, fraction), this.log);
    try {
      const trained = await this.trainer.train(job.days, job.trigger, progress.report);
      this.log.info({ id: job.id, ms: trained.version.trainingDurationMs, artifactBytes: trained.artifact.length }, 'retrain trained; storing the version');
      progress.report(RetrainPhase.STORING, PHASE_START.STORING);
      const version = await this.store.add(trained.version, trained.artifact, (live) =>
        promotionDecision(trained.version.evaluation, live, this.options.promotionTolerance),
      );
      await this.prune();
      await progress.settled();
      const logged = { id: job.id, version: version.version, ms: version.trainingDurationMs, ndcgAt10: version.evaluation?.ndcgAt10 };
      if (version.status === ModelVersionStatus.REJECTED) {
        await this.jobs.reject(job.id, version.version, version.rejectionReason!);
        this.log.warn({ ...logged, reason: version.rejectionReason }, 'retrained model rejected by the promotion gate; the live version stays');
      } else {
        await this.options.onPromoted?.();
        await this.jobs.succeed(job.id, version.version);
        this.log.info({ ...logged, reason: version.promotionReason }, 'retrain succeeded; the new version is live');
      }
      return version;
    } catch (e) {
      const message = (e as Error).message;
      await progress.settled();
      await this.jobs.fail(job.id, message);
      this.log.error({ id: job.id, err: message }, 'retrain failed; the active model is unchanged');
      throw e;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** A failed prune is only logged: the new version is stored, and the next training prunes again. */
  private async prune(): Promise<void> {
    try {
      const pruned = await this.store.pruneArtifacts(this.options.retention);
      if (pruned.length) this.log.info({ versions: pruned, retention: this.options.retention }, 'model artifacts pruned');
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'pruning model artifacts failed');
    }
  }
}
