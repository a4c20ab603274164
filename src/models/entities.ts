import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';

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
}

export enum ModelVersionStatus {
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
}

/**
 * A trained model. Only successful trainings become versions; exactly one is ACTIVE (a partial unique
 * index enforces it), and every API process serves the ACTIVE one.
 */
@Entity({ tableName: 'model_version' })
@Unique({
  name: 'model_version_one_active',
  expression: `create unique index "model_version_one_active" on "model_version" ((true)) where "status" = 'ACTIVE'`,
})
export class ModelVersionEntity {
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
  queuedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Property({ type: 'integer', nullable: true })
  modelVersion: number | null = null;
}
