import http from 'node:http';
import { authHeader, BENCH_ADMIN_KEY } from './auth';

export interface GqlResponse<T> {
  status: number;
  body: string;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** A minimal GraphQL-over-HTTP client on one keep-alive agent (node:http, low overhead for the load side). */
export class GqlClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  /** Sends `key` (default: the admin key of launched APIs) as its Bearer token. */
  constructor(url: string, maxSockets = 8, private readonly key = BENCH_ADMIN_KEY) {
    this.url = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** POSTs a pre-serialized request body; resolves with the status and raw body text. */
  postRaw(body: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...authHeader(this.key) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(120_000, () => req.destroy(new Error('request timed out after 120 s')));
      req.on('error', reject);
      req.end(body);
    });
  }

  async request<T>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>> {
    const res = await this.postRaw(JSON.stringify({ query, variables }));
    const parsed = JSON.parse(res.body) as Pick<GqlResponse<T>, 'data' | 'errors'>;
    return { ...res, ...parsed };
  }

  /** Like request, but throws unless the answer is 2xx without GraphQL errors. */
  async ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await this.request<T>(query, variables);
    if (r.status < 200 || r.status > 299 || r.errors?.length) {
      throw new Error(`GraphQL request failed (HTTP ${r.status}): ${JSON.stringify(r.errors ?? r.body).slice(0, 500)}`);
    }
    return r.data as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
