// NIK (Nomor Induk Kependudukan): the 16-digit Indonesian national identity number.
//
//   PP RR DD ddmmyy SSSS
//   PP province (Kemendagri code, see provinces.ts), RR regency (01–69) or city (71–99),
//   DD district (kecamatan), ddmmyy birth date with 40 added to the day for women, SSSS serial (0001–9999).
//
// The parser is strict about content but forgiving about the separators people and scanners add.
import type { Bilingual } from './bilingual';
import { bilingual } from './bilingual';
import { provinceByCode } from './provinces';

export type NikErrorCode =
  | 'NIK_EMPTY'
  | 'NIK_NOT_DIGITS'
  | 'NIK_LENGTH'
  | 'NIK_PROVINCE'
  | 'NIK_REGENCY'
  | 'NIK_DISTRICT'
  | 'NIK_BIRTH_DATE'
  | 'NIK_SERIAL';

export interface ParsedNik {
  /** the 16 digits, separators removed */
  nik: string;
  province: { code: string; name: string };
  /** 4-digit regency/city code, e.g. 3271 (Kota Bogor) */
  regency: string;
  /** regency codes 01–69 are kabupaten, 71–99 are kota (cities) */
  regencyKind: 'kabupaten' | 'kota';
  /** 6-digit district (kecamatan) code */
  district: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'F' | 'M';
  /** 4 digits, 0001–9999 */
  serial: string;
}

export interface NikError {
  code: NikErrorCode;
  message: Bilingual;
}

export type NikResult = { ok: true; value: ParsedNik } | { ok: false; error: NikError };

export const NIK_LENGTH = 16;

/** Anything longer cannot be a NIK with separators; refuse before doing work on it. */
const MAX_INPUT_CHARS = 64;

/**
 * What people and keyboard-wedge scanners put between or around digits: whitespace (incl. CR/LF and
 * no-break spaces), dots (KTP print style 3271.01.45...), dashes and the Unicode dash family.
 */
const SEPARATORS = /[\s.\-\u2010-\u2015\u2212\u00a0\ufeff]/gu;

/** Indonesia's civil dates are read in WIB (UTC+7, no daylight saving). */
const WIB_OFFSET_MS = 7 * 3600 * 1000;

const messages = {
  NIK_EMPTY: () => bilingual({ id: 'NIK belum diisi', en: 'NIK is empty' }),
  NIK_NOT_DIGITS: () => bilingual({ id: 'NIK harus 16 digit angka, tanpa huruf atau simbol', en: 'NIK must be 16 digits, with no letters or symbols' }),
  NIK_LENGTH: (n: number) => bilingual({ id: `NIK harus 16 digit angka (terbaca ${n} digit)`, en: `NIK must be 16 digits (${n} read)` }),
  NIK_PROVINCE: (code: string) => bilingual({ id: `Kode provinsi ${code} pada NIK tidak dikenal`, en: `Unknown province code ${code} in the NIK` }),
  NIK_REGENCY: () => bilingual({ id: 'Kode kabupaten/kota pada NIK tidak valid (00)', en: 'Invalid regency/city code in the NIK (00)' }),
  NIK_DISTRICT: () => bilingual({ id: 'Kode kecamatan pada NIK tidak valid (00)', en: 'Invalid district code in the NIK (00)' }),
  NIK_BIRTH_DATE: () => bilingual({ id: 'Tanggal lahir pada NIK tidak mungkin', en: 'The birth date in the NIK is impossible' }),
  NIK_BIRTH_FUTURE: () => bilingual({ id: 'Tanggal lahir pada NIK ada di masa depan', en: 'The birth date in the NIK is in the future' }),
  NIK_SERIAL: () => bilingual({ id: 'Nomor urut pada NIK tidak boleh 0000', en: 'The NIK serial number cannot be 0000' }),
};

function fail(code: NikErrorCode, message: Bilingual): NikResult {
  return { ok: false, error: { code, message } };
}

/** Removes the separators a person or scanner may add; returns null if anything but digits remains. */
export function normaliseNikInput(input: string): string | null {
  const stripped = input.replace(SEPARATORS, '');
  return /^[0-9]*$/.test(stripped) ? stripped : null;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today's calendar date in WIB as YYYY-MM-DD. */
function todayWib(today: Date): string {
  const t = new Date(today.getTime() + WIB_OFFSET_MS);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

type BirthResult = { ok: true; birthDate: string; sex: 'F' | 'M' } | { ok: false; message: Bilingual };

/**
 * DDMMYY, women +40 on the day. A two-digit year is read as 20YY unless that date would be after
 * today, then as 19YY (so a NIK never describes someone not yet born). The date must exist in the
 * century chosen: 29 Feb of YY=00 is valid (2000 was a leap year), of 1900 it would not be.
 */
function parseBirth(ddmmyy: string, today: Date): BirthResult {
  const rawDay = Number(ddmmyy.slice(0, 2));
  const month = Number(ddmmyy.slice(2, 4));
  const yy = Number(ddmmyy.slice(4, 6));
  const female = rawDay >= 41 && rawDay <= 71;
  const day = female ? rawDay - 40 : rawDay;
  if (!female && (rawDay < 1 || rawDay > 31)) return { ok: false, message: messages.NIK_BIRTH_DATE() };
  const sex = female ? 'F' : 'M';
  const todayYmd = todayWib(today);
  let existsSomewhere = false;
  for (const century of [2000, 1900]) {
    const year = century + yy;
    if (!isRealDate(year, month, day)) continue;
    existsSomewhere = true;
    const date = ymd(year, month, day);
    if (date <= todayYmd) return { ok: true, birthDate: date, sex };
  }
  return { ok: false, message: existsSomewhere ? messages.NIK_BIRTH_FUTURE() : messages.NIK_BIRTH_DATE() };
}

/**
 * Parses and validates a NIK. Never throws: every rejection is a typed error with a reason code and a
 * message in Bahasa Indonesia and English. `today` (default: now) decides the birth-date century.
 */
export function parseNik(input: string, opts: { today?: Date } = {}): NikResult {
  if (typeof input !== 'string') return fail('NIK_NOT_DIGITS', messages.NIK_NOT_DIGITS());
  if (input.length > MAX_INPUT_CHARS) {
    // Too long to be a NIK whatever it contains; say which of the two it is without scanning megabytes.
    return /[^0-9\s.-]/u.test(input.slice(0, MAX_INPUT_CHARS)) ? fail('NIK_NOT_DIGITS', messages.NIK_NOT_DIGITS()) : fail('NIK_LENGTH', messages.NIK_LENGTH(input.replace(/\D/gu, '').length));
  }
  const digits = normaliseNikInput(input);
  if (digits === null) return fail('NIK_NOT_DIGITS', messages.NIK_NOT_DIGITS());
  if (digits.length === 0) return fail('NIK_EMPTY', messages.NIK_EMPTY());
  if (digits.length !== NIK_LENGTH) return fail('NIK_LENGTH', messages.NIK_LENGTH(digits.length));

  const provinceCode = digits.slice(0, 2);
  const province = provinceByCode(provinceCode);
  if (!province) return fail('NIK_PROVINCE', messages.NIK_PROVINCE(provinceCode));

  const regencyPart = digits.slice(2, 4);
  if (regencyPart === '00') return fail('NIK_REGENCY', messages.NIK_REGENCY());
  const districtPart = digits.slice(4, 6);
  if (districtPart === '00') return fail('NIK_DISTRICT', messages.NIK_DISTRICT());

  // An invalid injected clock must not crash a gate: fall back to the system clock.
  const today = opts.today && !Number.isNaN(opts.today.getTime()) ? opts.today : new Date();
  const birth = parseBirth(digits.slice(6, 12), today);
  if (!birth.ok) return fail('NIK_BIRTH_DATE', birth.message);

  const serial = digits.slice(12, 16);
  if (serial === '0000') return fail('NIK_SERIAL', messages.NIK_SERIAL());

  return {
    ok: true,
    value: {
      nik: digits,
      province,
      regency: digits.slice(0, 4),
      regencyKind: Number(regencyPart) >= 71 ? 'kota' : 'kabupaten',
      district: digits.slice(0, 6),
      birthDate: birth.birthDate,
      sex: birth.sex,
      serial,
    },
  };
}

/**
 * What a guard may see of a NIK to tell the visitor in front of them apart: the regency (first 4) and
 * the serial (last 4), e.g. "3271 **** **** 0009". The 8 digits between (district, birth date) stay hidden.
 */
export function maskNik(nik: string): string {
  const digits = nik.replace(/\D/g, '');
  if (digits.length !== 16) return '**** **** **** ****';
  return `${digits.slice(0, 4)} **** **** ${digits.slice(12)}`;
}

/**
 * Age in whole years on the WIB calendar day of `at`, for a birth date as parseNik gives it (YYYY-MM-DD);
 * null when the date is unreadable or after `at`. The birthday itself counts (12 on the day of turning
 * 12); someone born on 29 February turns a year older on 1 March in other years (not a day early).
 * The venue policy's age limits read the NIK's birth date with this, on the kiosk at the gate.
 */
export function ageOnWib(birthDate: string, at: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m || Number.isNaN(at.getTime())) return null;
  const [by, bm, bd] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(by, bm, bd)) return null;
  const today = todayWib(at);
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  if (birthDate > today) return null;
  const beforeBirthday = tm < bm || (tm === bm && td < bd);
  return ty - by - (beforeBirthday ? 1 : 0);
}
