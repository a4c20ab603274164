import type { GqlClient } from './gql';
import { progress } from './report';

const JOBS = `{ retrainJobs(limit: 100) { status } }`;
const SETTLE_TIMEOUT_MS = 30_000;

/** Retrain jobs the API has recorded (at most 100), or null when this API has no retrainJobs query. */
export async function retrainJobs(gql: GqlClient): Promise<string[] | null> {
  const r = await gql.request<{ retrainJobs: Array<{ status: string }> }>(JOBS);
  return r.errors?.length || !r.data ? null : r.data.retrainJobs.map((j) => j.status);
}

/**
 * On an empty database the API queues one STARTUP model training, run a few seconds later by its
 * scheduler inside the API process. Run before seeding, it fails at once ("no products"); run later it
 * would train on the seeded data in the middle of a measurement. So: wait until it has finished.
 */
export async function settleStartupRetrain(gql: GqlClient): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const jobs = await retrainJobs(gql);
    if (jobs === null) return;
    if (jobs.length > 0 && !jobs.some((s) => s === 'QUEUED' || s === 'RUNNING')) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  progress(`no finished startup retrain within ${SETTLE_TIMEOUT_MS} ms (MongoDB down?); a late one would disturb the figures`);
}
