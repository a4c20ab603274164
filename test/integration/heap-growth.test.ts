import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { builtFile } from '../support/built';

// limitHeapGrowth sets a V8 flag after start-up, which only works because V8 reads it at every major
// collection: shown here on the built module in a fresh process, against the same process without it.
// The workload keeps ~1M small objects live and churns garbage, some of which survives a while (as
// requests waiting on PostgreSQL do).

const WORKLOAD = `
  const live = [];
  for (let i = 0; i < 1e6; i++) live.push({ a: 'x' + i, b: i });
  let max = 0;
  for (let r = 0; r < 150; r++) {
    const junk = [];
    for (let i = 0; i < 5e4; i++) junk.push({ a: 'y' + i, b: [i] });
    if (r % 10 === 0) live.push(junk);
    max = Math.max(max, process.memoryUsage().heapTotal);
  }
  process.stdout.write(String(max));
`;

async function peakHeap(percent: number | null): Promise<number> {
  const setup = percent === null ? '' : `require(${JSON.stringify(builtFile('src/platform/heap.js'))}).limitHeapGrowth(${percent});`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', setup + WORKLOAD]);
  return Number(stdout);
}

it('HEAP_GROWING_PERCENT=50 keeps the heap well below what V8 grows to by itself', async () => {
  const free = await peakHeap(null);
  const limited = await peakHeap(50);
  expect(limited).toBeLessThan(free * 0.8);
  // 0 is V8's own choice: the same as not calling it
  expect(await peakHeap(0)).toBeGreaterThan(limited);
}, 60_000);
