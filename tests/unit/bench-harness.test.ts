import { describe, expect, it } from 'vitest';
import { median, percentile, withFloor, withRateFloor } from '../bench/suite';

describe('bench percentiles', () => {
  it('uses nearest-rank percentiles over unsorted samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(median(samples)).toBe(5);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 10)).toBe(1);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });
});

describe('bench floors', () => {
  it('reports the figure, its floor and ratio = measured / floor under the documented keys', () => {
    expect(withFloor('risk_full_1m_s', 3, 1.5)).toEqual({ risk_full_1m_s: 3, risk_full_1m_s_floor: 1.5, risk_full_1m_s_ratio: 2 });
  });

  it('for a rate the ratio is still measured time / floor time (floor rate / measured rate)', () => {
    expect(withRateFloor('ingest_visits_per_s', 20_000, 50_000)).toEqual({ ingest_visits_per_s: 20_000, ingest_visits_per_s_floor: 50_000, ingest_visits_per_s_ratio: 2.5 });
  });

  it('refuses a floor that was not measured', () => {
    expect(() => withFloor('x', 1, 0)).toThrow(/floor must be > 0/);
    expect(() => withFloor('x', Number.NaN, 1)).toThrow(/finite/);
  });
});
