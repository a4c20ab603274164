import type { ModelVersionEntity, RetrainJobEntity, RetrainJobStatus, RetrainPhase, RetrainTrigger } from '../entities';
import type { ModelVersionInfo, RetrainJob } from '../types';

// The one mapping of each model-lifecycle entity to the type the services and GraphQL use.

export function toModelVersionInfo(v: ModelVersionEntity): ModelVersionInfo {
  return {
    version: v.version,
    kind: v.kind,
    status: v.status,
    trigger: v.trigger,
    trainedAt: v.trainedAt,
    windowDays: v.windowDays,
    numProducts: v.numProducts,
    numUsers: v.numUsers,
    numInteractions: v.numInteractions,
    trainingDurationMs: v.trainingDurationMs,
    evaluation: v.evaluation,
    evaluationSkippedReason: v.evaluationSkippedReason,
    promotionReason: v.promotionReason,
    rejectionReason: v.rejectionReason,
    artifactPrunedAt: v.artifactPrunedAt,
  };
}

export function toRetrainJob(j: RetrainJobEntity): RetrainJob {
  return {
    id: j.id,
    status: j.status,
    trigger: j.trigger,
    days: j.days,
    queuedAt: j.queuedAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    error: j.error,
    modelVersion: j.modelVersion,
    rejectionReason: j.rejectionReason,
    heartbeatAt: j.heartbeatAt,
    phase: j.phase,
    progress: j.progress,
  };
}

/** A retrain_job row as the database trigger's notification carries it (JSON, column names). */
interface NotifiedJob {
  id: string;
  status: RetrainJobStatus;
  trigger: RetrainTrigger;
  days: number;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  model_version: number | null;
  rejection_reason: string | null;
  heartbeat_at: string | null;
  phase: RetrainPhase;
  progress: number;
}

const dateOrNull = (s: string | null) => (s === null ? null : new Date(s));

export function retrainJobFromNotification(payload: string): RetrainJob {
  const r = JSON.parse(payload) as NotifiedJob;
  return {
    id: r.id,
    status: r.status,
    trigger: r.trigger,
    days: r.days,
    queuedAt: new Date(r.queued_at),
    startedAt: dateOrNull(r.started_at),
    finishedAt: dateOrNull(r.finished_at),
    error: r.error,
    modelVersion: r.model_version,
    rejectionReason: r.rejection_reason,
    heartbeatAt: dateOrNull(r.heartbeat_at),
    phase: r.phase,
    progress: r.progress,
  };
}
