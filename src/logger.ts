// Structured JSON logs (pino). One logger for the process; modules take child
// loggers so every line says where it came from.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'tradegraph' },
    // Errors keep their message and code, never SQL text: pg errors carry the
    // failing statement in other properties, which the serializer drops.
    serializers: { err: (e: unknown) => serializeError(e) },
  });
}

function serializeError(e: unknown) {
  if (!(e instanceof Error)) return { message: String(e) };
  const code = (e as { code?: unknown }).code;
  return { type: e.name, message: e.message, ...(code ? { code } : {}), stack: e.stack };
}
