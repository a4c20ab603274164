import 'reflect-metadata';
import { loadConfig } from '../platform/config';
import { limitHeapGrowth } from '../platform/heap';
import { createLogger } from '../platform/logger';
import { createApp } from './server';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  limitHeapGrowth(config.heapGrowingPercent);
  // A rejection nobody awaited comes from background work (a timer, a listener, a client library's
  // reconnect), never from a request: log it and keep serving, instead of Node's default of exiting and
  // dropping every in-flight request. An uncaught exception may leave state half-changed: log and exit.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection in background work'));
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception; exiting');
    process.exit(1);
  });
  // Handlers first: a signal during start-up (even after the 'ready' line) waits for the app, then
  // stops it, instead of Node's default of dying mid-way.
  const starting = createApp(config, log);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // A dependency that hangs must not keep a stopped replica alive (in-flight requests get 10 s).
    setTimeout(() => {
      log.error('shutdown took longer than 15 s; exiting anyway');
      process.exit(1);
    }, 15_000).unref();
    await (await starting).close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await starting;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
