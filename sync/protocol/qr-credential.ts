// The Jejak QR credential: a compact token a visitor shows (city app, printed pass, or issued at
// registration), signed by a city key and verified offline by the kiosk against pinned public keys.
//
//   JJK1.<base64url(canonical JSON payload)>.<base64url(Ed25519 signature over the ASCII payload segment)>
//
// The payload segment is signed as text, so the kiosk verifies exactly the bytes it scanned; the payload
// must also be canonical JSON (RFC 8785) so one credential has exactly one encoding. Several key ids can
// be valid at once (rotation): the payload's `kid` picks the key.
import { z } from 'zod';
import type { Bilingual } from './bilingual';
import { bilingual } from './bilingual';
import { b64u, canonicalJson, signEd25519, verifyEd25519 } from './crypto';

export const CREDENTIAL_PREFIX = 'JJK1';

export interface CredentialPayload {
  v: 1;
  /** 16 digits */
  nik: string;
  /** display name */
  name: string;
  /** registration id at the city server */
  rid: string;
  /** issued at, Unix seconds */
  iat: number;
  /** expires at (exclusive), Unix seconds */
  exp: number;
  /** id of the city key that signed it */
  kid: string;
}

export type CredentialErrorCode = 'QR_NOT_OURS' | 'QR_MALFORMED' | 'QR_UNKNOWN_KEY' | 'QR_BAD_SIGNATURE' | 'QR_EXPIRED' | 'QR_NOT_YET_VALID';

export interface CredentialError {
  code: CredentialErrorCode;
  message: Bilingual;
}

export type CredentialResult = { ok: true; credential: CredentialPayload } | { ok: false; error: CredentialError };

/** Clock difference tolerated between the issuing server and a kiosk. */
export const DEFAULT_SKEW_SECONDS = 300;
/** A QR code (version 40, byte mode) holds at most 2953 bytes; anything longer did not come from one. */
export const MAX_TOKEN_CHARS = 2953;

const B64URL = /^[A-Za-z0-9_-]+$/;

const payloadSchema = z.strictObject({
  v: z.literal(1),
  nik: z.string().regex(/^[0-9]{16}$/),
  name: z.string().min(1).max(100),
  rid: z.string().min(1).max(64),
  iat: z.number().int().nonnegative().max(2 ** 40),
  exp: z.number().int().nonnegative().max(2 ** 40),
  kid: z.string().min(1).max(64),
}).refine((p) => p.exp > p.iat, { message: 'exp must be after iat' });

const messages: Record<CredentialErrorCode, Bilingual> = {
  QR_NOT_OURS: bilingual({ id: 'Kode QR ini bukan kartu Jejak', en: 'This QR code is not a Jejak pass' }),
  QR_MALFORMED: bilingual({ id: 'Kode QR Jejak rusak atau tidak lengkap. Silakan pindai ulang', en: 'The Jejak QR code is damaged or incomplete. Please scan again' }),
  QR_UNKNOWN_KEY: bilingual({ id: 'Kartu Jejak ini ditandatangani dengan kunci yang tidak dikenal perangkat ini', en: 'This Jejak pass is signed with a key this device does not know' }),
  QR_BAD_SIGNATURE: bilingual({ id: 'Tanda tangan kartu Jejak tidak sah', en: 'The Jejak pass signature is not valid' }),
  QR_EXPIRED: bilingual({ id: 'Kartu Jejak sudah kedaluwarsa. Silakan perbarui di aplikasi', en: 'The Jejak pass has expired. Please renew it in the app' }),
  QR_NOT_YET_VALID: bilingual({ id: 'Kartu Jejak belum berlaku. Periksa jam perangkat', en: 'The Jejak pass is not valid yet. Check the device clock' }),
};

function fail(code: CredentialErrorCode): CredentialResult {
  return { ok: false, error: { code, message: { ...messages[code] } } };
}

/** Strict base64url: the alphabet only, and the text must be the one encoding of its bytes (no stray bits). */
function decodeB64url(segment: string): Buffer | null {
  if (!B64URL.test(segment)) return null;
  const bytes = b64u.decode(segment);
  return b64u.encode(bytes) === segment ? bytes : null;
}

/**
 * Signs a credential. Runs on the issuer (city server / registration desk); invalid input is a bug in
 * the caller, so it throws a TypeError naming the field.
 */
export function issueCredential(
  p: { nik: string; name: string; rid: string; iat: number; exp: number },
  key: { keyId: string; privateKey: string },
): string {
  const parsed = payloadSchema.safeParse({ v: 1, nik: p.nik, name: p.name, rid: p.rid, iat: p.iat, exp: p.exp, kid: key.keyId });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`issueCredential: invalid ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`);
  }
  const segment = b64u.encode(Buffer.from(canonicalJson(parsed.data), 'utf8'));
  return `${CREDENTIAL_PREFIX}.${segment}.${signEd25519(key.privateKey, segment)}`;
}

/** Is this text meant to be a Jejak credential (right prefix), whether or not it is a valid one? */
export function looksLikeCredential(text: string): boolean {
  return text.trim().startsWith(`${CREDENTIAL_PREFIX}.`);
}

/**
 * Verifies a scanned token. Never throws. Order: not ours → malformed → unknown key → bad signature →
 * time window, so "expired" is only ever said about an authentic credential.
 * Valid while iat − skew ≤ now < exp + skew.
 */
export function verifyCredential(
  token: string,
  opts: { keys: Record<string, string>; now: Date; skewSeconds?: number },
): CredentialResult {
  if (typeof token !== 'string') return fail('QR_NOT_OURS');
  // Keyboard-wedge scanners end with CR/LF; camera decoders sometimes keep surrounding blanks.
  const text = token.length > MAX_TOKEN_CHARS + 16 ? token : token.trim();
  if (!text.startsWith(`${CREDENTIAL_PREFIX}.`)) return fail('QR_NOT_OURS');
  if (text.length > MAX_TOKEN_CHARS) return fail('QR_MALFORMED');

  const parts = text.split('.');
  if (parts.length !== 3) return fail('QR_MALFORMED');
  const [, payloadSegment = '', signatureSegment = ''] = parts;
  const payloadBytes = decodeB64url(payloadSegment);
  const signatureBytes = decodeB64url(signatureSegment);
  if (!payloadBytes || !signatureBytes || signatureBytes.length !== 64) return fail('QR_MALFORMED');

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
  } catch {
    return fail('QR_MALFORMED');
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return fail('QR_MALFORMED');
  const payload = parsed.data;
  let canonical: string;
  try {
    canonical = canonicalJson(json);
  } catch {
    return fail('QR_MALFORMED');
  }
  if (canonical !== payloadBytes.toString('utf8')) return fail('QR_MALFORMED');

  const publicKey = Object.hasOwn(opts.keys, payload.kid) ? opts.keys[payload.kid] : undefined;
  if (publicKey === undefined) return fail('QR_UNKNOWN_KEY');
  if (!verifyEd25519(publicKey, payloadSegment, signatureSegment)) return fail('QR_BAD_SIGNATURE');

  const nowSeconds = Math.floor(opts.now.getTime() / 1000);
  const skew = opts.skewSeconds ?? DEFAULT_SKEW_SECONDS;
  // An invalid clock (NaN) must not make an expired pass valid: NaN fails both comparisons below.
  if (!(nowSeconds >= payload.iat - skew)) return fail(Number.isNaN(nowSeconds) ? 'QR_EXPIRED' : 'QR_NOT_YET_VALID');
  if (!(nowSeconds < payload.exp + skew)) return fail('QR_EXPIRED');
  return { ok: true, credential: { ...payload } };
}
