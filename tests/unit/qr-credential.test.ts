import { describe, expect, it } from 'vitest';
import { b64u, canonicalJson, generateEd25519KeyPair, signEd25519 } from '../../sync/protocol/crypto';
import { CREDENTIAL_PREFIX, DEFAULT_SKEW_SECONDS, issueCredential, verifyCredential } from '../../sync/protocol/qr-credential';
import type { CredentialErrorCode } from '../../sync/protocol/qr-credential';

const k1 = generateEd25519KeyPair();
const k2 = generateEd25519KeyPair();
const rogue = generateEd25519KeyPair();
const keys = { 'city-2026-a': k1.publicKey, 'city-2026-b': k2.publicKey };
const iat = 1_790_000_000;
const exp = iat + 365 * 86400;
const base = { nik: '3271014501900001', name: 'Siti Rahayu', rid: 'reg-0001', iat, exp };
const now = new Date((iat + 3600) * 1000);
const at = (seconds: number): Date => new Date(seconds * 1000);

/** Signs any payload text the way the issuer would, to build tokens issueCredential refuses to make. */
function handMade(payloadText: string, privateKey = k1.privateKey): string {
  const segment = b64u.encode(Buffer.from(payloadText, 'utf8'));
  return `${CREDENTIAL_PREFIX}.${segment}.${signEd25519(privateKey, segment)}`;
}
const codeOf = (token: string, nowAt = now, skewSeconds?: number): CredentialErrorCode | 'OK' => {
  const r = verifyCredential(token, { keys, now: nowAt, ...(skewSeconds === undefined ? {} : { skewSeconds }) });
  return r.ok ? 'OK' : r.error.code;
};

describe('QR credential', () => {
  it('round-trips: JJK1.<canonical payload>.<signature>', () => {
    const token = issueCredential(base, { keyId: 'city-2026-a', privateKey: k1.privateKey });
    const [prefix, payload, sig] = token.split('.');
    expect(prefix).toBe('JJK1');
    expect(b64u.decode(payload!).toString('utf8')).toBe(canonicalJson({ ...base, v: 1, kid: 'city-2026-a' }));
    expect(b64u.decode(sig!)).toHaveLength(64);
    expect(verifyCredential(token, { keys, now })).toEqual({ ok: true, credential: { v: 1, ...base, kid: 'city-2026-a' } });
  });

  it('keeps Unicode names intact', () => {
    const token = issueCredential({ ...base, name: 'Ni Luh Putu Ayu Wédana 王' }, { keyId: 'city-2026-a', privateKey: k1.privateKey });
    const r = verifyCredential(token, { keys, now });
    expect(r.ok && r.credential.name).toBe('Ni Luh Putu Ayu Wédana 王');
  });

  it('accepts both keys during rotation and refuses a key id it does not pin', () => {
    expect(codeOf(issueCredential(base, { keyId: 'city-2026-a', privateKey: k1.privateKey }))).toBe('OK');
    expect(codeOf(issueCredential(base, { keyId: 'city-2026-b', privateKey: k2.privateKey }))).toBe('OK');
    expect(codeOf(issueCredential(base, { keyId: 'city-2025-z', privateKey: rogue.privateKey }))).toBe('QR_UNKNOWN_KEY');
    // kid is looked up as an own key only: prototype names are unknown keys, not crashes
    expect(codeOf(issueCredential(base, { keyId: '__proto__', privateKey: rogue.privateKey }))).toBe('QR_UNKNOWN_KEY');
    expect(codeOf(issueCredential(base, { keyId: 'toString', privateKey: rogue.privateKey }))).toBe('QR_UNKNOWN_KEY');
  });

  it('detects a forged signature, a swapped key and an edited payload', () => {
    expect(codeOf(issueCredential(base, { keyId: 'city-2026-a', privateKey: rogue.privateKey }))).toBe('QR_BAD_SIGNATURE');
    expect(codeOf(issueCredential(base, { keyId: 'city-2026-a', privateKey: k2.privateKey }))).toBe('QR_BAD_SIGNATURE');
    const genuine = issueCredential(base, { keyId: 'city-2026-a', privateKey: k1.privateKey });
    const forgedPayload = b64u.encode(Buffer.from(canonicalJson({ ...base, v: 1, kid: 'city-2026-a', nik: '3271014501900002' })));
    expect(codeOf(`JJK1.${forgedPayload}.${genuine.split('.')[2]}`)).toBe('QR_BAD_SIGNATURE');
    // signature from another genuine credential
    const other = issueCredential({ ...base, name: 'Budi' }, { keyId: 'city-2026-a', privateKey: k1.privateKey });
    expect(codeOf(`JJK1.${genuine.split('.')[1]}.${other.split('.')[2]}`)).toBe('QR_BAD_SIGNATURE');
  });

  it('enforces the validity window with the clock-skew allowance at its exact edges', () => {
    const token = issueCredential(base, { keyId: 'city-2026-a', privateKey: k1.privateKey });
    expect(DEFAULT_SKEW_SECONDS).toBe(300);
    expect(codeOf(token, at(exp + 299))).toBe('OK');
    expect(codeOf(token, at(exp + 300))).toBe('QR_EXPIRED');
    expect(codeOf(token, at(iat - 300))).toBe('OK');
    expect(codeOf(token, at(iat - 301))).toBe('QR_NOT_YET_VALID');
    expect(codeOf(token, at(exp - 1), 0)).toBe('OK');
    expect(codeOf(token, at(exp), 0)).toBe('QR_EXPIRED');
    expect(codeOf(token, at(iat - 1), 0)).toBe('QR_NOT_YET_VALID');
    expect(codeOf(token, new Date(Number.NaN))).toBe('QR_EXPIRED');
  });

  it('says "expired" only about authentic credentials', () => {
    const forgedOld = issueCredential(base, { keyId: 'city-2026-a', privateKey: rogue.privateKey });
    expect(codeOf(forgedOld, at(exp + 10_000))).toBe('QR_BAD_SIGNATURE');
  });

  it.each([
    ['empty', ''],
    ['a URL', 'https://peduli.example/check-in?venue=1'],
    ['another version', 'JJK2.eyJ2IjoxfQ.AAAA'],
    ['lower-case prefix', 'jjk1.eyJ2IjoxfQ.AAAA'],
    ['prefix without dot', 'JJK1'],
    ['a NIK', '3271014501900001'],
  ])('not ours: %s', (_label, token) => {
    expect(codeOf(token)).toBe('QR_NOT_OURS');
  });

  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const good = issueCredential(base, { keyId: 'city-2026-a', privateKey: k1.privateKey });
  const [, goodPayload, goodSig] = good.split('.') as [string, string, string];
  const payload = { ...base, v: 1, kid: 'city-2026-a' };
  it.each([
    ['prefix only', 'JJK1.'],
    ['two segments', `JJK1.${goodPayload}`],
    ['four segments', `${good}.x`],
    ['empty payload', `JJK1..${goodSig}`],
    ['standard base64 alphabet', `JJK1.${goodPayload}.${goodSig.replace(/-/g, '+').replace(/_/g, '/')}${goodSig.includes('-') || goodSig.includes('_') ? '' : '+'}`],
    ['padding', `JJK1.${goodPayload}.${goodSig}==`],
    ['signature with its unused trailing bits set (same bytes, second spelling)', `JJK1.${goodPayload}.${goodSig.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(goodSig.at(-1)!) ^ 1]}`],
    ['short signature', `JJK1.${goodPayload}.${goodSig.slice(0, 40)}`],
    ['payload not JSON', handMade('not json')],
    ['payload not an object', handMade('[1,2]')],
    ['payload invalid UTF-8', `JJK1.${b64u.encode(Buffer.from([0x7b, 0xff, 0x7d]))}.${goodSig}`],
    ['payload keys not canonical', handMade(JSON.stringify({ v: 1, nik: base.nik, name: base.name, rid: base.rid, iat, exp, kid: 'city-2026-a' }))],
    ['payload with whitespace', handMade(canonicalJson(payload).replace(',', ', '))],
    ['duplicate key', handMade(canonicalJson(payload).replace('{', '{"exp":1,'))],
    ['unknown field', handMade(canonicalJson({ ...payload, admin: true }))],
    ['version 2', handMade(canonicalJson({ ...payload, v: 2 }))],
    ['NIK of 15 digits', handMade(canonicalJson({ ...payload, nik: '327101450190000' }))],
    ['empty name', handMade(canonicalJson({ ...payload, name: '' }))],
    ['fractional time', handMade(canonicalJson({ ...payload, iat: iat + 0.5 }))],
    ['expiry before issue', handMade(canonicalJson({ ...payload, exp: iat }))],
    ['missing kid', handMade(canonicalJson({ v: 1, ...base }))],
    ['longer than a QR code holds', `JJK1.${'A'.repeat(4000)}.${goodSig}`],
  ])('malformed: %s', (_label, token) => {
    expect(codeOf(token)).toBe('QR_MALFORMED');
  });

  it('tolerates the CR/LF a keyboard-wedge scanner appends', () => {
    expect(codeOf(`${good}\r\n`)).toBe('OK');
    expect(codeOf(`  ${good}\n`)).toBe('OK');
  });

  it('gives each error a bilingual message that names no personal data', () => {
    const expected: Record<CredentialErrorCode, [string, string]> = {
      QR_NOT_OURS: ['Kode QR ini bukan kartu Jejak', 'This QR code is not a Jejak pass'],
      QR_MALFORMED: ['Kode QR Jejak rusak atau tidak lengkap. Silakan pindai ulang', 'The Jejak QR code is damaged or incomplete. Please scan again'],
      QR_UNKNOWN_KEY: ['Kartu Jejak ini ditandatangani dengan kunci yang tidak dikenal perangkat ini', 'This Jejak pass is signed with a key this device does not know'],
      QR_BAD_SIGNATURE: ['Tanda tangan kartu Jejak tidak sah', 'The Jejak pass signature is not valid'],
      QR_EXPIRED: ['Kartu Jejak sudah kedaluwarsa. Silakan perbarui di aplikasi', 'The Jejak pass has expired. Please renew it in the app'],
      QR_NOT_YET_VALID: ['Kartu Jejak belum berlaku. Periksa jam perangkat', 'The Jejak pass is not valid yet. Check the device clock'],
    };
    const tokens: Record<CredentialErrorCode, [string, Date]> = {
      QR_NOT_OURS: ['hello', now],
      QR_MALFORMED: ['JJK1.x', now],
      QR_UNKNOWN_KEY: [issueCredential(base, { keyId: 'nope', privateKey: rogue.privateKey }), now],
      QR_BAD_SIGNATURE: [issueCredential(base, { keyId: 'city-2026-a', privateKey: rogue.privateKey }), now],
      QR_EXPIRED: [good, at(exp + 86400)],
      QR_NOT_YET_VALID: [good, at(iat - 86400)],
    };
    for (const [code, [token, nowAt]] of Object.entries(tokens) as Array<[CredentialErrorCode, [string, Date]]>) {
      const r = verifyCredential(token, { keys, now: nowAt });
      expect(r).toEqual({ ok: false, error: { code, message: { id: expected[code][0], en: expected[code][1] } } });
    }
  });

  it('refuses to issue a credential with invalid fields', () => {
    const key = { keyId: 'city-2026-a', privateKey: k1.privateKey };
    expect(() => issueCredential({ ...base, nik: '3271' }, key)).toThrow(/invalid nik/);
    expect(() => issueCredential({ ...base, exp: iat - 1 }, key)).toThrow(TypeError);
    expect(() => issueCredential({ ...base, name: '' }, key)).toThrow(/invalid name/);
  });
});
