// Why an officer overrode the gate's decision (issue 10 item 5): a fixed reason code, and at most a short
// note. Free text invited "KTP dicek: Budi Santoso 3271011508850009", which then sat in clear in the
// kiosk's audit log, its visit row, its outbox and the server's visits table. Codes are what the city
// counts and reads; a note is for what the codes do not say, must not carry a NIK or phone number
// (NIK-like digit runs are refused at the kiosk and masked at the server), and is sealed at rest on both.
import { z } from 'zod';
import type { Bilingual } from './bilingual';
import { plainText } from './api/common';

export const OVERRIDE_REASONS = {
  ID_CHECKED: { id: 'Identitas dicek petugas', en: 'ID checked by staff' },
  FACE_CHECK_UNRELIABLE: { id: 'Pemeriksaan wajah tidak andal (kamera, cahaya)', en: 'Face check unreliable (camera, light)' },
  HEALTH_DOCUMENT_SHOWN: { id: 'Surat keterangan kesehatan ditunjukkan', en: 'Health document shown' },
  RISK_LIST_OUTDATED: { id: 'Daftar risiko belum diperbarui', en: 'Risk list out of date' },
  OFFICIAL_DUTY: { id: 'Petugas dalam tugas resmi', en: 'Official on duty' },
  PROTOCOL_REFUSED: { id: 'Menolak protokol kesehatan', en: 'Refused the health protocol' },
  VENUE_FULL: { id: 'Tempat penuh', en: 'Venue full' },
  WRONG_PERSON: { id: 'Bukan orang yang sama', en: 'Not the same person' },
  OTHER: { id: 'Lainnya (tulis catatan)', en: 'Other (write a note)' },
} as const satisfies Record<string, Bilingual>;

export type OverrideReasonCode = keyof typeof OVERRIDE_REASONS;
export const OVERRIDE_REASON_CODES = Object.keys(OVERRIDE_REASONS) as [OverrideReasonCode, ...OverrideReasonCode[]];
export const OverrideReasonCode = z.enum(OVERRIDE_REASON_CODES);

export const OVERRIDE_NOTE_MAX = 120;

/**
 * Eight or more digits in one run (spaces, dots, dashes and slashes between them count as part of the
 * run): a NIK (16), a KK or phone number (10–13), a date of birth written 15081985. Short numbers (a
 * gate, a count, a time) stay.
 */
const DIGIT_RUN = /\d(?:[\s./-]*\d){7,}/g;

export function hasNikLikeDigits(text: string): boolean {
  DIGIT_RUN.lastIndex = 0;
  return DIGIT_RUN.test(text);
}

/** Each run of 8+ digits replaced by '[angka]' (for text from a kiosk that did not refuse it). */
export function maskNikLikeDigits(text: string): string {
  return text.replace(DIGIT_RUN, '[angka]');
}

export const NOTE_HAS_NUMBER: Bilingual = {
  id: 'Catatan tidak boleh berisi NIK, nomor KK atau nomor telepon',
  en: 'The note must not contain a NIK, family card or phone number',
};

/** An officer's note as the kiosk takes it: short, plain, trimmed, without NIK-like digit runs. */
export const OverrideNote = z.string().trim().pipe(plainText(OVERRIDE_NOTE_MAX)).refine((s) => !hasNikLikeDigits(s), NOTE_HAS_NUMBER.en);

/** The reason an override carries everywhere (kiosk API, store, wire): `OTHER` needs a note. */
export const OverrideReason = z.object({ code: OverrideReasonCode, note: OverrideNote.nullable() })
  .refine((r) => r.code !== 'OTHER' || r.note !== null, { message: 'OTHER needs a note', path: ['note'] });
export type OverrideReason = z.infer<typeof OverrideReason>;

/** How staff screens and the audit show a reason: the code's words, then the note if any. */
export function overrideReasonWords(r: { code: OverrideReasonCode; note: string | null }): Bilingual {
  const w = OVERRIDE_REASONS[r.code];
  return r.note ? { id: `${w.id}: ${r.note}`, en: `${w.en}: ${r.note}` } : { ...w };
}
