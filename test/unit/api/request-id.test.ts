import { createContext, type AppDeps } from '../../../src/app/context';

// Apollo runs every request on a shallow copy of the context it was given (ApolloServer's cloneObject):
// the same prototype, own properties copied.
const apolloCopy = <T extends object>(o: T): T => Object.assign(Object.create(Object.getPrototypeOf(o) as object) as T, o);

describe('a request context id', () => {
  // No dependency is touched until a service is asked for.
  const deps = {} as AppDeps;

  it('is one id for the request, whether read on the context or on the copy Apollo hands out', () => {
    const ctx = createContext(deps);
    const copy = apolloCopy(ctx);
    expect(copy.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ctx.requestId).toBe(copy.requestId);
    expect(createContext(deps).requestId).not.toBe(ctx.requestId);
  });

  it('is the id given, when one is', () => {
    expect(apolloCopy(createContext(deps, undefined, 'given-id')).requestId).toBe('given-id');
  });
});
