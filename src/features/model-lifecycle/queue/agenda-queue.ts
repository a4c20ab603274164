import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { unavailable } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import type { RetrainJob } from '../types';
import type { JobQueue, RetrainHandler, StoredSchedule } from './job-queue';
import type { MongoConnection } from './mongo-connection';

export const RETRAIN_JOB = 'retrain-model';
const JOBS_COLLECTION = 'agendaJobs';

interface RetrainJobData {
  /** Set for queued runs (manual, startup); absent for the repeating schedule. */
  retrainJobId?: string;
  days?: number;
}

export interface AgendaQueueOptions {
  /** null: no repeating schedule (any stored one is removed); queued retrains still run. */
  cron: string | null;
  days: number;
  pollMs: number;
  lockLifetimeMs: number;
}

/**
 * The job queue on Agenda and MongoDB: the daily schedule and the queue of retrains. Agenda's lock
 * (with concurrency 1) keeps one process on a given job; the retrain_job table's one-pending rule keeps
 * the schedule and a queued run from overlapping. Agenda starts once MongoDB answers, and the driver
 * reconnects by itself.
 */
export class AgendaJobQueue implements JobQueue {
  private agenda?: Agenda;
  private starting?: Promise<void>;
  private connected = false;
  private stopped = false;

  constructor(
    private readonly mongo: MongoConnection,
    private readonly options: AgendaQueueOptions,
    private readonly log: Logger,
  ) {}

  /**
   * Starts once MongoDB answers (waiting as long as it takes), then calls onReady. Resolves when both
   * are done; stop() waits for an start-up in progress so nothing is left touching MongoDB.
   */
  start(handler: RetrainHandler, onReady: () => Promise<void>): Promise<void> {
    this.starting ??= this.mongo.whenConnected().then(async () => {
      this.connected = true;
      await this.startAgenda(handler);
      if (this.agenda && !this.stopped) await onReady();
    });
    return this.starting;
  }

  /** Hands a queued retrain_job to Agenda; SERVICE_UNAVAILABLE while MongoDB is down. */
  async enqueue(job: RetrainJob): Promise<void> {
    if (!this.agenda) throw unavailable('MongoDB', 'the retrain queue is not connected');
    try {
      await this.agenda.now<RetrainJobData>(RETRAIN_JOB, { retrainJobId: job.id });
    } catch (e) {
      throw unavailable('MongoDB', (e as Error).message);
    }
  }

  /** A document for the job that is due (nextRunAt) or locked by a process; a finished or failed one has neither. */
  async holds(retrainJobId: string): Promise<boolean | null> {
    if (!this.agenda) return null;
    try {
      const doc = await this.mongo.db.collection(JOBS_COLLECTION).findOne(
        { name: RETRAIN_JOB, 'data.retrainJobId': retrainJobId, $or: [{ nextRunAt: { $ne: null } }, { lockedAt: { $ne: null } }] },
        { projection: { _id: 1 }, maxTimeMS: 2000 },
      );
      return doc !== null;
    } catch {
      return null;
    }
  }

  /** The repeating schedule as Agenda stored it; null when there is none or it is unknown (e.g. MongoDB down). */
  async schedule(): Promise<StoredSchedule | null> {
    if (!this.agenda) return null;
    try {
      const doc = await this.mongo.db
        .collection(JOBS_COLLECTION)
        .findOne(
          { name: RETRAIN_JOB, type: 'single' },
          { projection: { nextRunAt: 1, repeatInterval: 1, repeatTimezone: 1, data: 1 }, maxTimeMS: 2000 },
        );
      if (!doc || typeof doc.repeatInterval !== 'string') return null;
      return {
        cron: doc.repeatInterval,
        timeZone: typeof doc.repeatTimezone === 'string' ? doc.repeatTimezone : 'UTC',
        days: (doc.data as RetrainJobData | undefined)?.days ?? this.options.days,
        nextRunAt: (doc.nextRunAt as Date | null | undefined) ?? null,
      };
    } catch {
      return null;
    }
  }

  /**
   * Processes registering at the same moment can each insert the 'single' schedule document (the upsert
   * is not atomic on FerretDB), and each document would fire: keep the oldest. Every process does this
   * after its own upsert, so the last one to insert always sees, and removes, the extra ones.
   */
  private async dropDuplicateSchedules(): Promise<void> {
    const jobs = this.mongo.db.collection(JOBS_COLLECTION);
    const docs = await jobs.find({ name: RETRAIN_JOB, type: 'single' }, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray();
    if (docs.length > 1) await jobs.deleteMany({ _id: { $in: docs.slice(1).map((d) => d._id) } });
  }

  /** Stops polling; running jobs are unlocked so another process can take them. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.connected) await this.starting?.catch(() => undefined);
    await this.agenda?.stop();
  }

  private async startAgenda(handler: RetrainHandler): Promise<void> {
    if (this.stopped) return;
    const { cron, days, pollMs, lockLifetimeMs } = this.options;
    const agenda = new Agenda({
      backend: new MongoBackend({ mongo: this.mongo.db, collection: JOBS_COLLECTION }),
      name: `recs-api-${process.pid}`,
      processEvery: pollMs,
      maxConcurrency: 1,
      defaultConcurrency: 1,
      lockLimit: 1,
      defaultLockLimit: 1,
      defaultLockLifetime: lockLifetimeMs,
    });
    // Without a listener an 'error' event (MongoDB gone mid-poll) would crash the process.
    agenda.on('error', (e: Error) => this.log.warn({ err: e.message }, 'scheduler: MongoDB error; retrying on the next poll'));
    agenda.define<RetrainJobData>(RETRAIN_JOB, (job) => this.handle(job, handler), { concurrency: 1, lockLimit: 1, lockLifetime: lockLifetimeMs });
    await agenda.start();
    if (this.stopped) {
      await agenda.stop();
      return;
    }
    if (cron) {
      // type 'single': one schedule document however many processes register it.
      await agenda.every(cron, RETRAIN_JOB, { days } satisfies RetrainJobData, { timezone: 'UTC', skipImmediate: true });
      await this.dropDuplicateSchedules();
      this.log.info({ cron, days }, 'retrain schedule registered (UTC)');
    } else {
      // Only the repeating document: queued manual runs stay (Agenda's cancel() cannot tell them apart).
      await this.mongo.db.collection(JOBS_COLLECTION).deleteMany({ name: RETRAIN_JOB, type: 'single' });
      this.log.info('no in-process retrain schedule (RETRAIN_SCHEDULE_ENABLED=false)');
    }
    this.agenda = agenda;
  }

  private async handle(job: Job<RetrainJobData>, handler: RetrainHandler): Promise<void> {
    const data = job.attrs.data ?? {};
    // Renew the lock while training, so Agenda neither kills the run nor hands it to another process.
    const keepAlive = setInterval(() => void job.touch().catch(() => undefined), this.options.lockLifetimeMs / 3);
    try {
      await handler(
        data.retrainJobId
          ? { kind: 'queued', retrainJobId: data.retrainJobId }
          : { kind: 'scheduled', days: data.days ?? this.options.days },
      );
    } finally {
      clearInterval(keepAlive);
    }
  }
}
