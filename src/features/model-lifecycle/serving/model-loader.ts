import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { assembleAsync, decodeArtifactParts, type DecodedModel, type Model } from '../../../recommender';
import type { ModelStore } from '../store/model-store';

export interface LoadRequest {
  databaseUrl: string;
  version: number;
}

export type LoadReply = { decoded: DecodedModel; error?: undefined } | { error: string; decoded?: undefined };

/** Loads a stored model version into this process. */
export type ModelLoader = (version: number) => Promise<Model>;

const WORKER = join(__dirname, 'model-load-worker.js');

/**
 * In the built service a worker thread reads and decodes the artifact (~0.5 s of CPU at 100k products)
 * and this thread only assembles the strings and id indexes, in steps, so requests keep their latency
 * during a swap. From TypeScript sources (Jest) there is no compiled worker: the same decode runs here.
 */
export function createModelLoader(store: ModelStore, databaseUrl: string): ModelLoader {
  if (!existsSync(WORKER)) return async (version) => assembleAsync(await decodeArtifactParts(store.parts(version)));
  return async (version) => assembleAsync(await decodeInWorker({ databaseUrl, version }));
}

function decodeInWorker(request: LoadRequest): Promise<DecodedModel> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: request });
    worker.once('message', (reply: LoadReply) => (reply.decoded ? resolve(reply.decoded) : reject(new Error(reply.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`model load worker exited with code ${code}`)));
  });
}
