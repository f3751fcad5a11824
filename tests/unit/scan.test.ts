import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from '../../sync/protocol/crypto';
import { issueCredential } from '../../sync/protocol/qr-credential';
import { readScan } from '../../sync/protocol/scan';

const city = generateEd25519KeyPair();
const keys = { k1: city.publicKey };
const iat = 1_790_000_000;
const now = new Date((iat + 60) * 1000);
const issue = (nik: string, exp = iat + 86400): string =>
  issueCredential({ nik, name: 'Budi Santoso', rid: 'reg-42', iat, exp }, { keyId: 'k1', privateKey: city.privateKey });

describe('readScan', () => {
  it('turns a valid credential into a credential claim with the parsed NIK', () => {
    const r = readScan(`${issue('3201011203850002')}\r\n`, { keys, now });
    expect(r.ok).toBe(true);
    if (!r.ok || r.claim.kind !== 'credential') throw new Error('expected a credential claim');
    expect(r.claim.credential).toMatchObject({ nik: '3201011203850002', name: 'Budi Santoso', rid: 'reg-42', kid: 'k1' });
    expect(r.claim.nik).toMatchObject({ nik: '3201011203850002', regency: '3201', sex: 'M', birthDate: '1985-03-12' });
  });

  it.each([
    ['keyboard-wedge scan with CR/LF', '3271014501900001\r\n'],
    ['typed with spaces', '3271 0145 0190 0001'],
    ['KTP print with dots', '32.71.01.450190.0001'],
  ])('turns a bare NIK into an unsigned NIK claim: %s', (_label, text) => {
    const r = readScan(text, { keys, now });
    expect(r).toMatchObject({ ok: true, claim: { kind: 'nik', nik: { nik: '3271014501900001', sex: 'F' } } });
    expect(r.ok && 'credential' in r.claim).toBe(false);
  });

  it.each([
    ['nothing', '', 'SCAN_EMPTY', 'Tidak ada yang terbaca. Silakan pindai ulang'],
    ['only a newline', '\r\n', 'SCAN_EMPTY', 'Tidak ada yang terbaca. Silakan pindai ulang'],
    ['a URL QR', 'https://example.org/menu', 'QR_NOT_OURS', 'Kode QR ini bukan kartu Jejak'],
    ['words', 'hello world', 'QR_NOT_OURS', 'Kode QR ini bukan kartu Jejak'],
    ['a NIK with a letter', '3271O14501900001', 'NIK_NOT_DIGITS', 'NIK harus 16 digit angka, tanpa huruf atau simbol'],
    ['a short number', '12345', 'NIK_LENGTH', 'NIK harus 16 digit angka (terbaca 5 digit)'],
    ['a NIK with an impossible date', '3271013102900001', 'NIK_BIRTH_DATE', 'Tanggal lahir pada NIK tidak mungkin'],
    ['a damaged credential', 'JJK1.abc', 'QR_MALFORMED', 'Kode QR Jejak rusak atau tidak lengkap. Silakan pindai ulang'],
  ])('rejects %s with %s', (_label, text, code, id) => {
    const r = readScan(text, { keys, now });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.id).toBe(id);
      expect(r.error.message.en.length).toBeGreaterThan(0);
    }
  });

  it('passes credential errors through (expired, unknown key)', () => {
    expect(readScan(issue('3271014501900001', iat + 1), { keys, now: new Date((iat + 7200) * 1000) })).toMatchObject({ ok: false, error: { code: 'QR_EXPIRED' } });
    expect(readScan(issue('3271014501900001'), { keys: {}, now })).toMatchObject({ ok: false, error: { code: 'QR_UNKNOWN_KEY' } });
  });

  it('refuses a genuinely signed credential whose NIK breaks the NIK rules', () => {
    const r = readScan(issue('9971014501900001'), { keys, now });
    expect(r).toMatchObject({ ok: false, error: { code: 'QR_NIK_INVALID' } });
    if (!r.ok) expect(r.error.message.en).toBe('The Jejak pass holds an invalid NIK (Unknown province code 99 in the NIK). Please ask for a new pass');
  });
});
