// `tsx models/eval/levers.ts dump --out /tmp/levers [--limit n]` then `tsx models/eval/levers.ts score --out /tmp/levers`
// The recognition levers of issue 13 measured offline, each alone and together, on both dev sets with the same
// arithmetic as eval:faces (face-report.ts: bootstrap CI by identity, k-fold CV by identity, cross-set thresholds).
// `dump` runs the still-image pipeline once per image (decode, 25 % pad, detect, the central face) and stores, per
// landmark variant, the embedding of the aligned crop and of its mirror as raw Float32 files; `score` combines them
// (flip averaging = normalised sum) and prints one row per variant. The dumps are biometric templates of the fixture
// faces: /tmp only, never the repository.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { alignmentMap, fivePoints } from '../engine/align';
import { extentOf } from '../engine/core';
import { FaceDetector, pickCentral } from '../engine/detector';
import { decodeImage, warpAffine, type RgbImage } from '../engine/image';
import { LandmarkModel, loadTfRuntime, type Point } from '../engine/landmarks';
import { FrLandmarks, frLandmarkBytes } from './fr-landmarks';
import { createSession, loadOrt } from '../engine/ort';
import { mirrored } from '../engine/recognizer';
import { cosineDistance, l2normalise } from '../engine/vectors';
import { defaultWeightsDir, loadVerifiedWeights } from '../engine/weights';
import { buildReport, imageKey, type EvalSet } from './face-report';
import { readPairs } from './pairs';

const SETS = ['faces', 'faces-more'];
/** Landmark variants whose aligned crops are embedded (each with its mirror). */
const VARIANTS = ['lm1', 'frBox', 'frSq'] as const;
type Variant = (typeof VARIANTS)[number];

function fixtures(): string {
  for (const d of [process.env.JEJAK_FIXTURES, path.resolve('../shared/fixtures')]) if (d && existsSync(d)) return d;
  throw new Error('fixtures not found: set JEJAK_FIXTURES');
}

type Affine = [number, number, number, number, number, number];

async function dump(out: string, limit: number, sets: string[]): Promise<void> {
  mkdirSync(out, { recursive: true, mode: 0o700 });
  const w = loadVerifiedWeights(defaultWeightsDir());
  const ort = await loadOrt();
  const rt = await loadTfRuntime();
  const det = new FaceDetector(ort, await createSession(ort, w['fr_detect.onnx'], 1, 'fr_detect.onnx'));
  const feat = await createSession(ort, w['fr_feature.onnx'], 1, 'fr_feature.onnx');
  const fr = new FrLandmarks(ort, await createSession(ort, frLandmarkBytes(), 1));
  const lmNet = await LandmarkModel.load(rt, w['face_landmark_68_model-weights_manifest.json'], w['face_landmark_68_model.bin']);
  const input = new Float32Array(3 * 112 * 112);
  const embed = async (img: RgbImage, m: Affine): Promise<Float32Array> => {
    warpAffine(img, 112, 112, m, input, 'bgr', 1 / 128, -127 / 128);
    const o = await feat.run({ input: new ort.Tensor('float32', input, [1, 3, 112, 112]) });
    return l2normalise(Float32Array.from(o.output!.data as Float32Array));
  };
  for (const set of sets) {
    const { images, root } = readPairs(path.join(fixtures(), set, 'pairs.tsv'));
    const list = images.slice(0, limit > 0 ? limit : images.length);
    const vecs: Record<string, Float32Array> = {};
    for (const v of VARIANTS) vecs[v] = new Float32Array(list.length * 2 * 512);
    const meta: { rel: string; ok: boolean; dev: number[] }[] = [];
    const t0 = performance.now();
    for (const [i, rel] of list.entries()) {
      const img = await decodeImage(new Uint8Array(readFileSync(path.join(root, rel))));
      const main = pickCentral(await det.detect(img, 0.25), img.width, img.height);
      if (!main) {
        meta.push({ rel, ok: false, dev: [] });
        continue;
      }
      const lm0 = await lmNet.detect(img, main, 1.1);
      const lm1 = await lmNet.detect(img, extentOf(lm0), 1.25);
      const frBox = await fr.detect(img, main);
      const frSq = await fr.detectSquare(img, main);
      const pts: Record<Variant, Point[]> = { lm1, frBox, frSq };
      // how far each variant's 5 points sit from the current pipeline's (lm1), in inter-ocular units
      const p1 = fivePoints(lm1);
      const iod = Math.hypot(p1[1]!.x - p1[0]!.x, p1[1]!.y - p1[0]!.y);
      const dev = VARIANTS.map((v) => {
        const p = fivePoints(pts[v]);
        return p.reduce((s, q, k) => s + Math.hypot(q.x - p1[k]!.x, q.y - p1[k]!.y), 0) / 5 / iod;
      });
      for (const v of VARIANTS) {
        const m = alignmentMap(pts[v]);
        vecs[v]!.set(await embed(img, m), (i * 2) * 512);
        vecs[v]!.set(await embed(img, mirrored(m)), (i * 2 + 1) * 512);
      }
      meta.push({ rel, ok: true, dev: dev.map((x) => Math.round(x * 1e4) / 1e4) });
      if ((i + 1) % 50 === 0) console.error(`  ${set}: ${i + 1}/${list.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    writeFileSync(path.join(out, `${set}.meta.json`), JSON.stringify(meta), { mode: 0o600 });
    for (const v of VARIANTS) writeFileSync(path.join(out, `${set}.${v}.f32`), Buffer.from(vecs[v]!.buffer), { mode: 0o600 });
  }
}

interface Loaded {
  set: EvalSet;
  meta: { rel: string; ok: boolean; dev: number[] }[];
  vec: Record<string, Float32Array>;
}

function load(out: string): Loaded[] {
  return SETS.filter((s) => existsSync(path.join(out, `${s}.meta.json`))).map((s) => {
    const { pairs, root } = readPairs(path.join(fixtures(), s, 'pairs.tsv'));
    void root;
    const meta = JSON.parse(readFileSync(path.join(out, `${s}.meta.json`), 'utf8')) as Loaded['meta'];
    const have = new Set(meta.map((m) => m.rel));
    const vec: Record<string, Float32Array> = {};
    for (const v of VARIANTS) {
      const b = readFileSync(path.join(out, `${s}.${v}.f32`));
      vec[v] = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
    }
    const kept = pairs.filter((p) => have.has(p.a) && have.has(p.b));
    return { set: { label: s, pairs: kept, images: meta.map((m) => m.rel) }, meta, vec };
  });
}

/** A variant recipe: which dumped crops are summed (then normalised) into the image's template. */
type Recipe = { name: string; parts: { v: Variant; mirror: boolean }[]; probe?: { v: Variant; mirror: boolean }[] };

function recipes(): Recipe[] {
  const one = (v: Variant): Recipe['parts'] => [{ v, mirror: false }];
  const flip = (v: Variant): Recipe['parts'] => [
    { v, mirror: false },
    { v, mirror: true },
  ];
  return [
    { name: 'lm1 (refined face-api), no flip', parts: one('lm1') },
    { name: 'lm1 + flip (shipped before)', parts: flip('lm1') },
    { name: 'fr_landmark on detector box, no flip', parts: one('frBox') },
    { name: 'fr_landmark on detector box + flip', parts: flip('frBox') },
    { name: 'fr_landmark square box, no flip', parts: one('frSq') },
    { name: 'fr_landmark square box + flip', parts: flip('frSq') },
    { name: 'templates lm1+flip and frBox+flip summed', parts: [...flip('lm1'), ...flip('frBox')] },
    { name: 'templates lm1+flip and frSq+flip summed', parts: [...flip('lm1'), ...flip('frSq')] },
    { name: 'frBox+flip and frSq+flip summed', parts: [...flip('frBox'), ...flip('frSq')] },
    // the live frame without its mirror against a flip-averaged enrolment (halves the live embedding cost)
    { name: 'asym: enrol lm1+flip vs probe lm1 no flip', parts: flip('lm1'), probe: one('lm1') },
    { name: 'asym: enrol frBox+flip vs probe frBox no flip', parts: flip('frBox'), probe: one('frBox') },
    { name: 'asym: enrol lm1+flip vs probe frBox+flip (old templates, new live)', parts: flip('lm1'), probe: flip('frBox') },
    { name: 'asym: enrol lm1+flip vs probe frBox no flip (old templates, new live)', parts: flip('lm1'), probe: one('frBox') },
  ];
}

/**
 * Score normalisation (symmetric s-norm): d' = ((d − μa)/σa + (d − μb)/σb) / 2, with μ, σ of each image's distance
 * to a cohort. The cohort of an image is the OTHER dev set (never the set it is scored on), optionally only its
 * `top` nearest (adaptive s-norm): what a shipped cohort of strangers would do on faces it has never seen.
 */
function snorm(out: string, replicates: number, top: number): void {
  const data = load(out);
  const flipOf = (d: Loaded, i: number) => {
    const acc = new Float32Array(512);
    for (const m of [0, 1]) for (let k = 0; k < 512; k++) acc[k] = acc[k]! + d.vec.lm1![(i * 2 + m) * 512 + k]!;
    return l2normalise(acc);
  };
  const tpl = data.map((d) => d.meta.map((m, i) => (m.ok ? flipOf(d, i) : null)));
  const stats = new Map<string, { mu: number; sd: number; v: Float32Array }>();
  data.forEach((d, si) => {
    const cohort = tpl[1 - si]!.filter((v): v is Float32Array => !!v);
    d.meta.forEach((m, i) => {
      const v = tpl[si]![i];
      if (!v) return;
      let ds = cohort.map((c) => cosineDistance(v, c));
      if (top > 0) ds = ds.sort((a, b) => a - b).slice(0, top);
      const mu = ds.reduce((a, b) => a + b, 0) / ds.length;
      const sd = Math.sqrt(ds.reduce((a, b) => a + (b - mu) ** 2, 0) / ds.length);
      stats.set(imageKey(d.set.label, m.rel), { mu, sd, v });
    });
  });
  const dist = (a: string, b: string) => {
    const x = stats.get(a);
    const y = stats.get(b);
    if (!x || !y) return Infinity;
    const d = cosineDistance(x.v, y.v);
    return ((d - x.mu) / x.sd + (d - y.mu) / y.sd) / 2;
  };
  const rep = buildReport(
    data.map((d) => d.set),
    dist,
    { threshold: -3, folds: 5, replicates },
  );
  const f = (x: number) => `${(x * 100).toFixed(2)}`;
  for (const [k, v] of Object.entries({ ...rep.sets, pooled: rep.pooled! })) {
    console.log(`s-norm lm1+flip, cohort = the other set${top > 0 ? `, top ${top}` : ''}: ${k} ${f(v.fnmr_at_fmr_1e3)} [${f(v.fnmr_at_fmr_1e3_ci[0])}, ${f(v.fnmr_at_fmr_1e3_ci[1])}] cv ${f(v.cv.fnmr)} folds ${v.cv.folds.map((x) => f(x.fnmr)).join('/')} eer ${f(v.eer)}`);
  }
  console.log(`   cross ${Object.entries(rep.cross_set).map(([k, v]) => `${k} ${f(v.fnmr)}@${(v.fmr * 100).toFixed(3)}`).join('  ')}`);
}

function score(out: string, replicates: number, only: string | undefined): void {
  const data = load(out);
  const rows: string[] = [];
  for (const r of recipes()) {
    if (only && !r.name.includes(only)) continue;
    const build = (parts: Recipe['parts']) => {
      const templ = new Map<string, Float32Array | null>();
      for (const d of data) {
        d.meta.forEach((m, i) => {
          if (!m.ok) return templ.set(imageKey(d.set.label, m.rel), null);
          const acc = new Float32Array(512);
          for (const p of parts) {
            const off = (i * 2 + (p.mirror ? 1 : 0)) * 512;
            const src = d.vec[p.v]!;
            for (let k = 0; k < 512; k++) acc[k] = acc[k]! + src[off + k]!;
          }
          templ.set(imageKey(d.set.label, m.rel), l2normalise(acc));
        });
      }
      return templ;
    };
    const gallery = build(r.parts);
    const probe = r.probe ? build(r.probe) : gallery;
    const dist = (a: string, b: string) => {
      const va = gallery.get(a);
      const vb = probe.get(b);
      return va && vb ? cosineDistance(va, vb) : Infinity;
    };
    const rep = buildReport(
      data.map((d) => d.set),
      dist,
      { threshold: 0.65, folds: 5, replicates },
    );
    const f = (x: number) => `${(x * 100).toFixed(2)}`;
    const cell = (s: { fnmr_at_fmr_1e3: number; fnmr_at_fmr_1e3_ci: [number, number]; eer: number; cv: { fnmr: number; folds: { fnmr: number }[] } }) =>
      `${f(s.fnmr_at_fmr_1e3)} [${f(s.fnmr_at_fmr_1e3_ci[0])}, ${f(s.fnmr_at_fmr_1e3_ci[1])}] cv ${f(s.cv.fnmr)} folds ${s.cv.folds.map((x) => f(x.fnmr)).join('/')} eer ${f(s.eer)}`;
    const line = `${r.name}\n${Object.entries(rep.sets).map(([k, v]) => `   ${k.padEnd(10)} ${cell(v)}\n`).join('')}${rep.pooled ? `   pooled     ${cell(rep.pooled)}\n` : ''}   cross ${Object.entries(rep.cross_set)
      .map(([k, v]) => `${k} ${f(v.fnmr)}@${(v.fmr * 100).toFixed(3)}`)
      .join('  ')}`;
    console.log(line);
    rows.push(line);
  }
  // how far each landmark variant's alignment points sit from lm1's (inter-ocular units, median)
  for (const d of data) {
    const med = VARIANTS.map((_, k) => {
      const xs = d.meta.filter((m) => m.ok).map((m) => m.dev[k]!).sort((a, b) => a - b);
      return xs[xs.length >> 1]!;
    });
    console.log(`${d.set.label}: median 5-point offset from lm1 (IOD units): ${VARIANTS.map((v, k) => `${v} ${med[k]!.toFixed(4)}`).join(', ')}`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string', default: '/tmp/recog-levers' }, limit: { type: 'string', default: '0' }, replicates: { type: 'string', default: '300' }, only: { type: 'string' }, set: { type: 'string' } },
  });
  if (positionals[0] === 'dump') await dump(values.out!, Number(values.limit), values.set ? [values.set] : SETS);
  else if (positionals[0] === 'score') score(values.out!, Number(values.replicates), values.only);
  else if (positionals[0] === 'snorm') {
    snorm(values.out!, Number(values.replicates), 0);
    snorm(values.out!, Number(values.replicates), 100);
  }
  else {
    console.error('usage: tsx models/eval/levers.ts dump|score|snorm [--out dir] [--limit n] [--replicates 300] [--only name]');
    process.exit(2);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
