// Error-rate arithmetic of the face evaluation (eval:faces).
import { describe, expect, it } from 'vitest';
import { eer, fmrAt, fnmrAt, rateSet, summarise, thresholdAtFmr } from '../../models/eval/metrics';

describe('face verification metrics', () => {
  // 10 genuine distances 0.1..1.0 and 1000 impostor distances 0.501..1.5
  const genuine = Array.from({ length: 10 }, (_, i) => (i + 1) / 10);
  const impostor = Array.from({ length: 1000 }, (_, i) => 0.5 + (i + 1) / 1000);
  const r = rateSet(genuine, impostor);

  it('counts a match as distance strictly below the threshold', () => {
    expect(fmrAt(r, 0.501)).toBe(0);
    expect(fmrAt(r, 0.5015)).toBe(0.001);
    expect(fnmrAt(r, 0.55)).toBeCloseTo(0.5);
  });

  it('finds the largest threshold whose FMR stays within the target', () => {
    const t = thresholdAtFmr(r, 1e-2);
    expect(fmrAt(r, t)).toBeLessThanOrEqual(1e-2);
    expect(fmrAt(r, t + 0.0011)).toBeGreaterThan(1e-2);
    expect(fnmrAt(r, t)).toBeCloseTo(0.5);
  });

  it('counts a failed acquisition (Infinity) as a false non-match and never as a false match', () => {
    const withFta = rateSet([0.1, Infinity], [Infinity, 0.9]);
    expect(fnmrAt(withFta, 0.5)).toBe(0.5);
    expect(fmrAt(withFta, 10)).toBe(0.5);
  });

  it('gives EER 0 for separated scores and ~0.5 for identical ones', () => {
    expect(eer(rateSet([0.1, 0.2], [0.8, 0.9])).eer).toBe(0);
    expect(eer(rateSet([0.5, 0.5], [0.5, 0.5])).eer).toBeCloseTo(0.5, 1);
    const s = summarise(r, 0.55);
    expect(Object.keys(s).sort()).toEqual(['eer', 'fmr_at_threshold', 'fnmr_at_fmr_1e2', 'fnmr_at_fmr_1e3', 'fnmr_at_threshold']);
  });
});
