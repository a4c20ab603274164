#!/usr/bin/env node
// npm run -s gql -- [--get PATH] QUERY [VARIABLES]: posts one GraphQL operation to the local API and
// prints the answer; no browser or CDN needed. VARIABLES is JSON. --get prints only data.PATH (dots,
// list indexes as numbers: upsertProducts.0.id), so a shell can keep an id for the next call.
// Sends GQL_TOKEN, or ADMIN_API_KEY, as the Bearer token, to GQL_URL (http://127.0.0.1:$PORT/graphql).
// Exits 1 when the answer has errors (printed to stderr).
'use strict';

const USAGE = 'usage: npm run -s gql -- [--get PATH] QUERY [VARIABLES_JSON]';

async function main(argv) {
  const get = argv[0] === '--get' ? argv[1] : undefined;
  const [query, variables = '{}'] = get === undefined ? argv : argv.slice(2);
  if (!query || (argv[0] === '--get' && !get)) throw new Error(USAGE);
  const url = process.env.GQL_URL || `http://127.0.0.1:${process.env.PORT || 4000}/graphql`;
  const token = process.env.GQL_TOKEN || process.env.ADMIN_API_KEY;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables: JSON.parse(variables) }),
  });
  const body = await res.json();
  if (body.errors?.length) {
    console.error(JSON.stringify(body, null, 2));
    return 1;
  }
  if (get === undefined) {
    console.log(JSON.stringify(body, null, 2));
    return 0;
  }
  const value = get.split('.').reduce((v, key) => (v == null ? undefined : v[key]), body.data);
  if (value === undefined) throw new Error(`the answer has no data.${get}: ${JSON.stringify(body)}`);
  console.log(typeof value === 'string' ? value : JSON.stringify(value));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e.message);
    process.exit(1);
  },
);
