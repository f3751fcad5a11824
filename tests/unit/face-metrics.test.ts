// Error-rate arithmetic of the face evaluation (eval:faces).
import { describe, expect, it } from 'vitest';
import { eer, fmrAt, fnmrAt, rateSet, summarise, thresholdAtFmr } from '../../models/eval/metrics';
import {
  bootstrapCi,
  crossValidate,
  eerW,
  fmrAtW,
  fnmrAtFmrW,
  fnmrAtW,
  foldOf,
  impostorTotal,
  ones,
  prng,
  scorePairs,
  thresholdAtFmrW,
  wilson,
} from '../../models/eval/intervals';

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

describe('face evaluation intervals (bootstrap by identity, Wilson, cross-validation)', () => {
  // 40 identities × 3 images; genuine pairs within an identity; distances from a seeded PRNG so the figures are fixed.
  const ids = 40;
  const perId = 3;
  const imageIdentity = Uint32Array.from({ length: ids * perId }, (_, i) => Math.floor(i / perId));
  const rand = prng(7);
  const jitter = Array.from({ length: ids * perId }, () => rand());
  const genuinePairs: [number, number][] = [];
  for (let p = 0; p < ids; p++) for (let a = 0; a < perId; a++) for (let b = a + 1; b < perId; b++) genuinePairs.push([p * perId + a, p * perId + b]);
  // genuine distances ~0.2–0.6 (identity 0's are bad: 0.9), impostors ~0.5–1.5
  const dist = (i: number, j: number) =>
    imageIdentity[i] === imageIdentity[j] ? (imageIdentity[i] === 0 ? 0.9 : 0.2 + 0.2 * (jitter[i]! + jitter[j]!)) : 0.5 + 0.5 * (jitter[i]! + jitter[j]!);
  const s = scorePairs(imageIdentity, ids, genuinePairs, dist, 1);
  const w1 = ones(ids);
  const flatGenuine = genuinePairs.map(([i, j]) => dist(i, j));
  const flatImpostor: number[] = [];
  for (let i = 0; i < imageIdentity.length; i++) for (let j = i + 1; j < imageIdentity.length; j++) if (imageIdentity[i] !== imageIdentity[j]) flatImpostor.push(dist(i, j));
  const flat = rateSet(flatGenuine, flatImpostor);

  it('keeps every cross-identity pair and counts them by the n_i·n_j formula', () => {
    expect(s.impostor.d.length).toBe(flatImpostor.length);
    expect(impostorTotal(s, w1)).toBe((ids * (ids - 1) * perId * perId) / 2);
  });

  it('with every weight 1 gives exactly the unweighted figures', () => {
    for (const t of [0.55, 0.6, 0.7]) {
      expect(fmrAtW(s, w1, t)).toBeCloseTo(fmrAt(flat, t), 12);
      expect(fnmrAtW(s, w1, t)).toBeCloseTo(fnmrAt(flat, t), 12);
    }
    expect(thresholdAtFmrW(s, w1, 1e-2)).toBe(thresholdAtFmr(flat, 1e-2));
    expect(fnmrAtFmrW(s, w1, 1e-2)).toBeCloseTo(fnmrAt(flat, thresholdAtFmr(flat, 1e-2)), 12);
    expect(eerW(s, w1)).toBeCloseTo(eer(flat).eer, 2);
  });

  it('weights an identity drawn twice like a duplicate of its pairs (genuine ×2, impostor pairs ×2, none with itself)', () => {
    const w = ones(ids);
    w[0] = 2; // identity 0's genuine pairs all miss at 0.7
    const t = 0.7;
    const base = fnmrAtW(s, w1, t) * genuinePairs.length;
    expect(fnmrAtW(s, w, t)).toBeCloseTo((base + 3) / (genuinePairs.length + 3), 12);
    expect(impostorTotal(s, w)).toBe(impostorTotal(s, w1) + (ids - 1) * perId * perId);
  });

  it('gives a bootstrap interval that holds the estimate, is reproducible and is wider than Wilson for clustered misses', () => {
    const t = 0.7;
    const est = fnmrAtW(s, w1, t);
    const ci = bootstrapCi(s, w1, (w) => fnmrAtW(s, w, t), { replicates: 400, seed: 1 });
    expect(ci[0]).toBeLessThanOrEqual(est);
    expect(ci[1]).toBeGreaterThanOrEqual(est);
    expect(bootstrapCi(s, w1, (w) => fnmrAtW(s, w, t), { replicates: 400, seed: 1 })).toEqual(ci);
    // all 3 misses are one identity: resampling identities sees 0, 1, 2… copies of it; Wilson assumes 3 independent misses
    expect(ci[0]).toBe(0);
    const wl = wilson(3, genuinePairs.length);
    expect(ci[1] - ci[0]).toBeGreaterThan(wl[1] - wl[0]);
  });

  it('computes the Wilson score interval', () => {
    const [lo, hi] = wilson(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.2775, 4);
    const [l5, h5] = wilson(5, 10);
    expect(l5).toBeCloseTo(0.2366, 4);
    expect(h5).toBeCloseTo(0.7634, 4);
  });

  it('cross-validates by identity: every identity is held out exactly once, thresholds come from the other folds', () => {
    const names = Array.from({ length: ids }, (_, i) => `person_${i}`);
    const cv = crossValidate(s, names, w1, 5, 1e-2);
    expect(cv.folds).toHaveLength(5);
    expect(cv.folds.reduce((n, f) => n + f.genuine, 0)).toBe(genuinePairs.length);
    for (const f of cv.folds) {
      const train = Float64Array.from(names, (n) => (foldOf(n, 5) === f.fold ? 0 : 1));
      expect(f.threshold).toBe(thresholdAtFmrW(s, train, 1e-2));
    }
    // identity 0 misses in whichever fold holds it: pooled held-out FNMR sees its 3 misses at least
    expect(cv.fnmr).toBeGreaterThanOrEqual(3 / genuinePairs.length);
    expect(foldOf('person_1', 5)).toBe(foldOf('person_1', 5));
  });

  it('reports NaN rather than a wrong figure when a threshold lies beyond the stored impostor prefix', () => {
    const cut = scorePairs(imageIdentity, ids, genuinePairs, dist, 0.01);
    expect(cut.impostor.d.length).toBeLessThan(flatImpostor.length / 50);
    expect(fmrAtW(cut, w1, 10)).toBeNaN();
    expect(fmrAtW(cut, w1, cut.impostor.d[3]!)).toBeCloseTo(fmrAt(flat, cut.impostor.d[3]!), 12);
  });
});
