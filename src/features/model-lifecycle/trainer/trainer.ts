import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProductRecord, TrainingStep, TrainOptions } from '../../../recommender';
import { TrainingDataReader } from '../../training';
import { RetrainPhase, type NewModelVersion, type RetrainTrigger } from '../types';
import { InteractionColumns, transferList } from './dataset';
import { trainToArtifact, type TrainInput, type TrainOutput, type WorkerMessage } from './train-job';

const PAGE_SIZE = 10_000;
const WORKER = join(__dirname, 'train-worker.js');

/** A training's progress: the phase it enters or is in, and how far the whole run is (0..1). */
export type ProgressReport = (phase: RetrainPhase, progress: number) => void;

/**
 * Where each phase starts on the 0..1 scale, from measured shares of a retrain's wall time (reading
 * and evaluating dominate); READING moves on in steps of READ_STEP as pages arrive.
 */
export const PHASE_START: Record<RetrainPhase, number> = {
  QUEUED: 0, READING: 0, EVALUATING: 0.3, TRAINING: 0.65, STORING: 0.9, DONE: 1,
};
const READ_STEP = 0.1;
const STEP_PHASE: Record<TrainingStep, RetrainPhase> = { evaluating: RetrainPhase.EVALUATING, training: RetrainPhase.TRAINING };

export interface TrainedModel {
  version: NewModelVersion;
  artifact: Buffer;
}

/**
 * One training: reads the window through the same reader as the trainingData query (page by page) and
 * trains and evaluates it. Storing the result is the caller's (the promotion gate decides its status).
 * In the built service the CPU-heavy part runs in a worker thread; from TypeScript sources (Jest) there
 * is no compiled worker and it runs inline.
 */
export class Trainer {
  constructor(
    private readonly em: () => EntityManager,
    private readonly options: Omit<TrainOptions, 'now'>,
  ) {}

  async train(days: number, trigger: RetrainTrigger, report: ProgressReport = () => undefined): Promise<TrainedModel> {
    const started = Date.now();
    const reader = new TrainingDataReader(this.em());
    const snapshot = await reader.snapshot(days);
    const total = await reader.countInteractions(snapshot);
    const products: ProductRecord[] = (await reader.products(snapshot)).map((p) => ({
      id: p.id,
      name: p.name,
      category: p.category,
      price: p.price,
      gender: p.gender,
      color: p.color,
      material: p.material,
      size: p.size,
      avgRating: p.avgRating,
      reviewCount: p.reviewCount,
    }));
    if (products.length === 0) throw new Error('there are no products to train on');
    const columns = new InteractionColumns(new Map(products.map((p, i) => [p.id, i])));
    let read = 0;
    let reported = 0;
    for await (const page of reader.interactionPages(snapshot, PAGE_SIZE)) {
      columns.add(page);
      read += page.length;
      const share = Math.min(1, read / total);
      if (share - reported >= READ_STEP) report(RetrainPhase.READING, PHASE_START.EVALUATING * (reported = share));
    }

    const input: TrainInput = {
      products,
      interactions: columns.build(),
      options: { ...this.options, now: snapshot.generatedAt.getTime() },
    };
    const onStep = (step: TrainingStep) => report(STEP_PHASE[step], PHASE_START[STEP_PHASE[step]]);
    const out = existsSync(WORKER) ? await inWorker(input, onStep) : trainToArtifact(input, onStep);
    return {
      version: {
        kind: out.kind,
        trigger,
        trainedAt: new Date(),
        windowDays: days,
        numProducts: out.stats.numProducts,
        numUsers: out.stats.numUsers,
        numInteractions: out.stats.numInteractions,
        trainingDurationMs: Date.now() - started,
        evaluation: out.evaluation,
        evaluationSkippedReason: out.skipped,
      },
      artifact: Buffer.from(out.artifact.buffer, out.artifact.byteOffset, out.artifact.byteLength),
    };
  }
}

function inWorker(input: TrainInput, onStep: (step: TrainingStep) => void): Promise<TrainOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: input,
      transferList: transferList(input.interactions),
    });
    worker.on('message', (m: WorkerMessage) => ('step' in m ? onStep(m.step) : resolve(m.out)));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`training worker exited with code ${code}`)));
  });
}
