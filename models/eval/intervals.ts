// Confidence intervals and cross-validation for the face evaluation (eval:faces).
//
// Why a bootstrap by identity and not Wilson: the pairs are not independent trials. Every genuine pair of an
// identity shares its images (one blurred photo makes up to 3 of its 6 pairs miss), and every impostor pair
// shares an image with thousands of others. Wilson's interval treats the 2,058 genuine and ~2.9 million impostor
// pairs as independent and is far too narrow (for FMR at 1e-3 it would claim ±0.004 %). Resampling *identities*
// with replacement keeps each person's pairs together, which is the unit a new visitor population varies by, and
// the threshold at FMR 1e-3 is re-derived in every replicate, so the interval includes the threshold's own
// uncertainty. Wilson is still printed beside it for FNMR at a fixed threshold (a lower bound on the width).
//
// A replicate is a weight per identity (how many times it was drawn). A genuine pair of identity i weighs w_i; an
// impostor pair of identities i ≠ j weighs w_i·w_j (a copy of i paired with a copy of i is not an impostor pair).

/** Scores of one evaluation: genuine pairs with their identity; impostor pairs sorted by distance, with both identities. */
export interface ScoredPairs {
  identities: number;
  /** Images per identity (all of them, including failures to acquire: they stay in the impostor denominator). */
  imagesPerIdentity: Uint32Array;
  genuine: { d: Float64Array; id: Uint32Array };
  /**
   * The lowest impostor distances, ascending, with their identities. Only this prefix is walked (every figure
   * here lives below FMR ≈ 5 %); totals come from imagesPerIdentity, so the cut changes no figure.
   */
  impostor: { d: Float64Array; a: Uint32Array; b: Uint32Array };
  /** Share of all impostor pairs stored (1 = all); a figure needing pairs beyond the prefix is NaN. */
  prefixFmr: number;
}

export type Weights = Float64Array;

export function ones(n: number): Weights {
  return new Float64Array(n).fill(1);
}

/** Weighted number of impostor image pairs: Σ_{i<j} w_i n_i · w_j n_j = ((Σ w n)² − Σ (w n)²) / 2. */
export function impostorTotal(s: ScoredPairs, w: Weights): number {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < s.identities; i++) {
    const x = w[i]! * s.imagesPerIdentity[i]!;
    sum += x;
    sq += x * x;
  }
  return (sum * sum - sq) / 2;
}

/** Weighted FNMR at threshold t (match = distance < t). */
export function fnmrAtW(s: ScoredPairs, w: Weights, t: number): number {
  let miss = 0;
  let all = 0;
  const { d, id } = s.genuine;
  for (let k = 0; k < d.length; k++) {
    const wk = w[id[k]!]!;
    all += wk;
    if (!(d[k]! < t)) miss += wk;
  }
  return all === 0 ? NaN : miss / all;
}

/** Weighted FMR at threshold t. NaN when t lies beyond the stored impostor prefix. */
export function fmrAtW(s: ScoredPairs, w: Weights, t: number): number {
  const total = impostorTotal(s, w);
  const { d, a, b } = s.impostor;
  let cum = 0;
  let k = 0;
  for (; k < d.length && d[k]! < t; k++) cum += w[a[k]!]! * w[b[k]!]!;
  // walked off the stored prefix: the impostors beyond it are unknown here
  if (k === d.length && s.prefixFmr < 1 && d.length > 0) return NaN;
  return total === 0 ? NaN : cum / total;
}

/** Largest threshold whose weighted FMR ≤ target (same convention as metrics.thresholdAtFmr). */
export function thresholdAtFmrW(s: ScoredPairs, w: Weights, target: number): number {
  const limit = target * impostorTotal(s, w);
  const { d, a, b } = s.impostor;
  let cum = 0;
  for (let k = 0; k < d.length; k++) {
    const wk = w[a[k]!]! * w[b[k]!]!;
    if (wk === 0) continue;
    if (cum + wk > limit) return d[k]!;
    cum += wk;
  }
  return NaN;
}

export function fnmrAtFmrW(s: ScoredPairs, w: Weights, target: number): number {
  return fnmrAtW(s, w, thresholdAtFmrW(s, w, target));
}

/** Weighted EER: walks thresholds upward (impostor prefix, genuine sorted) until FMR reaches FNMR. */
export function eerW(s: ScoredPairs, w: Weights): number {
  const total = impostorTotal(s, w);
  const g = sortedGenuine(s);
  let gAll = 0;
  for (let k = 0; k < g.d.length; k++) gAll += w[g.id[k]!]!;
  if (total === 0 || gAll === 0) return NaN;
  const { d, a, b } = s.impostor;
  let gBelow = 0; // weighted genuine with distance < t
  let gi = 0;
  let cum = 0; // weighted impostors with distance < t
  let prev = { fmr: 0, fnmr: 1 };
  for (let k = 0; k <= d.length; k++) {
    const t = k < d.length ? d[k]! : Infinity;
    while (gi < g.d.length && g.d[gi]! < t) gBelow += w[g.id[gi++]!]!;
    const fmr = cum / total;
    const fnmr = 1 - gBelow / gAll;
    if (fmr >= fnmr) return Math.abs(prev.fnmr - prev.fmr) < Math.abs(fnmr - fmr) ? (prev.fmr + prev.fnmr) / 2 : (fmr + fnmr) / 2;
    prev = { fmr, fnmr };
    if (k < d.length) cum += w[a[k]!]! * w[b[k]!]!;
    else if (s.prefixFmr < 1) return NaN; // the crossing lies beyond the stored prefix
  }
  return NaN;
}

const genuineSorted = new WeakMap<ScoredPairs, { d: Float64Array; id: Uint32Array }>();
function sortedGenuine(s: ScoredPairs): { d: Float64Array; id: Uint32Array } {
  let g = genuineSorted.get(s);
  if (!g) {
    const idx = Array.from(s.genuine.d.keys()).sort((x, y) => s.genuine.d[x]! - s.genuine.d[y]!);
    g = { d: Float64Array.from(idx, (k) => s.genuine.d[k]!), id: Uint32Array.from(idx, (k) => s.genuine.id[k]!) };
    genuineSorted.set(s, g);
  }
  return g;
}

/** mulberry32: small, seeded, reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Bootstrap by identity: `replicates` resamples of the identities in `within` (weight > 0), each drawn with
 * replacement as many times as there are such identities; returns the 2.5th and 97.5th percentiles of `stat`.
 */
export function bootstrapCi(
  s: ScoredPairs,
  within: Weights,
  stat: (w: Weights) => number,
  opts: { replicates?: number; seed?: number } = {},
): [number, number] {
  const members: number[] = [];
  for (let i = 0; i < s.identities; i++) if (within[i]! > 0) members.push(i);
  const rand = prng(opts.seed ?? 20261203);
  const reps = opts.replicates ?? 1000;
  const out: number[] = [];
  const w = new Float64Array(s.identities);
  for (let r = 0; r < reps; r++) {
    w.fill(0);
    for (let k = 0; k < members.length; k++) w[members[Math.floor(rand() * members.length)]!]! += 1;
    const v = stat(w);
    if (Number.isFinite(v)) out.push(v);
  }
  out.sort((x, y) => x - y);
  if (out.length === 0) return [NaN, NaN];
  const at = (p: number) => out[Math.min(out.length - 1, Math.max(0, Math.round(p * (out.length - 1))))]!;
  return [at(0.025), at(0.975)];
}

/** Wilson score interval for k successes in n independent trials (95 %: z = 1.96). */
export function wilson(k: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** FNV-1a of an identity name: the fold an identity falls in does not depend on the order of the files. */
export function foldOf(name: string, k: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % k;
}

export interface FoldResult {
  fold: number;
  threshold: number;
  fnmr: number;
  fmr: number;
  genuine: number;
  impostorPairs: number;
}

export interface CrossValidation {
  k: number;
  target: number;
  folds: FoldResult[];
  /** Held-out FNMR and FMR pooled over folds (each fold weighted by its genuine / impostor pair count). */
  fnmr: number;
  fmr: number;
  /** Spread of the held-out threshold. */
  thresholdMin: number;
  thresholdMax: number;
}

/**
 * k-fold cross-validation by identity: the threshold for FMR = target is calibrated on the other folds' pairs and
 * applied to the held-out fold's pairs (genuine pairs of its identities, impostor pairs between two of them).
 */
export function crossValidate(s: ScoredPairs, names: readonly string[], within: Weights, k: number, target: number): CrossValidation {
  const folds: FoldResult[] = [];
  let missW = 0;
  let genW = 0;
  let fmW = 0;
  let impW = 0;
  for (let f = 0; f < k; f++) {
    const train = new Float64Array(s.identities);
    const test = new Float64Array(s.identities);
    for (let i = 0; i < s.identities; i++) {
      if (within[i]! === 0) continue;
      if (foldOf(names[i]!, k) === f) test[i] = 1;
      else train[i] = 1;
    }
    const t = thresholdAtFmrW(s, train, target);
    const fnmr = fnmrAtW(s, test, t);
    const fmr = fmrAtW(s, test, t);
    let genuine = 0;
    for (let g = 0; g < s.genuine.id.length; g++) genuine += test[s.genuine.id[g]!]!;
    const impostorPairs = impostorTotal(s, test);
    folds.push({ fold: f, threshold: t, fnmr, fmr, genuine, impostorPairs });
    missW += fnmr * genuine;
    genW += genuine;
    fmW += fmr * impostorPairs;
    impW += impostorPairs;
  }
  const ts = folds.map((x) => x.threshold);
  return { k, target, folds, fnmr: missW / genW, fmr: fmW / impW, thresholdMin: Math.min(...ts), thresholdMax: Math.max(...ts) };
}

/**
 * Builds ScoredPairs from per-image identities and a distance function: genuine = the listed genuine pairs,
 * impostor = every pair of images of different identities (exhaustive), keeping the lowest `prefixFmr` share.
 */
export function scorePairs(
  imageIdentity: Uint32Array,
  identities: number,
  genuinePairs: readonly [number, number][],
  dist: (i: number, j: number) => number,
  prefixFmr = 0.05,
  progress?: (done: number, all: number) => void,
): ScoredPairs {
  const n = imageIdentity.length;
  const imagesPerIdentity = new Uint32Array(identities);
  for (let i = 0; i < n; i++) imagesPerIdentity[imageIdentity[i]!]! += 1;
  const gd = new Float64Array(genuinePairs.length);
  const gid = new Uint32Array(genuinePairs.length);
  genuinePairs.forEach(([i, j], k) => {
    gd[k] = dist(i, j);
    gid[k] = imageIdentity[i]!;
  });
  // Pass 1: every impostor distance (typed sort is fast), to find the prefix cut.
  let total = 0;
  for (let i = 0; i < identities; i++) total += imagesPerIdentity[i]!;
  const all = new Float64Array((total * total) / 2);
  const pa = new Uint32Array(all.length);
  const pb = new Uint32Array(all.length);
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (imageIdentity[i] === imageIdentity[j]) continue;
      all[m] = dist(i, j);
      pa[m] = i;
      pb[m] = j;
      m++;
    }
    if (progress && i % 200 === 0) progress(i, n);
  }
  const sorted = all.slice(0, m).sort();
  const cut = sorted[Math.min(m - 1, Math.ceil(prefixFmr * m))] ?? Infinity;
  const keep: number[] = [];
  for (let k = 0; k < m; k++) if (all[k]! <= cut) keep.push(k);
  keep.sort((x, y) => all[x]! - all[y]!);
  return {
    identities,
    imagesPerIdentity,
    genuine: { d: gd, id: gid },
    impostor: {
      d: Float64Array.from(keep, (k) => all[k]!),
      a: Uint32Array.from(keep, (k) => imageIdentity[pa[k]!]!),
      b: Uint32Array.from(keep, (k) => imageIdentity[pb[k]!]!),
    },
    prefixFmr: m === 0 ? 0 : keep.length / m,
  };
}
