// The lint step (`npm run lint`, eslint.config.mjs) fails on a violation. ESLint loads its config with a
// dynamic import, which Jest's loader refuses, so this runs ESLint's CLI with the same flags as the lint
// script, on a temporary project laid out like this one (type-aware rules need a file that a tsconfig
// covers, and a fixture inside src/ would be seen by the other tests running beside this one).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../../..');
const CONFIG = join(ROOT, 'eslint.config.mjs');
const BIN = join(ROOT, 'node_modules/eslint/bin/eslint.js');

interface FileResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; message: string }[];
}

const files: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, target: 'ES2022', module: 'node20', types: [] },
    include: ['src'],
  }),
  'src/recommender/bad.ts': [
    'export async function load(): Promise<number> { return Promise.resolve(1); }',
    'export function start(): void { load(); }', // a floating promise: only type information shows it
    'export const isZero = (n: number | null) => n == 0;', // eqeqeq 'smart' allows == null only
    '// eslint-disable-next-line no-console', // suppresses nothing
    'export const one = 1;',
    '',
  ].join('\n'),
  'src/recommender/good.ts': [
    'export async function load(): Promise<number> { return Promise.resolve(1); }',
    'export async function start(): Promise<number> { return await load(); }',
    'export const isMissing = (n: number | null) => n == null;',
    'export const first = ([a, _b]: number[], _unused?: string) => a;',
    '',
  ].join('\n'),
};

let dir: string;
let exitCode: number;
let results: FileResult[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lint-fixture-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // Exits 1 when a rule fails (2 when ESLint itself fails); the JSON report is on stdout either way.
  const { stdout, code } = await promisify(execFile)(
    process.execPath,
    [BIN, '--max-warnings=0', '--config', CONFIG, '--format', 'json', '.'],
    { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
  ).then(
    ({ stdout: out }) => ({ stdout: out, code: 0 }),
    (e: { stdout?: string; stderr?: string; code?: number }) => {
      if (!e.stdout) throw new Error(`eslint failed (${e.code}): ${e.stderr}`);
      return { stdout: e.stdout, code: e.code ?? -1 };
    },
  );
  exitCode = code;
  results = JSON.parse(stdout) as FileResult[];
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problems = (name: string) =>
  results.find((r) => r.filePath === join(dir, 'src/recommender', name))!.messages.map((m) => `${m.line} ${m.ruleId ?? m.message}`);

test('a violation fails the lint step', () => {
  expect(exitCode).toBe(1);
});

test('the violations are reported, type-aware ones included', () => {
  expect(problems('bad.ts')).toEqual([
    '2 @typescript-eslint/no-floating-promises',
    '3 eqeqeq',
    "4 Unused eslint-disable directive (no problems were reported from 'no-console').",
  ]);
});

test('code that keeps the rules passes', () => {
  expect(problems('good.ts')).toEqual([]);
});
