// Preload for the API process (`node -r dist/bench/lib/api-probe.js dist/src/app/main.js`), for finding
// where a model swap spends its time without changing src/. It logs, as pino-like JSON lines on stdout
// (msg "probe", `time` = Date.now()):
//   ev "stall"       the main thread's event loop did not turn for > STALL_MS (start, ms)
//   ev "gc"          a garbage collection pause >= GC_MS (start, ms, kind: scavenge/mark-compact/...)
//   ev "artifact"    ModelStore.artifact(version): reading the chunks from PostgreSQL (start, ms, MB)
//   ev "assemble"    assembleAsync: the main thread's part of a load after the worker decoded (start, ms)
//   ev "deserialize" deserializeAsync as a whole, where a load runs without the worker (start, ms)
import { writeSync } from 'node:fs';
import path from 'node:path';
import { performance, PerformanceObserver, constants } from 'node:perf_hooks';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const workerThreads = require('node:worker_threads') as typeof import('node:worker_threads');

const SRC = path.resolve(__dirname, '../../src');
const STALL_MS = Number(process.env.BENCH_PROBE_STALL_MS ?? 20);
const GC_MS = Number(process.env.BENCH_PROBE_GC_MS ?? 5);
const TICK_MS = 5;

type AnyFn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

const r1 = (x: number) => Math.round(x * 10) / 10;
/** Wall-clock epoch ms (the scale of pino's `time`) of a performance.now() reading. */
const wall = (perfNow: number) => Date.now() - (performance.now() - perfNow);

function log(ev: string, fields: Record<string, unknown>): void {
  try {
    writeSync(1, `${JSON.stringify({ level: 30, time: Date.now(), msg: 'probe', ev, ...fields })}\n`);
  } catch {
    // stdout gone
  }
}

function install(): void {
  // Event-loop stalls: a timer every 5 ms that notices when it fired late.
  let last = performance.now();
  setInterval(() => {
    const t = performance.now();
    const late = t - last - TICK_MS;
    if (late > STALL_MS) log('stall', { start: r1(wall(last + TICK_MS)), ms: r1(late) });
    last = t;
  }, TICK_MS).unref();

  const GC_KINDS: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration < GC_MS) continue;
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      log('gc', { start: r1(wall(e.startTime)), ms: r1(e.duration), kind: GC_KINDS[kind] ?? String(kind) });
    }
  }).observe({ entryTypes: ['gc'] });

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const store = require(path.join(SRC, 'features/model-lifecycle/store/model-store.js')) as { ModelStore: { prototype: { artifact: AnyFn } } };
  const artifact = store.ModelStore.prototype.artifact;
  store.ModelStore.prototype.artifact = async function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    const out = (await artifact.apply(this, args)) as Buffer;
    log('artifact', { start: r1(wall(t0)), ms: r1(performance.now() - t0), MB: r1(out.length / 1048576), version: args[0] });
    return out;
  };

  // The main thread's share of a load: the built service decodes in a worker, then assembles here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ser = require(path.join(SRC, 'recommender/serialize.js')) as Record<'assembleAsync' | 'deserializeAsync', AnyFn>;
  for (const [name, ev] of [['assembleAsync', 'assemble'], ['deserializeAsync', 'deserialize']] as const) {
    const original = ser[name];
    ser[name] = async (...args: unknown[]) => {
      const t0 = performance.now();
      const out = await original(...args);
      log(ev, { start: r1(wall(t0)), ms: r1(performance.now() - t0) });
      return out;
    };
  }
}

if (workerThreads.isMainThread) install();
