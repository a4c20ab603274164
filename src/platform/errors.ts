import { GraphQLError } from 'graphql';

/** Bad input: names the offending field (e.g. `inputs[3].rating`) in the message and in extensions.field. */
export function badInput(field: string, problem: string): GraphQLError {
  return new GraphQLError(`${field}: ${problem}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

export function notFound(field: string, what: string, id: string): GraphQLError {
  return new GraphQLError(`${field}: no ${what} with id "${id}"`, { extensions: { code: 'NOT_FOUND', field } });
}

export function unavailable(dependency: string, detail?: string): GraphQLError {
  const message = `${dependency} is unavailable${detail ? `: ${detail}` : ''}`;
  return new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE', dependency } });
}
