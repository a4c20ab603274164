import type { ModelVersionEntity, RetrainJobEntity } from '../entities';
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
  };
}
