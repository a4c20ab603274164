import type { RetrainJob } from '../types';

/** What the queue hands over: a queued retrain_job by id, or a run of the repeating schedule. */
export type RetrainRequest = { kind: 'queued'; retrainJobId: string } | { kind: 'scheduled'; days: number };

/** The repeating retrain, as the queue stores it. */
export interface StoredSchedule {
  cron: string;
  timeZone: string;
  days: number;
  nextRunAt: Date | null;
}

export type RetrainHandler = (request: RetrainRequest) => Promise<void>;

/**
 * Where retrains wait for their turn: the repeating schedule and the on-demand runs, handed to one
 * process at a time. Agenda on MongoDB fulfils it (AgendaJobQueue).
 */
export interface JobQueue {
  /**
   * Connects (waiting as long as it takes), registers the schedule and starts handing due runs to
   * `handler`; then calls onReady. stop() waits for a start-up in progress.
   */
  start(handler: RetrainHandler, onReady: () => Promise<void>): Promise<void>;
  /** Hands a queued retrain_job to the queue; SERVICE_UNAVAILABLE when the queue cannot take it. */
  enqueue(job: RetrainJob): Promise<void>;
  /** Whether the queue still holds a queued retrain_job (waiting or running); null when unknown (queue unreachable). */
  holds(retrainJobId: string): Promise<boolean | null>;
  /** The repeating schedule; null when there is none or it is unknown (queue unreachable). */
  schedule(): Promise<StoredSchedule | null>;
  stop(): Promise<void>;
}
