// The ingest's fast acceptance check may only say "valid" where the Visit schema says so too; anything
// else falls back to the schema (which then decides and explains). Checked on generated inputs.
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { Visit } from '../../sync/protocol/api/visits';
import { isCertainlyValidVisit } from '../../sync/protocol/api/visits-fast';

const base = (): Record<string, unknown> => ({
  id: uuidv7(), venueId: 'botani-square', gateId: 'botani-square-pintu-utama', occurredAt: '2026-11-29T03:00:00.000Z', deviceTime: '2026-11-29T10:00:00+07:00',
  clockOffsetMs: -12, clockSuspect: false, identity: 'QR', nikHash: 'a'.repeat(64), outcome: 'ADMIT', reason: 'OK',
  override: null, faceDistance: 0.31, livenessScore: 0.97, riskListVersion: 7, checkedOutAt: null,
});
const KEYS = Object.keys(base());

// Values near every field's edges.
const EDGES: unknown[] = [
    null, undefined, '', ' ', 0, -0, 1, -1, 1.5, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER, Number.NaN, Infinity, -Infinity, true, false, 'true', '7', [], {},
    'QR', 'qr', 'NIK', 'NONE', 'ADMIT', 'DENY', 'REFER', 'admit', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(500), 'x'.repeat(501),
    'A'.repeat(64), 'f'.repeat(63), 'F'.repeat(64), 'g'.repeat(64), 'venue id', 'ok_-1', 'ünï',
    '2026-02-29T00:00:00Z', '2028-02-29T00:00:00Z', '2026-11-31T00:00:00Z', '2026-11-30T24:00:00Z', '2026-11-30T23:59:60Z', '2026-11-30T23:59:59.123456789Z',
    '2026-11-30T23:59:59+0700', '2026-11-30T23:59:59+07:00', '2026-11-30 23:59:59Z', '2026-11-30T23:59Z', '2026-11-30T23:59:59z', '2026-11-30T23:59:59',
    '0190f000-0000-7000-8000-000000000001', '0190F000-0000-7000-8000-00000000000A', '0190f000-0000-4000-8000-000000000001', '0190f000-0000-7000-c000-000000000001',
    { staffId: 's1', reason: 'door jammed' }, { staffId: '', reason: 'x' }, { staffId: 's', reason: '' }, { staffId: 's', reason: 'x', extra: 1 }, { staffId: 's' },
    { staffId: 'x'.repeat(65), reason: 'x' }, { staffId: 's', reason: 'x'.repeat(501) }, { staffId: 's', reason: 'x'.repeat(500) }, { staffId: 1, reason: 'x' },
];
const edgy = fc.oneof({ arbitrary: fc.constantFrom(...EDGES), weight: 4 }, { arbitrary: fc.anything(), weight: 1 });

const mutated = fc.record({
  changes: fc.array(fc.tuple(fc.constantFrom(...KEYS), edgy), { minLength: 1, maxLength: 2 }),
  drop: fc.option(fc.constantFrom(...KEYS)),
  extra: fc.option(fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'ID'), edgy)),
});

describe('fast visit acceptance check', () => {
  it('accepts typical kiosk visits (so the fast path is taken), and the schema agrees', () => {
    const samples = [base(), { ...base(), nikHash: null, identity: 'NONE', outcome: 'REFER', faceDistance: null, livenessScore: null, riskListVersion: null },
      { ...base(), checkedOutAt: '2026-11-29T04:10:00.5Z', clockSuspect: true }];
    for (const v of samples) {
      expect(isCertainlyValidVisit(v)).toBe(true);
      expect(Visit.safeParse(v).success).toBe(true);
    }
    // an override (rare) is left to the schema: its reason code and note
    const overridden = { ...base(), override: { staffId: 'staff-7', reason: 'ID_CHECKED', note: 'Petugas mengenali pengunjung' } };
    expect(isCertainlyValidVisit(overridden)).toBe(false);
    expect(Visit.safeParse(overridden).success).toBe(true);
  });

  it('never says valid where the Visit schema refuses: every field set to every edge value', () => {
    let fast = 0;
    for (const k of KEYS) {
      for (const val of EDGES) {
        const v = { ...base(), [k]: val };
        const zodOk = Visit.safeParse(v).success;
        if (isCertainlyValidVisit(v)) {
          fast++;
          expect({ k, val, zodOk }).toEqual({ k, val, zodOk: true });
        }
      }
    }
    expect(fast).toBeGreaterThan(20);
  });

  it('never says valid where the Visit schema refuses (generated edge cases and arbitrary values)', () => {
    fc.assert(fc.property(mutated, ({ changes, drop, extra }) => {
      const v = base();
      for (const [k, val] of changes) v[k] = val;
      if (drop !== null) delete v[drop];
      if (extra !== null) Object.defineProperty(v, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
      const zodOk = Visit.safeParse(v).success;
      if (isCertainlyValidVisit(v)) expect(zodOk).toBe(true);
    }), { numRuns: 3000 });
  });

  it('never says valid for a whole value of the wrong shape', () => {
    fc.assert(fc.property(fc.anything(), (x) => {
      if (isCertainlyValidVisit(x)) expect(Visit.safeParse(x).success).toBe(true);
    }), { numRuns: 500 });
    for (const x of [null, [], [base()], 'visit', 42, Object.assign(Object.create(null) as object, base())]) expect(isCertainlyValidVisit(x)).toBe(false);
  });
});
