import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { decodeArtifactParts, transferables } from '../../../recommender';
import { lowerThreadPriority } from '../background-thread';
import { artifactParts } from '../store/model-store';
import type { LoadRequest, LoadReply } from './model-loader';

// Worker-thread entry: reads a model version from PostgreSQL and decodes it as its chunks arrive, so
// that the serving thread only receives the arrays (moved, not copied) and builds what must live on its
// own heap.
async function load({ databaseUrl, version }: LoadRequest): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const decoded = await decodeArtifactParts(artifactParts(client, version));
    parentPort!.postMessage({ decoded } satisfies LoadReply, transferables(decoded));
  } finally {
    await client.end();
  }
}

lowerThreadPriority();
load(workerData as LoadRequest).catch((err: Error) => parentPort!.postMessage({ error: err.message } satisfies LoadReply));
