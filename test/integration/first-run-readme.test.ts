import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { dropDatabase } from '../../src/platform/db/admin';
import { uniqueName, withDatabase } from './harness';
import { startApiProcess, type ApiProcess } from './processes';

const ROOT = join(__dirname, '../..');
const MARKER = '<!-- the walkthrough: test/integration/first-run-readme.test.ts runs this block -->';

/** The README's walkthrough: the sh block right after the marker, as a reader would paste it. */
function walkthrough(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error(`README.md has lost its marker: ${MARKER}`);
  const block = /^```sh\n([\s\S]*?)^```$/m.exec(readme.slice(at + MARKER.length));
  if (!block) throw new Error('no ```sh block after the README marker');
  return block[1];
}

const name = uniqueName('recs_readme');
const databaseUrl = withDatabase(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', name);
const mongoUrl = withDatabase(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27017/test', name);
let api: ApiProcess;

beforeAll(async () => {
  // the key the walkthrough exports
  api = await startApiProcess({ DATABASE_URL: databaseUrl, MONGO_URL: mongoUrl, SCHEDULER_POLL_MS: '200', ADMIN_API_KEY: 'dev-admin-key-change-me' });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await dropDatabase(databaseUrl);
  const mongo = new MongoClient(mongoUrl);
  await mongo.db().dropDatabase().finally(() => mongo.close());
});

it.each([1, 2])('the README walkthrough runs on a fresh database, and again on the same one (run %i)', async () => {
  const port = new URL(api.url).port;
  const { GQL_URL: _url, GQL_TOKEN: _token, ...env } = process.env;
  const { stdout, stderr } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', walkthrough()], {
    cwd: ROOT,
    env: { ...env, PORT: port },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((e: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`the walkthrough failed: ${e.message}\n${e.stdout}\n${e.stderr}`);
  });
  expect(stderr).toBe('');
  expect(stdout).not.toContain('"errors"');
  // the retrain it asked for went live, and recommendations came from it
  expect(stdout).toMatch(/"status": "SUCCEEDED",\s+"trigger": "MANUAL"/);
  expect(stdout).toContain('"status": "TRAINED"');
  expect(stdout).toContain('"reason":');
}, 180_000);
