import { describe, expect, it } from 'vitest';
import { DECISION_REASONS } from '../../sync/protocol/decision';
import { reasonWords, staffAdvice } from '../../renderer/src/i18n/reason-words';
import { formatTime } from '../../renderer/src/lib/format';

describe('staff panel: plain words for every decision reason', () => {
  it.each([...DECISION_REASONS, 'FACE_TIMEOUT', 'STAFF_OVERRIDE'])('%s has words in both languages, not a code', (code) => {
    const w = reasonWords(code);
    expect(w).not.toBeNull();
    for (const text of [w!.id, w!.en]) {
      expect(text.length).toBeGreaterThan(3);
      expect(text).not.toMatch(/[A-Z]{2,}_|_[A-Z]{2,}/);
    }
  });
  it('examples a guard reads', () => {
    expect(reasonWords('NOT_REGISTERED')).toEqual({ id: 'Belum terdaftar', en: 'Not registered' });
    expect(reasonWords('SOMETHING_NEW')).toBeNull();
    expect(reasonWords('toString')).toBeNull();
    expect(staffAdvice('TOLAK: wajah tidak cocok. Periksa KTP')).toBe('Wajah tidak cocok. Periksa KTP');
    expect(staffAdvice('Boleh masuk')).toBe('Boleh masuk');
  });
});

describe('staff panel times: WIB as Bogor writes them, never raw ISO', () => {
  it('shows the same instant in WIB whatever zone the tablet is in, Bahasa Indonesia first', () => {
    expect(formatTime('2026-12-09T16:59:59.999Z', 'id')).toBe('9 Des 2026 23.59 WIB');
    expect(formatTime('2026-12-09T16:59:59.999Z', 'en')).toBe('9 Dec 2026 23:59 WIB');
    expect(formatTime('2026-12-09T17:00:00.000Z', 'id')).toBe('10 Des 2026 00.00 WIB'); // past midnight WIB
    expect(formatTime('not a time', 'id')).toBe('—');
  });
});
