import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Client } from 'pg';

// Per-process figures from /proc (Linux): resident memory and CPU time. CPU time per unit of work is
// a steadier comparison than wall-clock rates when other work shares the machine.

const CLOCK_TICKS_PER_SEC = 100; // USER_HZ on Linux

/** The machine's 1-minute load average: above the core count, other work competed with the benchmark. */
export function load1m(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

/** Resident set size of a process in MB, from /proc/<pid>/status (VmRSS). */
export function rssMB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

/** User + system CPU seconds a process has used; 0 when it no longer exists. */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SEC;
}

/** PostgreSQL server processes serving a database (the API's pool, and any other client of it). */
export async function backendPids(pg: Client, database: string): Promise<number[]> {
  const { rows } = await pg.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [database]);
  return rows.map((r) => r.pid);
}

/** CPU seconds used by the API process and by PostgreSQL backends of its database between start() and stop(). */
export class CpuMeter {
  private apiStart = 0;
  private readonly pgStart = new Map<number, number>();

  constructor(
    private readonly pg: Client,
    private readonly database: string,
    private readonly apiPid: number,
  ) {}

  async start(): Promise<void> {
    this.apiStart = cpuSeconds(this.apiPid);
    this.pgStart.clear();
    for (const pid of await backendPids(this.pg, this.database)) this.pgStart.set(pid, cpuSeconds(pid));
  }

  async stop(): Promise<{ apiCpuSec: number; pgCpuSec: number }> {
    const apiCpuSec = cpuSeconds(this.apiPid) - this.apiStart;
    let pgCpuSec = 0;
    // Backends opened during the run count from 0; ones closed during it are lost (rare with a warm pool).
    for (const pid of new Set([...this.pgStart.keys(), ...(await backendPids(this.pg, this.database))])) {
      pgCpuSec += Math.max(0, cpuSeconds(pid) - (this.pgStart.get(pid) ?? 0));
    }
    return { apiCpuSec, pgCpuSec };
  }
}

/** Samples a process's RSS on a timer; stop() returns the peak and the number of samples. */
export class RssSampler {
  private peak: number;
  private samples = 1;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number, intervalMs = 50) {
    this.peak = rssMB(pid);
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    this.peak = Math.max(this.peak, rssMB(this.pid));
    this.samples++;
  }

  stop(): { peakMB: number; samples: number } {
    clearInterval(this.timer);
    this.sample();
    return { peakMB: this.peak, samples: this.samples };
  }
}
