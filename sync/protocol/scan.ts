// Turns what a camera QR decoder, a keyboard-wedge scanner or the on-screen keypad produced into an
// identity claim: a verified Jejak credential, or a bare NIK (an unsigned claim: the face check then
// carries the proof). Never throws.
import type { Bilingual } from './bilingual';
import { bilingual } from './bilingual';
import type { NikErrorCode, ParsedNik } from './nik';
import { normaliseNikInput, parseNik } from './nik';
import type { CredentialErrorCode, CredentialPayload } from './qr-credential';
import { CREDENTIAL_PREFIX, verifyCredential } from './qr-credential';

export type IdentityClaim =
  | { kind: 'credential'; nik: ParsedNik; credential: CredentialPayload }
  | { kind: 'nik'; nik: ParsedNik };

/**
 * SCAN_EMPTY: nothing but blanks was read. QR_* from the credential; NIK_* from the NIK inside it or
 * typed/scanned. QR_NIK_INVALID: a correctly signed credential whose NIK fails the NIK rules (the
 * issuer has a bug; the visitor needs a new pass).
 */
export type ScanErrorCode = 'SCAN_EMPTY' | 'QR_NIK_INVALID' | CredentialErrorCode | NikErrorCode;

export type ScanResult = { ok: true; claim: IdentityClaim } | { ok: false; error: { code: ScanErrorCode; message: Bilingual } };

/** Short text that contains a digit is a NIK attempt (with a typo or letter); longer text is some other QR. */
const NIK_ATTEMPT_MAX_CHARS = 32;

export function readScan(text: string, opts: { keys: Record<string, string>; now: Date; skewSeconds?: number }): ScanResult {
  if (typeof text !== 'string' || text.trim() === '') {
    return { ok: false, error: { code: 'SCAN_EMPTY', message: bilingual({ id: 'Tidak ada yang terbaca. Silakan pindai ulang', en: 'Nothing was read. Please scan again' }) } };
  }
  const trimmed = text.length > 4096 ? text : text.trim();

  if (trimmed.startsWith(`${CREDENTIAL_PREFIX}.`)) {
    const verified = verifyCredential(trimmed, opts);
    if (!verified.ok) return { ok: false, error: verified.error };
    const nik = parseNik(verified.credential.nik, { today: opts.now });
    if (!nik.ok) {
      return {
        ok: false,
        error: {
          code: 'QR_NIK_INVALID',
          message: bilingual({ id: `Kartu Jejak memuat NIK yang tidak valid (${nik.error.message.id}). Mohon minta kartu baru`, en: `The Jejak pass holds an invalid NIK (${nik.error.message.en}). Please ask for a new pass` }),
        },
      };
    }
    return { ok: true, claim: { kind: 'credential', nik: nik.value, credential: verified.credential } };
  }

  const isDigitsOnly = normaliseNikInput(trimmed) !== null;
  if (isDigitsOnly || (trimmed.length <= NIK_ATTEMPT_MAX_CHARS && /[0-9]/.test(trimmed))) {
    const nik = parseNik(trimmed, { today: opts.now });
    if (!nik.ok) return { ok: false, error: nik.error };
    return { ok: true, claim: { kind: 'nik', nik: nik.value } };
  }
  // Some other QR code (a URL, another app's pass): say plainly it is not ours.
  const foreign = verifyCredential(trimmed, opts);
  return foreign.ok
    ? { ok: false, error: { code: 'QR_NOT_OURS', message: bilingual({ id: 'Kode QR ini bukan kartu Jejak', en: 'This QR code is not a Jejak pass' }) } }
    : { ok: false, error: foreign.error };
}
