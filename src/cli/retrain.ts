import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { MAX_DAYS, MIN_DAYS } from '../platform/days';
import { initOrm } from '../platform/db/orm';
import { entities } from '../app/entities';
import { createLogger } from '../platform/logger';
import { createRetrainRunner, ModelVersionStatus, RetrainTrigger } from '../features/model-lifecycle';

/** Exit status when the training worked but the promotion gate kept the live version. */
const EXIT_REJECTED = 2;

// Trains once through the same retrain code as the API's job queue, and exits 0 (a new active model),
// 2 (trained and stored, but REJECTED by the promotion gate; the live version stays) or 1 (failure, or
// another retrain in progress): what a Kubernetes CronJob runs instead of the in-process schedule. API
// processes pick a new version up through LISTEN/NOTIFY. Usage: npm run retrain -- --days 30
async function main(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const { values } = parseArgs({ options: { days: { type: 'string', default: String(config.retrainDays) } } });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < MIN_DAYS || days > MAX_DAYS) {
    log.error(`--days must be an integer from ${MIN_DAYS} to ${MAX_DAYS} (got "${values.days}")`);
    return 1;
  }
  const orm = await initOrm({ entities, databaseUrl: config.databaseUrl, connectTimeoutMs: config.dbConnectTimeoutMs });
  try {
    const runner = createRetrainRunner(config, () => orm.em.fork(), log);
    const result = await runner.runNew(days, RetrainTrigger.CLI).catch(() => undefined); // logged and recorded by the runner
    if (result === undefined) return 1;
    if (!result) {
      log.error('another retrain is queued or running; not starting a second one');
      return 1;
    }
    return result.version.status === ModelVersionStatus.REJECTED ? EXIT_REJECTED : 0;
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
