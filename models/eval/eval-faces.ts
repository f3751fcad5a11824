// `npm run eval:faces -- --pairs <pairs.tsv> [--json] [--cache <file>]`
// Runs the engine's full pipeline (decode, pad, detect, landmarks, align, embed) on every image the pairs file
// names, scores the listed pairs and every cross-identity image pair, and prints EER, FNMR at FMR 1e-2/1e-3,
// failure-to-acquire, the engine's fixed operating threshold with its FMR/FNMR here, median ms per image and
// the backend. With --json the last line is one JSON object with the documented keys.
//
// Error-rate conventions: genuine scores = the file's genuine pairs; impostor scores = every pair of images of
// different identities (identity = folder), so FMR 1e-3 is measured on far more than the listed impostor pairs.
// An image with no face has no template: its genuine pairs count as false non-matches (FTA included in FNMR).
// The quality gate is not applied here (there is no retake in a batch); how many images it would have refused
// is printed as gate_refused.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { FaceCore } from '../engine/core';
import { decodeImage } from '../engine/image';
import { decodeTemplate } from '../engine/template';
import { cosineDistance } from '../engine/vectors';
import { OPERATING_THRESHOLD } from '../engine/verify';
import { defaultWeightsDir } from '../engine/weights';
import { rateSet, summarise, thresholdAtFmr } from './metrics';
import { identityOf, readPairs } from './pairs';

interface ImageResult {
  vector: number[] | null;
  ms: number;
  gateIssue: string | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string' },
      json: { type: 'boolean', default: false },
      cache: { type: 'string' },
      threads: { type: 'string', default: '1' },
    },
  });
  if (!values.pairs) {
    console.error('usage: npm run eval:faces -- --pairs <pairs.tsv> [--json] [--cache /tmp/emb.json]');
    process.exit(2);
  }
  const { pairs, images, root } = readPairs(values.pairs);
  const absent = images.filter((rel) => !existsSync(path.join(root, rel)));
  if (absent.length > 0) {
    console.error(`${absent.length} image(s) named in ${values.pairs} do not exist, e.g. ${absent.slice(0, 3).join(', ')}`);
    process.exit(2);
  }
  const core = await FaceCore.load(defaultWeightsDir(), Number(values.threads));
  await core.warmUp();
  const cache: Record<string, ImageResult> = values.cache && existsSync(values.cache) ? (JSON.parse(readFileSync(values.cache, 'utf8')) as Record<string, ImageResult>) : {};
  const results = new Map<string, ImageResult>();
  let done = 0;
  for (const rel of images) {
    const key = `${core.recognitionModel}|${rel}`;
    let r = cache[key];
    if (!r) {
      const bytes = readFileSync(path.join(root, rel));
      const t0 = performance.now();
      try {
        const img = await decodeImage(bytes);
        const a = await core.analyze(img, { source: 'photo', passive: false, atMs: 0, alwaysTemplate: true });
        const ms = performance.now() - t0;
        r = { vector: a.template ? Array.from(decodeTemplate(a.template)) : null, ms, gateIssue: a.issue?.code ?? null };
      } catch (err) {
        // An unreadable image is a failure to acquire, not a crash of the whole evaluation.
        console.error(`  ${rel}: ${(err as Error).message}`);
        r = { vector: null, ms: performance.now() - t0, gateIssue: 'UNREADABLE' };
      }
      cache[key] = r;
    }
    results.set(rel, r);
    if (++done % 100 === 0) console.error(`  ${done}/${images.length} images`);
  }
  await core.dispose();
  if (values.cache) writeFileSync(values.cache, JSON.stringify(cache));

  const vec = new Map<string, Float32Array | null>();
  for (const [k, r] of results) vec.set(k, r.vector ? Float32Array.from(r.vector) : null);
  const dist = (a: string, b: string): number => {
    const va = vec.get(a);
    const vb = vec.get(b);
    return va && vb ? cosineDistance(va, vb) : Infinity;
  };
  const genuine = pairs.filter((p) => p.kind === 'genuine').map((p) => dist(p.a, p.b));
  const impostor: number[] = [];
  for (let i = 0; i < images.length; i++) {
    for (let j = i + 1; j < images.length; j++) {
      if (identityOf(images[i]!) !== identityOf(images[j]!)) impostor.push(dist(images[i]!, images[j]!));
    }
  }
  const listedImpostors = pairs.filter((p) => p.kind === 'impostor').map((p) => dist(p.a, p.b));
  const rates = rateSet(genuine, impostor);
  const s = summarise(rates, OPERATING_THRESHOLD);
  const fta = [...results.values()].filter((r) => !r.vector).length / images.length;
  const gateRefused = [...results.values()].filter((r) => r.gateIssue).length;
  const msSorted = [...results.values()].map((r) => r.ms).sort((a, b) => a - b);
  const msMedian = msSorted[msSorted.length >> 1] ?? NaN;
  const listedFalseMatches = listedImpostors.filter((d) => d < OPERATING_THRESHOLD).length;
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  console.log(`images ${images.length}, genuine pairs ${genuine.length}, cross-identity impostor pairs ${impostor.length} (listed impostor pairs ${listedImpostors.length})`);
  console.log(`backend ${core.backend}, recognition ${core.recognitionModel}`);
  console.log(`EER                 ${pct(s.eer)}`);
  console.log(`FNMR @ FMR 1e-2     ${pct(s.fnmr_at_fmr_1e2)}  (threshold ${thresholdAtFmr(rates, 1e-2).toFixed(4)})`);
  console.log(`FNMR @ FMR 1e-3     ${pct(s.fnmr_at_fmr_1e3)}  (threshold ${thresholdAtFmr(rates, 1e-3).toFixed(4)})`);
  console.log(`failure to acquire  ${pct(fta)} (${[...results.values()].filter((r) => !r.vector).length} images)`);
  console.log(`operating threshold ${OPERATING_THRESHOLD}: FMR ${pct(s.fmr_at_threshold)}, FNMR ${pct(s.fnmr_at_threshold)}; listed impostor pairs matched: ${listedFalseMatches}`);
  console.log(`quality gate would refuse ${gateRefused} of ${images.length} images (not applied here)`);
  console.log(`median ms per image ${msMedian.toFixed(1)} (decode + detect + landmarks + embed, ${values.cache ? 'cache may hold earlier timings' : 'this run'})`);
  if (values.json) {
    console.log(
      JSON.stringify({
        eer: s.eer,
        fnmr_at_fmr_1e2: s.fnmr_at_fmr_1e2,
        fnmr_at_fmr_1e3: s.fnmr_at_fmr_1e3,
        fta,
        threshold: OPERATING_THRESHOLD,
        fmr_at_threshold: s.fmr_at_threshold,
        fnmr_at_threshold: s.fnmr_at_threshold,
        ms_per_image_median: Math.round(msMedian * 10) / 10,
        backend: core.backend,
        images: images.length,
        pairs: pairs.length,
        impostor_pairs_all: impostor.length,
        gate_refused: gateRefused,
      }),
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
