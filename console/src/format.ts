// Display formats: UTC times (the schedule is in UTC too), compact numbers and durations.

export function when(iso: string | null | undefined): string {
  if (!iso) return '–';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function ms(n: number | null | undefined): string {
  if (n == null) return '–';
  return n < 1000 ? `${n} ms` : n < 60_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.floor(n / 60_000)} min ${Math.round((n % 60_000) / 1000)} s`;
}

/** Time between two instants, or since the first when the second is missing (a running job). */
export function between(from: string | null, to: string | null): string {
  if (!from) return '–';
  return ms((to ? Date.parse(to) : Date.now()) - Date.parse(from));
}

export function metric(x: number | null | undefined): string {
  return x == null ? '–' : x.toFixed(3);
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}

/** Relative lift of the model over the popularity baseline. */
export function lift(model: number, baseline: number): string {
  if (baseline === 0) return model > 0 ? 'n/a, baseline 0' : '±0%';
  const l = (model - baseline) / baseline;
  return `${l >= 0 ? '+' : ''}${(l * 100).toFixed(0)}%`;
}
