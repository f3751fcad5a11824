// Structured logs (pino). The server logs ids, paths and reason codes only; as a second line of
// defence any field named like personal data is redacted wherever it appears.
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

export const REDACT_PATHS = [
  'nik', 'name', 'template', 'templates', 'vector', 'nameSealed', 'body', 'headers.authorization', 'headers.signature',
  '*.nik', '*.name', '*.template', '*.templates', '*.vector', '*.nameSealed', '*.body', '*.headers.authorization', '*.headers.signature',
  'req.query', 'req.body',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { svc: 'jejak-city' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
