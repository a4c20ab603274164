import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../background-thread';
import { trainToArtifact, type TrainInput } from './train-job';

// Worker-thread entry: trains off the main thread so the API keeps serving while a model is built.
lowerThreadPriority();
const out = trainToArtifact(workerData as TrainInput);
parentPort!.postMessage(out, [out.artifact.buffer as ArrayBuffer]);
