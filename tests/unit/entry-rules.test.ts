// Issue 11's entry rules, as tables: the visitor's age from the NIK's birth date (women +40 on the day,
// the century that does not put the birth in the future, leap days, the birthday itself, WIB's calendar
// day), a venue's opening hours in WIB (just before/after opening and closing, a closed day, the WIB day
// when UTC is still on the day before), the schema's bounds and messages, what "laxer than the city" means
// for the new fields, and the signed policy round trip, also as a kiosk from before issue 11 reads it.
import { describe, expect, it } from 'vitest';
import { ageOnWib, parseNik } from '../../sync/protocol/nik';
import { OpeningHours, isOpenAt } from '../../sync/protocol/opening-hours';
import { canonicalJson, generateEd25519KeyPair } from '../../sync/protocol/crypto';
import { DEFAULT_VENUE_POLICY, VenuePolicy, VenuePolicyFields, laxerThanCityAllows, signVenuePolicy, verifyVenuePolicy } from '../../sync/protocol/venue-policy';
import type { VenuePolicyDocument } from '../../sync/protocol/venue-policy';
import { openingHoursWords, policyPathLabel } from '../../sync/protocol/venue-policy-labels';

const WEEKDAYS_10_22 = { open: '10:00', close: '22:00' };
const HOURS: OpeningHours = { mon: WEEKDAYS_10_22, tue: WEEKDAYS_10_22, wed: WEEKDAYS_10_22, thu: WEEKDAYS_10_22, fri: WEEKDAYS_10_22, sat: { open: '06:00', close: '24:00' }, sun: null };
/** an instant given as WIB wall time */
const wib = (s: string): Date => new Date(`${s}+07:00`);

describe('age from the NIK (ageOnWib over parseNik\'s birth date)', () => {
  // [NIK, the visit (WIB), birth date, age]; 29 Nov 2026 is the reference day of the NIK tests
  it.each<[string, string, string, number]>([
    ['3271011806180009', '2026-11-29T12:00', '2018-06-18', 8], // digits 7–12 DDMMYY: 18 Jun 2018
    ['3271015806180009', '2026-11-29T12:00', '2018-06-18', 8], // a woman: 58 = 18 + 40
    ['3271012911140009', '2026-11-29T12:00', '2014-11-29', 12], // the 12th birthday today: 12
    ['3271013011140009', '2026-11-29T12:00', '2014-11-30', 11], // tomorrow: still 11
    ['3271012911140009', '2026-11-28T23:59', '2014-11-29', 11], // the evening before, WIB
    ['3271016911140009', '2026-11-29T00:00', '2014-11-29', 12], // a woman, at WIB midnight (still 28 Nov in UTC)
    ['3271012902160009', '2027-02-28T12:00', '2016-02-29', 10], // born on a leap day: not a day early…
    ['3271012902160009', '2027-03-01T12:00', '2016-02-29', 11], // …but on 1 March
    ['3271016902160009', '2028-02-29T12:00', '2016-02-29', 12], // and on the day in a leap year
    ['3271012911260009', '2026-11-29T12:00', '2026-11-29', 0], // YY 26 born today: 2026, not 1926
    ['3271013011260009', '2026-11-29T12:00', '1926-11-30', 99], // YY 26 tomorrow would be the future: 1926
    ['3271010101300009', '2026-11-29T12:00', '1930-01-01', 96], // YY 30 > 26: 1930
    ['3271010101000009', '2026-11-29T12:00', '2000-01-01', 26],
  ])('%s on %s WIB: born %s, %i years old', (nik, at, birthDate, age) => {
    const parsed = parseNik(nik, { today: wib(at) });
    expect(parsed.ok && parsed.value.birthDate).toBe(birthDate);
    expect(ageOnWib(birthDate, wib(at))).toBe(age);
  });

  it.each([['2030-01-01'], ['2026-13-01'], ['2023-02-29'], ['not a date'], ['']])('no age for %j (unreadable or after the visit)', (birthDate) => {
    expect(ageOnWib(birthDate, wib('2026-11-29T12:00'))).toBeNull();
  });
});

describe('opening hours (WIB, UTC+7, no daylight saving)', () => {
  // 30 Nov 2026 is a Monday, 5 Dec a Saturday, 6 Dec a Sunday
  it.each<[string, Date, boolean]>([
    ['Monday 09:59, a minute before opening', wib('2026-11-30T09:59'), false],
    ['Monday 10:00, opening minute', wib('2026-11-30T10:00'), true],
    ['Monday 21:59, last minute', wib('2026-11-30T21:59'), true],
    ['Monday 22:00, closing minute', wib('2026-11-30T22:00'), false],
    ['Saturday 23:59, open to midnight', wib('2026-12-05T23:59'), true],
    ['Sunday 00:00 WIB (still Saturday 17:00 UTC): Sunday is closed', new Date('2026-12-05T17:00:00Z'), false],
    ['Sunday 12:00, closed day', wib('2026-12-06T12:00'), false],
    ['Monday 10:30 WIB = Monday 03:30 UTC', new Date('2026-11-30T03:30:00Z'), true],
    ['Saturday 06:30 WIB = Friday 23:30 UTC: Saturday\'s hours, not Friday\'s', new Date('2026-12-04T23:30:00Z'), true],
    ['Friday 22:30 WIB = Friday 15:30 UTC: closed, though UTC reads mid-afternoon', new Date('2026-12-04T15:30:00Z'), false],
  ])('%s → open %s', (_label, at, open) => {
    expect(isOpenAt(HOURS, at)).toBe(open);
  });

  it('no opening hours: open at any time', () => {
    expect(isOpenAt(undefined, wib('2026-12-06T03:00'))).toBe(true);
  });

  it.each<[string, unknown, RegExp]>([
    ['closing before opening', { ...HOURS, mon: { open: '22:00', close: '02:00' } }, /tutup 24:00 lalu buka 00:00 di hari berikutnya .*close at 24:00 and open at 00:00 the next day/],
    ['closing at opening', { ...HOURS, mon: { open: '10:00', close: '10:00' } }, /jam tutup harus sesudah jam buka/],
    ['25:00', { ...HOURS, tue: { open: '10:00', close: '25:00' } }, /jam tutup HH:MM antara 00:01 dan 24:00/],
    ['opening at 24:00', { ...HOURS, tue: { open: '24:00', close: '24:00' } }, /jam buka HH:MM antara 00:00 dan 23:59/],
    ['10.00 (dot)', { ...HOURS, wed: { open: '10.00', close: '22:00' } }, /opening time HH:MM/],
  ])('refuses %s with a message saying what to write', (_label, hours, message) => {
    const r = OpeningHours.safeParse(hours);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join('\n')).toMatch(message);
  });

  it('refuses a forgotten day: every day is written, null when closed', () => {
    const { sun: _sun, ...sixDays } = HOURS;
    expect(OpeningHours.safeParse(sixDays).success).toBe(false);
    expect(OpeningHours.safeParse({ ...HOURS, mon: { open: '00:00', close: '24:00' } }).success).toBe(true);
  });

  it('reads in words, Bahasa Indonesia first', () => {
    expect(openingHoursWords(HOURS).id).toBe('Sen 10.00–22.00 WIB · Sel 10.00–22.00 WIB · Rab 10.00–22.00 WIB · Kam 10.00–22.00 WIB · Jum 10.00–22.00 WIB · Sab 06.00–24.00 WIB · Min tutup');
    expect(openingHoursWords(undefined).en).toBe('no limit (open at any time)');
    expect(policyPathLabel('policy.openingHours.mon.close')).toEqual({ id: 'Jam buka (WIB) · Senin · tutup', en: 'Opening hours (WIB) · Monday · closes' });
  });
});

describe('age limits in the policy', () => {
  const check = (p: Partial<VenuePolicy>) => VenuePolicy.safeParse({ ...DEFAULT_VENUE_POLICY, ...p });
  it.each<[Partial<VenuePolicy>, boolean]>([
    [{ minAge: 12 }, true], [{ maxAge: 60 }, true], [{ minAge: 0, maxAge: 120 }, true], [{ minAge: 18, maxAge: 18 }, true],
    [{ minAge: -1 }, false], [{ maxAge: 121 }, false], [{ minAge: 12.5 }, false], [{ minAge: 30, maxAge: 20 }, false],
  ])('%o valid: %s', (p, ok) => {
    expect(check(p).success).toBe(ok);
  });

  it('says which bound, in both languages', () => {
    const r = check({ minAge: 30, maxAge: 20 });
    expect(r.error!.issues).toEqual([expect.objectContaining({ path: ['maxAge'], message: 'umur maksimum tidak boleh di bawah umur minimum / the maximum age may not be below the minimum age' })]);
    expect(check({ maxAge: 121 }).error!.issues[0]!.message).toBe('umur maksimum 0–120 tahun / maximum age 0–120 years');
  });
});

describe('laxer than the city baseline, for the new fields', () => {
  const base: VenuePolicy = { ...DEFAULT_VENUE_POLICY, minAge: 12, maxAge: 70, openingHours: HOURS };
  it.each<[string, Partial<VenuePolicy>, string[]]>([
    ['the same limits', {}, []],
    ['older minimum, younger maximum, shorter hours', { minAge: 18, maxAge: 60, openingHours: { ...HOURS, mon: { open: '11:00', close: '21:00' }, tue: null } }, []],
    ['a lower minimum age', { minAge: 10 }, ['minAge']],
    ['no minimum age', { minAge: undefined }, ['minAge']],
    ['a higher maximum age', { maxAge: 80 }, ['maxAge']],
    ['no maximum age', { maxAge: undefined }, ['maxAge']],
    ['opening earlier', { openingHours: { ...HOURS, mon: { open: '09:00', close: '22:00' } } }, ['openingHours']],
    ['closing later', { openingHours: { ...HOURS, fri: { open: '10:00', close: '23:00' } } }, ['openingHours']],
    ['open on the baseline\'s closed day', { openingHours: { ...HOURS, sun: { open: '10:00', close: '12:00' } } }, ['openingHours']],
    ['no hours at all', { openingHours: undefined }, ['openingHours']],
  ])('%s → %o', (_label, change, fields) => {
    expect(laxerThanCityAllows({ ...base, ...change }, base)).toEqual(fields);
  });

  it('under the city\'s default baseline (no limits) any age limit or hours are stricter, never laxer', () => {
    expect(laxerThanCityAllows({ ...DEFAULT_VENUE_POLICY, minAge: 0, maxAge: 120, openingHours: HOURS })).toEqual([]);
  });
});

describe('the signed policy with the new rules', () => {
  const city = { keyId: 'city-2026-1', ...generateEd25519KeyPair() };
  const doc = (policy: VenuePolicy): VenuePolicyDocument => ({ kind: 'jejak.venue-policy.v1', venueId: 'venue-botani', version: 3, issuedAt: '2026-12-03T04:00:00.000Z', policy });

  it('round-trips through JSON and verifies with the same values', () => {
    const policy: VenuePolicy = { ...DEFAULT_VENUE_POLICY, minAge: 12, maxAge: 65, openingHours: HOURS };
    const signed = JSON.parse(JSON.stringify(signVenuePolicy(doc(policy), city))) as unknown;
    const r = verifyVenuePolicy(signed, { [city.keyId]: city.publicKey }, 'venue-botani', 2);
    expect(r.ok).toBe(true);
    expect(r.ok && r.signed.document.policy).toEqual(policy);
  });

  it('a changed hour under the same signature does not verify', () => {
    const signed = signVenuePolicy(doc({ ...DEFAULT_VENUE_POLICY, openingHours: HOURS }), city);
    const forged = { ...signed, document: { ...signed.document, policy: { ...signed.document.policy, openingHours: { ...HOURS, sun: { open: '00:00', close: '24:00' } } } } };
    expect(verifyVenuePolicy(forged, { [city.keyId]: city.publicKey }, 'venue-botani', 2)).toMatchObject({ ok: false, code: 'POLICY_BAD_SIGNATURE' });
  });

  // A kiosk from before issue 11: the same strict schema without the three new fields.
  const OLD_KIOSK_POLICY = VenuePolicyFields.omit({ minAge: true, maxAge: true, openingHours: true });
  it('a policy that sets none of them carries no new key, so an older kiosk still accepts it; one that sets them it refuses', () => {
    const plain = signVenuePolicy(doc({ ...DEFAULT_VENUE_POLICY, capacityPercent: 50 }), city);
    expect(canonicalJson(plain.document)).not.toMatch(/minAge|maxAge|openingHours/);
    expect(OLD_KIOSK_POLICY.safeParse(plain.document.policy).success).toBe(true);
    const withAge = signVenuePolicy(doc({ ...DEFAULT_VENUE_POLICY, minAge: 12 }), city);
    expect(OLD_KIOSK_POLICY.safeParse(withAge.document.policy).success).toBe(false);
  });
});
