import { setPriority } from 'node:os';

/** Nice value of the worker threads that train or load models: well below the serving thread. */
const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's CPU priority. On Linux the nice value belongs to the thread, so a worker
 * thread that calls this leaves the process's serving thread at its own priority: on a busy machine
 * requests get the CPU first and the background work takes a little longer.
 */
export function lowerThreadPriority(): void {
  try {
    setPriority(BACKGROUND_NICE);
  } catch {
    // Not permitted here: the work runs at normal priority.
  }
}
