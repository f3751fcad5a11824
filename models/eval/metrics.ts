// Verification error rates from distance scores (lower distance = more alike; a pair "matches" when distance < t).
// Pairs whose image failed to acquire a face carry distance +Infinity: a genuine one counts as a false non-match,
// an impostor one as a correct rejection (the conservative convention for a verification system).

export interface RateSet {
  genuine: Float64Array;
  impostor: Float64Array;
}

function sorted(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a).sort();
}

/** Fraction of values strictly below t in a sorted array. */
function fractionBelow(s: Float64Array, t: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return s.length === 0 ? 0 : lo / s.length;
}

export function fmrAt(r: RateSet, t: number): number {
  return fractionBelow(r.impostor, t);
}
export function fnmrAt(r: RateSet, t: number): number {
  return 1 - fractionBelow(r.genuine, t);
}

/** Largest threshold whose FMR ≤ target (between the k-th and k+1-th smallest impostor distances). */
export function thresholdAtFmr(r: RateSet, target: number): number {
  const k = Math.floor(target * r.impostor.length); // impostors allowed below t
  if (k >= r.impostor.length) return Infinity;
  return r.impostor[k]!; // matches are distance < t, so t = the (k+1)-th smallest impostor admits exactly k
}

export function eer(r: RateSet): { eer: number; threshold: number } {
  const cands = sorted([...r.genuine, ...r.impostor].filter(Number.isFinite));
  let lo = 0;
  let hi = cands.length - 1;
  // FMR rises and FNMR falls with t: binary search for the crossing
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fmrAt(r, cands[mid]!) < fnmrAt(r, cands[mid]!)) lo = mid;
    else hi = mid;
  }
  let best = { eer: 1, threshold: 0 };
  for (const i of [lo, hi]) {
    const t = cands[i] ?? 0;
    const a = fmrAt(r, t);
    const b = fnmrAt(r, t);
    const e = (a + b) / 2;
    if (Math.abs(a - b) < Math.abs(best.eer * 2 - 1) || i === lo) best = { eer: e, threshold: t };
  }
  return best;
}

export function rateSet(genuine: number[], impostor: number[]): RateSet {
  return { genuine: sorted(genuine), impostor: sorted(impostor) };
}

export interface Summary {
  eer: number;
  fnmr_at_fmr_1e2: number;
  fnmr_at_fmr_1e3: number;
  fmr_at_threshold: number;
  fnmr_at_threshold: number;
}

export function summarise(r: RateSet, threshold: number): Summary {
  return {
    eer: eer(r).eer,
    fnmr_at_fmr_1e2: fnmrAt(r, thresholdAtFmr(r, 1e-2)),
    fnmr_at_fmr_1e3: fnmrAt(r, thresholdAtFmr(r, 1e-3)),
    fmr_at_threshold: fmrAt(r, threshold),
    fnmr_at_threshold: fnmrAt(r, threshold),
  };
}
