import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { raw, sql } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { inTransaction } from '../../../platform/db/transaction';
import { RetrainJobEntity, RetrainJobStatus, RetrainPhase, type RetrainTrigger } from '../entities';
import type { RetrainJob } from '../types';
import { toRetrainJob } from './mappers';

/** Heartbeats a running retrain may miss before its process counts as dead. */
export const MISSED_HEARTBEATS = 3;

const PENDING = [RetrainJobStatus.QUEUED, RetrainJobStatus.RUNNING];

/** A raw row of `returning *`. */
type Row = Record<string, unknown>;

/** Names this process on the retrain_job it runs; random, so a restarted container with the same pid is another owner. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** now() minus `ms` milliseconds, in SQL: the database's clock decides staleness. */
const msAgo = (ms: number) => raw<RetrainJobEntity, Date>(`now() - (? * interval '1 millisecond')`, [ms]);

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
 * State changes are single conditional statements (update/insert ... returning), so two processes
 * never both win one.
 */
export class RetrainJobs {
  constructor(
    private readonly em: () => EntityManager,
    private readonly options: RetrainJobsOptions,
  ) {}

  async get(id: string): Promise<RetrainJob | null> {
    const job = await this.em().findOne(RetrainJobEntity, { id });
    return job && toRetrainJob(job);
  }

  async list(limit: number, before: string | null = null): Promise<RetrainJob[]> {
    const where = before === null ? {} : { id: { $lt: before } };
    return (await this.em().find(RetrainJobEntity, where, { orderBy: { id: 'desc' }, limit })).map(toRetrainJob);
  }

  async any(): Promise<boolean> {
    return (await this.em().count(RetrainJobEntity)) > 0;
  }

  async pending(em = this.em()): Promise<RetrainJob | null> {
    const job = await em.findOne(RetrainJobEntity, { status: { $in: PENDING } });
    return job && toRetrainJob(job);
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
    return inTransaction(this.em(), async (em) => {
      // ON CONFLICT waits for a concurrent insert of another process and then yields to it.
      const rows = await em
        .createQueryBuilder(RetrainJobEntity)
        .insert({ status: RetrainJobStatus.QUEUED, trigger, days })
        .onConflict()
        .ignore()
        .returning('*')
        .execute<Row[]>('all', false);
      const [job] = asJobs(em, rows);
      if (!job) return { job: (await this.pending(em))!, created: false };
      await enqueue(job);
      return { job, created: true };
    });
  }

  /** QUEUED -> RUNNING for a queued job; null when it is not (any longer) queued. */
  async start(id: string): Promise<RetrainJob | null> {
    const em = this.em();
    const rows = await em
      .createQueryBuilder(RetrainJobEntity)
      .update({ status: RetrainJobStatus.RUNNING, phase: RetrainPhase.READING, startedAt: sql.now(), owner: this.options.owner, heartbeatAt: sql.now() })
      .where({ id, status: RetrainJobStatus.QUEUED })
      .returning('*')
      .execute<Row[]>('all', false);
    return asJobs(em, rows)[0] ?? null;
  }

  /** A RUNNING job of its own (scheduled runs); null when another job is queued or running. */
  async startNew(days: number, trigger: RetrainTrigger): Promise<RetrainJob | null> {
    await this.abandonStale();
    const em = this.em();
    const rows = await em
      .createQueryBuilder(RetrainJobEntity)
      .insert({ status: RetrainJobStatus.RUNNING, phase: RetrainPhase.READING, trigger, days, startedAt: sql.now(), owner: this.options.owner, heartbeatAt: sql.now() })
      .onConflict()
      .ignore()
      .returning('*')
      .execute<Row[]>('all', false);
    return asJobs(em, rows)[0] ?? null;
  }

  /** Renews a running job's heartbeat (only while this process still owns it). */
  async heartbeat(id: string): Promise<void> {
    await this.em().nativeUpdate(RetrainJobEntity, { id, owner: this.options.owner, status: RetrainJobStatus.RUNNING }, { heartbeatAt: sql.now() });
  }

  /** Records how far a running job of this process is (the database trigger announces it). */
  async progress(id: string, phase: RetrainPhase, progress: number): Promise<void> {
    await this.em().nativeUpdate(RetrainJobEntity, { id, owner: this.options.owner, status: RetrainJobStatus.RUNNING }, { phase, progress });
  }

  /**
   * RUNNING jobs of another process whose heartbeat stopped (MISSED_HEARTBEATS intervals): that process
   * died, so they are FAILED and free the pending slot. Not re-run: a training that took its process down
   * would take the next one down too; the schedule or an operator starts the next. Returns them.
   */
  async failDead(): Promise<RetrainJob[]> {
    const em = this.em();
    const rows = await em
      .createQueryBuilder(RetrainJobEntity)
      .update({
        status: RetrainJobStatus.FAILED,
        finishedAt: sql.now(),
        error: raw<RetrainJobEntity, string>(`'interrupted: the process running it (' || owner || ') stopped reporting at ' || heartbeat_at || '; queue a new retrain'`),
      })
      .where({
        status: RetrainJobStatus.RUNNING,
        owner: { $ne: null, $nin: [this.options.owner] },
        heartbeatAt: { $lt: msAgo(this.options.heartbeatMs * MISSED_HEARTBEATS) },
      })
      .returning('*')
      .execute<Row[]>('all', false);
    return asJobs(em, rows);
  }

  /** QUEUED jobs waiting longer than MISSED_HEARTBEATS heartbeat intervals (whose queue entry may have vanished). */
  async waitingQueued(): Promise<RetrainJob[]> {
    const jobs = await this.em().find(RetrainJobEntity, {
      status: RetrainJobStatus.QUEUED,
      queuedAt: { $lt: msAgo(this.options.heartbeatMs * MISSED_HEARTBEATS) },
    });
    return jobs.map(toRetrainJob);
  }

  async succeed(id: string, modelVersion: number): Promise<void> {
    await this.finish(id, RetrainJobStatus.SUCCEEDED, { modelVersion, phase: RetrainPhase.DONE, progress: 1 });
  }

  /** Trained and stored as `modelVersion`, but the promotion gate kept the live version. */
  async reject(id: string, modelVersion: number, reason: string): Promise<void> {
    await this.finish(id, RetrainJobStatus.REJECTED, { modelVersion, rejectionReason: reason, phase: RetrainPhase.DONE, progress: 1 });
  }

  async fail(id: string, error: string): Promise<void> {
    await this.finish(id, RetrainJobStatus.FAILED, { error: error.slice(0, 2000) });
  }

  private async finish(
    id: string,
    status: RetrainJobStatus,
    result: { error?: string; modelVersion?: number; rejectionReason?: string; phase?: RetrainPhase; progress?: number },
  ): Promise<void> {
    await this.em().nativeUpdate(
      RetrainJobEntity,
      { id },
      {
        status,
        finishedAt: sql.now(),
        error: result.error ?? null,
        modelVersion: result.modelVersion ?? null,
        rejectionReason: result.rejectionReason ?? null,
        ...(result.phase && { phase: result.phase, progress: result.progress }),
      },
    );
  }

  /** A job whose process died holds the pending slot: failDead frees it soon, and past staleAfterMs any job is FAILED. */
  private async abandonStale(): Promise<void> {
    await this.failDead();
    const ms = this.options.staleAfterMs;
    await this.em()
      .createQueryBuilder(RetrainJobEntity)
      .update({
        status: RetrainJobStatus.FAILED,
        finishedAt: sql.now(),
        error: raw<RetrainJobEntity, string>(`'abandoned: no result within ' || ? || ' ms (the process running it may have stopped)'`, [ms]),
      })
      .where({ status: { $in: PENDING }, [raw<RetrainJobEntity, string>('coalesce(started_at, queued_at)')]: { $lt: msAgo(ms) } })
      .execute('run');
  }
}

/** The rows an insert or update ... returning * wrote, as jobs. */
function asJobs(em: EntityManager, rows: Row[]): RetrainJob[] {
  return rows.map((row) => toRetrainJob(em.map(RetrainJobEntity, row)));
}
