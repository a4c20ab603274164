import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import type { Orm } from '../db/orm';
import type { EventBus } from '../events/pubsub';
import type { Logger } from '../logger';
import type { MongoConnection } from '../scheduler/mongo-connection';
import { RetrainJobs } from '../scheduler/retrain-jobs';
import { RetrainScheduler } from '../scheduler/scheduler';
import { ActiveModel } from './active-model';
import { createModelLoader } from './model-loader';
import { ModelStore } from './model-store';
import { Retraining } from './retraining';
import { Trainer } from './trainer';

/** The process-wide pieces of the retraining loop, built once and started by the server. */
export function createModelServices(config: Config, orm: Orm, events: EventBus, mongo: MongoConnection, log: Logger) {
  const em = () => orm.em.fork() as EntityManager;
  const store = new ModelStore(em);
  const activeModel = new ActiveModel(store, createModelLoader(store, config.databaseUrl), events, log, config.databaseUrl, config.modelPollIntervalMs);
  const retrainJobs = new RetrainJobs(em, config.retrainTimeoutMs);
  const trainer = new Trainer(em, store, {
    recommender: { neighbours: config.neighbours, halfLifeDays: config.halfLifeDays },
    // The worker thread needs the compiled worker; from TypeScript sources (Jest) training runs inline.
    inWorker: existsSync(join(__dirname, 'train-worker.js')),
  });
  const scheduler: RetrainScheduler = new RetrainScheduler(
    mongo,
    retrainJobs,
    (job): Promise<void> => retraining.run(job),
    { cron: config.retrainScheduleEnabled ? config.retrainCron : null, days: config.retrainDays, pollMs: config.schedulerPollMs, lockLifetimeMs: config.agendaLockLifetimeMs },
    log,
  );
  const retraining: Retraining = new Retraining(retrainJobs, trainer, store, activeModel, scheduler, log);

  return {
    store,
    activeModel,
    retrainJobs,
    trainer,
    scheduler,
    retraining,
    /** Loads the active model, then starts the scheduler in the background (it waits for MongoDB). */
    async start() {
      await activeModel.start();
      void scheduler
        .start(() => retraining.ensureModel(config.startupRetrainDays))
        .catch((e: Error) => log.error({ err: e.message }, 'scheduler start-up failed'));
    },
    async stop() {
      await scheduler.stop();
      await activeModel.stop();
    },
  };
}

export type ModelServices = ReturnType<typeof createModelServices>;
