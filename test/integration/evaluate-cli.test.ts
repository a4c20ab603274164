// The built evaluate CLI (`node dist/src/cli/evaluate.js`, as `npm run evaluate` runs it) on small
// CSV files written by the built generate CLI's --out mode.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DIST = join(__dirname, '../../dist/src/cli');
const node = (script: string, args: string[]) => run(process.execPath, [join(DIST, script), ...args], { timeout: 60_000 });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: { code: number; stderr: string }) => e);

let dir: string;
let products: string;
let interactions: string;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'evaluate.js'))) throw new Error('dist/src/cli/evaluate.js is missing: the test command builds it (npm run build)');
  dir = mkdtempSync(join(tmpdir(), 'recs-evaluate-'));
  const { stdout } = await node('generate.js', ['--out', dir, '--products', '400', '--users', '300', '--interactions', '15000', '--seed', '11']);
  expect(JSON.parse(stdout)).toMatchObject({ products: 400, users: 300, interactions: 15000 });
  products = join(dir, 'products.csv');
  interactions = join(dir, 'interactions.csv');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One line of `evaluate --json`. */
interface EvaluationRow {
  model: string;
  evaluatedUsers: number;
  ndcgAt10: number;
  recallAt10: number;
  hitRateAt10: number;
  coverage: number;
  trainMs: number;
}

describe('npm run evaluate', () => {
  it('prints one JSON line per model, the taste of generated data showing', async () => {
    const { stdout, stderr } = await node('evaluate.js', ['--interactions', interactions, '--products', products, '--json']);
    const rows = stdout.trim().split('\n').map((line) => JSON.parse(line) as EvaluationRow);
    expect(rows.map((r) => r.model)).toEqual([expect.stringMatching(/^service model \(.+\)$/), 'most popular', 'ItemKNN', 'EASE']);
    for (const r of rows) {
      expect(r).toMatchObject({ dataset: interactions, skipped: null });
      expect(r.evaluatedUsers).toBeGreaterThan(150);
      for (const metric of [r.ndcgAt10, r.recallAt10, r.hitRateAt10, r.coverage]) expect(metric >= 0 && metric <= 1).toBe(true);
      expect(r.trainMs).toBeGreaterThanOrEqual(0);
    }
    const [, popular, knn, ease] = rows;
    expect(knn.ndcgAt10).toBeGreaterThan(1.3 * popular.ndcgAt10);
    expect(ease.ndcgAt10).toBeGreaterThan(popular.ndcgAt10);
    expect(stderr).toMatch(/400 products, \d+ users, 15000 interactions; \d+ train, \d+ users evaluated/);
  });

  it('prints the table, with EASE skipped above its item limit', async () => {
    const { stdout } = await node('evaluate.js', ['--interactions', interactions, '--products', products, '--ease-max-items', '10']);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^model +\| NDCG@10 \| Recall@10 \| {2}HR@10 \| coverage \| users \| train ms$/);
    expect(lines).toHaveLength(6);
    expect(lines[3]).toMatch(/^most popular +\| +0\.\d{4} \| +0\.\d{4} \| +0\.\d{4} \| +0\.\d{4} \| +\d+ \| +\d+$/);
    expect(lines[5]).toMatch(/^EASE +\| skipped: \d+ items > 10$/);
  });

  it('rejects a bad row naming the file, line and column, and exits 1', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'user_id,product_id,type,rating,occurred_at\nu1,SKU-000001,VIEW,,2026-01-01T00:00:00Z\nu1,SKU-000002,CLICK,,2026-01-01T00:01:00Z\n');
    const e = await failure(node('evaluate.js', ['--interactions', bad, '--products', products]));
    expect(e.code).toBe(1);
    expect(e.stderr.trim()).toBe(`${bad} line 3, column type: expected one of VIEW, ADD_TO_CART, PURCHASE, RATE, got "CLICK"`);
  });

  it('explains its usage, and says what is wrong with the arguments', async () => {
    const { stdout } = await node('evaluate.js', ['--help']);
    expect(stdout).toContain('usage: npm run evaluate');
    expect(stdout).toContain('movielens-100k');
    const e = await failure(node('evaluate.js', ['--dataset', 'nope']));
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('unknown --dataset "nope"');
    const missing = await failure(node('evaluate.js', ['--dataset', 'movielens-100k', '--data-dir', dir]));
    expect(missing.stderr).toContain(`${join(dir, 'u.genre')}: no such file`);
  });
});
