// What each venue policy field is called on screen (console, kiosk diagnostics), Bahasa Indonesia
// first, and how its value reads. No runtime imports: the console's browser bundle takes it without
// zod or node:crypto.
import type { Bilingual } from './bilingual';
import type { DayHours, OpeningHours } from './opening-hours';

export type PolicyFieldName =
  | 'staleListWarnHours' | 'staleListHardHours' | 'staleListAction' | 'requireFace' | 'requireLiveness' | 'closeContactAction'
  | 'challenge' | 'requirePassive' | 'faceTimeoutSeconds' | 'resultSeconds' | 'minGoodFrames' | 'capacityPercent'
  | 'minAge' | 'maxAge' | 'openingHours';

export const POLICY_FIELD_LABELS: Record<PolicyFieldName, Bilingual> = {
  staleListWarnHours: { id: 'Peringatan daftar risiko lama (jam)', en: 'Risk list ageing warning (hours)' },
  staleListHardHours: { id: 'Batas umur daftar risiko (jam)', en: 'Risk list age limit (hours)' },
  staleListAction: { id: 'Jika daftar risiko terlalu lama', en: 'When the risk list is too old' },
  requireFace: { id: 'Wajib cocok wajah', en: 'Face match required' },
  requireLiveness: { id: 'Wajib uji keaslian (liveness)', en: 'Liveness check required' },
  closeContactAction: { id: 'Kontak erat', en: 'Close contacts' },
  challenge: { id: 'Tantangan liveness', en: 'Liveness challenge' },
  requirePassive: { id: 'Wajib uji pasif (tayangan layar)', en: 'Passive check required (screen replay)' },
  faceTimeoutSeconds: { id: 'Batas waktu pemeriksaan wajah (detik)', en: 'Face check timeout (seconds)' },
  resultSeconds: { id: 'Lama hasil tampil (detik)', en: 'Result shown for (seconds)' },
  minGoodFrames: { id: 'Bingkai baik minimum', en: 'Minimum good frames' },
  capacityPercent: { id: 'Kapasitas yang diizinkan (% dari normal)', en: 'Capacity allowed (% of normal)' },
  minAge: { id: 'Umur minimum pengunjung (tahun, dari NIK)', en: 'Minimum visitor age (years, from the NIK)' },
  maxAge: { id: 'Umur maksimum pengunjung (tahun, dari NIK)', en: 'Maximum visitor age (years, from the NIK)' },
  openingHours: { id: 'Jam buka (WIB)', en: 'Opening hours (WIB)' },
};

/** Days of the week as the opening hours list them, Monday first (the Indonesian week). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_LABELS: Record<Weekday, Bilingual> = {
  mon: { id: 'Senin', en: 'Monday' },
  tue: { id: 'Selasa', en: 'Tuesday' },
  wed: { id: 'Rabu', en: 'Wednesday' },
  thu: { id: 'Kamis', en: 'Thursday' },
  fri: { id: 'Jumat', en: 'Friday' },
  sat: { id: 'Sabtu', en: 'Saturday' },
  sun: { id: 'Minggu', en: 'Sunday' },
};

/** "10.00" as Indonesian writes a time, "10:00" in English. */
export function clockWords(hhmm: string): Bilingual {
  return { id: hhmm.replace(':', '.'), en: hhmm };
}

/** "10.00–22.00 WIB", or "tutup" for a closed day. */
export function dayHoursWords(h: DayHours | null): Bilingual {
  if (!h) return { id: 'tutup', en: 'closed' };
  const o = clockWords(h.open);
  const c = clockWords(h.close);
  return { id: `${o.id}–${c.id} WIB`, en: `${o.en}–${c.en} WIB` };
}

const NO_LIMIT: Bilingual = { id: 'tidak dibatasi', en: 'no limit' };

/** The opening hours in one line: "Sen 10.00–22.00 WIB · … · Min tutup"; no hours: open at any time. */
export function openingHoursWords(hours: OpeningHours | null | undefined): Bilingual {
  if (!hours) return { id: 'tidak dibatasi (buka kapan saja)', en: 'no limit (open at any time)' };
  const part = (lang: 'id' | 'en') => WEEKDAYS.map((d) => `${WEEKDAY_LABELS[d][lang].slice(0, 3)} ${dayHoursWords(hours[d])[lang]}`).join(' · ');
  return { id: part('id'), en: part('en') };
}

/** A field's value as a person reads it (kiosk diagnostics, console errors): a limit not set reads "no limit". */
export function policyValueWords(field: PolicyFieldName, value: unknown): Bilingual {
  if (field === 'openingHours') return openingHoursWords(value as OpeningHours | null | undefined);
  if ((field === 'minAge' || field === 'maxAge') && (value === undefined || value === null)) return { ...NO_LIMIT };
  if (field === 'minAge' || field === 'maxAge') return { id: `${String(value)} tahun`, en: `${String(value)} years` };
  if (typeof value === 'boolean') return value ? { id: 'ya', en: 'yes' } : { id: 'tidak', en: 'no' };
  return { id: String(value), en: String(value) };
}

/**
 * The label for a field problem's path as the server's zod answer gives it ("policy.openingHours.mon.close"
 * → "Jam buka (WIB) · Senin · tutup"), so a bad value is named in the console in words.
 */
export function policyPathLabel(path: string): Bilingual {
  const parts = path.replace(/^policy\./, '').split('.');
  const field = parts[0] as PolicyFieldName;
  if (!Object.hasOwn(POLICY_FIELD_LABELS, field)) return { id: path, en: path };
  const words: Bilingual[] = [POLICY_FIELD_LABELS[field]];
  const day = parts[1] as Weekday | undefined;
  if (field === 'openingHours' && day && Object.hasOwn(WEEKDAY_LABELS, day)) words.push(WEEKDAY_LABELS[day]);
  if (parts[2] === 'open') words.push({ id: 'buka', en: 'opens' });
  if (parts[2] === 'close') words.push({ id: 'tutup', en: 'closes' });
  return { id: words.map((w) => w.id).join(' · '), en: words.map((w) => w.en).join(' · ') };
}
