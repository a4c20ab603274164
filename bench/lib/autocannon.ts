// autocannon 8 ships no type declarations; this types the part of its API the benchmarks use.
import { authHeader } from './auth';

export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  amount?: number;
  duration?: number;
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}

interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface AutocannonResult {
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  duration: number;
}

type Autocannon = (opts: AutocannonOptions, cb: (err: Error | null, result: AutocannonResult) => void) => unknown;
const autocannon = require('autocannon') as Autocannon;

/** Every request carries the admin key of launched APIs unless its headers name another authorization. */
export function runAutocannon(opts: AutocannonOptions): Promise<AutocannonResult> {
  const requests = opts.requests?.map((r) => ({ ...r, headers: { ...authHeader(), ...r.headers } }));
  return new Promise((resolve, reject) => {
    autocannon({ ...opts, headers: { ...authHeader(), ...opts.headers }, requests }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}
