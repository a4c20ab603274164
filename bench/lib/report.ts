// stdout carries only results: one JSON object a line, plus human-readable figure lines starting with "#".
// Progress goes to stderr, together with the API's own logs.

export function emit(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

export function figure(text: string): void {
  process.stdout.write(`# ${text}\n`);
}

export function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

/** `--name=value` from the command line, else the default. */
export function arg(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  const hit = process.argv.find((a) => a.startsWith(prefix));
  return hit === undefined ? fallback : hit.slice(prefix.length);
}

export function intArg(name: string, fallback: number): number {
  const v = Number(arg(name, String(fallback)));
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

export function intListArg(name: string, fallback: number[]): number[] {
  const list = arg(name, fallback.join(',')).split(',').map(Number);
  if (!list.every((v) => Number.isInteger(v) && v > 0)) throw new Error(`--${name} must be a comma-separated list of positive integers`);
  return list;
}
