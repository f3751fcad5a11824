// Every sentence the gate decision can show. Public messages (the visitor's screen, read by anyone
// standing nearby) never name a medical status; staff messages (the officer's screen) name the reason.
import type { Bilingual } from './bilingual';
import { bilingual } from './bilingual';
import { formatWib, formatWibDate, formatWibDateEn, formatWibEn } from './wib-time';
import type { DayHours } from './opening-hours';
import { clockMinutes } from './opening-hours';
import { WEEKDAY_LABELS, clockWords, dayHoursWords } from './venue-policy-labels';
import type { Weekday } from './venue-policy-labels';

/** The WIB day the gate is closed at: its weekday, its hours (null: closed all day) and the minute now. */
export interface ClosedNow { day: Weekday; hours: DayHours | null; minute: number }

const minuteWords = (minute: number): Bilingual => clockWords(`${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`);
/** Under 18 is a child (anak) in Indonesian law; above that the visitor is not called a child. */
const underWho = (min: number): Bilingual => (min <= 18 ? { id: 'Anak', en: 'Children' } : { id: 'Pengunjung', en: 'Visitors' });

export const PUBLIC_MESSAGES = {
  admit: bilingual({ id: 'Silakan masuk', en: 'Please enter' }),
  seeOfficer: bilingual({ id: 'Mohon temui petugas', en: 'Please see the officer' }),
  venueFull: bilingual({ id: 'Mohon maaf, tempat sedang penuh. Silakan coba lagi nanti', en: 'Sorry, the venue is full. Please try again later' }),
  /** what and why, for whoever stands at the gate: closed today, not open yet, or closed for the day */
  venueClosed: (c: ClosedNow): Bilingual => {
    const day = WEEKDAY_LABELS[c.day];
    if (!c.hours) return bilingual({ id: `Maaf, tempat ini tutup setiap hari ${day.id}`, en: `Sorry, this venue is closed on ${day.en}s` });
    const h = dayHoursWords(c.hours);
    return c.minute < clockMinutes(c.hours.open)
      ? bilingual({ id: `Maaf, tempat ini belum buka. Hari ini buka pukul ${h.id}`, en: `Sorry, this venue is not open yet. Today it is open ${h.en}` })
      : bilingual({ id: `Maaf, tempat ini sudah tutup. Hari ini buka pukul ${h.id}`, en: `Sorry, this venue has closed. Today it was open ${h.en}` });
  },
  ageBelowMin: (min: number): Bilingual => {
    const who = underWho(min);
    return bilingual({ id: `Maaf, ${who.id.toLowerCase()} di bawah ${min} tahun belum boleh masuk`, en: `Sorry, ${who.en.toLowerCase()} under ${min} may not enter` });
  },
  ageAboveMax: (max: number): Bilingual => bilingual({ id: `Maaf, pengunjung di atas ${max} tahun belum boleh masuk`, en: `Sorry, visitors over ${max} may not enter` }),
} as const;

/**
 * A risk entry's end as a guard reads it, in WIB: a bare date is that whole day ("s.d. 5 Des 2026"), a time
 * "9 Des 2026 23.59 WIB", the open-ended marker none; anything unreadable as sent (the rules fail closed).
 */
function untilWords(until: string): Bilingual {
  if (until === '9999-12-31') return { id: 'tanpa batas waktu', en: 'no end date' };
  if (/^\d{4}-\d{2}-\d{2}$/.test(until)) {
    const noonWib = Date.parse(`${until}T05:00:00Z`); // noon WIB: the same calendar day in WIB
    return Number.isNaN(noonWib) ? { id: until, en: until } : { id: formatWibDate(noonWib), en: formatWibDateEn(noonWib) };
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(until) || Number.isNaN(Date.parse(until))) return { id: until, en: until };
  return { id: formatWib(until), en: formatWibEn(until) };
}

const fmtHours = (h: number): string => String(Math.floor(h));

export const STAFF_MESSAGES = {
  cleared: () => bilingual({ id: 'Boleh masuk', en: 'Cleared to enter' }),
  inputInvalid: (what: string) => bilingual({ id: `RUJUK: data keputusan tidak valid (${what}). Periksa perangkat`, en: `REFER: invalid decision input (${what}). Check the device` }),
  livenessFailed: () => bilingual({ id: 'TOLAK: uji keaslian wajah gagal (mungkin foto, layar atau topeng). Periksa KTP secara langsung', en: 'DENY: liveness check failed (possibly a photo, screen or mask). Check the ID card in person' }),
  noIdentity: () => bilingual({ id: 'RUJUK: belum ada QR atau NIK yang terbaca', en: 'REFER: no QR code or NIK was read' }),
  notRegistered: () => bilingual({ id: 'RUJUK: NIK belum terdaftar di Jejak. Bantu pendaftaran atau periksa manual', en: 'REFER: this NIK is not registered with Jejak. Help them register or check manually' }),
  // no distance here: a guard cannot act on a number (the visit record keeps it for review)
  faceMismatch: () => bilingual({ id: 'TOLAK: wajah tidak cocok dengan foto terdaftar untuk identitas ini. Periksa KTP', en: 'DENY: the face does not match the registered photo for this identity. Check the ID card' }),
  engineUnavailable: () => bilingual({ id: 'RUJUK: pemeriksaan wajah tidak berfungsi. Periksa KTP secara manual lalu putuskan ulang', en: 'REFER: the face check is not working. Verify the ID card manually, then decide again' }),
  noFaceTemplate: () => bilingual({ id: 'RUJUK: belum ada foto wajah terdaftar di perangkat ini untuk identitas ini. Periksa KTP', en: 'REFER: this device has no registered face for this identity. Verify the ID card' }),
  faceNotChecked: () => bilingual({ id: 'RUJUK: wajah belum diperiksa, padahal kebijakan mewajibkannya', en: 'REFER: the face was not checked, but the policy requires it' }),
  livenessNotChecked: () => bilingual({ id: 'RUJUK: uji keaslian wajah tidak dijalankan, padahal kebijakan mewajibkannya', en: 'REFER: liveness was not checked, but the policy requires it' }),
  registrationUnverified: () => bilingual({ id: 'RUJUK: pendaftaran mandiri belum diverifikasi. Periksa KTP, lalu izinkan masuk dengan alasan "Identitas dicek petugas"', en: 'REFER: self-registration not verified yet. Check the KTP (ID card), then admit with the reason "ID checked by staff"' }),
  riskConfirmed: (until: string) => {
    const u = untilWords(until);
    return bilingual({ id: `TOLAK: terkonfirmasi positif COVID-19 (berlaku s.d. ${u.id}). Sarankan isolasi, jangan izinkan masuk`, en: `DENY: confirmed COVID-19 positive (valid until ${u.en}). Advise isolation; do not admit` });
  },
  riskSuspect: (until: string) => {
    const u = untilWords(until);
    return bilingual({ id: `TOLAK: suspek COVID-19 (berlaku s.d. ${u.id}). Sarankan pemeriksaan, jangan izinkan masuk`, en: `DENY: COVID-19 suspect (valid until ${u.en}). Advise testing; do not admit` });
  },
  riskCloseContact: (until: string, deny: boolean) => {
    const u = untilWords(until);
    return deny
      ? bilingual({ id: `TOLAK: kontak erat kasus COVID-19 (berlaku s.d. ${u.id}). Sarankan karantina`, en: `DENY: close contact of a COVID-19 case (valid until ${u.en}). Advise quarantine` })
      : bilingual({ id: `RUJUK: kontak erat kasus COVID-19 (berlaku s.d. ${u.id}). Putuskan sesuai kebijakan tempat`, en: `REFER: close contact of a COVID-19 case (valid until ${u.en}). Decide per venue policy` });
  },
  venueFull: (occupancy: number, capacity: number) => bilingual({ id: `TOLAK: kapasitas penuh (${occupancy}/${capacity})`, en: `DENY: venue at capacity (${occupancy}/${capacity})` }),
  venueClosed: (c: ClosedNow) => {
    const day = WEEKDAY_LABELS[c.day];
    const hours = dayHoursWords(c.hours);
    const now = minuteWords(c.minute);
    return bilingual({ id: `TOLAK: di luar jam buka (${day.id} ${hours.id}; sekarang ${now.id} WIB)`, en: `DENY: outside opening hours (${day.en} ${hours.en}; now ${now.en} WIB)` });
  },
  ageUnknown: (min: number | null, max: number | null) => {
    const range = { id: [min !== null ? `min. ${min}` : null, max !== null ? `maks. ${max}` : null].filter(Boolean).join(', '), en: [min !== null ? `min ${min}` : null, max !== null ? `max ${max}` : null].filter(Boolean).join(', ') };
    return bilingual({ id: `RUJUK: umur tidak dapat dibaca dari NIK, padahal ada batas umur (${range.id} tahun). Periksa tanggal lahir di KTP`, en: `REFER: the age cannot be read from the NIK, but an age limit applies (${range.en} years). Check the birth date on the ID card` });
  },
  ageBelowMin: (age: number, min: number) => bilingual({ id: `TOLAK: umur menurut NIK ${age} tahun, di bawah batas minimum ${min} tahun`, en: `DENY: ${age} years old by the NIK, under the minimum age of ${min}` }),
  ageAboveMax: (age: number, max: number) => bilingual({ id: `TOLAK: umur menurut NIK ${age} tahun, di atas batas maksimum ${max} tahun`, en: `DENY: ${age} years old by the NIK, over the maximum age of ${max}` }),
  riskListMissing: () => bilingual({ id: 'RUJUK: belum ada daftar risiko di perangkat ini; status pengunjung tidak dapat diperiksa', en: 'REFER: no risk list on this device; the visitor\'s status cannot be checked' }),
  riskListStale: (ageHours: number, hardHours: number, admit: boolean) =>
    admit
      ? bilingual({ id: `Boleh masuk, tetapi daftar risiko sudah ${fmtHours(ageHours)} jam tidak diperbarui (batas ${hardHours} jam). Segera sinkronkan`, en: `Cleared, but the risk list is ${fmtHours(ageHours)} h old (limit ${hardHours} h). Sync soon` })
      : bilingual({ id: `RUJUK: daftar risiko sudah ${fmtHours(ageHours)} jam tidak diperbarui (batas ${hardHours} jam). Periksa status secara manual`, en: `REFER: the risk list is ${fmtHours(ageHours)} h old (limit ${hardHours} h). Check the status manually` }),
} as const;

/** Notes appended to a staff message for warnings that do not change the outcome. */
export const STAFF_NOTES = {
  RISK_LIST_AGING: (ageHours: number) => bilingual({ id: `daftar risiko berumur ${fmtHours(ageHours)} jam`, en: `risk list is ${fmtHours(ageHours)} h old` }),
  RISK_LIST_FROM_FUTURE: () => bilingual({ id: 'daftar risiko bertanggal di masa depan: periksa jam perangkat', en: 'risk list is dated in the future: check the device clock' }),
  IDENTITY_UNVERIFIED: () => bilingual({ id: 'identitas tidak diverifikasi dengan wajah', en: 'identity not verified by face' }),
  OFFICER_VERIFIED: () => bilingual({ id: 'identitas diverifikasi petugas', en: 'identity verified by the officer' }),
} as const;
