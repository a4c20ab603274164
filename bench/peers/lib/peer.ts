// What every peer server shares: its port (PORT, default 0: the system picks), one JSON line on stdout
// once it listens (the driver reads the URL from it), and a clean exit on SIGTERM/SIGINT.

export function peerPort(): number {
  const port = Number(process.env.PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad PORT ${process.env.PORT}`);
  return port;
}

export function announce(peer: string, port: number): void {
  process.stdout.write(`${JSON.stringify({ event: 'listening', peer, port, url: `http://127.0.0.1:${port}/graphql`, pid: process.pid })}\n`);
}

/** On SIGTERM/SIGINT runs close() once, then exits (1 when close failed). */
export function onSignal(close: () => Promise<unknown>): void {
  let closing = false;
  const handler = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

/** Runs a peer's main; any start-up failure is printed and exits 1 (the driver sees the exit). */
export function runPeer(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
