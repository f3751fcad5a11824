// The figures eval:faces prints, from per-image results of one or more pairs files (dev sets). Separated from
// the CLI so experiments can score other distance functions with exactly the same arithmetic.
import { identityOf, type Pair } from './pairs';
import {
  bootstrapCi,
  crossValidate,
  eerW,
  fmrAtW,
  fnmrAtFmrW,
  fnmrAtW,
  impostorTotal,
  scorePairs,
  thresholdAtFmrW,
  wilson,
  type CrossValidation,
  type ScoredPairs,
  type Weights,
} from './intervals';

export interface EvalSet {
  label: string;
  pairs: Pair[];
  images: string[];
}

export type Interval = [number, number];

export interface SetFigures {
  eer: number;
  eer_ci: Interval;
  fnmr_at_fmr_1e2: number;
  fnmr_at_fmr_1e2_ci: Interval;
  fnmr_at_fmr_1e3: number;
  fnmr_at_fmr_1e3_ci: Interval;
  threshold_at_fmr_1e3: number;
  threshold: number;
  fmr_at_threshold: number;
  fmr_at_threshold_ci: Interval;
  fnmr_at_threshold: number;
  fnmr_at_threshold_ci: Interval;
  /** Wilson interval of FNMR at the threshold, as if the genuine pairs were independent (narrower; for reference). */
  fnmr_at_threshold_wilson: Interval;
  false_non_matches_at_threshold: number;
  genuine_pairs: number;
  impostor_pairs_all: number;
  identities: number;
  images: number;
  cv: { k: number; fnmr: number; fmr: number; threshold_min: number; threshold_max: number; folds: CrossValidation['folds'] };
}

export interface Report {
  sets: Record<string, SetFigures>;
  pooled: SetFigures | null;
  /** Threshold for FMR 1e-3 calibrated on one set, applied to another: `${from}->${to}`. */
  cross_set: Record<string, { threshold: number; fnmr: number; fmr: number }>;
  ci_method: string;
}

export interface ReportOptions {
  threshold: number;
  folds: number;
  replicates: number;
  seed?: number;
  progress?: (line: string) => void;
}

export const CI_METHOD = 'percentile bootstrap by identity (identities resampled with replacement, threshold re-derived per replicate), 95 %';

/** key of an image across sets */
export const imageKey = (set: string, rel: string) => `${set}|${rel}`;

export function buildReport(sets: EvalSet[], dist: (a: string, b: string) => number, opts: ReportOptions): Report {
  // One pool of identities over all sets (the sets share no identity; an identity is `set/folder`).
  const names: string[] = [];
  const idOf = new Map<string, number>();
  const setOfIdentity: number[] = [];
  const imageKeys: string[] = [];
  const imageId: number[] = [];
  sets.forEach((s, si) => {
    for (const rel of s.images) {
      const name = `${s.label}/${identityOf(rel)}`;
      let id = idOf.get(name);
      if (id === undefined) {
        id = names.length;
        names.push(name);
        idOf.set(name, id);
        setOfIdentity.push(si);
      }
      imageKeys.push(imageKey(s.label, rel));
      imageId.push(id);
    }
  });
  const index = new Map(imageKeys.map((k, i) => [k, i]));
  const genuinePairs: [number, number][] = [];
  for (const s of sets) {
    for (const p of s.pairs) if (p.kind === 'genuine') genuinePairs.push([index.get(imageKey(s.label, p.a))!, index.get(imageKey(s.label, p.b))!]);
  }
  const t0 = Date.now();
  const scored = scorePairs(Uint32Array.from(imageId), names.length, genuinePairs, (i, j) => dist(imageKeys[i]!, imageKeys[j]!), 0.05, (i, n) => {
    if (i > 0 && i % 400 === 0) opts.progress?.(`  scoring pairs: image ${i}/${n} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  });
  const within = (si: number | null): Weights => Float64Array.from(setOfIdentity, (x) => (si === null || x === si ? 1 : 0));
  const figures = (w: Weights): SetFigures => figuresFor(scored, names, w, opts);
  const out: Report = { sets: {}, pooled: null, cross_set: {}, ci_method: CI_METHOD };
  sets.forEach((s, si) => {
    opts.progress?.(`  intervals for ${s.label} ...`);
    out.sets[s.label] = figures(within(si));
  });
  if (sets.length > 1) {
    opts.progress?.('  intervals for the pooled sets ...');
    out.pooled = figures(within(null));
    sets.forEach((from, fi) => {
      const t = thresholdAtFmrW(scored, within(fi), 1e-3);
      sets.forEach((to, ti) => {
        if (ti === fi) return;
        out.cross_set[`${from.label}->${to.label}`] = { threshold: t, fnmr: fnmrAtW(scored, within(ti), t), fmr: fmrAtW(scored, within(ti), t) };
      });
    });
  }
  return out;
}

function figuresFor(s: ScoredPairs, names: readonly string[], within: Weights, opts: ReportOptions): SetFigures {
  const t = opts.threshold;
  const boot = (stat: (w: Weights) => number): Interval => bootstrapCi(s, within, stat, { replicates: opts.replicates, seed: opts.seed ?? 20261203 });
  let genuine = 0;
  let misses = 0;
  for (let k = 0; k < s.genuine.d.length; k++) {
    if (within[s.genuine.id[k]!]! === 0) continue;
    genuine++;
    if (!(s.genuine.d[k]! < t)) misses++;
  }
  let identities = 0;
  let images = 0;
  for (let i = 0; i < s.identities; i++) {
    if (within[i]! > 0) {
      identities++;
      images += s.imagesPerIdentity[i]!;
    }
  }
  const cv = crossValidate(s, names, within, opts.folds, 1e-3);
  return {
    eer: eerW(s, within),
    eer_ci: boot((w) => eerW(s, w)),
    fnmr_at_fmr_1e2: fnmrAtFmrW(s, within, 1e-2),
    fnmr_at_fmr_1e2_ci: boot((w) => fnmrAtFmrW(s, w, 1e-2)),
    fnmr_at_fmr_1e3: fnmrAtFmrW(s, within, 1e-3),
    fnmr_at_fmr_1e3_ci: boot((w) => fnmrAtFmrW(s, w, 1e-3)),
    threshold_at_fmr_1e3: thresholdAtFmrW(s, within, 1e-3),
    threshold: t,
    fmr_at_threshold: fmrAtW(s, within, t),
    fmr_at_threshold_ci: boot((w) => fmrAtW(s, w, t)),
    fnmr_at_threshold: fnmrAtW(s, within, t),
    fnmr_at_threshold_ci: boot((w) => fnmrAtW(s, w, t)),
    fnmr_at_threshold_wilson: wilson(misses, genuine),
    false_non_matches_at_threshold: misses,
    genuine_pairs: genuine,
    impostor_pairs_all: impostorTotal(s, within),
    identities,
    images,
    cv: { k: cv.k, fnmr: cv.fnmr, fmr: cv.fmr, threshold_min: cv.thresholdMin, threshold_max: cv.thresholdMax, folds: cv.folds },
  };
}

const pct = (v: number, d = 2) => (Number.isFinite(v) ? `${(v * 100).toFixed(d)}%` : 'n/a');
const ci = (c: Interval, d = 2) => `[${pct(c[0], d)}, ${pct(c[1], d)}]`;

export function reportLines(label: string, f: SetFigures): string[] {
  return [
    `${label}: ${f.identities} identities, ${f.images} images, ${f.genuine_pairs} genuine pairs, ${f.impostor_pairs_all} cross-identity impostor pairs`,
    `  EER                 ${pct(f.eer)}  95% CI ${ci(f.eer_ci)}`,
    `  FNMR @ FMR 1e-2     ${pct(f.fnmr_at_fmr_1e2)}  95% CI ${ci(f.fnmr_at_fmr_1e2_ci)}`,
    `  FNMR @ FMR 1e-3     ${pct(f.fnmr_at_fmr_1e3)}  95% CI ${ci(f.fnmr_at_fmr_1e3_ci)}  (threshold here ${f.threshold_at_fmr_1e3.toFixed(4)})`,
    `  threshold ${f.threshold}: FMR ${pct(f.fmr_at_threshold, 3)} ${ci(f.fmr_at_threshold_ci, 3)}, FNMR ${pct(f.fnmr_at_threshold)} ${ci(f.fnmr_at_threshold_ci)} (${f.false_non_matches_at_threshold} of ${f.genuine_pairs}; Wilson, as if pairs were independent: ${ci(f.fnmr_at_threshold_wilson)})`,
    `  ${f.cv.k}-fold CV by identity (threshold for FMR 1e-3 set on the other folds): held-out FNMR ${pct(f.cv.fnmr)}, FMR ${pct(f.cv.fmr, 3)}; thresholds ${f.cv.threshold_min.toFixed(4)}–${f.cv.threshold_max.toFixed(4)}`,
  ];
}
