import { spawn, type ChildProcess } from 'node:child_process';
import { builtFile } from './built';
import { LogLines, type Echo, type LogLine } from './log-lines';

export interface ApiProcessOptions {
  /** The service's environment on top of ours (DATABASE_URL, MONGO_URL, keys...). */
  env: Record<string, string>;
  /** Node flags before the script, e.g. ['--cpu-prof']. */
  nodeArgs?: string[];
  /** Which of the API's lines go on to our stderr (all are kept in `output`). */
  echo?: Echo;
  readyTimeoutMs?: number;
}

const STOP_TIMEOUT_MS = 10_000;

/**
 * The built service (`node dist/src/app/main.js`) as a separate OS process, as it runs in production. It
 * binds a port of the system's choosing (PORT=0) and logs at `info`: start() waits for its
 * 'GraphQL ready at ...' line, which carries the port, so there is no window in which another process
 * can take a port picked in advance.
 */
export class ApiProcess {
  private constructor(
    readonly child: ChildProcess,
    private readonly lines: LogLines,
    private readonly exited: Promise<string>,
    readonly port: number,
  ) {}

  static async start(o: ApiProcessOptions): Promise<ApiProcess> {
    const child = spawn(process.execPath, [...(o.nodeArgs ?? []), builtFile('src/app/main.js')], {
      env: { ...process.env, HOST: '127.0.0.1', DO_NOT_TRACK: '1', ...o.env, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = new LogLines(o.echo, '[api] ');
    lines.read(child.stdout);
    lines.read(child.stderr);
    const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(`API exited (${code ?? signal})`)));
    try {
      const ready = await lines.waitFor((l) => typeof l.msg === 'string' && l.msg.startsWith('GraphQL ready at'), o.readyTimeoutMs ?? 60_000, 0, exited);
      return new ApiProcess(child, lines, exited, ready.port as number);
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
  }

  get pid(): number {
    return this.child.pid!;
  }
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get url(): string {
    return `${this.baseUrl}/graphql`;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/graphql`;
  }
  /** Every line the API printed (stdout and stderr). */
  get output(): string[] {
    return this.lines.output;
  }
  /** Its parsed pino lines. */
  get logs(): LogLine[] {
    return this.lines.logs;
  }

  /** The first log line from index `from` on matching pred (waits up to timeoutMs; fails if the API exits). */
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs: number, from = 0): Promise<LogLine> {
    return this.lines.waitFor(pred, timeoutMs, from, this.exited);
  }

  /** SIGTERM, SIGKILL if it has not exited within 10 s; resolves with the exit code (null when killed). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((r) => this.child.once('exit', (code) => r(code)));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}
