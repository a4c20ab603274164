import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The production build (`npm run build` -> dist/) seen from this kit, whether it runs from test/support
// (Jest) or compiled into dist-bench/test/support (the benchmarks): the repository root is the nearest
// directory above with a package.json.
function repositoryRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${__dirname}`);
}

const ROOT = repositoryRoot();

/** Path of a built file, e.g. builtFile('src/cli/retrain.js'); throws when the build is missing. */
export function builtFile(relative: string): string {
  const file = join(ROOT, 'dist', relative);
  if (!existsSync(file)) throw new Error(`dist/${relative} is missing: build first (npm run build)`);
  return file;
}

