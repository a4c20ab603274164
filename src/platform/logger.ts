import pino from 'pino';

// pino: structured JSON logs, cheap enough for the telemetry hot path.
export function createLogger(level: string) {
  return pino({ level, base: undefined });
}

export type Logger = pino.Logger;
