/**
 * A listen error as one line that says what to change. Fastify's listen rejects with the raw
 * `listen EADDRINUSE: address already in use 0.0.0.0:4000`; the process then exits 1 with this message.
 */
export function listenFailure(e: unknown, host: string, port: number): Error {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new Error(`port ${port} is in use; set PORT`);
  if (code === 'EACCES') return new Error(`no permission to listen on port ${port}; set PORT (above 1023 without privileges)`);
  if (code === 'EADDRNOTAVAIL') return new Error(`address ${host} is not on this machine; set HOST`);
  return e instanceof Error ? e : new Error(String(e));
}
