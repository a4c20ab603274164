// The architecture rules of .dependency-cruiser.cjs (README, "Architecture"): src/ keeps them, and a
// file that breaks one is caught. dependency-cruiser is ESM-only, which Jest's loader cannot require,
// so this runs its CLI with JSON output (the same run `npm run depcruise` makes).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const BIN = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

async function cruise(cwd: string): Promise<Violation[]> {
  // Exits non-zero when there are violations; the JSON report is on stdout either way.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [BIN, 'src', '--config', CONFIG, '--output-type', 'json'],
    { cwd, maxBuffer: 64 * 1024 * 1024 },
  ).catch((e: { stdout?: string; stderr?: string; code?: number }) => {
    if (!e.stdout) throw new Error(`dependency-cruiser failed (${e.code}): ${e.stderr}`);
    return { stdout: e.stdout };
  });
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

test('src/ keeps every architecture rule', async () => {
  const violations = await cruise(ROOT);
  expect(violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
}, 30_000);

describe('a file that breaks a rule', () => {
  let dir: string;
  let violations: Violation[];
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'node20', moduleResolution: 'node16', strict: true } }),
    'src/app/y.ts': 'export const y = 1;\n',
    'src/recommender/x.ts': "import { y } from '../app/y';\nexport const x = y;\n",
    'src/features/telemetry/index.ts': "export { internal } from './internal';\n",
    'src/features/telemetry/internal.ts': 'export const internal = 1;\n',
    'src/features/catalog/a.ts': "import { internal } from '../telemetry/internal';\nexport const a = internal;\n",
    'src/platform/p.ts': "import { q } from './q';\nexport const p = () => q;\n",
    'src/platform/q.ts': "import { p } from './p';\nexport const q = () => p;\n",
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'depcruise-fixture-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    violations = await cruise(dir);
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const fired = (from: string) => violations.filter((v) => v.from === from).map((v) => v.rule.name).sort();

  test('the recommender core importing app', () => {
    expect(fired('src/recommender/x.ts')).toEqual(['recommender-is-pure']);
  });

  test("a feature importing a higher feature's internals", () => {
    expect(fired('src/features/catalog/a.ts')).toEqual(['feature-only-through-index', 'feature-order-catalog']);
  });

  test('an import cycle', () => {
    expect(fired('src/platform/p.ts')).toEqual(['no-circular']);
  });

  test('every violation is an error', () => {
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v) => v.rule.severity === 'error')).toBe(true);
  });
});
