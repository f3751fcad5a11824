// The staff panel's plain words for each decision reason: a guard reads "Belum terdaftar", not
// NOT_REGISTERED. The staff message under it says what to do. An unknown code (a newer kiosk side)
// falls back to the staff message alone.
import type { Bilingual } from '../../../electron/contract/kiosk-api';

const REASON_WORDS: Record<string, Bilingual> = {
  CLEARED: { id: 'Boleh masuk', en: 'Cleared' },
  INPUT_INVALID: { id: 'Data perangkat tidak valid', en: 'Invalid device data' },
  LIVENESS_FAILED: { id: 'Bukan wajah asli (foto atau layar?)', en: 'Not a live face (photo or screen?)' },
  NO_IDENTITY: { id: 'Tidak ada QR atau NIK', en: 'No QR code or NIK' },
  NOT_REGISTERED: { id: 'Belum terdaftar', en: 'Not registered' },
  FACE_MISMATCH: { id: 'Wajah tidak cocok', en: 'Face does not match' },
  ENGINE_UNAVAILABLE: { id: 'Pemeriksa wajah tidak berfungsi', en: 'Face check not working' },
  NO_FACE_TEMPLATE: { id: 'Belum ada foto wajah terdaftar', en: 'No registered face photo' },
  REGISTRATION_UNVERIFIED: { id: 'Daftar sendiri, periksa KTP', en: 'Self-registered, check the KTP' },
  FACE_NOT_CHECKED: { id: 'Wajah belum diperiksa', en: 'Face not checked' },
  LIVENESS_NOT_CHECKED: { id: 'Keaslian wajah belum diperiksa', en: 'Liveness not checked' },
  FACE_TIMEOUT: { id: 'Waktu pemeriksaan wajah habis', en: 'Face check timed out' },
  RISK_CONFIRMED: { id: 'Terkonfirmasi COVID-19', en: 'Confirmed COVID-19' },
  RISK_SUSPECT: { id: 'Suspek COVID-19', en: 'COVID-19 suspect' },
  RISK_CLOSE_CONTACT: { id: 'Kontak erat COVID-19', en: 'COVID-19 close contact' },
  VENUE_FULL: { id: 'Tempat penuh', en: 'Venue full' },
  VENUE_CLOSED: { id: 'Di luar jam buka', en: 'Outside opening hours' },
  AGE_UNKNOWN: { id: 'Umur tidak terbaca dari NIK', en: 'Age unreadable from the NIK' },
  AGE_BELOW_MIN: { id: 'Di bawah umur minimum', en: 'Under the minimum age' },
  AGE_ABOVE_MAX: { id: 'Di atas umur maksimum', en: 'Over the maximum age' },
  RISK_LIST_MISSING: { id: 'Belum ada daftar risiko', en: 'No risk list yet' },
  RISK_LIST_STALE: { id: 'Daftar risiko sudah lama', en: 'Risk list out of date' },
  STAFF_OVERRIDE: { id: 'Diubah petugas', en: 'Changed by staff' },
};

export function reasonWords(code: string): Bilingual | null {
  return Object.hasOwn(REASON_WORDS, code) ? REASON_WORDS[code]! : null;
}

/** The staff message without its "TOLAK:"/"RUJUK:" lead: the row's outcome badge already says it. */
export function staffAdvice(message: string): string {
  const rest = message.replace(/^(TOLAK|RUJUK|DENY|REFER)\s*:\s*/, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
