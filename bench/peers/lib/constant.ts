import { execute, parse } from 'graphql';
import { makeSchema, PEER_QUERIES } from './schema';

/** The peers' answers computed once, for the peers that answer constants (no GraphQL per request). */
export async function constantAnswers(): Promise<{ typename: object; similar: object }> {
  const schema = makeSchema();
  const [typename, similar] = await Promise.all([
    execute({ schema, document: parse(PEER_QUERIES.typename) }),
    execute({ schema, document: parse(PEER_QUERIES.similar), variableValues: { id: '1' } }),
  ]);
  return { typename, similar };
}
