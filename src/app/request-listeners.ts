import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';

/** The hooks a combined listener runs: those that only observe or refuse a request (no didEnd, no per-field hooks). */
const HOOKS = ['didResolveSource', 'didResolveOperation', 'didEncounterErrors', 'willSendResponse'] as const;

/**
 * One Apollo plugin whose one request listener runs each of `listeners`' hooks in the order given,
 * each awaited before the next; the first to reject ends that stage and is what Apollo answers
 * (Apollo's own Promise.all would still start the later ones, with the same answer). Apollo's pipeline
 * costs something per request listener at every stage, whether or not the listener has the hook (a
 * Promise.all, and for responseForOperation an awaited async call each): one listener instead of four
 * took about 3% less CPU for `{ __typename }` (bench/README.md). Made once, not per request.
 */
export function requestListenersPlugin<C extends BaseContext>(listeners: ReadonlyArray<GraphQLRequestListener<C>>): ApolloServerPlugin<C> {
  for (const listener of listeners) {
    const other = Object.keys(listener).filter((k) => !(HOOKS as readonly string[]).includes(k));
    if (other.length) throw new Error(`requestListenersPlugin runs only ${HOOKS.join(', ')}; a listener has ${other.join(', ')}`);
  }
  const combined: GraphQLRequestListener<C> = {};
  for (const hook of HOOKS) {
    const having = listeners.filter((l) => typeof l[hook] === 'function');
    if (having.length === 0) continue;
    combined[hook] = async (ctx: never) => {
      for (const l of having) await l[hook]!(ctx);
    };
  }
  return { requestDidStart: () => Promise.resolve(combined) };
}
