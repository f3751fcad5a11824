import { describe, expect, it } from 'vitest';
import { maskNik, parseNik } from '../../sync/protocol/nik';
import type { NikErrorCode } from '../../sync/protocol/nik';
import { PROVINCES, provinceByCode } from '../../sync/protocol/provinces';

// Fixed clock: 29 Nov 2026, 12:00 WIB.
const today = new Date('2026-11-29T05:00:00Z');

describe('parseNik: valid NIKs', () => {
  it('parses a Kota Bogor NIK of a woman into its parts', () => {
    const r = parseNik('3271014501900001', { today });
    expect(r).toEqual({
      ok: true,
      value: {
        nik: '3271014501900001',
        province: { code: '32', name: 'Jawa Barat' },
        regency: '3271',
        regencyKind: 'kota',
        district: '327101',
        birthDate: '1990-01-05',
        sex: 'F',
        serial: '0001',
      },
    });
  });

  it('parses a Kabupaten Bogor NIK of a man', () => {
    const r = parseNik('3201011203850002', { today });
    expect(r.ok && r.value).toMatchObject({ regency: '3201', regencyKind: 'kabupaten', birthDate: '1985-03-12', sex: 'M', serial: '0002' });
  });

  it.each([
    ['spaces', '3271 0145 0190 0001'],
    ['KTP dots', '32.71.01.450190.0001'],
    ['dashes', '3271-0145-0190-0001'],
    ['keyboard-wedge CR/LF and tab', '\t3271014501900001\r\n'],
    ['no-break spaces', '3271\u00a00145\u00a00190\u00a00001'],
    ['unicode dashes', '3271\u20130145\u20140190\u22120001'],
  ])('accepts %s a person or scanner adds', (_label, input) => {
    const r = parseNik(input, { today });
    expect(r.ok && r.value.nik).toBe('3271014501900001');
  });

  it.each([
    // [ddmmyy, birthDate, sex]
    ['290200', '2000-02-29', 'M'], // 2000 is a leap year
    ['690200', '2000-02-29', 'F'],
    ['290296', '1996-02-29', 'M'],
    ['710190', '1990-01-31', 'F'], // 71 = women's maximum (31 + 40)
    ['410190', '1990-01-01', 'F'], // 41 = women's minimum
    ['010190', '1990-01-01', 'M'],
    ['311299', '1999-12-31', 'M'],
    ['291126', '2026-11-29', 'M'], // born today: not in the future
    ['301126', '1926-11-30', 'M'], // tomorrow in 2026 -> must be 1926
    ['281126', '2026-11-28', 'M'],
    ['010127', '1927-01-01', 'M'],
    ['010125', '2025-01-01', 'M'],
  ])('birth date %s -> %s (%s)', (ddmmyy, birthDate, sex) => {
    const r = parseNik(`327101${ddmmyy}0001`, { today });
    expect(r.ok && { birthDate: r.value.birthDate, sex: r.value.sex }).toEqual({ birthDate, sex });
  });

  it('reads "today" in WIB (UTC+7): 17:00 UTC is already tomorrow in Bogor', () => {
    const before = parseNik('3271013011260001', { today: new Date('2026-11-29T16:59:59Z') });
    expect(before.ok && before.value.birthDate).toBe('1926-11-30');
    const r = parseNik('3271013011260001', { today: new Date('2026-11-29T17:00:00Z') });
    expect(r.ok && r.value.birthDate).toBe('2026-11-30');
  });

  it('accepts every province on the official list and serial 9999', () => {
    expect(PROVINCES).toHaveLength(38);
    for (const p of PROVINCES) {
      const r = parseNik(`${p.code}01011201909999`, { today });
      expect(r.ok && r.value.province).toEqual(p);
    }
    expect(provinceByCode('11')?.name).toBe('Aceh');
    expect(provinceByCode('94')?.name).toBe('Papua Tengah');
    expect(provinceByCode('96')?.name).toBe('Papua Barat Daya');
  });
});

describe('parseNik: every rejection has its own code and a bilingual message', () => {
  const cases: Array<[string, string, NikErrorCode, { id: string; en: string }]> = [
    ['empty', '', 'NIK_EMPTY', { id: 'NIK belum diisi', en: 'NIK is empty' }],
    ['only blanks and dots', ' . - ', 'NIK_EMPTY', { id: 'NIK belum diisi', en: 'NIK is empty' }],
    ['letter O for zero', '32710145O1900001', 'NIK_NOT_DIGITS', { id: 'NIK harus 16 digit angka, tanpa huruf atau simbol', en: 'NIK must be 16 digits, with no letters or symbols' }],
    ['plus sign', '+3271014501900001', 'NIK_NOT_DIGITS', { id: 'NIK harus 16 digit angka, tanpa huruf atau simbol', en: 'NIK must be 16 digits, with no letters or symbols' }],
    ['Arabic-Indic digits', '٣٢٧١٠١٤٥٠١٩٠٠٠٠١', 'NIK_NOT_DIGITS', { id: 'NIK harus 16 digit angka, tanpa huruf atau simbol', en: 'NIK must be 16 digits, with no letters or symbols' }],
    ['15 digits', '327101450190001', 'NIK_LENGTH', { id: 'NIK harus 16 digit angka (terbaca 15 digit)', en: 'NIK must be 16 digits (15 read)' }],
    ['17 digits', '32710145019000012', 'NIK_LENGTH', { id: 'NIK harus 16 digit angka (terbaca 17 digit)', en: 'NIK must be 16 digits (17 read)' }],
    ['province 99', '9971014501900001', 'NIK_PROVINCE', { id: 'Kode provinsi 99 pada NIK tidak dikenal', en: 'Unknown province code 99 in the NIK' }],
    ['province 20', '2071014501900001', 'NIK_PROVINCE', { id: 'Kode provinsi 20 pada NIK tidak dikenal', en: 'Unknown province code 20 in the NIK' }],
    ['BPS-only code 97', '9771014501900001', 'NIK_PROVINCE', { id: 'Kode provinsi 97 pada NIK tidak dikenal', en: 'Unknown province code 97 in the NIK' }],
    ['regency 00', '3200014501900001', 'NIK_REGENCY', { id: 'Kode kabupaten/kota pada NIK tidak valid (00)', en: 'Invalid regency/city code in the NIK (00)' }],
    ['district 00', '3271004501900001', 'NIK_DISTRICT', { id: 'Kode kecamatan pada NIK tidak valid (00)', en: 'Invalid district code in the NIK (00)' }],
    ['serial 0000', '3271014501900000', 'NIK_SERIAL', { id: 'Nomor urut pada NIK tidak boleh 0000', en: 'The NIK serial number cannot be 0000' }],
  ];
  it.each(cases)('%s', (_label, input, code, message) => {
    expect(parseNik(input, { today })).toEqual({ ok: false, error: { code, message } });
  });

  const impossible = { id: 'Tanggal lahir pada NIK tidak mungkin', en: 'The birth date in the NIK is impossible' };
  it.each([
    ['day 00', '000190'],
    ['day 32', '320190'],
    ['day 40 (between men and women)', '400190'],
    ['day 72 (past women\'s 31+40)', '720190'],
    ['month 00', '010090'],
    ['month 13', '011390'],
    ['31 April', '310490'],
    ['31 April, woman', '710490'],
    ['29 Feb 2001 / 1901', '290201'],
    ['29 Feb 1997 / 2097', '290297'],
    ['30 Feb', '300200'],
  ])('impossible birth date: %s', (_label, ddmmyy) => {
    expect(parseNik(`327101${ddmmyy}0001`, { today })).toEqual({ ok: false, error: { code: 'NIK_BIRTH_DATE', message: impossible } });
  });

  it('rejects a birth date that is in the future in every century it could be in', () => {
    // 29 Feb 2000 exists, 29 Feb 1900 does not: on a clock set to 28 Feb 2000 no reading is possible.
    const r = parseNik('3271012902000001', { today: new Date('2000-02-28T05:00:00Z') });
    expect(r).toEqual({ ok: false, error: { code: 'NIK_BIRTH_DATE', message: { id: 'Tanggal lahir pada NIK ada di masa depan', en: 'The birth date in the NIK is in the future' } } });
    expect(parseNik('3271012902000001', { today: new Date('2000-02-29T05:00:00Z') }).ok).toBe(true);
  });

  it('reports the first problem in reading order (province before date before serial)', () => {
    expect(parseNik('9900003213990000', { today })).toMatchObject({ error: { code: 'NIK_PROVINCE' } });
    expect(parseNik('3271013213990000', { today })).toMatchObject({ error: { code: 'NIK_BIRTH_DATE' } });
  });

  it('never echoes the NIK digits in an error message (messages may be logged)', () => {
    for (const input of ['3271014501900000', '3271013213990001', '9971014501900001', '327101450190001']) {
      const r = parseNik(input, { today });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(`${r.error.message.id} ${r.error.message.en}`).not.toMatch(/\d{6,}/);
    }
  });

  it('refuses a megabyte of input quickly and with the right code', () => {
    expect(parseNik('1'.repeat(1_000_000), { today })).toMatchObject({ ok: false, error: { code: 'NIK_LENGTH' } });
    expect(parseNik('a'.repeat(1_000_000), { today })).toMatchObject({ ok: false, error: { code: 'NIK_NOT_DIGITS' } });
  });
});

describe('maskNik: what a guard sees of a NIK', () => {
  it('keeps the regency and the serial, hides the 8 digits between (district and birth date)', () => {
    expect(maskNik('3271014501900009')).toBe('3271 **** **** 0009');
    expect(maskNik('3271 0145 0190 0009')).toBe('3271 **** **** 0009');
    expect(maskNik('3271014501900009')).not.toMatch(/014501|4501|0190/);
  });
  it('shows nothing of a malformed number', () => {
    expect(maskNik('32710145')).toBe('**** **** **** ****');
  });
});
