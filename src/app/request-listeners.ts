import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';

/** The notification hooks a combined listener runs: those that only observe or refuse a request (no didEnd, no per-field hooks). */
const HOOKS = ['didResolveSource', 'didResolveOperation', 'didEncounterErrors', 'willSendResponse'] as const;
/** And the one that may answer instead of Apollo's executor: the first listener to give a response wins. */
const RESPONSE_HOOK = 'responseForOperation';

/**
 * One Apollo plugin whose one request listener runs each of `listeners`' hooks in the order given,
 * each awaited before the next; the first to reject ends that stage and is what Apollo answers
 * (Apollo's own Promise.all would still start the later ones, with the same answer). Apollo's pipeline
 * costs something per request listener at every stage, whether or not the listener has the hook (a
 * Promise.all, and for responseForOperation an awaited async call each): one listener instead of the
 * four the service had then took about 3% less CPU for `{ __typename }` (bench/README.md). Made once, not per request.
 */
export function requestListenersPlugin<C extends BaseContext>(listeners: ReadonlyArray<GraphQLRequestListener<C>>): ApolloServerPlugin<C> {
  const known: readonly string[] = [...HOOKS, RESPONSE_HOOK];
  for (const listener of listeners) {
    const other = Object.keys(listener).filter((k) => !known.includes(k));
    if (other.length) throw new Error(`requestListenersPlugin runs only ${known.join(', ')}; a listener has ${other.join(', ')}`);
  }
  const combined: GraphQLRequestListener<C> = {};
  for (const hook of HOOKS) {
    const having = listeners.filter((l) => typeof l[hook] === 'function');
    if (having.length === 0) continue;
    combined[hook] = async (ctx: never) => {
      for (const l of having) await l[hook]!(ctx);
    };
  }
  const answering = listeners.filter((l) => typeof l[RESPONSE_HOOK] === 'function');
  if (answering.length > 0) {
    combined[RESPONSE_HOOK] = async (ctx) => {
      for (const l of answering) {
        const response = await l[RESPONSE_HOOK]!(ctx);
        if (response != null) return response; // as Apollo's own loop: undefined asks the next one too
      }
      return null;
    };
  }
  return { requestDidStart: () => Promise.resolve(combined) };
}
