// `npm run eval:faces -- [--pairs <pairs.tsv> ...] [--json] [--cache <dir>] [--folds 5] [--replicates 1000]`
// Runs the engine's full pipeline (decode, pad, detect, landmarks, align, embed) once per image the pairs files
// name (templates are cached per image: a pair never recomputes one), scores the listed genuine pairs and every
// cross-identity image pair, and prints EER, FNMR at FMR 1e-2/1e-3, failure-to-acquire, the engine's operating
// threshold with its FMR/FNMR, each with a 95 % confidence interval (bootstrap by identity, see intervals.ts for
// why not Wilson), a k-fold cross-validated threshold (folds by identity) and, with several sets, the threshold
// calibrated on one set applied to the other. Without --pairs it runs both dev sets of the fixtures
// (faces/ and faces-more/ under $JEJAK_FIXTURES or ../shared/fixtures).
//
// With --json the last line is one JSON object. Its top-level keys are the figures of the one set given (or of the
// pooled sets when there are several) — eer, fnmr_at_fmr_1e2, fnmr_at_fmr_1e3, fnmr_at_fmr_1e3_ci ([low, high]),
// fta, threshold, fmr_at_threshold, fnmr_at_threshold, … — plus `sets` (per set), `cross_set` and `cv`.
//
// Error-rate conventions: genuine scores = the files' genuine pairs; impostor scores = every pair of images of
// different identities (identity = set + folder), so FMR 1e-3 is measured on far more than the listed impostor
// pairs. An image with no face has no template: its genuine pairs count as false non-matches (FTA included in
// FNMR) and its impostor pairs as correct rejections. The quality gate is not applied (there is no retake in a
// batch); how many images it would have refused is printed as gate_refused.
//
// --cache <dir> keeps templates on disk between runs (keyed by model id and the image bytes' SHA-256). It holds
// biometric templates of the fixture faces: put it in a temp dir, never in the repository.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { FaceCore, TEMPLATE_PIPELINE } from '../engine/core';
import { cosineDistance } from '../engine/vectors';
import { OPERATING_THRESHOLD } from '../engine/verify';
import { defaultWeightsDir } from '../engine/weights';
import { buildReport, CI_METHOD, imageKey, reportLines, type EvalSet } from './face-report';
import { TemplateCache, type ImageResult } from './image-templates';
import { readPairs } from './pairs';

function defaultPairsFiles(): string[] {
  const candidates = [process.env.JEJAK_FIXTURES, path.resolve('../shared/fixtures'), path.resolve('../../shared/fixtures')].filter((d): d is string => !!d);
  for (const dir of candidates) {
    const files = ['faces', 'faces-more'].map((s) => path.join(dir, s, 'pairs.tsv')).filter((f) => existsSync(f));
    if (files.length > 0) return files;
  }
  return [];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      cache: { type: 'string' },
      threads: { type: 'string', default: '1' },
      folds: { type: 'string', default: '5' },
      replicates: { type: 'string', default: '1000' },
    },
  });
  const files = values.pairs && values.pairs.length > 0 ? values.pairs : defaultPairsFiles();
  if (files.length === 0) {
    console.error('usage: npm run eval:faces -- [--pairs <pairs.tsv> ...] [--json] [--cache /tmp/face-cache] [--folds 5] [--replicates 1000]');
    console.error('(without --pairs: faces/ and faces-more/ under $JEJAK_FIXTURES, which was not found)');
    process.exit(2);
  }
  const folds = Number(values.folds);
  const replicates = Number(values.replicates);
  if (!Number.isInteger(folds) || folds < 2 || !Number.isInteger(replicates) || replicates < 10) {
    console.error('--folds must be an integer ≥ 2 and --replicates an integer ≥ 10');
    process.exit(2);
  }
  const sets: (EvalSet & { root: string })[] = [];
  const labels = new Set<string>();
  for (const file of files) {
    const { pairs, images, root } = readPairs(file);
    const absent = images.filter((rel) => !existsSync(path.join(root, rel)));
    if (absent.length > 0) {
      console.error(`${absent.length} image(s) named in ${file} do not exist, e.g. ${absent.slice(0, 3).join(', ')}`);
      process.exit(2);
    }
    let label = path.basename(root);
    for (let n = 2; labels.has(label); n++) label = `${path.basename(root)}#${n}`;
    labels.add(label);
    sets.push({ label, pairs, images, root });
  }

  const core = await FaceCore.load(defaultWeightsDir(), Number(values.threads));
  await core.warmUp();
  const cache = new TemplateCache(core, values.cache);
  const results = new Map<string, ImageResult>();
  const total = sets.reduce((n, s) => n + s.images.length, 0);
  let before = 0;
  const t0 = performance.now();
  for (const s of sets) {
    const got = await cache.ofAll(s.root, s.images, (done) => {
      const d = before + done;
      if (d % 100 === 0 || d === total) {
        const el = (performance.now() - t0) / 1000;
        const eta = cache.computed > 0 ? ((el / cache.computed) * (total - d)).toFixed(0) : '0';
        console.error(`  ${d}/${total} images (${cache.computed} computed, ${el.toFixed(0)} s, ~${eta} s left)`);
      }
    });
    for (const [rel, r] of got) results.set(imageKey(s.label, rel), r);
    before += s.images.length;
  }
  const computed = cache.computed;
  await core.dispose();
  cache.save();

  const vec = new Map<string, Float32Array | null>();
  for (const [k, r] of results) vec.set(k, r.vector ? Float32Array.from(r.vector) : null);
  const dist = (a: string, b: string): number => {
    const va = vec.get(a);
    const vb = vec.get(b);
    return va && vb ? cosineDistance(va, vb) : Infinity;
  };
  const report = buildReport(sets, dist, { threshold: OPERATING_THRESHOLD, folds, replicates, progress: (l) => console.error(l) });

  const all = [...results.values()];
  const ftaCount = all.filter((r) => !r.vector).length;
  const fta = ftaCount / all.length;
  const gateRefused = all.filter((r) => r.gateIssue).length;
  const msSorted = all.map((r) => r.ms).sort((a, b) => a - b);
  const msMedian = msSorted[msSorted.length >> 1] ?? NaN;
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  console.log(`backend ${core.backend}, recognition ${core.recognitionModel}, templates ${TEMPLATE_PIPELINE}`);
  console.log(`confidence intervals: ${CI_METHOD}, ${replicates} replicates`);
  for (const s of sets) for (const l of reportLines(s.label, report.sets[s.label]!)) console.log(l);
  if (report.pooled) for (const l of reportLines(`pooled (${sets.map((s) => s.label).join(' + ')})`, report.pooled)) console.log(l);
  for (const [k, v] of Object.entries(report.cross_set)) {
    console.log(`threshold for FMR 1e-3 calibrated on ${k.replace('->', ', applied to ')}: ${v.threshold.toFixed(4)} -> FNMR ${pct(v.fnmr)}, FMR ${(v.fmr * 100).toFixed(3)}%`);
  }
  console.log(`failure to acquire  ${pct(fta)} (${ftaCount} of ${all.length} images)`);
  console.log(`quality gate would refuse ${gateRefused} of ${all.length} images (not applied here)`);
  console.log(`median ms per image ${msMedian.toFixed(1)} (decode + detect + landmarks + embed; ${computed < all.length ? `${all.length - computed} timings from the cache` : 'this run'})`);
  if (values.json) {
    const top = report.pooled ?? report.sets[sets[0]!.label]!;
    console.log(
      JSON.stringify({
        ...top,
        fta,
        ms_per_image_median: Math.round(msMedian * 10) / 10,
        backend: core.backend,
        recognition_model: core.recognitionModel,
        template_pipeline: TEMPLATE_PIPELINE,
        pairs: sets.reduce((n, s) => n + s.pairs.length, 0),
        gate_refused: gateRefused,
        ci_method: CI_METHOD,
        replicates,
        sets: report.sets,
        cross_set: report.cross_set,
      }),
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
