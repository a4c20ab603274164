import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { dropDatabase } from '../../src/platform/db/admin';
import { MemSampler } from './mem';
import { progress } from './report';
import { PROBE_PREFIX, type Probe } from './retrain-phases';

// The operator CLIs (dist/src/cli/*.js) as child processes of a benchmark: generate fills a database,
// retrain trains once through the real Trainer (worker thread) and stores the new active version.

const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// Compiled layout: dist/bench/lib/cli.js -> dist/src/cli/*.js
const CLI_DIR = path.resolve(__dirname, '../../src/cli');
const PROBE_JS = path.resolve(__dirname, 'retrain-probe.js');

export type { Probe };

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  pid: number;
  /** Epoch ms of spawn and of exit, as seen by this process. */
  spawnedAt: number;
  exitedAt: number;
  wallMs: number;
  stdout: string[];
  /** Parsed pino lines of stdout (the CLIs log JSON). */
  logs: Array<Record<string, unknown>>;
  probes: Probe[];
  mem: { peakRssMB: number; hwmMB: number; peakMB: number; samples: number; timeline: Array<[number, number]> };
}

export interface CliOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  /** Preload retrain-probe.js (phase timestamps, VmHWM at exit). */
  probe?: boolean;
  onProbe?: (p: Probe) => void;
  timeoutMs?: number;
  /** RSS sampling period in ms. */
  sampleMs?: number;
}

const now = () => performance.timeOrigin + performance.now();

/** Runs `node dist/src/cli/<name>.js ...args` to completion (SIGTERM, then SIGKILL, after timeoutMs). */
export function runCli(name: 'generate' | 'retrain', args: string[], o: CliOptions): Promise<CliResult> {
  const nodeArgs = o.probe ? ['-r', PROBE_JS] : [];
  const spawnedAt = now();
  const child = spawn(process.execPath, [...nodeArgs, path.join(CLI_DIR, `${name}.js`), ...args], {
    env: { ...process.env, DATABASE_URL: o.databaseUrl, LOG_LEVEL: 'info', DO_NOT_TRACK: '1', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sampler = new MemSampler(child.pid!, o.sampleMs ?? 20);
  const stdout: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const probes: Probe[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    stdout.push(line);
    try {
      const rec = JSON.parse(line) as Record<string, unknown>;
      if (rec && typeof rec === 'object' && 'msg' in rec) logs.push(rec);
    } catch {
      // not a log line (generate prints its result JSON, parsed by the caller)
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (line.startsWith(PROBE_PREFIX)) {
      const p = JSON.parse(line.slice(PROBE_PREFIX.length)) as Probe;
      probes.push(p);
      o.onProbe?.(p);
    } else {
      process.stderr.write(line.startsWith(`[${name}]`) ? `${line}\n` : `[${name}] ${line}\n`);
    }
  });
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
    // 'close': the process exited and its stdout/stderr are drained (every probe line read).
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const exitedAt = now();
      const mem = sampler.stop();
      resolve({
        code,
        signal,
        pid: child.pid!,
        spawnedAt,
        exitedAt,
        wallMs: exitedAt - spawnedAt,
        stdout,
        logs,
        probes,
        mem: { ...mem, timeline: sampler.timeline },
      });
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

/** A database URL of a fresh, unused name (`bench_<name>_<pid>_<random>`) on the benchmark PostgreSQL. */
export function freshDatabaseUrl(name: string): { url: string; database: string } {
  const database = `bench_${name}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const u = new URL(PG_BASE);
  u.pathname = `/${database}`;
  return { url: u.toString(), database };
}

/**
 * Runs body with a fresh database URL (the generate CLI creates the database) and drops the database
 * afterwards, also on Ctrl-C / SIGTERM.
 */
export async function withDatabase<T>(name: string, body: (db: { url: string; database: string }) => Promise<T>): Promise<T> {
  const db = freshDatabaseUrl(name);
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
