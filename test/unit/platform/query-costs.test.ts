import { buildSchema, parse } from 'graphql';
import { costVariables, queryCost, QueryCosts } from '../../../src/platform/limits/query-limits';

const schema = buildSchema(`
  type Query { items(n: Int = 10): [Item!]!, item(id: ID!): Item }
  type Item { id: ID!, name: String!, related(first: Int): [Item!]! }
`);

// Each field costs 1 plus its children, times its list size (n / first; 10 for a list without one).
const BY_ID = parse('query ById($id: ID!) { item(id: $id) { id name } }'); // (1 + 2) = 3
const SIZED = parse('query Sized($n: Int) { items(n: $n) { id } }'); // (1 + 1) * n
const SKIPPED = parse('query Skip($on: Boolean!, $id: ID!) { item(id: $id) { id related(first: 2) @include(if: $on) { id } } }');

describe('costVariables', () => {
  it('lists only the variables in size arguments and directives', () => {
    expect(costVariables(BY_ID)).toEqual([]);
    expect(costVariables(SIZED)).toEqual(['n']);
    expect(costVariables(SKIPPED)).toEqual(['on']);
  });

  it('finds them in fragments and nested arguments too', () => {
    const doc = parse('query Q($f: Int, $id: ID!) { item(id: $id) { ...F } } fragment F on Item { related(first: $f) { id } }');
    expect(costVariables(doc)).toEqual(['f']);
  });
});

describe('QueryCosts', () => {
  it('gives the hand-counted costs, for every value of a size variable', () => {
    const costs = new QueryCosts(schema);
    expect(costs.cost(BY_ID, { id: '1' }, 'ById')).toBe(3);
    expect(costs.cost(SIZED, { n: 5 }, 'Sized')).toBe(10);
    expect(costs.cost(SIZED, { n: 2 }, 'Sized')).toBe(4);
    expect(costs.cost(SIZED, { n: 5 }, 'Sized')).toBe(10);
    // not sent: the argument's default 10; sent as null: the list default 10
    expect(costs.cost(SIZED, {}, 'Sized')).toBe(20);
    expect(costs.cost(SIZED, { n: null }, 'Sized')).toBe(20);
    // item: 1 + id 1 + related (1 + 1) * 2 when included
    expect(costs.cost(SKIPPED, { on: true, id: '1' }, 'Skip')).toBe(6);
    expect(costs.cost(SKIPPED, { on: false, id: '1' }, 'Skip')).toBe(2);
  });

  it('walks a document once for any number of ids, and again for another size', () => {
    const costs = new QueryCosts(schema);
    const walks = jest.spyOn(schema, 'getQueryType');
    for (let id = 0; id < 10; id++) expect(costs.cost(BY_ID, { id: String(id) }, 'ById')).toBe(3);
    const afterIds = walks.mock.calls.length;
    expect(afterIds).toBeGreaterThan(0);
    expect(costs.cost(BY_ID, { id: 'other' }, 'ById')).toBe(3);
    expect(walks.mock.calls.length).toBe(afterIds);
    expect(costs.cost(SIZED, { n: 3 }, 'Sized')).toBe(6);
    expect(walks.mock.calls.length).toBeGreaterThan(afterIds);
    walks.mockRestore();
  });

  it('agrees with queryCost and remembers no failure', () => {
    const costs = new QueryCosts(schema);
    expect(() => costs.cost(SIZED, { n: 'many' }, 'Sized')).toThrow();
    expect(() => queryCost(schema, SIZED, { n: 'many' }, 'Sized')).toThrow();
    expect(costs.cost(SIZED, { n: 7 }, 'Sized')).toBe(queryCost(schema, SIZED, { n: 7 }, 'Sized'));
  });
});
