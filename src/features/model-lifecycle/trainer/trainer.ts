import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProductRecord, TrainOptions } from '../../../recommender';
import { TrainingDataReader } from '../../training';
import type { NewModelVersion, RetrainTrigger } from '../types';
import { InteractionColumns, transferList } from './dataset';
import { trainToArtifact, type TrainInput, type TrainOutput } from './train-job';

const PAGE_SIZE = 10_000;
const WORKER = join(__dirname, 'train-worker.js');

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

  async train(days: number, trigger: RetrainTrigger): Promise<TrainedModel> {
    const started = Date.now();
    const reader = new TrainingDataReader(this.em());
    const snapshot = await reader.snapshot(days);
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
    for await (const page of reader.interactionPages(snapshot, PAGE_SIZE)) columns.add(page);

    const input: TrainInput = {
      products,
      interactions: columns.build(),
      options: { ...this.options, now: snapshot.generatedAt.getTime() },
    };
    const out = existsSync(WORKER) ? await inWorker(input) : trainToArtifact(input);
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

function inWorker(input: TrainInput): Promise<TrainOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: input,
      transferList: transferList(input.interactions),
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`training worker exited with code ${code}`)));
  });
}
