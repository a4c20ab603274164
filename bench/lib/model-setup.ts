import { Client } from 'pg';
import { metricValue } from '../../test/support/metrics';
import { generateData, runCli, type CliOptions, type CliResult, type GenerateSize } from './cli';
import type { Api } from './api';
import { GqlClient } from './gql';
import { waitForQuiet } from './quiet';
import { progress } from './report';
import { retrainPhases } from './retrain-phases';
import { settleStartupRetrain } from './retrain';

// Getting a freshly started API to serve a trained model on generated data, and reading its /metrics.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls recs_model_version on /metrics until the API serves `version` (or newer). */
export async function waitForServedVersion(baseUrl: string, version: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (((await metricValue(baseUrl, 'recs_model_version')) ?? 0) >= version) return;
    await sleep(100);
  }
  throw new Error(`API did not serve model version ${version} within ${timeoutMs} ms`);
}

/** Runs the retrain CLI once; throws unless it exits 0. Returns the run and the version it made (from its log). */
export async function retrainOnce(databaseUrl: string, days: number, o: Pick<CliOptions, 'onLog'> = {}): Promise<{ run: CliResult; version: number }> {
  const run = await runCli('retrain', ['--days', String(days)], { databaseUrl, onLog: o.onLog, timeoutMs: 10 * 60_000 });
  if (run.code !== 0) throw new Error(`retrain CLI exited with ${run.code ?? run.signal}`);
  return { run, version: retrainPhases(run).version };
}

/**
 * On a just-started API (its own fresh database): waits for its start-up decision (none on the empty
 * catalogue), fills the database with the generate CLI, trains once with the retrain CLI and waits until the API
 * serves that version (it hears the NOTIFY).
 */
export async function prepareTrainedApi(api: Pick<Api, 'baseUrl' | 'graphqlUrl' | 'databaseUrl' | 'logs'>, size: GenerateSize, days: number) {
  const gql = new GqlClient(api.graphqlUrl, 1);
  try {
    await settleStartupRetrain(api, gql);
  } finally {
    gql.close();
  }
  await waitForQuiet('generating data'); // CPU-heavy: not while another benchmark measures
  const generated = await generateData(api.databaseUrl, size);
  progress(`generated ${JSON.stringify(generated)}; training the first model`);
  const { run, version } = await retrainOnce(api.databaseUrl, days);
  await waitForServedVersion(api.baseUrl, version);
  progress(`API serves model version ${version} (retrain took ${Math.round(run.wallMs)} ms)`);
  return { generated, version };
}

/** Ids (as text) of up to `limit` random rows of a table. */
export async function randomIds(databaseUrl: string, table: 'product' | 'app_user', limit: number): Promise<string[]> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ id: string }>(`select id::text as id from ${table} order by random() limit $1`, [limit]);
    return rows.map((r) => r.id);
  } finally {
    await pg.end();
  }
}
