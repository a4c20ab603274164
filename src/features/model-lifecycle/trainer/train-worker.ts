import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../background-thread';
import { trainToArtifact, type TrainInput, type WorkerMessage } from './train-job';

// Worker-thread entry: trains off the main thread so the API keeps serving while a model is built.
lowerThreadPriority();
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
const out = trainToArtifact(workerData as TrainInput, (step) => post({ step }));
post({ out }, [out.artifact.buffer as ArrayBuffer]);
