// Preload (`node -r dist/bench/lib/retrain-probe.js dist/src/cli/retrain.js`) that timestamps the phases
// of one retrain without changing the trainer: it wraps pg's Client.prototype.query (the trainer's reads
// and the model store's writes), InteractionColumns (building the columns), worker_threads.Worker (the
// training thread) and, inside that thread, trainEvaluated() (evaluation included) and serialize(). Each event is one line on stderr,
// "@@probe {json}", times in epoch ms (fractional). At exit it adds VmHWM, the process's peak RSS.
// Node runs --require modules in worker threads too, which is how the worker half gets installed.
import { readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

// The real module object (an `import * as` would be a copy under esModuleInterop, and patching it would not reach trainer.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workerThreads = require('node:worker_threads') as typeof import('node:worker_threads');

import { PROBE_PREFIX } from './retrain-phases';
const SRC = path.resolve(__dirname, '../../src');

const now = () => performance.timeOrigin + performance.now();
const r1 = (x: number) => Math.round(x * 10) / 10;

function probe(ev: string, fields: Record<string, unknown>): void {
  try {
    writeSync(2, `${PROBE_PREFIX}${JSON.stringify({ ev, thread: workerThreads.isMainThread ? 'main' : 'worker', ...fields })}\n`);
  } catch {
    // stderr closed: nothing to report to
  }
}

function memMB(): { rssMB: number; hwmMB: number } {
  const text = readFileSync('/proc/self/status', 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text)?.[1] ?? NaN);
  return { rssMB: r1(kb('VmRSS') / 1024), hwmMB: r1(kb('VmHWM') / 1024) };
}

/** Which of the trainer's and model store's statements a SQL text is (others are not timed). */
function classify(text: string): string | null {
  if (/max\(id\)/.test(text) && /from interaction/.test(text)) return 'snapshot';
  if (/join category c on/.test(text)) return 'products';
  if (/from interaction\s+where interaction\.id >/.test(text)) return 'page';
  if (/update model_version set status = 'RETIRED'/.test(text)) return 'retire';
  if (/insert into model_version/.test(text)) return 'version';
  if (/insert into model_artifact_chunk/.test(text)) return 'chunk';
  if (/pg_notify/.test(text)) return 'notify';
  if (/^\s*commit/i.test(text)) return 'commit';
  if (/^\s*begin/i.test(text)) return 'begin';
  return null;
}

type AnyFn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

function installMain(): void {
  probe('start', { t: now(), processStart: performance.timeOrigin });

  // PostgreSQL statements (knex calls client.query(config, callback)).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as { Client: { prototype: { query: AnyFn } } };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const tag = classify(text);
    if (!tag) return query.apply(this, args);
    const t0 = now();
    const done = (rows: unknown) => probe('query', { tag, t0, t1: now(), rows });
    const cbAt = args.findIndex((a) => typeof a === 'function');
    if (cbAt >= 0) {
      const cb = args[cbAt] as AnyFn;
      args[cbAt] = function (this: unknown, err: unknown, res: { rowCount?: number } | undefined) {
        done(res?.rowCount ?? null);
        return cb.apply(this, [err, res]);
      };
      return query.apply(this, args);
    }
    const out = query.apply(this, args);
    if (out && typeof out.then === 'function') out.then((res: { rowCount?: number }) => done(res?.rowCount ?? null), () => done(null));
    return out;
  };

  // Building the columnar interactions from the pages (main thread, between page reads).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dataset = require(path.join(SRC, 'features/model-lifecycle/trainer/dataset.js')) as { InteractionColumns: { prototype: { add: AnyFn; build: AnyFn } } };
  const proto = dataset.InteractionColumns.prototype;
  const add = proto.add;
  const build = proto.build;
  let addMs = 0;
  let pages = 0;
  proto.add = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return add.apply(this, args);
    } finally {
      addMs += performance.now() - t0;
      pages++;
    }
  };
  proto.build = function (this: unknown, ...args: unknown[]) {
    const t0 = now();
    const out = build.apply(this, args);
    probe('columns', { addMs: r1(addMs), pages, buildT0: t0, buildT1: now() });
    return out;
  };

  // The training thread: constructing it clones the products into it (synchronously).
  const Original = workerThreads.Worker;
  class ProbedWorker extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      const t0 = now();
      super(...args);
      probe('worker-ctor', { t0, t1: now() });
      this.once('message', () => probe('worker-message', { t: now() }));
      this.once('exit', (code) => probe('worker-exit', { t: now(), code }));
    }
  }
  (workerThreads as { Worker: typeof Original }).Worker = ProbedWorker;

  process.once('exit', (code) => {
    const cpu = process.cpuUsage(); // the whole process: main thread, training thread, libuv pool
    probe('exit', { t: now(), code, cpuSec: r1((cpu.user + cpu.system) / 1e5) / 10, ...memMB() });
  });
}

function installWorker(): void {
  probe('worker-start', { t: now() });
  // train-job.js calls trainEvaluated (the evaluation, then the serving model) and serialize through the
  // recommender index's getters, which read these exports.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const trainMod = require(path.join(SRC, 'recommender/train-evaluated.js')) as { trainEvaluated: AnyFn };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const serMod = require(path.join(SRC, 'recommender/serialize.js')) as { serialize: AnyFn };
  const train = trainMod.trainEvaluated;
  const serialize = serMod.serialize;
  trainMod.trainEvaluated = (...args: unknown[]) => {
    const t0 = now();
    const out = train(...args);
    probe('train', { t0, t1: now(), ...memMB() });
    return out;
  };
  serMod.serialize = (...args: unknown[]) => {
    const t0 = now();
    const out = serialize(...args) as Buffer;
    probe('serialize', { t0, t1: now(), bytes: out.length, ...memMB() });
    return out;
  };
}

if (workerThreads.isMainThread) installMain();
else installWorker();
