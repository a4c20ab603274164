import http from 'node:http';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';

export interface GqlResult<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/** An Authorization header for a Bearer token; none for null/undefined (anonymous). */
export function bearer(token: string | null | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** One operation over HTTP (fetch); resolves with the parsed body (data and errors) whatever the status. */
export async function gqlRequest<TData, TVars>(
  url: string,
  doc: TypedDocumentNode<TData, TVars> | string,
  variables: TVars | undefined,
  token: string | null | undefined,
): Promise<GqlResult<TData>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify({ query: typeof doc === 'string' ? doc : print(doc), variables }),
  });
  return (await res.json()) as GqlResult<TData>;
}

export interface GqlResponse<T> extends GqlResult<T> {
  status: number;
  body: string;
}

/** GraphQL over HTTP on one keep-alive agent (node:http): little overhead on the load generator's side. */
export class GqlClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(url: string, maxSockets: number, private readonly token: string | null) {
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
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...bearer(this.token) },
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
    return { ...res, ...(JSON.parse(res.body) as GqlResult<T>) };
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
