// The top self-time entries of a V8 CPU profile (`node --cpu-prof`), as a Markdown table: what
// bench/README.md's "Profile of a similarProducts request" lists before and after a change.
// --inclusive=REGEX adds the total time (self and callees) of the functions whose name matches;
// --last-ms=N counts only the last N ms of the profile (the load phase of a benchmark, not start-up).
//
//   node dist-bench/bench/profile-top.js PROFILE.cpuprofile [--top=12] [--inclusive=^(createContext|fork)$] [--last-ms=12000]
import { readFileSync } from 'node:fs';
import { arg, intArg } from './lib/report';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) throw new Error('usage: profile-top.js PROFILE.cpuprofile [--top=12] [--inclusive=REGEX] [--last-ms=N]');
const top = intArg('top', 12);
const inclusive = arg('inclusive', '');
const lastMs = Number(arg('last-ms', 'Infinity'));
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};

const selfUs = new Map<string, number>();
const totalOf = new Map<string, number>();
const matches = inclusive ? new RegExp(inclusive) : null;
const profiledUs = profile.timeDeltas.reduce((a, b) => a + b, 0);
let elapsedUs = 0;
let sampledUs = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  elapsedUs += us;
  if (profiledUs - elapsedUs > lastMs * 1000) return;
  sampledUs += us;
  const key = label(byNode.get(id)!);
  selfUs.set(key, (selfUs.get(key) ?? 0) + us);
  if (!matches) return;
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const k = label(byNode.get(n)!);
    if (matches.test(byNode.get(n)!.callFrame.functionName) && !seen.has(k)) {
      seen.add(k);
      totalOf.set(k, (totalOf.get(k) ?? 0) + us);
    }
  }
});
// Idle time is not work: shares are of the busy time.
const busyUs = sampledUs - (selfUs.get('(idle)') ?? 0);
const pct = (us: number) => ((100 * us) / busyUs).toFixed(1);
console.log(`busy ${(busyUs / 1000).toFixed(0)} ms of ${(sampledUs / 1000).toFixed(0)} ms sampled`);
console.log('| self % | self ms | function |\n|---|---|---|');
const rows = [...selfUs].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top);
for (const [k, us] of rows) console.log(`| ${pct(us)} | ${(us / 1000).toFixed(0)} | \`${k}\` |`);
if (matches) {
  console.log('\n| total % | total ms | function (self and callees) |\n|---|---|---|');
  for (const [k, us] of [...totalOf].sort((a, b) => b[1] - a[1])) console.log(`| ${pct(us)} | ${(us / 1000).toFixed(0)} | \`${k}\` |`);
}
