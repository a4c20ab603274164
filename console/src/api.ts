import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from './generated/graphql';

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; field?: string };
}

export interface GqlResult<R> {
  data?: R | null;
  errors?: GqlError[];
}

export class ApiError extends Error {
  constructor(readonly errors: GqlError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

const GRAPHQL_PATH = '/graphql';

/**
 * The console's only way to the service: the public GraphQL API over HTTP and graphql-ws, on the same
 * origin, with the signed-in key (Authorization header; `authorization` in connection_init).
 */
export class Api {
  private ws?: Client;

  constructor(
    private readonly key: string,
    /** The key stopped being accepted (revoked, or the server forgot it): the console signs out. */
    private readonly onRefused: (reason: string) => void,
  ) {}

  async send<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<GqlResult<R>> {
    let res: Response;
    try {
      res = await fetch(GRAPHQL_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
        body: JSON.stringify({ query: doc.toString(), variables }),
      });
    } catch {
      throw new ApiError([{ message: 'The service did not answer; is it running?', extensions: { code: 'NETWORK' } }]);
    }
    const body = (await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }))) as GqlResult<R>;
    const refused = body.errors?.find((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (refused) this.onRefused(refused.message);
    return body;
  }

  /** The data, or an ApiError with every GraphQL error. */
  async ok<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<R> {
    const r = await this.send(doc, variables);
    if (r.errors?.length || !r.data) throw new ApiError(r.errors ?? [{ message: 'empty answer' }]);
    return r.data;
  }

  /** Subscribes over graphql-ws; returns the unsubscribe function. */
  subscribe<R, V>(doc: TypedDocumentString<R, V>, variables: V, next: (data: R) => void): () => void {
    this.ws ??= createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`,
      connectionParams: { authorization: `Bearer ${this.key}` },
      retryAttempts: 20,
      on: {
        closed: (e) => {
          if ((e as CloseEvent).code === 4401) this.onRefused((e as CloseEvent).reason);
        },
      },
    });
    return this.ws.subscribe<R>(
      { query: doc.toString(), variables: variables as Record<string, unknown> },
      { next: (r) => r.data && next(r.data), error: () => undefined, complete: () => undefined },
    );
  }

  close(): void {
    void this.ws?.dispose();
  }
}
