import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Evaluation } from '../../recommender';
import { ModelVersionStatus, RetrainJobStatus, RetrainPhase, RetrainTrigger } from './entities';

export { ModelVersionStatus, RetrainJobStatus, RetrainPhase, RetrainTrigger };
registerEnumType(RetrainTrigger, { name: 'RetrainTrigger' });
registerEnumType(RetrainJobStatus, { name: 'RetrainJobStatus' });
registerEnumType(ModelVersionStatus, { name: 'ModelVersionStatus' });
registerEnumType(RetrainPhase, { name: 'RetrainPhase', description: 'The step a retrain is in (a FAILED job keeps the step it failed in)' });

export enum ModelStatus {
  UNTRAINED = 'UNTRAINED',
  TRAINED = 'TRAINED',
}
registerEnumType(ModelStatus, { name: 'ModelStatus' });

/** A stored model version's description (everything but the artifact). */
export interface ModelVersionInfo {
  version: number;
  kind: string;
  status: ModelVersionStatus;
  trigger: RetrainTrigger;
  trainedAt: Date;
  windowDays: number;
  numProducts: number;
  numUsers: number;
  numInteractions: number;
  trainingDurationMs: number;
  evaluation: Evaluation | null;
  evaluationSkippedReason: string | null;
  promotionReason: string | null;
  rejectionReason: string | null;
  /** Set once MODEL_RETENTION removed the artifact. */
  artifactPrunedAt: Date | null;
}

/** A trained model before it is stored: the gate then decides its status and reason. */
export type NewModelVersion = Omit<ModelVersionInfo, 'version' | 'status' | 'promotionReason' | 'rejectionReason' | 'artifactPrunedAt'>;

@ObjectType({
  simpleResolvers: true,
  description:
    'Offline figures of one training: the last 20% of each user\'s interactions in the window (users with at least 5) ' +
    'held out, the candidate trained on the rest; the popularity baseline measured on the same holdout',
})
export class ModelEvaluation {
  @Field(() => Float)
  ndcgAt10!: number;

  @Field(() => Float)
  recallAt10!: number;

  @Field(() => Float)
  hitRateAt10!: number;

  @Field(() => Float, { description: 'Distinct products recommended to the evaluated users / catalogue size' })
  coverage!: number;

  @Field(() => Int)
  evaluatedUsers!: number;

  @Field(() => Float)
  baselineNdcgAt10!: number;

  @Field(() => Float)
  baselineRecallAt10!: number;

  @Field(() => Float)
  baselineHitRateAt10!: number;

  @Field(() => Float)
  baselineCoverage!: number;
}

@ObjectType({ simpleResolvers: true })
export class ModelVersion {
  @Field(() => Int)
  version!: number;

  @Field(() => ModelVersionStatus)
  status!: ModelVersionStatus;

  @Field(() => String, { description: 'Model family, e.g. content-tfidf' })
  kind!: string;

  @Field(() => RetrainTrigger)
  trigger!: RetrainTrigger;

  @Field(() => GraphQLDateTime)
  trainedAt!: Date;

  @Field(() => Int)
  windowDays!: number;

  @Field(() => Int)
  numProducts!: number;

  @Field(() => Int)
  numUsers!: number;

  @Field(() => Int)
  numInteractions!: number;

  @Field(() => Int)
  trainingDurationMs!: number;

  @Field(() => ModelEvaluation, { nullable: true, description: 'null when there was too little data to evaluate' })
  evaluation!: Evaluation | null;

  @Field(() => String, { nullable: true, description: 'Why there is no evaluation' })
  evaluationSkippedReason!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the promotion gate let this version go live' })
  promotionReason!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the promotion gate kept the live version instead (still shown if the version was activated by hand later)',
  })
  rejectionReason!: string | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When the artifact was removed (beyond the newest MODEL_RETENTION versions); such a version can no longer be activated',
  })
  artifactPrunedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class ModelInfo {
  @Field(() => ModelStatus)
  status!: ModelStatus;

  @Field(() => Int, { nullable: true })
  version!: number | null;

  @Field(() => String, { nullable: true, description: 'Model family, e.g. content-tfidf' })
  kind!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  trainedAt!: Date | null;

  @Field(() => RetrainTrigger, { nullable: true })
  trigger!: RetrainTrigger | null;

  @Field(() => Int)
  numProducts!: number;

  @Field(() => Int)
  numUsers!: number;

  @Field(() => Int)
  numInteractions!: number;

  @Field(() => Int, { nullable: true })
  windowDays!: number | null;

  @Field(() => Int, { nullable: true })
  trainingDurationMs!: number | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'From the Agenda schedule; null while MongoDB is unreachable' })
  nextScheduledRetrainAt!: Date | null;

  @Field(() => ModelEvaluation, { nullable: true, description: 'null when untrained or when there was too little data to evaluate' })
  evaluation!: Evaluation | null;

  @Field(() => String, { nullable: true, description: 'Why the served version has no evaluation' })
  evaluationSkippedReason!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the promotion gate let the served version go live' })
  promotionReason!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class RetrainJob {
  @Field(() => ID)
  id!: string;

  @Field(() => RetrainJobStatus)
  status!: RetrainJobStatus;

  @Field(() => Int)
  days!: number;

  @Field(() => RetrainTrigger)
  trigger!: RetrainTrigger;

  @Field(() => GraphQLDateTime)
  queuedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  startedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Int, { nullable: true, description: 'The version trained (also when REJECTED)' })
  modelVersion!: number | null;

  @Field(() => String, { nullable: true, description: 'Set when REJECTED: why the promotion gate kept the live version' })
  rejectionReason!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the process running it last reported progress' })
  heartbeatAt!: Date | null;

  @Field(() => RetrainPhase)
  phase!: RetrainPhase;

  @Field(() => Float, { description: '0..1 over the whole run, updated at each phase and while the window is read' })
  progress!: number;
}

@ObjectType({ simpleResolvers: true, description: 'The repeating retrain as stored in the job queue' })
export class RetrainSchedule {
  @Field(() => String, { description: 'Cron expression' })
  cron!: string;

  @Field(() => String, { description: 'IANA time zone the cron expression is read in' })
  timeZone!: string;

  @Field(() => Int, { description: 'Window of each scheduled retrain' })
  days!: number;

  @Field(() => GraphQLDateTime, { nullable: true })
  nextRunAt!: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class ModelRetrainedEvent {
  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTime)
  trainedAt!: Date;

  @Field(() => Int)
  numProducts!: number;

  @Field(() => Int)
  numUsers!: number;

  @Field(() => Int)
  numInteractions!: number;

  @Field(() => Int)
  windowDays!: number;

  @Field(() => Int)
  trainingDurationMs!: number;

  @Field(() => RetrainTrigger)
  trigger!: RetrainTrigger;

  @Field(() => ModelEvaluation, { nullable: true })
  evaluation!: Evaluation | null;
}
