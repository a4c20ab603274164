import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const DIST = join(ROOT, 'dist');

function mtimes(dir: string, out = new Map<string, number>()): Map<string, number> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) mtimes(path, out);
    else out.set(path, statSync(path).mtimeMs);
  }
  return out;
}

const build = () => execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });

it('npm run build does not rewrite dist when nothing changed (so generate, retrain and the other CLIs start at once)', () => {
  build(); // brings dist up to date if it was not
  // the build info lives inside dist: deleting dist forgets it, and the next build is a full one
  expect(existsSync(join(DIST, '.tsbuildinfo'))).toBe(true);
  const before = mtimes(DIST);
  build();
  const after = mtimes(DIST);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  expect([...after].filter(([path, t]) => before.get(path) !== t).map(([path]) => path)).toEqual([]);
}, 120_000);
