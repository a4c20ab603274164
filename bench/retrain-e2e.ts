// "The retraining loop", target 1: an end-to-end retrain from PostgreSQL through the real Trainer (the
// retrain CLI, `node dist/src/cli/retrain.js --days 30`: reads the window page by page, trains and
// serializes in a worker thread, stores the artifact in chunks as the new ACTIVE version + NOTIFY).
//
//   small: 10,000 products / 100,000 interactions / 10,000 users   target: training <= 5 s
//   large: 100,000 products / 1,000,000 interactions / 50,000 users target: <= 60 s wall, <= 2 GB peak RSS
//
// Each size gets its own fresh database, filled once with the generate CLI and dropped at the end; every
// run is a fresh retrain CLI process. The phase split (start-up / training: reading, training, evaluating
// and serializing / storing / exit) comes from the CLI's own log lines and the new version's NOTIFY
// (lib/retrain-phases.ts); its VmRSS and VmHWM are sampled from /proc every 20 ms. One JSON line per
// run, one summary line per size.
//
//   npm run bench:build
//   node dist-bench/bench/retrain-e2e.js [--sizes=small,large] [--runs-small=5] [--runs-large=3] [--days=30]
import { generateData, runCli, withDatabase } from './lib/cli';
import { ActivationListener } from './lib/notify';
import { waitForQuiet } from './lib/quiet';
import { arg, emit, figure, intArg, progress } from './lib/report';
import { retrainPhases, type RetrainPhases } from './lib/retrain-phases';
import { round, spread } from './lib/stats';

const BENCH = 'retrain-e2e';

interface Size {
  products: number;
  users: number;
  interactions: number;
  runs: number;
  target: { trainingMs?: number; wallMs?: number; peakRssMB?: number };
}

const days = intArg('days', 30);
const SIZES: Record<string, Size> = {
  // a smoke test of the script itself, not a target
  tiny: { products: 1_000, users: 500, interactions: 5_000, runs: intArg('runs-tiny', 2), target: {} },
  small: { products: 10_000, users: 10_000, interactions: 100_000, runs: intArg('runs-small', 5), target: { trainingMs: 5_000 } },
  large: { products: 100_000, users: 50_000, interactions: 1_000_000, runs: intArg('runs-large', 3), target: { wallMs: 60_000, peakRssMB: 2048 } },
};

async function benchSize(name: string, size: Size): Promise<void> {
  await withDatabase(`retrain_e2e_${name}`, async (db) => {
    await waitForQuiet(`generating ${name}`);
    // The window is --days; the data spans one day less, so no interaction ages out between runs.
    const gen = await generateData(db.url, { products: size.products, users: size.users, interactions: size.interactions, days: days - 1 });
    emit({ bench: BENCH, size: name, generate: gen });
    const listener = await ActivationListener.start(db.url);
    const perRun: Array<{ wallMs: number; trainingMs: number; peakMB: number; phases: RetrainPhases }> = [];
    try {
      let lastVersion = 0;
      for (let run = 1; run <= size.runs; run++) {
        const quiet = await waitForQuiet(`retrain ${name} run ${run}`);
        progress(`retrain ${name} run ${run}/${size.runs}`);
        const r = await runCli('retrain', ['--days', String(days)], { databaseUrl: db.url, timeoutMs: 10 * 60_000 });
        if (r.code !== 0) throw new Error(`retrain CLI exited with ${r.code ?? r.signal}`);
        const activation = await listener.next(lastVersion, 10_000);
        const phases = retrainPhases(r, activation.wallAt);
        lastVersion = phases.version;
        const rec = {
          bench: BENCH,
          size: name,
          run,
          products: gen.products,
          users: gen.users,
          interactions: gen.interactions,
          version: phases.version,
          // spawn -> exit of the retrain CLI (node start-up and ORM init included)
          wallMs: round(r.wallMs),
          // the trainer's own clock (its log line): reading + training + evaluating + serializing, not storing
          trainingDurationMs: phases.trainMs,
          // spawn -> NOTIFY received here (the moment API processes hear of the new version)
          spawnToNotifyMs: round(activation.wallAt - r.spawnedAt),
          phases,
          artifactMB: phases.artifactMB,
          peakRssMB: round(r.mem.peakMB),
          sampledPeakRssMB: round(r.mem.peakRssMB),
          hwmMB: round(r.mem.hwmMB),
          rssSamples: r.mem.samples,
          load1m: quiet.load1m,
          waitedForQuietSec: quiet.waitedSec,
          otherBenchmarksRunning: quiet.busy,
        };
        emit(rec);
        perRun.push({ wallMs: rec.wallMs, trainingMs: phases.trainMs, peakMB: r.mem.peakMB, phases });
      }
    } finally {
      await listener.close();
    }
    const s = (f: (r: (typeof perRun)[number]) => number) => spread(perRun.map(f));
    const wall = s((r) => r.wallMs);
    const training = s((r) => r.trainingMs);
    const peak = s((r) => r.peakMB);
    const t = size.target;
    const met =
      (t.trainingMs === undefined || training.median <= t.trainingMs) &&
      (t.wallMs === undefined || wall.median <= t.wallMs) &&
      (t.peakRssMB === undefined || peak.max <= t.peakRssMB);
    emit({
      bench: BENCH,
      summary: true,
      size: name,
      products: size.products,
      users: size.users,
      interactions: size.interactions,
      wallMs: wall,
      trainingDurationMs: training,
      split: {
        startupMs: s((r) => r.phases.startupMs),
        trainMs: s((r) => r.phases.trainMs),
        storeMs: s((r) => r.phases.storeMs),
        exitMs: s((r) => r.phases.exitMs),
      },
      peakRssMB: peak,
      target: { ...t, met },
    });
    const sp = (x: { median: number; min: number; max: number; runs: number }, unit = 'ms') => `${x.median} ${unit} (min ${x.min}, max ${x.max}, ${x.runs} runs)`;
    figure(
      `retrain ${name} (${size.products} products / ${size.interactions} interactions / ${size.users} users): wall ${sp(wall)}, ` +
        `trainingDurationMs ${sp(training)}, start-up ${sp(s((r) => r.phases.startupMs))}, ` +
        `store ${sp(s((r) => r.phases.storeMs))}, peak RSS ${sp(peak, 'MB')}; target ${JSON.stringify(t)} ${met ? 'MET' : 'MISSED'}`,
    );
  });
}

async function main() {
  const names = arg('sizes', 'small,large').split(',');
  for (const name of names) {
    const size = SIZES[name];
    if (!size) throw new Error(`unknown size ${name} (small, large)`);
    await benchSize(name, size);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
