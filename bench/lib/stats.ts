/** Value at percentile p (0-100) of values, nearest-rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Median and min/max over repeated runs. */
export function spread(values: readonly number[], digits = 1): Spread {
  const r = (x: number) => round(x, digits);
  return { median: r(median(values)), min: r(Math.min(...values)), max: r(Math.max(...values)), runs: values.length };
}

/** Rounds to `digits` decimals, for readable JSON. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
