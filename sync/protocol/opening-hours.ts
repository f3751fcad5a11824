// A venue's opening hours, in WIB (Asia/Jakarta, UTC+7, no daylight saving): per weekday either closed
// (null) or one open–close span on that calendar day. The gate admits nobody outside them (VENUE_CLOSED);
// an exit gate is never held back. A span never crosses midnight: a venue open from 20.00 to 02.00
// writes 20:00–24:00 on one day and 00:00–02:00 on the next, so "which day's hours apply" has one answer.
import { z } from 'zod';
import { WEEKDAYS } from './venue-policy-labels';
import type { Weekday } from './venue-policy-labels';

const WIB_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MINUTES = 24 * 60;

/** "HH:MM" → minutes since midnight; 24:00 (a day's end) is 1440. */
export function clockMinutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

const OPEN_TIME = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'jam buka HH:MM antara 00:00 dan 23:59 / opening time HH:MM between 00:00 and 23:59');
const CLOSE_TIME = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'jam tutup HH:MM antara 00:01 dan 24:00 / closing time HH:MM between 00:01 and 24:00');

export const DayHours = z.strictObject({ open: OPEN_TIME, close: CLOSE_TIME }).refine((h) => clockMinutes(h.close) > clockMinutes(h.open), {
  path: ['close'],
  message: 'jam tutup harus sesudah jam buka pada hari yang sama; buka lewat tengah malam: tutup 24:00 lalu buka 00:00 di hari berikutnya / '
    + 'closing must be after opening on the same day; open past midnight: close at 24:00 and open at 00:00 the next day',
});
export type DayHours = z.infer<typeof DayHours>;

/** Every weekday is written out (null: closed all day), so a forgotten day is an error, not "open". */
export const OpeningHours = z.strictObject({
  mon: DayHours.nullable(), tue: DayHours.nullable(), wed: DayHours.nullable(), thu: DayHours.nullable(),
  fri: DayHours.nullable(), sat: DayHours.nullable(), sun: DayHours.nullable(),
});
export type OpeningHours = z.infer<typeof OpeningHours>;

// The labels module's WEEKDAYS (kept there so the console bundle needs no zod) must be this schema's days.
type SameKeys<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : never;
const daysMatch: SameKeys<Weekday, keyof OpeningHours> = true;
void daysMatch;

/** The WIB weekday and minute of the day of an instant. */
export function wibDayAndMinute(at: Date): { day: Weekday; minute: number } {
  const t = new Date(at.getTime() + WIB_OFFSET_MS);
  // getUTCDay: 0 = Sunday; WEEKDAYS starts on Monday
  return { day: WEEKDAYS[(t.getUTCDay() + 6) % 7]!, minute: t.getUTCHours() * 60 + t.getUTCMinutes() };
}

/** Open at `at` (opening minute inclusive, closing minute exclusive); no hours at all: always open. */
export function isOpenAt(hours: OpeningHours | null | undefined, at: Date): boolean {
  if (!hours) return true;
  const { day, minute } = wibDayAndMinute(at);
  const today = hours[day];
  if (!today) return false;
  return minute >= clockMinutes(today.open) && minute < Math.min(clockMinutes(today.close), DAY_MINUTES);
}

/** The hours of the WIB day `at` falls on (null: closed that day). */
export function hoursOn(hours: OpeningHours, at: Date): { day: Weekday; hours: DayHours | null; minute: number } {
  const { day, minute } = wibDayAndMinute(at);
  return { day, hours: hours[day], minute };
}
