// The kiosk's operational log: one pino logger writing structured lines into a bounded ring (and an
// optional sink, e.g. stdout). Every part of the kiosk logs through it: the gate service, both store
// connections and the sync agent on its thread (whose lines are forwarded here), under the enumerated
// event names of sync/protocol/log-events.ts. The ring is what "export logs" hands to IT staff, so it must
// never carry personal data: callers log codes and ids only, and `scrub` removes anything that still
// looks personal (digit runs that could be a NIK, hex that could be a NIK hash, fields with personal
// names) before pino writes the line.
import pino from 'pino';
import type { EventLogger, LogEventName, LogFields, LogLevel } from '../../sync/protocol/log-events';

export type { LogLevel } from '../../sync/protocol/log-events';

/** One line of the kiosk's log, as exported. */
export interface LogEntry {
  at: string;
  level: LogLevel;
  event: LogEventName;
  [field: string]: unknown;
}

export interface EventLog extends EventLogger {
  entries(): LogEntry[];
}

const PERSONAL_KEYS = /^(nik|nikhash|name|displayname|greetingname|selfie|jpeg|jpegbase64|template|vector|pin|token|text|email|phone)$/i;
const DIGIT_RUN = /\d{10,}/g;
const HEX_RUN = /\b[0-9a-f]{40,}\b/gi;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Ids (UUIDs: visit, session, registration ids) stay readable; digit runs and long hex elsewhere go. */
function scrubText(text: string): string {
  const clip = text.slice(0, 500);
  let out = '';
  let last = 0;
  for (const m of clip.matchAll(UUID)) {
    out += clip.slice(last, m.index).replace(DIGIT_RUN, '[digits]').replace(HEX_RUN, '[hex]') + m[0];
    last = m.index + m[0].length;
  }
  return out + clip.slice(last).replace(DIGIT_RUN, '[digits]').replace(HEX_RUN, '[hex]');
}

export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return scrubText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => scrub(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: scrub(value.message, depth + 1) };
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = PERSONAL_KEYS.test(k) ? '[redacted]' : scrub(v, depth + 1);
    }
    return out;
  }
  return String(value);
}

export function createEventLog(opts: { now: () => Date; capacity?: number; sink?: (e: LogEntry) => void }): EventLog {
  const capacity = opts.capacity ?? 2000;
  const ring: string[] = [];
  // pino writes each line synchronously to a destination with write(): here, the ring
  const destination = {
    write(line: string): void {
      const text = line.endsWith('\n') ? line.slice(0, -1) : line;
      ring.push(text);
      if (ring.length > capacity) ring.splice(0, ring.length - capacity);
      opts.sink?.(JSON.parse(text) as LogEntry);
    },
  };
  const logger = pino({
    base: null,
    level: 'info',
    timestamp: () => `,"at":"${opts.now().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
  }, destination);
  const write = (level: LogLevel, event: LogEventName, fields?: LogFields): void => {
    const { at: _at, level: _level, event: _event, ...clean } = fields ? (scrub(fields) as Record<string, unknown>) : {};
    logger[level]({ ...clean, event });
  };
  return {
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
    entries: () => ring.map((line) => JSON.parse(line) as LogEntry),
  };
}
