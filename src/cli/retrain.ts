import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../config';
import { initOrm } from '../db/orm';
import { createLogger } from '../logger';
import { RetrainTrigger } from '../models/entities';
import { ModelStore } from '../models/model-store';
import { Trainer } from '../models/trainer';
import { RetrainJobs } from '../scheduler/retrain-jobs';

// Trains once and exits 0 (a new active model) or 1 (failure, or another retrain in progress):
// what a Kubernetes CronJob runs instead of the in-process schedule. API processes pick the new
// version up through LISTEN/NOTIFY. Usage: npm run retrain -- --days 30
async function main(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const { values } = parseArgs({ options: { days: { type: 'string', default: String(config.retrainDays) } } });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    log.error(`--days must be an integer from 1 to 3650 (got "${values.days}")`);
    return 1;
  }
  const orm = await initOrm({ databaseUrl: config.databaseUrl, connectTimeoutMs: config.dbConnectTimeoutMs });
  try {
    const em = () => orm.em.fork() as EntityManager;
    const jobs = new RetrainJobs(em, config.retrainTimeoutMs);
    const job = await jobs.startNew(days, RetrainTrigger.CLI);
    if (!job) {
      log.error('another retrain is queued or running; not starting a second one');
      return 1;
    }
    const trainer = new Trainer(em, new ModelStore(em), {
      recommender: { neighbours: config.neighbours, halfLifeDays: config.halfLifeDays },
      inWorker: existsSync(join(__dirname, '../models/train-worker.js')),
    });
    try {
      const version = await trainer.run(days, RetrainTrigger.CLI);
      await jobs.succeed(job.id, version.version);
      log.info({ job: job.id, ...version }, 'model trained and active');
      return 0;
    } catch (e) {
      await jobs.fail(job.id, (e as Error).message);
      log.error({ job: job.id, err: (e as Error).message }, 'retrain failed; the active model is unchanged');
      return 1;
    }
  } finally {
    await orm.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
