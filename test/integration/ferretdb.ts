import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port';

const BIN = process.env.FERRETDB_BIN ?? join(process.env.HOME ?? '/root', '.cache/recs/ferretdb-v1.24.2');

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A FerretDB server of the test's own (SQLite data in a temp dir), to stop and restart at will. */
export class FerretDb {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'recs-ferretdb-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<FerretDb> {
    const f = new FerretDb(await freePort());
    await f.resume();
    return f;
  }

  get url(): string {
    return `mongodb://127.0.0.1:${this.port}/recs`;
  }

  async resume(): Promise<void> {
    this.child = spawn(
      BIN,
      [`--listen-addr=127.0.0.1:${this.port}`, '--handler=sqlite', `--sqlite-url=file:${this.dir}/`, '--telemetry=disable',
        '--debug-addr=-', '--log-level=error', `--state-dir=${this.dir}`],
      { stdio: 'ignore', env: { ...process.env, DO_NOT_TRACK: '1' } },
    );
    const deadline = Date.now() + 15_000;
    while (!(await answers(this.port))) {
      if (Date.now() > deadline) throw new Error(`FerretDB (${BIN}) did not start on port ${this.port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async pause(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.pause();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
