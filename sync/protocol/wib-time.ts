// Bogor works in WIB (Western Indonesia Time, UTC+7, no daylight saving). Every time a person reads
// (guards, operators, Dinkes officers) is shown in WIB the way Indonesians write it, "9 Des 2026 23.59
// WIB"; machine outputs (JSON, CSV, logs) keep ISO 8601 so nothing is lost or misparsed.

export const WIB_OFFSET_MS = 7 * 3_600_000;

const DATE_TIME = new Intl.DateTimeFormat('id-ID', {
  timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const DATE = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

// The English side of a bilingual text: the same WIB time as an English reader writes it, "9 Dec 2026 23:59 WIB".
const DATE_TIME_EN = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const DATE_EN = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short', year: 'numeric' });

type When = number | string | Date;

function ms(t: When): number {
  const v = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime();
  if (!Number.isFinite(v)) throw new RangeError(`not a time: ${String(t)}`);
  return v;
}

// Intl's id-ID pattern puts a comma between date and time ("9 Des 2026, 23.59"); the written form has none.
function parts(f: Intl.DateTimeFormat, t: When): string {
  return f.formatToParts(ms(t)).map((p) => (p.type === 'literal' && p.value.includes(',') ? ' ' : p.value)).join('').replace(/\s+/g, ' ').trim();
}

/** "9 Des 2026 23.59 WIB" */
export function formatWib(t: When): string {
  return `${parts(DATE_TIME, t)} WIB`;
}

/** "9 Dec 2026 23:59 WIB" (English) */
export function formatWibEn(t: When): string {
  return `${parts(DATE_TIME_EN, t)} WIB`;
}

/** The time in the reader's language, Bahasa Indonesia unless 'en'. */
export function formatWibIn(t: When, lang: 'id' | 'en'): string {
  return lang === 'en' ? formatWibEn(t) : formatWib(t);
}

/** "9 Dec 2026" (the WIB calendar day, English) */
export function formatWibDateEn(t: When): string {
  return parts(DATE_EN, t);
}

/** "9 Des 2026" (the WIB calendar day) */
export function formatWibDate(t: When): string {
  return parts(DATE, t);
}

/** "9 Des 2026 10.00–12.30 WIB", or both dates when the span crosses midnight WIB. */
export function formatWibSpan(from: When, to: When): string {
  if (formatWibDate(from) === formatWibDate(to)) return `${parts(DATE_TIME, from)}–${parts(TIME, to)} WIB`;
  return `${parts(DATE_TIME, from)} – ${parts(DATE_TIME, to)} WIB`;
}

/** The WIB calendar day containing t, as YYYY-MM-DD (machine form: query strings, feed dates). */
export function wibIsoDate(t: number): string {
  return new Date(t + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** Midnight WIB that starts the day containing t (epoch ms). */
export function wibDayStart(t: number): number {
  return Math.floor((t + WIB_OFFSET_MS) / 86_400_000) * 86_400_000 - WIB_OFFSET_MS;
}

/**
 * A time an operator types: ISO 8601 with an offset or Z, or a bare date YYYY-MM-DD (midnight WIB, the day
 * a Bogor officer means), or a date and time without offset (read as WIB). null when it is none of these.
 */
export function parseWibInput(text: string): number | null {
  const s = text.trim();
  const bare = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (bare) {
    const [, y, mo, d, h = '0', mi = '0', se = '0'] = bare;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
    const back = new Date(utc);
    if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return null;
    return utc - WIB_OFFSET_MS;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}
