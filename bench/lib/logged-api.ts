import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import { launchApi, type Launched } from './api';

// Like withApi, but the API logs at `info` into a pipe this process reads: every pino line is kept with
// the time it arrived, so a benchmark can wait for and time events such as 'serving model version'
// (which carries loadMs and the API's own timestamp). Lines that are not JSON, and warnings and
// errors, go on to stderr.

export interface LogLine {
  /** pino's `time` (epoch ms in the API process) and the rest of the record */
  time: number;
  msg?: string;
  level?: number;
  [k: string]: unknown;
  /** Epoch ms (fractional) when this process read the line. */
  receivedAt: number;
}

export interface LoggedApi extends Launched {
  logs: LogLine[];
  /** The first log line (from index `from` on) matching pred, waiting up to timeoutMs. */
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs: number, from?: number): Promise<LogLine>;
}

export interface LoggedApiOptions {
  /** Extra environment for the API (e.g. RETRAIN_SCHEDULE_ENABLED). */
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['-r', 'dist/bench/lib/api-probe.js'] or ['--cpu-prof']. */
  nodeArgs?: string[];
}

class LogCollector {
  readonly logs: LogLine[] = [];
  private readonly waiters = new Set<() => void>();

  attach(child: ChildProcess): void {
    createInterface({ input: child.stdout! }).on('line', (line) => this.onLine(line));
    createInterface({ input: child.stderr! }).on('line', (line) => process.stderr.write(`[api] ${line}\n`));
  }

  private onLine(line: string): void {
    const receivedAt = performance.timeOrigin + performance.now();
    let rec: LogLine;
    try {
      rec = { ...(JSON.parse(line) as Omit<LogLine, 'receivedAt'>), receivedAt } as LogLine;
    } catch {
      process.stderr.write(`[api] ${line}\n`);
      return;
    }
    this.logs.push(rec);
    if ((rec.level ?? 30) >= 40) process.stderr.write(`[api] ${line}\n`);
    for (const w of [...this.waiters]) w();
  }

  waitForLog(pred: (l: LogLine) => boolean, timeoutMs: number, from = 0): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.logs.slice(from).find(pred);
        if (!found) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching API log line within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

/** Runs body against a fresh API process (info logs captured) on a fresh database; stops and drops both after. */
export function withLoggedApi<T>(name: string, o: LoggedApiOptions, body: (api: LoggedApi) => Promise<T>): Promise<T> {
  const collector = new LogCollector();
  return launchApi(
    name,
    { nodeArgs: o.nodeArgs, env: { LOG_LEVEL: 'info', ...o.env }, output: 'pipe' },
    (api) => body({ ...api, logs: collector.logs, waitForLog: (p, t, f) => collector.waitForLog(p, t, f) }),
    (child) => collector.attach(child),
  );
}

/** Matches the API's 'serving model version' line for a version greater than `after`. */
export const servingVersion = (after: number) => (l: LogLine) => l.msg === 'serving model version' && (l.version as number) > after;
