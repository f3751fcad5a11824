import { describe, expect, it } from 'vitest';
import { median, percentile } from '../bench/suite';

describe('bench percentiles', () => {
  it('uses nearest-rank percentiles over unsorted samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(median(samples)).toBe(5);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 10)).toBe(1);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });
});
