import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../platform/config';
import type { Orm } from '../../platform/db/orm';
import type { EventBus } from '../../platform/events/pubsub';
import type { Logger } from '../../platform/logger';
import { TrainingDataReader } from '../training';
import { ModelLifecycleService } from './model-lifecycle.service';
import { AgendaJobQueue } from './queue/agenda-queue';
import type { JobQueue } from './queue/job-queue';
import type { MongoConnection } from './queue/mongo-connection';
import { RetrainRecovery } from './retrain-recovery';
import { RetrainRunner } from './retrain-runner';
import { ActiveModel } from './serving/active-model';
import { createModelLoader } from './serving/model-loader';
import { ModelStore } from './store/model-store';
import { newOwnerId, RetrainJobs } from './store/retrain-jobs';
import { RetrainJobFeed } from './store/retrain-job-feed';
import { Trainer } from './trainer/trainer';

/** This process's retrain_job records (RUNNING ones name it as their owner). */
function retrainJobs(config: Config, em: () => EntityManager, owner: string): RetrainJobs {
  return new RetrainJobs(em, { staleAfterMs: config.retrainTimeoutMs, heartbeatMs: config.retrainHeartbeatMs, owner });
}

/** The one retrain code path, for the API's job queue and for the retrain CLI alike. */
export function createRetrainRunner(
  config: Config,
  em: () => EntityManager,
  log: Logger,
  onPromoted?: () => Promise<void>,
  owner = newOwnerId(),
): RetrainRunner {
  return new RetrainRunner(
    retrainJobs(config, em, owner),
    new Trainer(em, { neighbours: config.neighbours, halfLifeDays: config.halfLifeDays }),
    new ModelStore(em),
    { promotionTolerance: config.promotionTolerance, heartbeatMs: config.retrainHeartbeatMs, retention: config.modelRetention, onPromoted },
    log,
  );
}

/** The process-wide pieces of the model lifecycle in an API process, built once and started by the server. */
export function createModelLifecycle(config: Config, orm: Orm, events: EventBus, mongo: MongoConnection, log: Logger) {
  const em = () => orm.em.fork();
  const store = new ModelStore(em);
  const activeModel = new ActiveModel(store, createModelLoader(store, config.databaseUrl), events, log, config.databaseUrl, config.modelPollIntervalMs);
  const owner = newOwnerId();
  // this process serves a new version before its job reads SUCCEEDED
  const runner = createRetrainRunner(config, em, log, () => activeModel.refresh(), owner);
  const queue: JobQueue = new AgendaJobQueue(
    mongo,
    { cron: config.retrainScheduleEnabled ? config.retrainCron : null, days: config.retrainDays, pollMs: config.schedulerPollMs, lockLifetimeMs: config.agendaLockLifetimeMs },
    log,
  );
  const jobs = retrainJobs(config, em, owner);
  const service = new ModelLifecycleService(store, jobs, queue, activeModel, log);
  const recovery = new RetrainRecovery(jobs, queue, config.retrainHeartbeatMs, log);
  const jobFeed = new RetrainJobFeed(events, log, config.databaseUrl);
  let markStartupChecked!: () => void;
  const startupCheck = new Promise<void>((resolve) => (markStartupChecked = resolve));
  const ensureModel = () =>
    service.ensureModel(config.startupRetrainDays, () => new TrainingDataReader(em()).countProducts()).finally(markStartupChecked);

  return {
    activeModel,
    service,
    /** Settles once the job queue is up and the start-up training was queued, or found not needed. */
    startupChecked: startupCheck,
    /**
     * Loads the active model and sweeps retrains a dead process left behind, then starts the job queue
     * in the background (it waits for MongoDB).
     */
    async start() {
      await activeModel.start();
      await jobFeed.start();
      await recovery.start();
      void queue
        .start((request) => runner.handle(request), ensureModel)
        .catch((e: Error) => log.error({ err: e.message }, 'job queue start-up failed'));
    },
    async stop() {
      await recovery.stop();
      await queue.stop();
      await activeModel.stop();
      await jobFeed.stop();
    },
  };
}

export type ModelLifecycle = ReturnType<typeof createModelLifecycle>;
