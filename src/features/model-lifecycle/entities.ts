import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, OptionalProps, type Opt } from '@mikro-orm/core';
import type { Evaluation } from '../../recommender';

export enum RetrainTrigger {
  SCHEDULED = 'SCHEDULED',
  MANUAL = 'MANUAL',
  STARTUP = 'STARTUP',
  CLI = 'CLI',
}

export enum RetrainJobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  /** Trained, but the promotion gate kept the live version: `rejectionReason` says why. */
  REJECTED = 'REJECTED',
}

/** Where a retrain is: the steps a RUNNING job goes through, in order (a FAILED one keeps the step it failed in). */
export enum RetrainPhase {
  QUEUED = 'QUEUED',
  READING = 'READING',
  EVALUATING = 'EVALUATING',
  TRAINING = 'TRAINING',
  STORING = 'STORING',
  DONE = 'DONE',
}

export enum ModelVersionStatus {
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
  /** Stored with its artifact (activateModelVersion can still force it) but never served by the gate. */
  REJECTED = 'REJECTED',
}

/**
 * A trained model. Only successful trainings become versions; exactly one is ACTIVE (a partial unique
 * index enforces it), and every API process serves the ACTIVE one. A version the promotion gate
 * turned down is kept as REJECTED.
 */
@Entity({ tableName: 'model_version' })
@Unique({
  name: 'model_version_one_active',
  expression: `create unique index "model_version_one_active" on "model_version" ((true)) where "status" = 'ACTIVE'`,
})
export class ModelVersionEntity {
  /** Assigned by the database (not named id, so MikroORM must be told it is optional on create). */
  [OptionalProps]?: 'version';

  /** The version number clients see. */
  @PrimaryKey({ type: 'integer', autoincrement: true })
  version!: number;

  @Property({ type: 'string', length: 50 })
  kind!: string;

  @Enum({ items: () => ModelVersionStatus, nativeEnumName: 'model_version_status' })
  status!: ModelVersionStatus;

  @Enum({ items: () => RetrainTrigger, nativeEnumName: 'retrain_trigger' })
  trigger!: RetrainTrigger;

  @Property({ type: 'timestamptz' })
  trainedAt!: Date;

  @Property({ type: 'integer' })
  windowDays!: number;

  @Property({ type: 'integer' })
  numProducts!: number;

  @Property({ type: 'integer' })
  numUsers!: number;

  @Property({ type: 'integer' })
  numInteractions!: number;

  @Property({ type: 'integer' })
  trainingDurationMs!: number;

  @Property({ type: 'bigint' })
  artifactBytes!: string;

  /** null when there was too little data to evaluate (evaluationSkippedReason says why). */
  @Property({ type: 'json', nullable: true })
  evaluation: Evaluation | null = null;

  @Property({ type: 'text', nullable: true })
  evaluationSkippedReason: string | null = null;

  /** The promotion gate's verdict when it let the version go live. */
  @Property({ type: 'text', nullable: true })
  promotionReason: string | null = null;

  /** The promotion gate's verdict when it kept the live version instead (kept if forced live later). */
  @Property({ type: 'text', nullable: true })
  rejectionReason: string | null = null;

  /** When MODEL_RETENTION removed the artifact (the row and its evaluation stay); it can no longer be activated. */
  @Property({ type: 'timestamptz', nullable: true })
  artifactPrunedAt: Date | null = null;
}

/** The serialized model, in chunks, so loading never parses one huge value in a single event-loop turn. */
@Entity({ tableName: 'model_artifact_chunk' })
export class ModelArtifactChunkEntity {
  @ManyToOne(() => ModelVersionEntity, { primary: true, mapToPk: true, deleteRule: 'cascade', fieldName: 'version' })
  version!: number;

  @PrimaryKey({ type: 'integer' })
  seq!: number;

  @Property({ type: 'blob' })
  data!: Buffer;
}

/** One retraining run, whatever started it. At most one is QUEUED or RUNNING at a time (partial unique index). */
@Entity({ tableName: 'retrain_job' })
@Index({ properties: ['queuedAt'] })
@Unique({
  name: 'retrain_job_one_pending',
  expression: `create unique index "retrain_job_one_pending" on "retrain_job" ((true)) where "status" in ('QUEUED', 'RUNNING')`,
})
export class RetrainJobEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Enum({ items: () => RetrainJobStatus, nativeEnumName: 'retrain_job_status' })
  status!: RetrainJobStatus;

  @Enum({ items: () => RetrainTrigger, nativeEnumName: 'retrain_trigger' })
  trigger!: RetrainTrigger;

  @Property({ type: 'integer' })
  days!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  queuedAt!: Opt<Date>;

  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Property({ type: 'integer', nullable: true })
  modelVersion: number | null = null;

  @Property({ type: 'text', nullable: true })
  rejectionReason: string | null = null;

  /** The process running it (RUNNING), which renews heartbeatAt while it trains. */
  @Property({ type: 'string', length: 200, nullable: true })
  owner: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  heartbeatAt: Date | null = null;

  @Enum({ items: () => RetrainPhase, nativeEnumName: 'retrain_phase', default: RetrainPhase.QUEUED })
  phase: Opt<RetrainPhase> = RetrainPhase.QUEUED;

  /** 0..1 over the whole run, updated at phase changes and coarse steps (reading pages). */
  @Property({ type: 'double', default: 0 })
  progress: Opt<number> = 0;
}
