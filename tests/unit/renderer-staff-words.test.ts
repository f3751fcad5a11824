import { describe, expect, it } from 'vitest';
import { DECISION_REASONS } from '../../sync/protocol/decision';
import { reasonWords, staffAdvice } from '../../renderer/src/i18n/reason-words';

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
