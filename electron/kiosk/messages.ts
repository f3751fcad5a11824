// Every error a person may read at the kiosk: a reason code and the words, Bahasa Indonesia first.
// Codes that come from the shared rules (NIK_*, QR_*) keep their own code and message.
import type { ApiError } from '../contract/kiosk-api';
import { bilingual, type Bilingual } from '../../sync/protocol/bilingual';
import { NOTE_HAS_NUMBER } from '../../sync/protocol/override-reasons';
import { StoreError, type StoreErrorCode } from '../store/types';

export function apiError(code: string, message: Bilingual): ApiError {
  return { code, message };
}

export const MESSAGES = {
  BAD_ARGS: bilingual({ id: 'Data yang dikirim tidak valid', en: 'The request data is invalid' }),
  INTERNAL: bilingual({ id: 'Terjadi kesalahan pada kios. Mohon temui petugas', en: 'Something went wrong on the kiosk. Please see the officer' }),
  NOT_PROVISIONED: bilingual({ id: 'Kios belum disiapkan. Hubungi petugas IT', en: 'The kiosk is not set up yet. Please contact IT staff' }),
  ALREADY_PROVISIONED: bilingual({ id: 'Kios sudah disiapkan', en: 'The kiosk is already set up' }),
  SESSION_NOT_FOUND: bilingual({ id: 'Sesi pemeriksaan wajah tidak ditemukan atau sudah selesai', en: 'The face check session was not found or has ended' }),
  FRAME_NOT_JPEG: bilingual({ id: 'Gambar kamera tidak terbaca', en: 'The camera image could not be read' }),
  PIN_WRONG: bilingual({ id: 'PIN salah', en: 'Wrong PIN' }),
  PIN_LOCKED: bilingual({ id: 'Terlalu banyak PIN salah. Coba lagi nanti, atau admin membuka dengan PIN admin', en: 'Too many wrong PINs. Try again later, or an admin opens it with the admin PIN' }),
  OVERRIDE_NOTE_NUMBER: bilingual(NOTE_HAS_NUMBER),
  OVERRIDE_NOTE_NEEDED: bilingual({ id: 'Alasan "Lainnya" memerlukan catatan singkat', en: 'The reason "Other" needs a short note' }),
  ADMIN_ONLY: bilingual({ id: 'Hanya admin yang boleh mengubah ini', en: 'Only an admin may change this' }),
  TOKEN_INVALID: bilingual({ id: 'Sesi petugas berakhir. Masukkan PIN lagi', en: 'The staff session has ended. Enter the PIN again' }),
  VISIT_NOT_FOUND: bilingual({ id: 'Kunjungan tidak ditemukan', en: 'Visit not found' }),
  NOT_CHECKED_IN: bilingual({ id: 'Pengunjung ini tidak sedang di dalam', en: 'This visitor is not checked in' }),
  ENGINE_LOADING: bilingual({ id: 'Pemeriksaan wajah sedang disiapkan. Mohon tunggu sebentar, lalu tunjukkan kode Anda lagi', en: 'The face check is starting. Please wait a moment, then show your code again' }),
  ENGINE_UNAVAILABLE: bilingual({ id: 'Pemeriksaan wajah tidak tersedia. Mohon temui petugas', en: 'Face check is unavailable. Please see the officer' }),
  SELFIE_NO_TEMPLATE: bilingual({ id: 'Foto wajah tidak dapat dipakai', en: 'The face photo cannot be used' }),
  ALREADY_REGISTERED: bilingual({ id: 'NIK ini sudah terdaftar', en: 'This NIK is already registered' }),
  SCAN_EMPTY: bilingual({ id: 'Kode tidak terbaca', en: 'The code could not be read' }),
  PROVISION_FAILED: bilingual({ id: 'Pendaftaran kios gagal', en: 'Kiosk enrolment failed' }),
  EXIT_UNAVAILABLE: bilingual({ id: 'Keluar dari mode kios tidak tersedia di sini', en: 'Leaving kiosk mode is not available here' }),
  STORE_FAILED: bilingual({ id: 'Penyimpanan kios bermasalah. Mohon temui petugas', en: 'The kiosk storage failed. Please see the officer' }),
} as const satisfies Record<string, Bilingual>;

export type MessageCode = keyof typeof MESSAGES;

/** A wrong PIN says how many tries are left before the panel locks, so the guard knows to stop and ask. */
export function pinWrongError(triesLeft: number): KioskError {
  const n = Math.max(0, triesLeft);
  return new KioskError({ code: 'PIN_WRONG', message: bilingual({ id: `PIN salah. Sisa ${n} kali percobaan sebelum terkunci`, en: `Wrong PIN. ${n} ${n === 1 ? 'try' : 'tries'} left before it locks` }) });
}

export function errorOf(code: MessageCode): ApiError {
  return { code, message: MESSAGES[code] };
}

/**
 * The store's errors that a person can act on keep their code and the store's own bilingual words (a
 * full disk must reach staff as "storage full", not "something went wrong"); the rest (bad input the
 * kiosk itself sent, a refused risk update) are the kiosk's bug or the sync agent's business: INTERNAL.
 */
const STORE_ERRORS_FOR_PEOPLE: Partial<Record<StoreErrorCode, 'own' | MessageCode>> = {
  STORAGE_FULL: 'own',
  DECRYPT_FAILED: 'own',
  DATA_KEY_MISMATCH: 'own',
  DATA_KEY_UNAVAILABLE: 'own',
  KEY_FILE_INSECURE: 'own',
  DB_NEWER_THAN_CODE: 'own',
  NOT_ENROLLED: 'NOT_PROVISIONED',
};

/** The answer for an error a handler threw that is not a KioskError; null = INTERNAL. */
export function storeErrorToApi(err: unknown): ApiError | null {
  if (!(err instanceof StoreError)) return null;
  const mapped = STORE_ERRORS_FOR_PEOPLE[err.code];
  if (mapped === undefined) return null;
  return mapped === 'own' ? { code: err.code, message: err.bilingual } : errorOf(mapped);
}

/** Thrown inside the service for an expected refusal; the wrapper turns it into `{ok:false,error}`. */
export class KioskError extends Error {
  constructor(readonly error: ApiError) {
    super(`${error.code}: ${error.message.en}`);
    this.name = 'KioskError';
  }
  static of(code: MessageCode): KioskError {
    return new KioskError(errorOf(code));
  }
}

/** Public words of the result screens: no medical reason, ever. */
export const PUBLIC = {
  ADMIT: bilingual({ id: 'Silakan masuk', en: 'Please enter' }),
  SEE_OFFICER: bilingual({ id: 'Mohon temui petugas', en: 'Please see the officer' }),
  GOODBYE: bilingual({ id: 'Terima kasih, sampai jumpa', en: 'Thank you, goodbye' }),
} as const;
