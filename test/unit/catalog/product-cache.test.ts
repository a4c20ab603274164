import { ProductCache } from '../../../src/features/catalog/product-cache';
import type { Product } from '../../../src/features/catalog/types';

const product = (id: string, name = `product ${id}`) => ({ id, name }) as Product;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ProductCache', () => {
  it('returns what was set, and the newer version after a second set', () => {
    const cache = new ProductCache(10, 60_000);
    cache.set([product('1'), product('2')]);
    expect(cache.get('1')?.name).toBe('product 1');
    expect(cache.get('3')).toBeUndefined();
    cache.set([product('1', 'renamed')]);
    expect(cache.get('1')?.name).toBe('renamed');
  });

  it('keeps at most `max` products read on demand, dropping the least recently used', () => {
    const cache = new ProductCache(2, 60_000);
    cache.set([product('1'), product('2')]);
    cache.get('1');
    cache.set([product('3')]);
    expect(cache.get('2')).toBeUndefined();
    expect(cache.get('1')).toBeDefined();
    expect(cache.get('3')).toBeDefined();
  });

  it("forgets a product after ttlMs, so another replica's write shows", async () => {
    const cache = new ProductCache(10, 30);
    cache.set([product('1')]);
    await sleep(60);
    expect(cache.get('1')).toBeUndefined();
  });

  it('drops invalidated products, or all of them', () => {
    const cache = new ProductCache(10, 60_000);
    cache.set([product('1'), product('2'), product('3')]);
    cache.invalidate(['1', 'nope']);
    expect([cache.get('1'), cache.get('2')?.id]).toEqual([undefined, '2']);
    cache.invalidate('all');
    expect(cache.get('2')).toBeUndefined();
  });

  it('keeps products without expiry until they are invalidated', async () => {
    const cache = new ProductCache(10, 30);
    cache.keep([product('1')], cache.stamp);
    await sleep(60);
    expect(cache.get('1')?.name).toBe('product 1');
    cache.invalidate(['1']);
    expect(cache.get('1')).toBeUndefined();
  });

  it("keeps the served model's products beside those read on demand, whose bound they do not count against", () => {
    const cache = new ProductCache(2, 60_000);
    cache.set([product('1', 'on demand')]);
    cache.keep([product('1'), product('2'), product('3')], cache.stamp);
    cache.set([product('4'), product('5')]);
    expect(['1', '2', '3', '4', '5'].map((id) => cache.get(id)?.name)).toEqual(['product 1', 'product 2', 'product 3', 'product 4', 'product 5']);
    expect(cache.sizes).toEqual({ servedModel: 3, onDemand: 2 });
  });

  it('retain drops kept products not named (a model no longer served), and leaves those read on demand', () => {
    const cache = new ProductCache(10, 60_000);
    cache.keep([product('1'), product('2')], cache.stamp);
    cache.set([product('3')]);
    cache.retain(new Set(['2']));
    expect(['1', '2', '3'].map((id) => cache.has(id))).toEqual([false, true, true]);
  });

  it('does not cache what was read before an invalidation (the read may predate the write)', () => {
    const cache = new ProductCache(10, 60_000);
    const stamp = cache.stamp;
    cache.invalidate(['1']);
    cache.set([product('1', 'stale')], stamp);
    cache.keep([product('2', 'stale')], stamp);
    expect([cache.get('1'), cache.get('2')]).toEqual([undefined, undefined]);
    cache.set([product('1', 'fresh')], cache.stamp);
    expect(cache.get('1')?.name).toBe('fresh');
  });

  it('caches nothing with ttlMs 0', () => {
    const cache = new ProductCache(10, 0);
    cache.set([product('1')]);
    cache.keep([product('2')], cache.stamp);
    expect([cache.get('1'), cache.get('2'), cache.sizes]).toEqual([undefined, undefined, { servedModel: 0, onDemand: 0 }]);
  });
});
