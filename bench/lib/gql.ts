import { GqlClient as KitClient } from '../../test/support/graphql-http';
import { BENCH_ADMIN_KEY } from './auth';

export type { GqlResponse } from '../../test/support/graphql-http';

/** The test kit's keep-alive GraphQL client, sending the launched APIs' admin key unless told otherwise. */
export class GqlClient extends KitClient {
  constructor(url: string, maxSockets = 8, key: string | null = BENCH_ADMIN_KEY) {
    super(url, maxSockets, key);
  }
}
