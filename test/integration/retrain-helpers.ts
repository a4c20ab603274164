import { RetrainJobDocument, RetrainJobsDocument, type RetrainJobQuery } from '../generated/graphql';
import type { TestApp } from './harness';

type Job = NonNullable<RetrainJobQuery['retrainJob']>;

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'REJECTED']);

/** Polls retrainJob until it has finished (SUCCEEDED, FAILED or REJECTED). */
export async function waitForJob(t: Pick<TestApp, 'ok'>, id: string, timeoutMs = 30_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { retrainJob } = await t.ok(RetrainJobDocument, { id });
    if (retrainJob && FINISHED.has(retrainJob.status)) return retrainJob;
    if (Date.now() > deadline) throw new Error(`retrain job ${id} still ${retrainJob?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until some retrain job exists and none is queued or running (e.g. the start-up one finished). */
export async function waitForNoPendingJob(t: TestApp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { retrainJobs } = await t.ok(RetrainJobsDocument, { limit: 5 });
    if (retrainJobs.length > 0 && retrainJobs.every((j) => FINISHED.has(j.status))) return;
    if (Date.now() > deadline) throw new Error(`retrain jobs still pending: ${JSON.stringify(retrainJobs)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
