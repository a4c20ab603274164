// The GraphQL explorer (GraphiQL from its npm package, bundled here), loaded only when its page opens.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createClient } from 'graphql-ws';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const DEFAULT_QUERY = `# The signed-in key is sent with every request (not stored by GraphiQL).
{
  modelInfo {
    status
    version
    evaluation { ndcgAt10 baselineNdcgAt10 }
  }
}
`;

export function mountExplorer(el: HTMLElement, key: string): () => void {
  const authorization = `Bearer ${key}`;
  const wsClient = createClient({ url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`, connectionParams: { authorization }, lazy: true });
  const fetcher = createGraphiQLFetcher({ url: '/graphql', headers: { authorization }, wsClient });
  const root = createRoot(el);
  root.render(createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, shouldPersistHeaders: false }));
  return () => {
    root.unmount();
    void wsClient.dispose();
  };
}
