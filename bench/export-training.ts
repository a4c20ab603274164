// Target 3: page trainingData.interactions through 1,000,000 interactions at >= 100,000 rows/s, with the API
// process's resident memory (VmRSS, sampled during the run) growing by less than 200 MB. Page sizes 1000/5000/10000.
import { performance } from 'node:perf_hooks';
import { withApi } from './lib/api';
import { GqlClient } from './lib/gql';
import { emit, figure, intArg, intListArg, progress } from './lib/report';
import { CpuMeter, load1m, RssSampler, rssMB } from './lib/proc';
import { retrainJobs, settleStartupRetrain } from './lib/retrain';
import { connectPg, countRows, seedCatalog, seedInteractions } from './lib/seed';
import { percentile, round, spread } from './lib/stats';

const BENCH = 'export-training';
const TARGET_ROWS_PER_SEC = 100_000;
const TARGET_RSS_GROWTH_MB = 200;
// trainingData's default window (90 days) covers the seeded 30 days, so the export holds every row.
const EXPORT = `query Export($first: Int!, $after: String) {
  trainingData { interactions(first: $first, after: $after) {
    edges { cursor node { id userId productId type rating createdAt } }
    pageInfo { hasNextPage endCursor }
  } }
}`;

const runs = intArg('runs', 3);
const pageSizes = intListArg('page-sizes', [1000, 5000, 10000]);
const interactions = intArg('interactions', 1_000_000);
const warmupPages = intArg('warmup-pages', 20);

interface Page {
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Pages through the export from the start, at most `maxPages` pages; checks ids strictly increase. */
async function exportAll(gql: GqlClient, first: number, maxPages: number) {
  let after: string | null = null;
  let rows = 0;
  let pages = 0;
  let lastId = 0n;
  let parseMs = 0;
  let bytes = 0;
  const pageMs: number[] = [];
  while (pages < maxPages) {
    const t0 = performance.now();
    const res = await gql.postRaw(JSON.stringify({ query: EXPORT, variables: { first, after } }));
    const t1 = performance.now();
    const body = JSON.parse(res.body) as { data?: { trainingData: { interactions: Page } }; errors?: unknown[] };
    parseMs += performance.now() - t1;
    pageMs.push(t1 - t0);
    bytes += Buffer.byteLength(res.body);
    if (res.status !== 200 || body.errors || !body.data) throw new Error(`page ${pages + 1} failed: ${res.body.slice(0, 300)}`);
    const page = body.data.trainingData.interactions;
    for (const e of page.edges) {
      const id = BigInt(e.node.id);
      if (id <= lastId) throw new Error(`id ${id} after ${lastId}: not in strictly increasing order`);
      lastId = id;
    }
    rows += page.edges.length;
    pages++;
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { rows, pages, pageMs, parseMs, bytes };
}

const cpuSec = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

async function main() {
  await withApi('export_training', async (api) => {
    const gql = new GqlClient(api.graphqlUrl, 1);
    const pg = await connectPg(api.databaseUrl);
    try {
      await settleStartupRetrain(api, gql);
      const t0 = performance.now();
      await seedCatalog(gql, pg, { products: 1000, users: 10_000 });
      await seedInteractions(pg, interactions, 30);
      const stored = await countRows(pg, 'interaction');
      emit({ bench: BENCH, seed: true, products: 1000, users: 10_000, interactions: stored, seconds: round((performance.now() - t0) / 1000, 2) });
      // Baseline for the memory target: the idle API after seeding, before any export (warm-up included).
      const rssIdle = rssMB(api.pid);
      const cpu = new CpuMeter(pg, api.database, api.pid);
      progress(`seeded ${stored} interactions; warming up with ${warmupPages} pages of each size`);
      for (const first of pageSizes) await exportAll(gql, first, warmupPages);

      for (const first of pageSizes) {
        const perRun: Array<{ rps: number; growth: number; apiUs: number; complete: boolean }> = [];
        for (let run = 1; run <= runs; run++) {
          const rssBefore = rssMB(api.pid);
          const load = load1m();
          await cpu.start();
          const clientCpu = process.cpuUsage();
          const sampler = new RssSampler(api.pid);
          const start = performance.now();
          const r = await exportAll(gql, first, Math.ceil(stored / first) + 2);
          const seconds = (performance.now() - start) / 1000;
          const { peakMB, samples } = sampler.stop();
          const clientCpuSec = cpuSec(process.cpuUsage(clientCpu));
          const { apiCpuSec, pgCpuSec } = await cpu.stop();
          const rec = {
            bench: BENCH,
            run,
            pageSize: first,
            rows: r.rows,
            pages: r.pages,
            seconds: round(seconds, 3),
            rowsPerSec: round(r.rows / seconds),
            pageMs: { p50: round(percentile(r.pageMs, 50)), p99: round(percentile(r.pageMs, 99)), max: round(Math.max(...r.pageMs)) },
            clientParseSeconds: round(r.parseMs / 1000, 3),
            responseBytesPerRow: round(r.bytes / r.rows),
            // CPU time per exported row: steadier than rows/s when other work shares the machine.
            cpuUsPerRow: { api: round((apiCpuSec * 1e6) / r.rows, 2), postgres: round((pgCpuSec * 1e6) / r.rows, 2), client: round((clientCpuSec * 1e6) / r.rows, 2) },
            load1m: load,
            rssIdleMB: round(rssIdle),
            rssBeforeMB: round(rssBefore),
            rssPeakMB: round(peakMB),
            rssGrowthMB: round(peakMB - rssIdle),
            rssSamples: samples,
          };
          emit(rec);
          perRun.push({ rps: rec.rowsPerSec, growth: rec.rssGrowthMB, apiUs: rec.cpuUsPerRow.api, complete: r.rows === stored });
        }
        const rps = spread(perRun.map((r) => r.rps));
        const growth = spread(perRun.map((r) => r.growth));
        const complete = perRun.every((r) => r.complete);
        const met = rps.median >= TARGET_ROWS_PER_SEC && growth.max < TARGET_RSS_GROWTH_MB && complete;
        emit({
          bench: BENCH,
          summary: true,
          // Model trainings the API has recorded: just the startup one (FAILED, before seeding) unless one ran mid-benchmark.
          retrainJobs: await retrainJobs(gql),
          pageSize: first,
          interactions: stored,
          rowsPerSec: rps,
          rssGrowthMB: growth,
          apiCpuUsPerRow: spread(perRun.map((r) => r.apiUs)),
          allRowsExported: complete,
          target: { rowsPerSec: TARGET_ROWS_PER_SEC, rssGrowthMB: TARGET_RSS_GROWTH_MB, met },
        });
        figure(
          `trainingData export, pages of ${first}: ${rps.median} rows/s median (min ${rps.min}, max ${rps.max}, ${rps.runs} runs); ` +
            `RSS growth max ${growth.max} MB; target ${TARGET_ROWS_PER_SEC} rows/s & <${TARGET_RSS_GROWTH_MB} MB ${met ? 'MET' : 'MISSED'}`,
        );
      }
    } finally {
      gql.close();
      await pg.end();
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
