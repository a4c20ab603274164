import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { dropDatabase } from '../../src/platform/db/admin';
import { eventually, TEST_ADMIN_KEY, uniqueName, withDatabase } from '../integration/harness';
import { freePort } from '../support/free-port';

const ROOT = join(__dirname, '../..');

/** Every live process below pid (zombies count as gone). */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const out: number[] = [];
  const walk = (p: number) => table.filter(([, ppid]) => ppid === p).forEach(([child]) => { out.push(child); walk(child); });
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer().once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

describe.each(['SIGINT', 'SIGTERM'] as const)('npm run dev and %s sent to npm alone', (signal) => {
  const name = uniqueName('recs_dev_signal');
  const databaseUrl = withDatabase(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', name);
  const mongoUrl = withDatabase(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27017/test', name);

  const spawned: number[] = [];

  afterAll(async () => {
    // a failed run may leave its tree behind: end its process group
    for (const pid of spawned) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await dropDatabase(databaseUrl);
    const mongo = new MongoClient(mongoUrl);
    await mongo.db().dropDatabase().finally(() => mongo.close());
  });

  it('ends the whole process tree and frees the port', async () => {
    const port = await freePort();
    // its own process group, so that a failing test can still clean up; the signal goes to npm's pid only
    const npm = spawn('npm', ['run', 'dev'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, MONGO_URL: mongoUrl, ADMIN_API_KEY: TEST_ADMIN_KEY },
    });
    let output = '';
    npm.stdout.on('data', (d) => (output += d));
    npm.stderr.on('data', (d) => (output += d));
    spawned.push(npm.pid!);
    await eventually(() => output.includes('GraphQL ready at') || npm.exitCode !== null, 'the listening line', 90_000);
    expect(npm.exitCode).toBeNull();
    const tree = [npm.pid!, ...descendants(npm.pid!)];
    expect(tree.length).toBeGreaterThan(1);

    process.kill(npm.pid!, signal);
    await eventually(() => tree.every((pid) => !alive(pid)), `every process of the tree to end (${tree.join(', ')})`, 15_000);
    expect(await portFree(port)).toBe(true);
    expect(output).toContain(`"signal":"${signal}","msg":"shutting down"`); // the server itself got the signal
  }, 120_000);
});
