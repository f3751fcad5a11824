// The kiosk's operational log: a bounded ring of structured events (and an optional sink, e.g. stdout).
// It is what "export logs" hands to IT staff, so it must never carry personal data: callers log codes
// and ids only, and `scrub` removes anything that still looks personal (digit runs that could be a NIK,
// hex that could be a NIK hash, fields with personal names) before an event is kept.

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEvent {
  at: string;
  level: LogLevel;
  event: string;
  [field: string]: unknown;
}

export interface EventLog {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  entries(): LogEvent[];
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

export function createEventLog(opts: { now: () => Date; capacity?: number; sink?: (e: LogEvent) => void }): EventLog {
  const capacity = opts.capacity ?? 2000;
  const ring: LogEvent[] = [];
  const push = (level: LogLevel, event: string, fields?: Record<string, unknown>): void => {
    const clean = fields ? (scrub(fields) as Record<string, unknown>) : {};
    const e: LogEvent = { ...clean, at: opts.now().toISOString(), level, event };
    ring.push(e);
    if (ring.length > capacity) ring.splice(0, ring.length - capacity);
    opts.sink?.(e);
  };
  return {
    info: (e, f) => push('info', e, f),
    warn: (e, f) => push('warn', e, f),
    error: (e, f) => push('error', e, f),
    entries: () => ring.slice(),
  };
}
