import type { Api } from './api';
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
 * Once MongoDB answers, the API decides about a start-up training: on an empty catalogue it logs
 * 'no start-up training' and queues none; with products and no model it queues one. Seeding before that
 * decision could start a training in the middle of a measurement, so wait for it (and for a queued
 * training to finish).
 */
export async function settleStartupRetrain(api: Pick<Api, 'logs'>, gql: GqlClient): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (api.logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('no start-up training'))) return;
    const jobs = await retrainJobs(gql);
    if (jobs === null) return;
    if (jobs.length > 0 && !jobs.some((s) => s === 'QUEUED' || s === 'RUNNING')) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  progress(`no finished startup retrain within ${SETTLE_TIMEOUT_MS} ms (MongoDB down?); a late one would disturb the figures`);
}
