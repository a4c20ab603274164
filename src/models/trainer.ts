import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProductRecord, TrainOptions } from '../recommender';
import { TrainingDataReader } from '../training/training-data.reader';
import { InteractionColumns, transferList } from './dataset';
import type { ModelStore } from './model-store';
import { trainToArtifact, type TrainInput, type TrainOutput } from './train-job';
import type { ModelVersionInfo, RetrainTrigger } from './types';

const PAGE_SIZE = 10_000;

export interface TrainerOptions {
  recommender: Omit<TrainOptions, 'now'>;
  /** Train in a worker thread (the default for the built service); inline where there is no compiled worker. */
  inWorker: boolean;
}

/**
 * One retrain: reads the window through the same reader as the trainingData query (page by page),
 * trains, and stores the result as the new active version. Throws on any failure, leaving the active
 * version as it was.
 */
export class Trainer {
  constructor(
    private readonly em: () => EntityManager,
    private readonly store: ModelStore,
    private readonly options: TrainerOptions,
  ) {}

  async run(days: number, trigger: RetrainTrigger): Promise<ModelVersionInfo> {
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
      options: { ...this.options.recommender, now: snapshot.generatedAt.getTime() },
    };
    const out = this.options.inWorker ? await inWorker(input) : trainToArtifact(input);
    return this.store.activate(
      {
        kind: out.kind,
        trigger,
        trainedAt: new Date(),
        windowDays: days,
        numProducts: out.stats.numProducts,
        numUsers: out.stats.numUsers,
        numInteractions: out.stats.numInteractions,
        trainingDurationMs: Date.now() - started,
      },
      Buffer.from(out.artifact.buffer, out.artifact.byteOffset, out.artifact.byteLength),
    );
  }
}

function inWorker(input: TrainInput): Promise<TrainOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'train-worker.js'), {
      workerData: input,
      transferList: transferList(input.interactions),
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`training worker exited with code ${code}`)));
  });
}
