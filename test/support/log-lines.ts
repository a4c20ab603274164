import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** One pino JSON line of a child process, with the moment this process read it. */
export interface LogLine {
  /** pino's `time`: Date.now() in the process that logged. */
  time: number;
  level: number;
  msg?: string;
  [k: string]: unknown;
  /** Epoch ms (fractional, monotonic clock) when this process read the line. */
  receivedAt: number;
}

/** What to pass on to our stderr: every line, warnings and errors (and lines that are not JSON), or none. */
export type Echo = 'all' | 'warnings' | 'none';

const WARN = 40;

/**
 * Reads a child's pino output line by line: every line is kept (`output`, for error messages), every JSON
 * one also parsed (`logs`), and waitFor() resolves on the first line that matches.
 */
export class LogLines {
  readonly output: string[] = [];
  readonly logs: LogLine[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly listeners: Array<(l: LogLine) => void> = [];

  constructor(private readonly echo: Echo = 'none', private readonly prefix = '') {}

  read(stream: Readable): void {
    createInterface({ input: stream }).on('line', (line) => this.onLine(line));
  }

  private onLine(line: string): void {
    const receivedAt = performance.timeOrigin + performance.now();
    this.output.push(line);
    let rec: LogLine | undefined;
    try {
      const parsed = JSON.parse(line) as LogLine;
      if (parsed && typeof parsed === 'object' && typeof parsed.level === 'number') rec = { ...parsed, receivedAt };
    } catch {
      // not a log line
    }
    if (this.echo === 'all' || (this.echo === 'warnings' && (rec?.level ?? WARN) >= WARN)) process.stderr.write(`${this.prefix}${line}\n`);
    if (!rec) return;
    this.logs.push(rec);
    for (const l of this.listeners) l(rec);
    for (const w of [...this.waiters]) w();
  }

  /** Calls fn with every log line read from now on. */
  onLog(fn: (l: LogLine) => void): void {
    this.listeners.push(fn);
  }

  /** The first log line (from index `from` on) matching pred, waiting up to timeoutMs; rejects early when `gone` resolves. */
  waitFor(pred: (l: LogLine) => boolean, timeoutMs: number, from = 0, gone?: Promise<string>): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const check = () => {
        const found = this.logs.slice(from).find(pred);
        if (!found) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching log line within ${timeoutMs} ms:\n${this.output.slice(-20).join('\n')}`));
      }, timeoutMs);
      // `gone` (the process's exit) only ever resolves.
      void gone?.then((why) => {
        done();
        reject(new Error(`${why} before the awaited log line:\n${this.output.slice(-20).join('\n')}`));
      });
      this.waiters.add(check);
      check();
    });
  }
}
