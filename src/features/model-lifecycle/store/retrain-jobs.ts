import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RetrainJobStatus, RetrainTrigger } from '../entities';
import type { RetrainJob } from '../types';

const COLUMNS = `id::text as "id", status, trigger, days, queued_at as "queuedAt", started_at as "startedAt",
  finished_at as "finishedAt", error, model_version as "modelVersion", rejection_reason as "rejectionReason",
  heartbeat_at as "heartbeatAt"`;

/** Heartbeats a running retrain may miss before its process counts as dead. */
export const MISSED_HEARTBEATS = 3;

/** Names this process on the retrain_job it runs; random, so a restarted container with the same pid is another owner. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export interface RetrainJobsOptions {
  /** RETRAIN_TIMEOUT_MS: a job queued or running longer is FAILED whatever its heartbeat. */
  staleAfterMs: number;
  /** RETRAIN_HEARTBEAT_MS: how often the owner renews heartbeat_at while training. */
  heartbeatMs: number;
  /** This process (see newOwnerId). */
  owner: string;
}

/**
 * The record of every retrain in PostgreSQL (stable ids, readable while MongoDB is down). A partial
 * unique index allows one QUEUED or RUNNING job at a time across all processes. A RUNNING job names
 * its owner process, which renews a heartbeat; a job whose heartbeat stops is FAILED by any process.
 */
export class RetrainJobs {
  constructor(
    private readonly em: () => EntityManager,
    private readonly options: RetrainJobsOptions,
  ) {}

  async get(id: string): Promise<RetrainJob | null> {
    const [row]: RetrainJob[] = await this.em().execute(`select ${COLUMNS} from retrain_job where id = ?`, [id]);
    return row ?? null;
  }

  async list(limit: number): Promise<RetrainJob[]> {
    return this.em().execute(`select ${COLUMNS} from retrain_job order by id desc limit ?`, [limit]);
  }

  async any(): Promise<boolean> {
    const [row] = await this.em().execute(`select exists (select 1 from retrain_job) as "any"`);
    return row.any as boolean;
  }

  async pending(em = this.em()): Promise<RetrainJob | null> {
    const [row]: RetrainJob[] = await em.execute(`select ${COLUMNS} from retrain_job where status in ('QUEUED', 'RUNNING')`);
    return row ?? null;
  }

  /**
   * Queues a job unless one is already queued or running (that one is returned instead, with
   * created=false). `enqueue` hands it to the scheduler inside the same transaction: if that throws,
   * nothing is written.
   */
  async queue(
    days: number,
    trigger: RetrainTrigger,
    enqueue: (job: RetrainJob) => Promise<void>,
  ): Promise<{ job: RetrainJob; created: boolean }> {
    await this.abandonStale();
    return this.em().transactional(async (em) => {
      // ON CONFLICT waits for a concurrent insert of another process and then yields to it.
      const [job]: RetrainJob[] = await em.execute(
        `insert into retrain_job (status, trigger, days) values ('QUEUED', ?, ?) on conflict do nothing returning ${COLUMNS}`,
        [trigger, days],
      );
      if (!job) return { job: (await this.pending(em))!, created: false };
      await enqueue(job);
      return { job, created: true };
    });
  }

  /** QUEUED -> RUNNING for a queued job; null when it is not (any longer) queued. */
  async start(id: string): Promise<RetrainJob | null> {
    const [row]: RetrainJob[] = await this.em().execute(
      `update retrain_job set status = 'RUNNING', started_at = now(), owner = ?, heartbeat_at = now()
       where id = ? and status = 'QUEUED' returning ${COLUMNS}`,
      [this.options.owner, id],
    );
    return row ?? null;
  }

  /** A RUNNING job of its own (scheduled runs); null when another job is queued or running. */
  async startNew(days: number, trigger: RetrainTrigger): Promise<RetrainJob | null> {
    await this.abandonStale();
    const [row]: RetrainJob[] = await this.em().execute(
      `insert into retrain_job (status, trigger, days, started_at, owner, heartbeat_at) values ('RUNNING', ?, ?, now(), ?, now())
       on conflict do nothing returning ${COLUMNS}`,
      [trigger, days, this.options.owner],
    );
    return row ?? null;
  }

  /** Renews a running job's heartbeat (only while this process still owns it). */
  async heartbeat(id: string): Promise<void> {
    await this.em().execute(
      `update retrain_job set heartbeat_at = now() where id = ? and owner = ? and status = 'RUNNING'`,
      [id, this.options.owner],
    );
  }

  /**
   * RUNNING jobs of another process whose heartbeat stopped (MISSED_HEARTBEATS intervals): that process
   * died, so they are FAILED and free the pending slot. Not re-run: a training that took its process down
   * would take the next one down too; the schedule or an operator starts the next. Returns them.
   */
  async failDead(): Promise<RetrainJob[]> {
    return this.em().execute(
      `update retrain_job set status = 'FAILED', finished_at = now(),
         error = 'interrupted: the process running it (' || owner || ') stopped reporting at ' || heartbeat_at || '; queue a new retrain'
       where status = 'RUNNING' and owner is not null and owner <> ?
         and heartbeat_at < now() - (? * interval '1 millisecond')
       returning ${COLUMNS}`,
      [this.options.owner, this.options.heartbeatMs * MISSED_HEARTBEATS],
    );
  }

  /** QUEUED jobs waiting longer than MISSED_HEARTBEATS heartbeat intervals (whose queue entry may have vanished). */
  async waitingQueued(): Promise<RetrainJob[]> {
    return this.em().execute(
      `select ${COLUMNS} from retrain_job where status = 'QUEUED' and queued_at < now() - (? * interval '1 millisecond')`,
      [this.options.heartbeatMs * MISSED_HEARTBEATS],
    );
  }

  async succeed(id: string, modelVersion: number): Promise<void> {
    await this.finish(id, RetrainJobStatus.SUCCEEDED, { modelVersion });
  }

  /** Trained and stored as `modelVersion`, but the promotion gate kept the live version. */
  async reject(id: string, modelVersion: number, reason: string): Promise<void> {
    await this.finish(id, RetrainJobStatus.REJECTED, { modelVersion, rejectionReason: reason });
  }

  async fail(id: string, error: string): Promise<void> {
    await this.finish(id, RetrainJobStatus.FAILED, { error: error.slice(0, 2000) });
  }

  private async finish(
    id: string,
    status: RetrainJobStatus,
    result: { error?: string; modelVersion?: number; rejectionReason?: string },
  ): Promise<void> {
    await this.em().execute(
      `update retrain_job set status = ?, finished_at = now(), error = ?, model_version = ?, rejection_reason = ? where id = ?`,
      [status, result.error ?? null, result.modelVersion ?? null, result.rejectionReason ?? null, id],
    );
  }

  /** A job whose process died holds the pending slot: failDead frees it soon, and past staleAfterMs any job is FAILED. */
  private async abandonStale(): Promise<void> {
    await this.failDead();
    await this.em().execute(
      `update retrain_job set status = 'FAILED', finished_at = now(),
         error = 'abandoned: no result within ' || ? || ' ms (the process running it may have stopped)'
       where status in ('QUEUED', 'RUNNING') and coalesce(started_at, queued_at) < now() - (? * interval '1 millisecond')`,
      [this.options.staleAfterMs, this.options.staleAfterMs],
    );
  }
}
