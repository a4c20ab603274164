import { HeaderMap, type BaseContext, type GraphQLRequestContext, type GraphQLRequestListener } from '@apollo/server';
import { requestListenersPlugin } from '../../../src/app/request-listeners';

// A request context is only passed through by the combined listener: any object stands in for it.
const ctx = {} as GraphQLRequestContext<BaseContext>;

async function listenerOf(listeners: Array<GraphQLRequestListener<BaseContext>>): Promise<GraphQLRequestListener<BaseContext>> {
  const listener = await requestListenersPlugin(listeners).requestDidStart!(ctx);
  return listener!;
}

describe('requestListenersPlugin', () => {
  it('runs each stage of the listeners in the order given, each awaited before the next', async () => {
    const calls: string[] = [];
    const listener = await listenerOf([
      {
        async didResolveOperation() {
          await new Promise((r) => setTimeout(r, 20));
          calls.push('first.didResolveOperation');
        },
      },
      {
        didResolveOperation: () => Promise.resolve(void calls.push('second.didResolveOperation')),
        willSendResponse: () => Promise.resolve(void calls.push('second.willSendResponse')),
      },
    ]);
    await listener.didResolveOperation!(ctx as never);
    await listener.willSendResponse!(ctx as never);
    expect(calls).toEqual(['first.didResolveOperation', 'second.didResolveOperation', 'second.willSendResponse']);
  });

  it('stops a stage at the first rejection and passes it on, as Apollo would answer it', async () => {
    const calls: string[] = [];
    const refused = new Error('refused');
    const listener = await listenerOf([
      { didResolveOperation: () => Promise.reject(refused) },
      { didResolveOperation: () => Promise.resolve(void calls.push('later')) },
    ]);
    await expect(listener.didResolveOperation!(ctx as never)).rejects.toBe(refused);
    expect(calls).toEqual([]);
  });

  it('has only the hooks some listener has, and is one listener made once', async () => {
    const plugin = requestListenersPlugin([{ willSendResponse: () => Promise.resolve() }, {}]);
    const first = await plugin.requestDidStart!(ctx);
    expect(Object.keys(first!)).toEqual(['willSendResponse']);
    expect(await plugin.requestDidStart!(ctx as never)).toBe(first);
  });

  it('answers responseForOperation with the first listener that gives a response, asking no later one', async () => {
    const asked: string[] = [];
    const response = { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single' as const, singleResult: { data: {} } } };
    const answer = (name: string, given: typeof response | null) => () => {
      asked.push(name);
      return Promise.resolve(given);
    };
    const listener = await listenerOf([
      { responseForOperation: answer('first', null) },
      { responseForOperation: answer('second', response) },
      { responseForOperation: answer('third', null) },
    ]);
    expect(await listener.responseForOperation!(ctx as never)).toBe(response);
    expect(asked).toEqual(['first', 'second']);
    // Like Apollo's own loop, undefined (a loosely typed listener) asks the next one too.
    const loose = await listenerOf([{ responseForOperation: () => Promise.resolve(undefined as never) }, { responseForOperation: answer('last', response) }]);
    expect(await loose.responseForOperation!(ctx as never)).toBe(response);
    const none = await listenerOf([{ responseForOperation: () => Promise.resolve(null) }]);
    expect(await none.responseForOperation!(ctx as never)).toBeNull();
  });

  it('refuses a listener with a hook it does not run', () => {
    expect(() => requestListenersPlugin([{ executionDidStart: () => Promise.resolve() }])).toThrow(
      'requestListenersPlugin runs only didResolveSource, didResolveOperation, didEncounterErrors, willSendResponse, responseForOperation; a listener has executionDidStart',
    );
  });
});
