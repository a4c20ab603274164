import { performance } from 'node:perf_hooks';
import { GqlClient } from './gql';

// Closed-loop load that records every request: `connections` loops, each with one request in flight on
// its own keep-alive socket, sending pre-built GraphQL bodies. For each request: wall-clock start
// (epoch ms, on the Date.now() scale, so it compares with the API's pino `time`), latency, HTTP status
// (0: no response) and whether the answer carried data without GraphQL errors. The loops can be
// paused (in-flight requests finish) and resumed.

export interface RequestLog {
  count: number;
  start: Float64Array;
  latency: Float64Array;
  status: Uint16Array;
  ok: Uint8Array;
}

export class ClosedLoopLoad {
  private readonly gql: GqlClient;
  private running = false;
  private paused = false;
  private resumeWaiters: Array<() => void> = [];
  private loops: Promise<void>[] = [];
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private n = 0;
  private start = new Float64Array(1 << 16);
  private latency = new Float64Array(1 << 16);
  private status = new Uint16Array(1 << 16);
  private ok = new Uint8Array(1 << 16);
  /** Date.now() - performance clock, so recorded starts are on the wall clock of this moment. */
  private readonly wallOffset = Date.now() - (performance.timeOrigin + performance.now());
  firstError?: string;

  constructor(url: string, private readonly connections: number, private readonly bodies: string[]) {
    this.gql = new GqlClient(url, connections);
  }

  private now(): number {
    return performance.timeOrigin + performance.now() + this.wallOffset;
  }

  private record(start: number, latency: number, status: number, ok: boolean): void {
    if (this.n === this.start.length) {
      const grow = <T extends Float64Array | Uint16Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start, (n) => new Float64Array(n));
      this.latency = grow(this.latency, (n) => new Float64Array(n));
      this.status = grow(this.status, (n) => new Uint16Array(n));
      this.ok = grow(this.ok, (n) => new Uint8Array(n));
    }
    this.start[this.n] = start;
    this.latency[this.n] = latency;
    this.status[this.n] = status;
    this.ok[this.n] = ok ? 1 : 0;
    this.n++;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      if (this.paused) {
        await new Promise<void>((r) => this.resumeWaiters.push(r));
        continue;
      }
      const body = this.bodies[Math.floor(Math.random() * this.bodies.length)];
      const t0 = this.now();
      this.inFlight++;
      try {
        const res = await this.gql.postRaw(body);
        const good = res.status === 200 && !res.body.includes('"errors"');
        if (!good) this.firstError ??= `${res.status} ${res.body.slice(0, 300)}`;
        this.record(t0, this.now() - t0, res.status, good);
      } catch (e) {
        this.firstError ??= (e as Error).message;
        this.record(t0, this.now() - t0, 0, false);
      } finally {
        this.inFlight--;
        if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
      }
    }
  }

  /** Starts the loops with an empty log. */
  begin(): void {
    if (this.running) throw new Error('load already running');
    this.n = 0;
    this.firstError = undefined;
    this.running = true;
    this.paused = false;
    this.loops = Array.from({ length: this.connections }, () => this.loop());
  }

  /** Stops sending; resolves once no request is in flight. */
  async pause(): Promise<void> {
    this.paused = true;
    if (this.inFlight > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  resume(): void {
    this.paused = false;
    for (const w of this.resumeWaiters.splice(0)) w();
  }

  /** Stops the loops (after their in-flight requests) and returns the log of every request since begin(). */
  async end(): Promise<RequestLog> {
    this.running = false;
    this.resume();
    await Promise.all(this.loops);
    return {
      count: this.n,
      start: this.start.slice(0, this.n),
      latency: this.latency.slice(0, this.n),
      status: this.status.slice(0, this.n),
      ok: this.ok.slice(0, this.n),
    };
  }

  close(): void {
    this.gql.close();
  }
}

export interface WindowStats {
  fromMs: number;
  toMs: number;
  requests: number;
  failed: number;
  over100ms: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Requests in flight at any moment of [from, to] (epoch ms): their figures. */
export function windowStats(log: RequestLog, from: number, to: number, slowMs = 100): WindowStats {
  const lat: number[] = [];
  let failed = 0;
  let slow = 0;
  for (let i = 0; i < log.count; i++) {
    const s = log.start[i];
    const e = s + log.latency[i];
    if (s > to || e < from) continue;
    lat.push(log.latency[i]);
    if (!log.ok[i]) failed++;
    if (log.latency[i] > slowMs) slow++;
  }
  lat.sort((a, b) => a - b);
  const pick = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.max(0, Math.ceil((p / 100) * lat.length) - 1))] : NaN);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { fromMs: r(from), toMs: r(to), requests: lat.length, failed, over100ms: slow, p50Ms: r(pick(50)), p99Ms: r(pick(99)), maxMs: r(lat.length ? lat[lat.length - 1] : NaN) };
}

/** The `k` slowest requests starting in [from, to], as { atMs (start - origin), latencyMs, status }. */
export function slowest(log: RequestLog, from: number, to: number, origin: number, k = 5) {
  const idx: number[] = [];
  for (let i = 0; i < log.count; i++) if (log.start[i] + log.latency[i] >= from && log.start[i] <= to) idx.push(i);
  idx.sort((a, b) => log.latency[b] - log.latency[a]);
  const r = (x: number) => Math.round(x * 10) / 10;
  return idx.slice(0, k).map((i) => ({ atMs: r(log.start[i] - origin), latencyMs: r(log.latency[i]), status: log.status[i], ok: log.ok[i] === 1 }));
}
