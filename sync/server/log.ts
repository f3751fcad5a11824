// Structured logs (pino). The server logs ids, paths and reason codes only, each line under an event
// name of sync/protocol/log-events.ts (the kiosk's and the server's in one list); as a second line of
// defence any field named like personal data is redacted wherever it appears.
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { EventLogger, LogEventName, LogFields } from '../protocol/log-events';

export const REDACT_PATHS = [
  'nik', 'name', 'template', 'templates', 'vector', 'nameSealed', 'body', 'headers.authorization', 'headers.signature',
  '*.nik', '*.name', '*.template', '*.templates', '*.vector', '*.nameSealed', '*.body', '*.headers.authorization', '*.headers.signature',
  'req.query', 'req.body',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { svc: 'jejak-city' },
    // our lines name their event (eventLogger); Fastify's own (e.g. "Server listening at …") get this one
    mixin: () => ({ event: 'server.framework' satisfies LogEventName }),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  }, destination);
}

/**
 * The server's pino logger (or a request's child, which carries the request id) behind the one logging
 * interface: `event` is a LOG_EVENTS name, the fields codes and ids.
 */
export function eventLogger(logger: Pick<Logger, 'info' | 'warn' | 'error'>): EventLogger {
  const line = (fields: LogFields | undefined, event: string): LogFields => ({ ...(fields ?? {}), event });
  return {
    info: (event, fields) => logger.info(line(fields, event), event),
    warn: (event, fields) => logger.warn(line(fields, event), event),
    error: (event, fields) => logger.error(line(fields, event), event),
  };
}
