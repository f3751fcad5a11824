// Property tests: no input a camera, scanner or person can produce makes the parsers throw; every
// rejection is one of the typed codes with a message in both languages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { b64u, canonicalJson, generateEd25519KeyPair, signEd25519 } from '../../sync/protocol/crypto';
import { parseNik } from '../../sync/protocol/nik';
import { PROVINCES } from '../../sync/protocol/provinces';
import { issueCredential, verifyCredential } from '../../sync/protocol/qr-credential';
import { readScan } from '../../sync/protocol/scan';

const NIK_CODES = ['NIK_EMPTY', 'NIK_NOT_DIGITS', 'NIK_LENGTH', 'NIK_PROVINCE', 'NIK_REGENCY', 'NIK_DISTRICT', 'NIK_BIRTH_DATE', 'NIK_SERIAL'];
const QR_CODES = ['QR_NOT_OURS', 'QR_MALFORMED', 'QR_UNKNOWN_KEY', 'QR_BAD_SIGNATURE', 'QR_EXPIRED', 'QR_NOT_YET_VALID'];
const SCAN_CODES = [...NIK_CODES, ...QR_CODES, 'SCAN_EMPTY', 'QR_NIK_INVALID'];

const today = new Date('2026-11-29T05:00:00Z');
const city = generateEd25519KeyPair();
const keys = { k1: city.publicKey };
const iat = 1_790_000_000;
const now = new Date((iat + 60) * 1000);
const token = issueCredential({ nik: '3271014501900001', name: 'Dewi Lestari', rid: 'reg-7', iat, exp: iat + 86400 }, { keyId: 'k1', privateKey: city.privateKey });

const typedError = (r: { ok: boolean; error?: { code: string; message: { id: string; en: string } } }, codes: string[]): boolean =>
  r.ok || (r.error !== undefined && codes.includes(r.error.code) && r.error.message.id.length > 0 && r.error.message.en.length > 0);

/** Strings the way scanners and people produce them: digits, separators, letters, control and odd Unicode. */
const scannerish = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'0123456789 .-\r\n\tO\u00a0'), maxLength: 30 }),
  fc.stringMatching(/^[0-9]{16}$/),
);

/** Edits of a valid token: replace, insert or delete one character, truncate, or splice segments. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), ch: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), ch: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), ch: fc.constant('') }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(), ch: fc.constant('') }),
  fc.record({ op: fc.constant('flipbit' as const), at: fc.nat(), ch: fc.constant('') }),
);
function mutate(t: string, edits: Array<{ op: string; at: number; ch: string }>): string {
  let s = t;
  for (const { op, at, ch } of edits) {
    const i = s.length === 0 ? 0 : at % s.length;
    if (op === 'replace') s = s.slice(0, i) + ch + s.slice(i + 1);
    else if (op === 'insert') s = s.slice(0, i) + ch + s.slice(i);
    else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1);
    else if (op === 'truncate') s = s.slice(0, i);
    else s = s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) || 0) ^ (1 << (at % 7))) + s.slice(i + 1);
  }
  return s;
}

describe('fuzz: parseNik', () => {
  it('never throws on any string, and rejects only with a typed, bilingual error', () => {
    fc.assert(fc.property(scannerish, (s) => typedError(parseNik(s, { today }), NIK_CODES)), { numRuns: 3000 });
  });

  it('whatever it accepts is a consistent, existing, past birth date in a listed province', () => {
    const nikish = fc.tuple(fc.constantFrom(...PROVINCES.map((p) => p.code), '00', '99'), fc.stringMatching(/^[0-9]{14}$/)).map(([p, rest]) => p + rest);
    fc.assert(fc.property(nikish, (nik) => {
      const r = parseNik(nik, { today });
      if (!r.ok) return NIK_CODES.includes(r.error.code);
      const v = r.value;
      const day = Number(nik.slice(6, 8));
      const date = new Date(`${v.birthDate}T00:00:00Z`);
      return v.nik === nik && PROVINCES.some((p) => p.code === v.province.code)
        && date.toISOString().slice(0, 10) === v.birthDate && v.birthDate <= '2026-11-29'
        && (v.sex === 'F') === (day > 40) && Number(v.birthDate.slice(8, 10)) === (day > 40 ? day - 40 : day)
        && v.serial !== '0000' && v.regency === nik.slice(0, 4) && v.district === nik.slice(0, 6);
    }), { numRuns: 3000 });
  });
});

describe('fuzz: verifyCredential and readScan', () => {
  it('arbitrary strings never throw and get a typed error', () => {
    fc.assert(fc.property(scannerish, (s) => typedError(verifyCredential(s, { keys, now }), QR_CODES) && typedError(readScan(s, { keys, now }), SCAN_CODES)), { numRuns: 2000 });
  });

  it('strings that start like a credential never throw', () => {
    const jjk = fc.tuple(fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/'), maxLength: 200 })).map(([s]) => `JJK1.${s}`);
    fc.assert(fc.property(jjk, (s) => typedError(verifyCredential(s, { keys, now }), QR_CODES) && typedError(readScan(s, { keys, now }), SCAN_CODES)), { numRuns: 2000 });
  });

  it('no edit of a valid token is accepted (except blanks around it), and none throws', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (edits) => {
      const mutated = mutate(token, edits);
      const r = verifyCredential(mutated, { keys, now });
      const s = readScan(mutated, { keys, now });
      if (!typedError(r, QR_CODES) || !typedError(s, SCAN_CODES)) return false;
      if (r.ok) return mutated.trim() === token;
      return true;
    }), { numRuns: 3000 });
  });

  it('properly signed but arbitrary JSON payloads are refused as malformed, never thrown on', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value) ?? 'null';
      const segment = b64u.encode(Buffer.from(text, 'utf8'));
      const t = `JJK1.${segment}.${signEd25519(city.privateKey, segment)}`;
      const r = verifyCredential(t, { keys, now });
      return !r.ok && r.error.code === 'QR_MALFORMED';
    }), { numRuns: 500 });
  });

  it('signed payloads with every field randomised get a typed answer, and when accepted the fields are sane', () => {
    const payload = fc.record({
      v: fc.oneof(fc.constant(1), fc.integer()),
      nik: fc.oneof(fc.stringMatching(/^[0-9]{16}$/), fc.string()),
      name: fc.string({ maxLength: 120 }),
      rid: fc.string({ maxLength: 70 }),
      iat: fc.oneof(fc.integer({ min: iat - 1000, max: iat + 1000 }), fc.double()),
      exp: fc.oneof(fc.integer({ min: iat - 1000, max: iat + 100_000 }), fc.double()),
      kid: fc.constantFrom('k1', 'k2', ''),
    }, { requiredKeys: [] });
    fc.assert(fc.property(payload, (p) => {
      let text: string;
      try { text = canonicalJson(p); } catch { return true; }
      const segment = b64u.encode(Buffer.from(text, 'utf8'));
      const t = `JJK1.${segment}.${signEd25519(city.privateKey, segment)}`;
      const r = verifyCredential(t, { keys, now });
      const s = readScan(t, { keys, now });
      if (!typedError(r, QR_CODES) || !typedError(s, SCAN_CODES)) return false;
      if (!r.ok) return true;
      const c = r.credential;
      return c.v === 1 && /^[0-9]{16}$/.test(c.nik) && c.name.length > 0 && c.kid === 'k1' && Number.isInteger(c.iat) && c.exp > c.iat;
    }), { numRuns: 1000 });
  });
});

it('fuzz sanity: the valid token itself verifies', () => {
  expect(verifyCredential(token, { keys, now }).ok).toBe(true);
});
