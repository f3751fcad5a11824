// Synthetic distractor templates for the 1:N duplicate evaluation (npm run eval:dedupe). A city of 1M
// registrations cannot be photographed here, so the gallery is padded with vectors drawn from a
// multivariate normal distribution fitted to the real templates (their mean and full 512×512 covariance),
// then L2-normalised like the engine's templates. Why they behave like real faces for this purpose: the
// similarity of a distractor x to a real probe p is pᵀx/|x|; with x ~ N(μ, Σ) its mean (pᵀμ) and variance
// (pᵀΣp) are those of a random real template of another person, so the impostor score distribution a
// probe sees is matched in its first two moments in every direction, including the directions where
// real faces crowd together (the covariance keeps them; isotropic random vectors would be ~orthogonal
// to everything and make the check look far better than it is). The CLI measures the match: the
// distance quantiles, down to 1e-5, of probe × distractor against probe × real other identity.
// Drawn from a seeded PRNG: the same seed gives the same gallery.

/** mulberry32, the face evals' seeded PRNG (models/eval/intervals.ts): one generator for every eval. */
export { prng as mulberry32 } from '../../../../models/eval/intervals';

export interface FittedGaussian {
  dims: number;
  mean: Float64Array;
  /** lower-triangular Cholesky factor of the covariance, rows packed (row i: i + 1 values), f32 so it stays in cache */
  chol: Float32Array;
}

/** Mean and covariance of the templates, and the covariance's Cholesky factor (a tiny ridge keeps it positive definite). */
export function fitGaussian(vectors: readonly Float32Array[]): FittedGaussian {
  const n = vectors.length;
  if (n < 2) throw new Error('fitGaussian: need at least 2 templates');
  const d = vectors[0]!.length;
  const mean = new Float64Array(d);
  for (const v of vectors) for (let i = 0; i < d; i++) mean[i]! += v[i]! / n;
  const cov = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (const v of vectors) {
    for (let i = 0; i < d; i++) c[i] = v[i]! - mean[i]!;
    for (let i = 0; i < d; i++) {
      const ci = c[i]!;
      const row = i * d;
      for (let j = 0; j <= i; j++) cov[row + j]! += ci * c[j]!;
    }
  }
  let trace = 0;
  for (let i = 0; i < d; i++) trace += cov[i * d + i]! / (n - 1);
  const ridge = (1e-4 * trace) / d;
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) a[i * d + j] = cov[i * d + j]! / (n - 1) + (i === j ? ridge : 0);
  // Cholesky–Banachiewicz, in place in the lower triangle.
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= a[i * d + k]! * a[j * d + k]!;
      if (i === j) {
        if (s <= 0) throw new Error('fitGaussian: covariance not positive definite');
        a[i * d + i] = Math.sqrt(s);
      } else a[i * d + j] = s / a[j * d + j]!;
    }
  }
  const packed = new Float32Array((d * (d + 1)) / 2);
  for (let i = 0, o = 0; i < d; i++) for (let j = 0; j <= i; j++) packed[o++] = a[i * d + j]!;
  return { dims: d, mean, chol: packed };
}

/** Draws `count` unit-length distractors into `out` (count × dims, row by row). */
export function sampleDistractors(g: FittedGaussian, count: number, rand: () => number, out = new Float32Array(count * g.dims)): Float32Array {
  const d = g.dims;
  const z = new Float32Array(d);
  const x = new Float64Array(d);
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < d; i += 2) {
      // Box–Muller: two standard normals per two uniforms
      const u = Math.max(rand(), 1e-300);
      const w = 2 * Math.PI * rand();
      const m = Math.sqrt(-2 * Math.log(u));
      z[i] = m * Math.cos(w);
      if (i + 1 < d) z[i + 1] = m * Math.sin(w);
    }
    let norm = 0;
    const chol = g.chol;
    for (let i = 0, row = 0; i < d; row += ++i) {
      let s = 0;
      for (let k = 0; k <= i; k++) s += chol[row + k]! * z[k]!;
      s += g.mean[i]!;
      x[i] = s;
      norm += s * s;
    }
    const inv = 1 / Math.sqrt(norm);
    const o = r * d;
    for (let i = 0; i < d; i++) out[o + i] = x[i]! * inv;
  }
  return out;
}

/**
 * Draws `count` distractors as Gaussian-weighted mixes of `m` random real templates (centred on their
 * mean), renormalised: the same mean and covariance as the fitted normal (in expectation over the
 * picks) at m × dims multiply-adds instead of dims² / 2.
 */
export function mixDistractors(real: readonly Float32Array[], mean: Float64Array, m: number, count: number, rand: () => number, out = new Float32Array(count * mean.length)): Float32Array {
  const d = mean.length;
  const x = new Float64Array(d);
  const scale = 1 / Math.sqrt(m);
  for (let r = 0; r < count; r++) {
    x.set(mean);
    for (let j = 0; j < m; j++) {
      const t = real[Math.floor(rand() * real.length)]!;
      const u = Math.max(rand(), 1e-300);
      const w = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
      for (let i = 0; i < d; i++) x[i]! += w * (t[i]! - mean[i]!);
    }
    let norm = 0;
    for (let i = 0; i < d; i++) norm += x[i]! * x[i]!;
    const inv = 1 / Math.sqrt(norm);
    const o = r * d;
    for (let i = 0; i < d; i++) out[o + i] = x[i]! * inv;
  }
  return out;
}
