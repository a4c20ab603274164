import { setFlagsFromString } from 'node:v8';

/**
 * Lets V8's old generation grow by at most `percent` of what survived the last major collection before
 * the next one. By default V8 picks the factor itself, up to 4x when the process allocates fast: with
 * 100k cached products (~130 MB live) a loaded API then held ~520 MB of heap, most of it garbage, and
 * peaked near 800 MB RSS (bench/README.md, memory). V8 reads the flag at every collection, so setting it
 * after start-up takes effect. 0 leaves V8's own choice.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
