import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { TEST_ADMIN_KEY, TEST_JWT_SECRET } from './harness';

const MAIN = join(__dirname, '../../dist/src/app/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The built service (`node dist/src/app/main.js`) as a separate OS process, as it runs in production. */
export class ApiProcess {
  readonly output: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly wsUrl: string,
  ) {}

  static async start(env: Record<string, string>): Promise<ApiProcess> {
    if (!existsSync(MAIN)) throw new Error('dist/src/app/main.js is missing: the test command builds it (npm run build)');
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ADMIN_API_KEY: TEST_ADMIN_KEY, JWT_SECRET: TEST_JWT_SECRET, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const api = new ApiProcess(child, `http://127.0.0.1:${port}/graphql`, `ws://127.0.0.1:${port}/graphql`);
    child.stdout!.on('data', (d) => api.output.push(String(d)));
    child.stderr!.on('data', (d) => api.output.push(String(d)));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}: ${api.output.join('')}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ok) return api;
      if (Date.now() > deadline) throw new Error(`API did not become ready: ${api.output.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM, then the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((r) => this.child.once('exit', (code) => r(code)));
    this.child.kill('SIGTERM');
    return exited;
  }
}
