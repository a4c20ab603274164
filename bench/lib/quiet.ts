import { execFile } from 'node:child_process';
import { load1m } from './proc';
import { progress } from './report';

// Other CPU-heavy benchmarks may share this 2-core machine. Before a measurement, wait until none of
// them runs, so their CPU does not end up in our figures (and ours not in theirs).

/** Process command lines (pgrep -f, extended regex) that mean "another benchmark is running". */
const BUSY_PATTERNS = ['dist-bench/bench/(ingest|export)'];
const POLL_MS = 15_000;
const MAX_WAIT_MS = 20 * 60_000;

/** Pids matching `pattern` (pgrep runs without a shell, so it never matches itself). */
function pgrep(pattern: string): Promise<number[]> {
  return new Promise((resolve) => {
    execFile('pgrep', ['-f', pattern], (err, stdout) => {
      // exit code 1: no match
      if (err && (err as NodeJS.ErrnoException & { code?: number }).code !== 1) progress(`pgrep failed: ${err.message}`);
      resolve(
        stdout
          .split('\n')
          .map((s) => Number(s.trim()))
          .filter((pid) => pid > 0 && pid !== process.pid),
      );
    });
  });
}

export interface Quiet {
  /** Seconds spent waiting for other benchmarks to finish. */
  waitedSec: number;
  /** true when other benchmarks were still running after the maximum wait (figures may be disturbed). */
  busy: boolean;
  load1m: number;
}

/**
 * Polls every 15 s, up to 20 minutes, until no process matches `dist-bench/bench/(ingest|export)`.
 * Returns how long it waited and the 1-minute load average at the end.
 */
export async function waitForQuiet(what: string): Promise<Quiet> {
  const started = Date.now();
  for (;;) {
    const busy: number[] = [];
    for (const p of BUSY_PATTERNS) busy.push(...(await pgrep(p)));
    if (busy.length === 0) return { waitedSec: Math.round((Date.now() - started) / 1000), busy: false, load1m: load1m() };
    if (Date.now() - started >= MAX_WAIT_MS) {
      progress(`other benchmarks still running after ${MAX_WAIT_MS / 60_000} min (pids ${busy.join(',')}); measuring ${what} anyway`);
      return { waitedSec: Math.round((Date.now() - started) / 1000), busy: true, load1m: load1m() };
    }
    progress(`waiting for other benchmarks (pids ${busy.join(',')}) to finish before ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
