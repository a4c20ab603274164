import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const ROOT = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The locked packages that ask for a newer Node than the project's lowest (the EBADENGINE warnings of npm ci). */
function newerNodeWanted(): string[] {
  const lowest = semver.minVersion((JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node)!.version;
  const { packages } = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } }> };
  const names = Object.entries(packages)
    .filter(([path, p]) => path && p.engines?.node && !semver.satisfies(lowest, p.engines.node))
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return [...new Set(names)].sort();
}

it('npm ci warns EBADENGINE only for the packages the README explains as harmless on Node 20', () => {
  const known = ['@whatwg-node/disposablestack', '@whatwg-node/fetch', '@whatwg-node/node-fetch', '@whatwg-node/promise-helpers', 'listr2', 'sync-fetch'];
  expect(newerNodeWanted()).toEqual(known);
  const readme = read('README.md');
  for (const name of known) expect(readme).toContain(name.replace('@whatwg-node/', ''));
});
