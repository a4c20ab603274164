import { spawn } from 'node:child_process';
import { builtFile } from '../../test/support/built';
import { dropDatabase, uniqueName, withDatabase as databaseUrlOf } from '../../test/support/database';
import { LogLines, type LogLine } from '../../test/support/log-lines';
import { BENCH_PG } from './api';
import { MemSampler } from './mem';
import { progress } from './report';

// The operator CLIs (dist/src/cli/*.js, the production build) as child processes of a benchmark:
// generate fills a database, retrain trains once through the real Trainer (worker thread) and stores
// the new version. What they did and when is read from their pino lines on stdout.

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  pid: number;
  /** Date.now() at spawn and at exit (the clock of pino's `time`). */
  spawnedAt: number;
  exitedAt: number;
  wallMs: number;
  stdout: string[];
  /** Parsed pino lines of stdout. */
  logs: LogLine[];
  mem: { peakRssMB: number; hwmMB: number; peakMB: number; samples: number; timeline: Array<[number, number]> };
}

export interface CliOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  /** Called with every pino line as it arrives. */
  onLog?: (l: LogLine) => void;
  timeoutMs?: number;
  /** RSS sampling period in ms. */
  sampleMs?: number;
}

/** Runs `node dist/src/cli/<name>.js ...args` to completion (SIGTERM, then SIGKILL, after timeoutMs). */
export function runCli(name: 'generate' | 'retrain', args: string[], o: CliOptions): Promise<CliResult> {
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [builtFile(`src/cli/${name}.js`), ...args], {
    env: { ...process.env, DATABASE_URL: o.databaseUrl, LOG_LEVEL: 'info', DO_NOT_TRACK: '1', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sampler = new MemSampler(child.pid!, o.sampleMs ?? 20);
  const out = new LogLines('warnings', `[${name}] `);
  out.read(child.stdout);
  const errors = new LogLines('all', `[${name}] `);
  errors.read(child.stderr);
  if (o.onLog) out.onLog(o.onLog);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      progress(`${name} CLI pid ${child.pid} still running after ${o.timeoutMs} ms; stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 10_000).unref();
    }, o.timeoutMs ?? 600_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      sampler.stop();
      reject(e);
    });
    // 'close': the process exited and its stdout/stderr are drained (every line read).
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const exitedAt = Date.now();
      const mem = sampler.stop();
      resolve({ code, signal, pid: child.pid!, spawnedAt, exitedAt, wallMs: exitedAt - spawnedAt, stdout: out.output, logs: out.logs, mem: { ...mem, timeline: sampler.timeline } });
    });
  });
}

export interface GenerateSize {
  products: number;
  users: number;
  interactions: number;
  days: number;
  seed?: number;
}

/** Fills (and if needed creates and migrates) a database with the generate CLI; returns its result line. */
export async function generateData(databaseUrl: string, s: GenerateSize): Promise<Record<string, number>> {
  const args = ['--products', String(s.products), '--users', String(s.users), '--interactions', String(s.interactions), '--days', String(s.days), '--seed', String(s.seed ?? 42)];
  progress(`generate ${args.join(' ')}`);
  const r = await runCli('generate', args, { databaseUrl, timeoutMs: 15 * 60_000, sampleMs: 500 });
  if (r.code !== 0) throw new Error(`generate CLI exited with ${r.code ?? r.signal}`);
  const line = [...r.stdout].reverse().find((l) => l.startsWith('{') && l.includes('"rowsPerSecond"'));
  if (!line) throw new Error('generate CLI printed no result line');
  return JSON.parse(line) as Record<string, number>;
}

/** Runs body with a fresh database URL (the generate CLI creates the database); drops it afterwards, also on Ctrl-C. */
export async function withDatabase<T>(name: string, body: (db: { url: string; database: string }) => Promise<T>): Promise<T> {
  const database = uniqueName(`bench_${name}`);
  const db = { url: databaseUrlOf(BENCH_PG, database), database };
  let dropped: Promise<void> | undefined;
  const drop = () =>
    (dropped ??= dropDatabase(db.url).then(
      () => progress(`dropped database ${db.database}`),
      (e: Error) => progress(`dropping database ${db.database} failed: ${e.message}`),
    ));
  const onSignal = () => void drop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await body(db);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await drop();
  }
}
