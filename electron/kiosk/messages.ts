// Every error a person may read at the kiosk: a reason code and the words, Bahasa Indonesia first.
// Codes that come from the shared rules (NIK_*, QR_*) keep their own code and message.
import type { ApiError, Bilingual } from '../contract/kiosk-api';

export const bi = (id: string, en: string): Bilingual => ({ id, en });

export function apiError(code: string, message: Bilingual): ApiError {
  return { code, message };
}

export const MESSAGES = {
  BAD_ARGS: bi('Data yang dikirim tidak valid', 'The request data is invalid'),
  INTERNAL: bi('Terjadi kesalahan pada kios. Mohon temui petugas', 'Something went wrong on the kiosk. Please see the officer'),
  NOT_PROVISIONED: bi('Kios belum disiapkan. Hubungi petugas IT', 'The kiosk is not set up yet. Please contact IT staff'),
  ALREADY_PROVISIONED: bi('Kios sudah disiapkan', 'The kiosk is already set up'),
  SESSION_NOT_FOUND: bi('Sesi pemeriksaan wajah tidak ditemukan atau sudah selesai', 'The face check session was not found or has ended'),
  FRAME_NOT_JPEG: bi('Gambar kamera tidak terbaca', 'The camera image could not be read'),
  PIN_WRONG: bi('PIN salah', 'Wrong PIN'),
  PIN_LOCKED: bi('Terlalu banyak PIN salah. Coba lagi nanti', 'Too many wrong PINs. Try again later'),
  ADMIN_ONLY: bi('Hanya admin yang boleh mengubah ini', 'Only an admin may change this'),
  TOKEN_INVALID: bi('Sesi petugas berakhir. Masukkan PIN lagi', 'The staff session has ended. Enter the PIN again'),
  VISIT_NOT_FOUND: bi('Kunjungan tidak ditemukan', 'Visit not found'),
  NOT_CHECKED_IN: bi('Pengunjung ini tidak sedang di dalam', 'This visitor is not checked in'),
  ENGINE_UNAVAILABLE: bi('Pemeriksaan wajah tidak tersedia. Mohon temui petugas', 'Face check is unavailable. Please see the officer'),
  SELFIE_NO_TEMPLATE: bi('Foto wajah tidak dapat dipakai', 'The face photo cannot be used'),
  ALREADY_REGISTERED: bi('NIK ini sudah terdaftar', 'This NIK is already registered'),
  SCAN_EMPTY: bi('Kode tidak terbaca', 'The code could not be read'),
  PROVISION_FAILED: bi('Pendaftaran kios gagal', 'Kiosk enrolment failed'),
  EXIT_UNAVAILABLE: bi('Keluar dari mode kios tidak tersedia di sini', 'Leaving kiosk mode is not available here'),
  STORE_FAILED: bi('Penyimpanan kios bermasalah. Mohon temui petugas', 'The kiosk storage failed. Please see the officer'),
} as const satisfies Record<string, Bilingual>;

export type MessageCode = keyof typeof MESSAGES;

export function errorOf(code: MessageCode): ApiError {
  return { code, message: MESSAGES[code] };
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
  ADMIT: bi('Silakan masuk', 'Please enter'),
  SEE_OFFICER: bi('Mohon temui petugas', 'Please see the officer'),
  GOODBYE: bi('Terima kasih, sampai jumpa', 'Thank you, goodbye'),
} as const;
