// End-to-end recommendation quality of the running service on MovieLens-100K, through the public GraphQL
// API only, with its own metric code (bench/lib/movielens.ts; nothing from src/recommender), so that it
// checks the service's built-in evaluation independently.
//
// Protocol: per user, ratings by time (ties in file order); a user with >= 5 ratings keeps the last
// floor(0.2 n) as test; relevant = test items rated >= 4 (training items never are); users without a
// relevant item are not evaluated (906). Metrics at 10: NDCG (binary gains, 1/log2(rank+1), IDCG over
// min(|relevant|, 10)), Recall, HR, catalogue coverage (distinct recommended / 1682); means over users.
//
// --mode=independent: a fresh API; products (upsertProducts), users (createUser) and the TRAINING ratings
//   (trackInteractions, RATE, 1,000 a call) through the API, times shifted so the newest rating of the
//   file is one day ago; retrainModel over all of it; recommendationsForUser(n: 10) for every evaluated
//   user, scored here, next to a most-popular baseline computed here on the same split.
// --mode=builtin: a fresh API with ALL ratings; retrain; read modelInfo.evaluation (the service's own
//   holdout evaluation), if the schema has it.
// Default --mode=both: both, and the differences.
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { launchApi } from './lib/api';
import { GqlClient } from './lib/gql';
import { K, holdout, loadMovieLens, metrics, popularLists, type EvalUser, type Metrics, type MovieLens, type Rating, type Split } from './lib/movielens';
import { load1m } from './lib/proc';
import { arg, emit, figure, intArg, progress } from './lib/report';
import { settleStartupRetrain } from './lib/retrain';
import { percentile, round, spread } from './lib/stats';

const BENCH = 'movielens-api';
const DAY_MS = 86_400_000;
const EXPECTED_EVALUATED = 906;
const BATCH = 1000;
const EVAL_FIELDS = ['ndcgAt10', 'recallAt10', 'hitRateAt10', 'coverage', 'baselineNdcgAt10', 'evaluatedUsers'];
/** The built-in evaluation's popularity-baseline field of each metric (all but NDCG may be absent). */
const BASELINE_OF: Record<string, string> = {
  ndcgAt10: 'baselineNdcgAt10',
  recallAt10: 'baselineRecallAt10',
  hitRateAt10: 'baselineHitRateAt10',
  coverage: 'baselineCoverage',
};

const runs = intArg('runs', 3);
const mode = arg('mode', 'both');
if (!['both', 'independent', 'builtin'].includes(mode)) throw new Error('--mode must be both, independent or builtin');
// Compiled layout: dist-bench/bench/movielens-api.js; the repository is two levels up.
const REPO = path.resolve(__dirname, '../..');
const dataDir = path.resolve(REPO, arg('data-dir', '../shared/data/movielens-100k'));
const keep = process.argv.includes('--keep') || arg('keep', 'false') === 'true';
const importClients = intArg('import-clients', 1);
const queryClients = intArg('query-clients', 8);
/** The second, "filled" list: n large enough to leave 10 after dropping training items (the API allows 1-100). */
const fillN = intArg('fill-n', 100);

const UPSERT = `mutation P($inputs: [ProductInput!]!) { upsertProducts(inputs: $inputs) { id sku } }`;
const CREATE_USER = `mutation U($input: UserInput!) { createUser(input: $input) { id } }`;
const TRACK = `mutation T($inputs: [TrackInteractionInput!]!) { trackInteractions(inputs: $inputs) { accepted duplicates } }`;
const RETRAIN = `mutation R($days: Int!) { retrainModel(days: $days) { id status days trigger } }`;
const JOB = `query J($id: ID!) { retrainJob(id: $id) { id status error modelVersion queuedAt startedAt finishedAt } }`;
const RECS = `query F($userId: ID!, $n: Int!) { recommendationsForUser(userId: $userId, n: $n) { score reason product { id sku } } }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (t0: number) => round((performance.now() - t0) / 1000, 2);

/** Runs `fn` over `items` with `width` in flight. */
async function pool<T>(items: readonly T[], width: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

interface Ids {
  product: Map<number, string>; // movie id -> API product id
  itemOf: Map<string, number>; // API product id -> movie id
  user: Map<number, string>;
}

interface ImportStats {
  productsSec: number;
  usersSec: number;
  interactionsSec: number;
  interactionsPerSec: number;
  accepted: number;
  duplicates: number;
  batches: number;
  createUserMs: { p50: number; p99: number; inFlight: number };
  batchMs: { p50: number; p99: number; max: number; inFlight: number };
  priceUsed: number;
  /** What the API refused on the way (validation messages), if anything. */
  refused: string[];
}

/** Catalogue, users and `ratings` (in file order) through the API. */
async function importData(gql: GqlClient, ml: MovieLens, ratings: readonly Rating[], offsetMs: number): Promise<{ ids: Ids; stats: ImportStats }> {
  const refused: string[] = [];
  const ids: Ids = { product: new Map(), itemOf: new Map(), user: new Map() };

  let t0 = performance.now();
  let priceUsed = 0;
  const productInputs = (price: number) =>
    ml.movies.map((m) => ({ sku: `ml-${m.item}`, name: m.title, category: m.genre, price }));
  const upsertAll = async (price: number) => {
    const inputs = productInputs(price);
    for (let i = 0; i < inputs.length; i += BATCH) {
      const r = await gql.request<{ upsertProducts: Array<{ id: string; sku: string }> }>(UPSERT, { inputs: inputs.slice(i, i + BATCH) });
      if (r.errors?.length || !r.data) return `HTTP ${r.status}: ${JSON.stringify(r.errors ?? r.body).slice(0, 300)}`;
      for (const p of r.data.upsertProducts) {
        const item = Number(p.sku.slice(3));
        ids.product.set(item, p.id);
        ids.itemOf.set(p.id, item);
      }
    }
    return null;
  };
  const err0 = await upsertAll(0);
  if (err0) {
    refused.push(`upsertProducts with price 0: ${err0}`);
    priceUsed = 1;
    const err1 = await upsertAll(1);
    if (err1) throw new Error(`upsertProducts refused price 1 too: ${err1}`);
  }
  if (ids.product.size !== ml.movies.length) throw new Error(`${ids.product.size} products stored, expected ${ml.movies.length}`);
  const productsSec = secs(t0);

  t0 = performance.now();
  const users = [...new Set(ml.ratings.map((r) => r.user))].sort((a, b) => a - b);
  const userMs: number[] = [];
  await pool(users, queryClients, async (user) => {
    const c0 = performance.now();
    const r = await gql.ok<{ createUser: { id: string } }>(CREATE_USER, {
      input: { email: `ml100k-user-${user}@movielens.example`, name: `MovieLens user ${user}` },
    });
    userMs.push(performance.now() - c0);
    ids.user.set(user, r.createUser.id);
  });
  const usersSec = secs(t0);

  t0 = performance.now();
  const bodies: string[] = [];
  for (let i = 0; i < ratings.length; i += BATCH) {
    const inputs = ratings.slice(i, i + BATCH).map((r) => ({
      eventId: `ml100k-${r.user}-${r.item}-${r.ts}`,
      userId: ids.user.get(r.user)!,
      productId: ids.product.get(r.item)!,
      type: 'RATE',
      rating: r.rating,
      occurredAt: new Date(r.ts * 1000 + offsetMs).toISOString(),
    }));
    bodies.push(JSON.stringify({ query: TRACK, variables: { inputs } }));
  }
  let accepted = 0;
  let duplicates = 0;
  // Batches go in file order, one at a time by default, so the stored ids follow the file: the built-in
  // holdout breaks equal timestamps by id and MovieLens has such ties (--import-clients=2+ may reorder
  // ratings across the batches in flight together).
  const batchMs: number[] = [];
  await pool(bodies, importClients, async (body, i) => {
    const c0 = performance.now();
    const res = await gql.postRaw(body);
    batchMs.push(performance.now() - c0);
    const parsed = JSON.parse(res.body) as { data?: { trackInteractions: { accepted: number; duplicates: number } }; errors?: unknown[] };
    if (res.status !== 200 || parsed.errors?.length || !parsed.data) {
      throw new Error(`trackInteractions batch ${i} refused (HTTP ${res.status}): ${res.body.slice(0, 500)}`);
    }
    accepted += parsed.data.trackInteractions.accepted;
    duplicates += parsed.data.trackInteractions.duplicates;
  });
  const interactionsSec = secs(t0);
  if (accepted !== ratings.length) throw new Error(`trackInteractions accepted ${accepted} of ${ratings.length} (${duplicates} duplicates)`);
  return {
    ids,
    stats: {
      productsSec,
      usersSec,
      interactionsSec,
      interactionsPerSec: round(ratings.length / interactionsSec),
      accepted,
      duplicates,
      batches: bodies.length,
      createUserMs: { p50: round(percentile(userMs, 50)), p99: round(percentile(userMs, 99)), inFlight: queryClients },
      batchMs: { p50: round(percentile(batchMs, 50)), p99: round(percentile(batchMs, 99)), max: round(Math.max(...batchMs)), inFlight: importClients },
      priceUsed,
      refused,
    },
  };
}

interface Trained {
  jobId: string;
  modelVersion: number | null;
  retrainSec: number;
  loadSec: number;
  days: number;
  modelInfo: Record<string, unknown>;
}

const MODEL_INFO_QUERY = `{ modelInfo { status version kind trainedAt trigger numProducts numUsers numInteractions
  windowDays trainingDurationMs evaluationSkippedReason promotionReason } }`;

/** retrainModel over `days`, wait for SUCCEEDED, then until this API serves that version. */
async function retrain(gql: GqlClient, days: number): Promise<Trained> {
  const t0 = performance.now();
  const queued = await gql.ok<{ retrainModel: { id: string; status: string } }>(RETRAIN, { days });
  const jobId = queued.retrainModel.id;
  type Job = { status: string; error: string | null; modelVersion: number | null };
  let job: Job | null;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    job = (await gql.ok<{ retrainJob: Job | null }>(JOB, { id: jobId })).retrainJob;
    if (job?.status === 'SUCCEEDED') break;
    if (job?.status === 'FAILED') throw new Error(`retrain job ${jobId} FAILED: ${job.error}`);
    if (Date.now() > deadline) throw new Error(`retrain job ${jobId} still ${job?.status} after 10 min`);
    await sleep(200);
  }
  const retrainSec = secs(t0);
  const t1 = performance.now();
  let modelInfo: Record<string, unknown> = {};
  for (const loadDeadline = Date.now() + 90_000; ; ) {
    modelInfo = (await gql.ok<{ modelInfo: Record<string, unknown> }>(MODEL_INFO_QUERY)).modelInfo;
    if (job.modelVersion == null ? modelInfo.status === 'TRAINED' : modelInfo.version === job.modelVersion) break;
    if (Date.now() > loadDeadline) throw new Error(`API still serves version ${String(modelInfo.version)}, not ${job.modelVersion}, 90 s after SUCCEEDED`);
    await sleep(100);
  }
  return { jobId, modelVersion: job.modelVersion, retrainSec, loadSec: secs(t1), days, modelInfo };
}

/** Times shifted so that the newest rating of the file is one day before now; the window covers the oldest. */
function timeShift(ml: MovieLens): { offsetMs: number; days: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const r of ml.ratings) {
    if (r.ts < min) min = r.ts;
    if (r.ts > max) max = r.ts;
  }
  const offsetMs = Date.now() - DAY_MS - max * 1000;
  const days = Math.ceil((Date.now() - (min * 1000 + offsetMs)) / DAY_MS) + 1;
  return { offsetMs, days };
}

const r4 = (m: Metrics) => ({
  ndcgAt10: round(m.ndcgAt10, 4),
  recallAt10: round(m.recallAt10, 4),
  hitRateAt10: round(m.hitRateAt10, 4),
  coverage: round(m.coverage, 4),
  evaluatedUsers: m.evaluatedUsers,
});

interface ListStats {
  /** Lists holding at least one of the user's training items. */
  usersWithTrainingItems: number;
  /** Training items dropped from the lists, in all. */
  trainingItemsDropped: number;
  /** Lists with fewer than 10 items after dropping. */
  shortLists: number;
  /** Products not from the catalogue imported here (should be 0). */
  unknownProducts: number;
}

/** recommendationsForUser(n) for every evaluated user; training items dropped; at most 10 kept. */
async function serviceLists(gql: GqlClient, ids: Ids, users: readonly EvalUser[], n: number) {
  const lists = new Map<number, number[]>();
  const st: ListStats = { usersWithTrainingItems: 0, trainingItemsDropped: 0, shortLists: 0, unknownProducts: 0 };
  const t0 = performance.now();
  await pool(users, queryClients, async (u) => {
    const r = await gql.ok<{ recommendationsForUser: Array<{ product: { id: string } }> }>(RECS, { userId: ids.user.get(u.user)!, n });
    const list: number[] = [];
    let dropped = 0;
    for (const rec of r.recommendationsForUser) {
      const item = ids.itemOf.get(rec.product.id);
      if (item === undefined) {
        st.unknownProducts++;
        continue;
      }
      if (u.train.has(item)) {
        dropped++;
        continue;
      }
      if (list.length < K) list.push(item);
    }
    if (dropped > 0) st.usersWithTrainingItems++;
    st.trainingItemsDropped += dropped;
    if (list.length < K) st.shortLists++;
    lists.set(u.user, list);
  });
  return { lists, stats: st, sec: secs(t0) };
}

async function runIndependent(run: number, ml: MovieLens, split: Split) {
  const started = performance.now();
  const { offsetMs, days } = timeShift(ml);
  return launchApi(`ml_indep`, { keepDatabases: keep, env: { RETRAIN_SCHEDULE_ENABLED: 'false' } }, async (api) => {
    const gql = new GqlClient(api.graphqlUrl, Math.max(importClients, queryClients));
    try {
      await settleStartupRetrain(api, gql);
      progress(`importing ${ml.movies.length} products, users and ${split.train.length} training ratings`);
      const imp = await importData(gql, ml, split.train, offsetMs);
      progress(`imported in ${round(imp.stats.productsSec + imp.stats.usersSec + imp.stats.interactionsSec, 1)} s; retraining over ${days} days`);
      const trained = await retrain(gql, days);
      progress(`model version ${trained.modelVersion} served; querying ${split.users.length} users`);
      const at10 = await serviceLists(gql, imp.ids, split.users, K);
      const filled = await serviceLists(gql, imp.ids, split.users, fillN);
      const service = metrics(split.users, at10.lists, ml.movies.length);
      const serviceFilled = metrics(split.users, filled.lists, ml.movies.length);
      const popular = metrics(split.users, popularLists(split.train, split.users), ml.movies.length);
      const rec = {
        bench: BENCH,
        run,
        mode: 'independent',
        database: keep ? api.database : undefined,
        evaluatedUsers: split.users.length,
        trainRatings: split.train.length,
        testRatings: split.test.length,
        service: r4(service),
        serviceFilled: { n: fillN, ...r4(serviceFilled) },
        popular: r4(popular),
        lists: { n10: at10.stats, [`n${fillN}`]: filled.stats },
        model: trained.modelInfo,
        windowDays: days,
        phasesSec: {
          products: imp.stats.productsSec,
          users: imp.stats.usersSec,
          interactions: imp.stats.interactionsSec,
          retrain: trained.retrainSec,
          modelLoad: trained.loadSec,
          queriesN10: at10.sec,
          queriesFilled: filled.sec,
          total: secs(started),
        },
        import: { interactionsPerSec: imp.stats.interactionsPerSec, batches: imp.stats.batches, batchMs: imp.stats.batchMs, createUserMs: imp.stats.createUserMs, accepted: imp.stats.accepted, duplicates: imp.stats.duplicates, price: imp.stats.priceUsed, refused: imp.stats.refused },
        load1m: load1m(),
      };
      emit(rec);
      figure(
        `run ${run} independent: service NDCG@10 ${rec.service.ndcgAt10.toFixed(4)} (n=${fillN} filled ${rec.serviceFilled.ndcgAt10.toFixed(4)}), ` +
          `popular ${rec.popular.ndcgAt10.toFixed(4)}; ${rec.evaluatedUsers} users; ${at10.stats.usersWithTrainingItems} n=10 lists held training items ` +
          `(${at10.stats.trainingItemsDropped} dropped, ${at10.stats.shortLists} lists short); import ${round(imp.stats.productsSec + imp.stats.usersSec + imp.stats.interactionsSec, 1)} s, ` +
          `retrain ${trained.retrainSec} s, queries ${at10.sec} s, total ${rec.phasesSec.total} s`,
      );
      return rec;
    } finally {
      gql.close();
    }
  });
}

async function runBuiltin(run: number, ml: MovieLens) {
  const started = performance.now();
  const { offsetMs, days } = timeShift(ml);
  return launchApi(`ml_builtin`, { keepDatabases: keep, env: { RETRAIN_SCHEDULE_ENABLED: 'false' } }, async (api) => {
    const gql = new GqlClient(api.graphqlUrl, Math.max(importClients, queryClients));
    try {
      await settleStartupRetrain(api, gql);
      const base = { bench: BENCH, run, mode: 'builtin', database: keep ? api.database : undefined };
      progress(`importing ${ml.movies.length} products, users and all ${ml.ratings.length} ratings`);
      const imp = await importData(gql, ml, ml.ratings, offsetMs);
      const trained = await retrain(gql, days);
      const q = `{ modelInfo { version evaluationSkippedReason evaluation { ${EVAL_FIELDS.join(' ')} baselineRecallAt10 baselineHitRateAt10 baselineCoverage } } }`;
      let evaluation: Record<string, unknown> | null = null;
      let skipped: string | null = null;
      // The evaluation is stored with the version, so it is there once the version is served; poll briefly anyway.
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(500)) {
        const info = (await gql.ok<{ modelInfo: { evaluation: Record<string, unknown> | null; evaluationSkippedReason?: string | null } }>(q)).modelInfo;
        evaluation = info.evaluation;
        skipped = info.evaluationSkippedReason ?? null;
        if (evaluation || skipped) break;
      }
      const rec = {
        ...base,
        available: evaluation !== null,
        reason: evaluation === null ? `modelInfo.evaluation is null after the model was served${skipped ? `: ${skipped}` : ''}` : undefined,
        evaluation,
        model: trained.modelInfo,
        windowDays: days,
        phasesSec: {
          products: imp.stats.productsSec,
          users: imp.stats.usersSec,
          interactions: imp.stats.interactionsSec,
          retrain: trained.retrainSec,
          modelLoad: trained.loadSec,
          total: secs(started),
        },
        import: { interactionsPerSec: imp.stats.interactionsPerSec, batches: imp.stats.batches, batchMs: imp.stats.batchMs, createUserMs: imp.stats.createUserMs, accepted: imp.stats.accepted, duplicates: imp.stats.duplicates, price: imp.stats.priceUsed, refused: imp.stats.refused },
        load1m: load1m(),
      };
      emit(rec);
      const num = (k: string) => (typeof evaluation?.[k] === 'number' ? evaluation[k].toFixed(4) : 'n/a');
      figure(
        evaluation
          ? `run ${run} builtin: NDCG@10 ${num('ndcgAt10')}, baseline ${num('baselineNdcgAt10')}, users ${typeof evaluation.evaluatedUsers === 'number' ? evaluation.evaluatedUsers : 'n/a'}; ` +
              `import ${round(imp.stats.productsSec + imp.stats.usersSec + imp.stats.interactionsSec, 1)} s, retrain ${trained.retrainSec} s, total ${rec.phasesSec.total} s`
          : `run ${run} builtin: unavailable (${rec.reason})`,
      );
      return rec;
    } finally {
      gql.close();
    }
  });
}

type IndepRec = Awaited<ReturnType<typeof runIndependent>>;
type BuiltinRec = Awaited<ReturnType<typeof runBuiltin>>;

function row(label: string, values: Array<number | undefined>): string {
  return `${label.padEnd(28)}${values.map((v) => (v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(4)).padStart(11)).join('')}`;
}

async function main() {
  const t0 = performance.now();
  const ml = loadMovieLens(dataDir);
  const split = holdout(ml.ratings);
  const eventKeys = new Set(ml.ratings.map((r) => `${r.user}-${r.item}-${r.ts}`));
  if (eventKeys.size !== ml.ratings.length) throw new Error('eventIds would not be unique');
  progress(
    `MovieLens from ${dataDir}: ${ml.ratings.length} ratings, ${ml.movies.length} items; ${split.train.length} train / ${split.test.length} test; ` +
      `${split.users.length} evaluated users`,
  );
  if (split.users.length !== EXPECTED_EVALUATED) progress(`WARNING: ${split.users.length} evaluated users, expected ${EXPECTED_EVALUATED}`);

  const indep: IndepRec[] = [];
  const builtin: BuiltinRec[] = [];
  for (let run = 1; run <= runs; run++) {
    if (mode !== 'builtin') indep.push(await runIndependent(run, ml, split));
    if (mode !== 'independent') builtin.push(await runBuiltin(run, ml));
  }

  // Summary: median/min/max over runs, and the differences built-in minus independent.
  const metricNames = ['ndcgAt10', 'recallAt10', 'hitRateAt10', 'coverage'] as const;
  type BuiltinOk = Extract<BuiltinRec, { evaluation: unknown }> & { evaluation: Record<string, number> };
  const builtinOk = builtin.filter((b): b is BuiltinOk => 'evaluation' in b && b.evaluation !== null);
  const bval = (k: string) => builtinOk.map((b) => b.evaluation[k]).filter((v): v is number => typeof v === 'number');
  const med = (xs: number[]) => (xs.length ? spread(xs, 4).median : NaN);
  const summary: Record<string, unknown> = { bench: BENCH, summary: true, runs, mode, evaluatedUsers: split.users.length };
  if (indep.length) {
    for (const part of ['service', 'serviceFilled', 'popular'] as const) {
      summary[part] = Object.fromEntries(metricNames.map((m) => [m, spread(indep.map((r) => r[part][m]), 4)]));
    }
    const phases = Object.keys(indep[0].phasesSec) as Array<keyof IndepRec['phasesSec']>;
    summary.phasesSecIndependent = Object.fromEntries(phases.map((k) => [k, spread(indep.map((r) => r.phasesSec[k]), 2)]));
  }
  if (builtin.length) {
    summary.builtinAvailable = builtinOk.length > 0;
    if (builtinOk.length) {
      summary.builtin = Object.fromEntries(
        [...metricNames, ...metricNames.map((m) => BASELINE_OF[m]), 'evaluatedUsers'].filter((m) => bval(m).length).map((m) => [m, spread(bval(m), 4)]),
      );
      const phases = Object.keys(builtinOk[0].phasesSec) as Array<keyof BuiltinOk['phasesSec']>;
      summary.phasesSecBuiltin = Object.fromEntries(phases.map((k) => [k, spread(builtinOk.map((r) => r.phasesSec[k]), 2)]));
    } else {
      summary.builtinReason = (builtin[0] as { reason?: string }).reason;
    }
  }
  if (indep.length && builtinOk.length) {
    const s = med(indep.map((r) => r.service.ndcgAt10));
    const sf = med(indep.map((r) => r.serviceFilled.ndcgAt10));
    const p = med(indep.map((r) => r.popular.ndcgAt10));
    const b = med(bval('ndcgAt10'));
    const bb = med(bval('baselineNdcgAt10'));
    summary.difference = {
      ndcgAt10BuiltinMinusService: round(b - s, 4),
      ndcgAt10BuiltinMinusServiceFilled: round(b - sf, 4),
      baselineNdcgAt10BuiltinMinusPopular: round(bb - p, 4),
      agreesWithin001: Math.abs(b - s) <= 0.01,
      agreesWithin001Filled: Math.abs(b - sf) <= 0.01,
      baselineAgreesWithin001: Math.abs(bb - p) <= 0.01,
    };
  }
  summary.wallSec = secs(t0);
  emit(summary);

  figure(`${BENCH}: MovieLens-100K, ${split.users.length} evaluated users, medians over ${runs} run(s)`);
  figure(`${'metric'.padEnd(28)}${['service', `svc n=${fillN}`, 'popular', 'builtin', 'b-baseline'].map((h) => h.padStart(11)).join('')}`);
  for (const m of metricNames) {
    figure(
      row(m, [
        indep.length ? med(indep.map((r) => r.service[m])) : undefined,
        indep.length ? med(indep.map((r) => r.serviceFilled[m])) : undefined,
        indep.length ? med(indep.map((r) => r.popular[m])) : undefined,
        builtinOk.length ? med(bval(m)) : undefined,
        builtinOk.length ? med(bval(BASELINE_OF[m])) : undefined,
      ]),
    );
  }
  const d = summary.difference as Record<string, number | boolean> | undefined;
  if (d) {
    figure(
      `NDCG@10 built-in minus independent: ${d.ndcgAt10BuiltinMinusService} (n=10 lists), ${d.ndcgAt10BuiltinMinusServiceFilled} (n=${fillN} filled); ` +
        `baseline minus popular: ${d.baselineNdcgAt10BuiltinMinusPopular}; within 0.01: ${d.agreesWithin001} / ${d.agreesWithin001Filled} / ${d.baselineAgreesWithin001}`,
    );
  } else if (builtin.length && !builtinOk.length) {
    figure(`built-in evaluation unavailable: ${String(summary.builtinReason)}`);
  }
  const ph = (x: unknown) =>
    Object.entries(x as Record<string, { median: number }>)
      .map(([k, v]) => `${k} ${v.median}`)
      .join(', ');
  if (summary.phasesSecIndependent) figure(`independent phases (median s): ${ph(summary.phasesSecIndependent)}`);
  if (summary.phasesSecBuiltin) figure(`builtin phases (median s): ${ph(summary.phasesSecBuiltin)}`);
  figure(`wall time ${String(summary.wallSec)} s`);
}

main().catch((e) => {
  progress(`failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
