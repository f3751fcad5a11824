// `npm run eval:dedupe -- [--pairs <pairs.tsv> ...] [--size N] [--json] [--cache <dir>] [--threshold D] [--seed S] [--exact-sample K] [--candidates C]`
// Evaluates the 1:N duplicate check (one face, one NIK) as the server runs it: the real face engine's
// templates (models/), the server's HNSW index (face-index-hnsw.ts) and its threshold (dedupe-threshold.ts).
//
// Gallery: one image of each identity (the first in filename order with a face), as if each had registered;
// probes: that identity's other images, as if the person registered again under another NIK. The gallery is
// padded to --size N (default 1,000,000) with synthetic distractor templates (distractors.ts: drawn from a
// normal distribution fitted to the real templates' mean and covariance, normalised; the run prints how
// their distances to the real probes compare with the real other-identity distances, quantile by quantile).
// Without --pairs: faces/ and faces-more/ under $JEJAK_FIXTURES or ../shared/fixtures (LFW; identity = set +
// folder, sets share no identity).
//
// Figures: FPIR = share of probes whose nearest gallery entry of ANOTHER identity (real or synthetic) is
// under the threshold (the probe's own identity taken out, as for a person not yet registered: a false
// "duplicate_face" hold); FNIR = share of probes whose own identity is not among the 10 nearest under the
// threshold (a re-registration under another NIK that would slip through); search ms p50/p95 per probe
// (one query, one thread, through HnswFaceIndex.search); peak RSS. Also the build rate, the threshold that
// gives FPIR ≤ 0.1 % on these probes (with FNIR there), and HNSW against an exact scan on a sample of probes.
// With --json the last line is one JSON object with gallery_size, fpir, fnir, search_ms_p50, search_ms_p95,
// rss_mb (and more).
//
// Templates are cached in --cache (default: <tmp>/jejak-dedupe-cache, the same format as eval:faces),
// keyed by the model id and each image's SHA-256: they are biometric data of the fixture faces, never
// put the cache in the repository. Computing ~1,900 templates takes minutes of CPU: run with `nice -n 19`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { FaceCore, TEMPLATE_PIPELINE } from '../../../../models/engine/core';
import { decodeImage } from '../../../../models/engine/image';
import { decodeTemplate } from '../../../../models/engine/template';
import { defaultWeightsDir } from '../../../../models/engine/weights';
import { identityOf, readPairs } from '../../../../models/eval/pairs';
import { DEDUPE_THRESHOLD } from '../dedupe-threshold';
import { HNSW_DEFAULTS, HnswFaceIndex, loadUsearch } from '../face-index-hnsw';
import { fitGaussian, mulberry32, sampleDistractors } from './distractors';

const HELP = `npm run eval:dedupe -- [--pairs <pairs.tsv> ...] [--size N] [--json] [--cache <dir>] [--threshold D] [--seed S] [--exact-sample K] [--candidates C] [--also-candidates C1,C2] [--connectivity M] [--expansion-add E] [--quantization Q]

The 1:N duplicate check (one face, one NIK) with the real face engine and the server's HNSW index.
  gallery   one image per identity of the pairs files' folders (default: faces/ and faces-more/ of
            $JEJAK_FIXTURES or ../shared/fixtures), padded to --size N (default 1000000) with
            synthetic distractors
  probes    each identity's other images
  --threshold D   cosine distance of a duplicate (default: the server's DEDUPE_THRESHOLD, ${DEDUPE_THRESHOLD})
  --cache DIR     template cache (default ${path.join(os.tmpdir(), 'jejak-dedupe-cache')}; biometric data: not in the repo)
  --seed S        distractor seed (default 1)
  --exact-sample K  probes also searched by exact scan over the whole gallery, to measure HNSW recall (default 32)
  --candidates C  nearest entries asked of the HNSW graph per search (default: as the server)
  --also-candidates C1,C2  after the main figures, search every probe again with each of these (same graph)
  --connectivity M, --expansion-add E, --quantization f16|i8|f32   HNSW build parameters (default: as the server)

Synthetic distractors: drawn from a multivariate normal fitted to the real templates' mean and full
covariance, then L2-normalised as the engine's templates are. A probe's similarity to one then has the
mean and variance of its similarity to a random real person in every direction (real faces are not
spread uniformly: isotropic random vectors would be near-orthogonal to every face and flatter the
result). The run prints the distance quantiles (down to 1e-5) of probe × distractor beside probe ×
real other identity, so how well they stand in for real people is measured, not assumed.

Prints FPIR, FNIR, search ms p50/p95, memory (peak RSS), the build rate, and the threshold for
FPIR <= 0.1 %. --json: the last line is a JSON object (gallery_size, fpir, fnir, search_ms_p50,
search_ms_p95, rss_mb, ...).`;

interface CachedTemplate {
  vector: number[] | null;
  ms: number;
  gateIssue: string | null;
}

function defaultPairsFiles(): string[] {
  const dirs = [process.env.JEJAK_FIXTURES, path.resolve('../shared/fixtures'), path.resolve('../../shared/fixtures')].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const files = ['faces', 'faces-more'].map((s) => path.join(dir, s, 'pairs.tsv')).filter((f) => existsSync(f));
    if (files.length > 0) return files;
  }
  return [];
}

const quantile = (sorted: ArrayLike<number>, q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))]!;
const dot = (a: Float32Array, ao: number, b: Float32Array, d: number): number => {
  let s = 0;
  for (let i = 0; i < d; i++) s += a[ao + i]! * b[i]!;
  return s;
};
const fail = (msg: string): never => {
  console.error(msg);
  process.exit(2);
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', multiple: true },
      size: { type: 'string', default: '1000000' },
      json: { type: 'boolean', default: false },
      cache: { type: 'string', default: path.join(os.tmpdir(), 'jejak-dedupe-cache') },
      threshold: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'exact-sample': { type: 'string', default: '32' },
      candidates: { type: 'string' },
      'also-candidates': { type: 'string' },
      connectivity: { type: 'string' },
      'expansion-add': { type: 'string' },
      quantization: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const size = Number(values.size);
  const threshold = values.threshold === undefined ? DEDUPE_THRESHOLD : Number(values.threshold);
  const seed = Number(values.seed);
  const exactSample = Number(values['exact-sample']);
  const candidates = Number(values.candidates ?? HNSW_DEFAULTS.searchCandidates);
  const alsoCandidates = (values['also-candidates'] ?? '').split(',').filter(Boolean).map(Number);
  if (![candidates, ...alsoCandidates].every((c) => Number.isInteger(c) && c >= 10)) fail('--candidates / --also-candidates must be integers ≥ 10');
  if (!Number.isInteger(size) || size < 1) fail('--size must be a positive integer');
  if (!(threshold > 0 && threshold < 2)) fail('--threshold must be a cosine distance in (0, 2)');
  if (!Number.isInteger(seed) || !Number.isInteger(exactSample) || exactSample < 0) fail('--seed and --exact-sample must be integers (--exact-sample ≥ 0)');
  const files = values.pairs && values.pairs.length > 0 ? values.pairs : defaultPairsFiles();
  if (files.length === 0) fail(`${HELP}\n\n(without --pairs: faces/ and faces-more/ under $JEJAK_FIXTURES, which was not found)`);
  const usearch = loadUsearch();
  if (!usearch) fail('usearch could not be loaded (npm ci?)');

  // --- images per identity ---
  const identities = new Map<string, string[]>();
  for (const file of files) {
    if (!existsSync(file)) fail(`no such pairs file: ${file}`);
    const { images, root } = readPairs(file);
    const label = path.basename(root);
    for (const rel of images) {
      const id = `${label}/${identityOf(rel)}`;
      const abs = path.join(root, rel);
      if (!existsSync(abs)) fail(`image named in ${file} does not exist: ${rel}`);
      const list = identities.get(id) ?? [];
      list.push(abs);
      identities.set(id, list);
    }
  }

  // --- templates (cached) ---
  const core = await FaceCore.load(defaultWeightsDir(), 1);
  mkdirSync(values.cache, { recursive: true, mode: 0o700 });
  const cacheFile = path.join(values.cache, `templates-${createHash('sha256').update(`${core.recognitionModel}|${TEMPLATE_PIPELINE}`).digest('hex').slice(0, 16)}.json`);
  const cache: Record<string, CachedTemplate> = existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, CachedTemplate>) : {};
  const all = [...identities.values()].flat();
  let computed = 0;
  const vectorOf = new Map<string, Float32Array | null>();
  const t0 = performance.now();
  for (const [i, abs] of all.entries()) {
    const bytes = readFileSync(abs);
    const key = createHash('sha256').update(bytes).digest('hex');
    let r = cache[key];
    if (!r) {
      if (computed === 0) await core.warmUp();
      const ts = performance.now();
      try {
        const a = await core.analyze(await decodeImage(bytes), { source: 'photo', passive: false, atMs: 0, alwaysTemplate: true });
        r = { vector: a.template ? Array.from(decodeTemplate(a.template)) : null, ms: performance.now() - ts, gateIssue: a.issue?.code ?? null };
      } catch (err) {
        console.error(`  ${abs}: ${(err as Error).message}`);
        r = { vector: null, ms: performance.now() - ts, gateIssue: 'UNREADABLE' };
      }
      cache[key] = r;
      computed++;
      if (computed % 100 === 0) console.error(`  templates: ${i + 1}/${all.length} (${computed} computed, ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    if (r.vector) {
      const v = Float32Array.from(r.vector);
      let n = 0;
      for (const x of v) n += x * x;
      const inv = 1 / Math.sqrt(n);
      for (let j = 0; j < v.length; j++) v[j]! *= inv;
      vectorOf.set(abs, v);
    } else vectorOf.set(abs, null);
  }
  await core.dispose();
  if (computed > 0) writeFileSync(cacheFile, JSON.stringify(cache), { mode: 0o600 });

  // --- gallery and probes ---
  const gallery: Array<{ id: string; v: Float32Array }> = [];
  const probes: Array<{ id: string; v: Float32Array }> = [];
  let fta = 0;
  for (const [id, imgs] of [...identities.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    let enrolled = false;
    for (const abs of imgs.toSorted()) {
      const v = vectorOf.get(abs);
      if (!v) {
        fta++;
        continue;
      }
      if (!enrolled) {
        gallery.push({ id, v });
        enrolled = true;
      } else probes.push({ id, v });
    }
  }
  if (gallery.length < 2 || probes.length === 0) fail('need at least 2 identities with a face and one probe');
  const dims = gallery[0]!.v.length;
  const nSynthetic = Math.max(0, size - gallery.length);
  const rss = () => process.resourceUsage().maxRSS / 1024;
  console.error(`real gallery ${gallery.length} identities, ${probes.length} probes, ${fta} image(s) without a face; ${nSynthetic} synthetic distractors`);

  // --- distractors: fitted normal, and how they compare with real other identities ---
  const g = fitGaussian([...gallery.map((x) => x.v), ...probes.map((x) => x.v)]);
  const rand = mulberry32(seed);
  const realImpostor: number[] = [];
  for (const p of probes) for (const q of gallery) if (q.id !== p.id) realImpostor.push(1 - dot(q.v, 0, p.v, dims));
  const cmpCount = gallery.length - 1;
  const cmp = sampleDistractors(g, cmpCount, mulberry32(seed + 1_000_003));
  const synthImpostor: number[] = [];
  for (const p of probes) for (let r = 0; r < cmpCount; r++) synthImpostor.push(1 - dot(cmp, r * dims, p.v, dims));
  realImpostor.sort((a, b) => a - b);
  synthImpostor.sort((a, b) => a - b);
  const qs = [1e-5, 1e-4, 1e-3, 1e-2, 0.1, 0.5];
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = (xs: number[]) => {
    const m = mean(xs);
    return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
  };

  // --- index: real gallery, then distractors in chunks (and an exact scan of a probe sample alongside) ---
  const hnsw = {
    searchCandidates: candidates,
    ...(values.connectivity ? { connectivity: Number(values.connectivity) } : {}),
    ...(values['expansion-add'] ? { expansionAdd: Number(values['expansion-add']) } : {}),
    ...(values.quantization ? { quantization: values.quantization as 'f16' | 'i8' | 'f32' } : {}),
  };
  const index = new HnswFaceIndex(usearch!, hnsw);
  const idOfRid = new Map<string, string>();
  const tb = performance.now();
  index.addBatch(gallery.map((x, i) => ({ rid: `real-${i}`, nikHash: x.id })), Float32Array.from(gallery.flatMap((x) => [...x.v])), dims);
  gallery.forEach((x, i) => idOfRid.set(`real-${i}`, x.id));
  const sample = probes.filter((_, i) => i % Math.max(1, Math.floor(probes.length / Math.max(1, exactSample))) === 0).slice(0, exactSample);
  // exact nearest other-identity distance of each sampled probe
  const exactNn = sample.map((p) => Math.min(...gallery.filter((q) => q.id !== p.id).map((q) => 1 - dot(q.v, 0, p.v, dims))));
  const CHUNK = 20_000;
  let genMs = 0;
  let addMs = 0;
  for (let done = 0; done < nSynthetic; done += CHUNK) {
    const n = Math.min(CHUNK, nSynthetic - done);
    const tg = performance.now();
    const packed = sampleDistractors(g, n, rand);
    for (const [si, p] of sample.entries()) {
      let best = exactNn[si]!;
      for (let r = 0; r < n; r++) best = Math.min(best, 1 - dot(packed, r * dims, p.v, dims));
      exactNn[si] = best;
    }
    const ta = performance.now();
    genMs += ta - tg;
    index.addBatch(Array.from({ length: n }, (_, i) => ({ rid: `syn-${done + i}`, nikHash: 'synthetic' })), packed, dims);
    addMs += performance.now() - ta;
    const built = done + n;
    if (built % 100_000 < CHUNK || built === nSynthetic || process.env.JEJAK_EVAL_PROGRESS) {
      console.error(`  ${new Date().toISOString().slice(11, 19)} index: ${gallery.length + built} vectors, adding ${((built / addMs) * 1000).toFixed(0)} vectors/s, peak RSS ${rss().toFixed(0)} MB`);
    }
  }
  const buildS = (performance.now() - tb) / 1000;
  const addRate = nSynthetic > 0 ? (nSynthetic / addMs) * 1000 : NaN;

  // --- search every probe ---
  const K = 10;
  const searchAll = () => {
    const times: number[] = [];
    // CPU time of each search beside its wall time: on a shared machine the wall time also counts the
    // time the process waited for a core, the CPU time is what the search itself costs
    const cpu: number[] = [];
    const nn: number[] = [];
    const mate: number[] = [];
    const nnOf = new Map<(typeof probes)[number], number>();
    for (const p of probes) {
      const c0 = process.cpuUsage();
      const ts = performance.now();
      const hits = index.search(p.v, K);
      times.push(performance.now() - ts);
      const c1 = process.cpuUsage(c0);
      cpu.push((c1.user + c1.system) / 1000);
      const other = hits.find((h) => h.nikHash !== p.id);
      const own = hits.find((h) => h.nikHash === p.id);
      nn.push(other ? other.distance : Infinity);
      nnOf.set(p, other ? other.distance : Infinity);
      mate.push(own ? own.distance : Infinity);
    }
    cpu.sort((a, b) => a - b);
    return { times, cpu, nn, mate, nnOf };
  };
  const { times, cpu, nn, mate, nnOf } = searchAll();
  times.sort((a, b) => a - b);
  const fpirAt = (t: number) => nn.filter((d) => d < t).length / probes.length;
  const fnirAt = (t: number) => mate.filter((d) => !(d < t)).length / probes.length;
  // the same probes against their own gallery template by exact comparison: the engine's part of FNIR
  const galleryOf = new Map(gallery.map((x) => [x.id, x.v]));
  const mateExact = probes.map((p) => 1 - dot(galleryOf.get(p.id)!, 0, p.v, dims));
  const fnirExactAt = (t: number) => mateExact.filter((d) => !(d < t)).length / probes.length;
  const fpir = fpirAt(threshold);
  const fnir = fnirAt(threshold);
  // the largest threshold with FPIR ≤ 0.1 % on these probes
  const nnSorted = nn.toSorted((a, b) => a - b);
  const allowed = Math.floor(0.001 * probes.length);
  const calibrated = nnSorted[allowed]!;
  const recall = sample.filter((p, i) => Math.abs(nnOf.get(p)! - exactNn[i]!) < 2e-3 || nnOf.get(p)! <= exactNn[i]!).length / Math.max(1, sample.length);
  const sweep = alsoCandidates.map((c) => {
    index.searchCandidates = c;
    const r = searchAll();
    r.times.sort((a, b) => a - b);
    const agree = sample.filter((p, i) => Math.abs(r.nnOf.get(p)! - exactNn[i]!) < 2e-3 || r.nnOf.get(p)! <= exactNn[i]!).length / Math.max(1, sample.length);
    return {
      candidates: c, fpir: r.nn.filter((d) => d < threshold).length / probes.length, fnir: r.mate.filter((d) => !(d < threshold)).length / probes.length,
      search_ms_p50: quantile(r.times, 0.5), search_ms_p95: quantile(r.times, 0.95), search_cpu_ms_p95: quantile(r.cpu, 0.95), hnsw_exact_agreement: agree,
    };
  });
  const peak = rss();

  const pct = (x: number) => `${(x * 100).toFixed(3)} %`;
  const f = (x: number) => x.toFixed(4);
  console.log(`gallery ${gallery.length + nSynthetic} (${gallery.length} real identities + ${nSynthetic} synthetic), ${probes.length} probes, threshold ${threshold}`);
  console.log(`FPIR ${pct(fpir)} (${nn.filter((d) => d < threshold).length}/${probes.length})   FNIR ${pct(fnir)} (${mate.filter((d) => !(d < threshold)).length}/${probes.length})`);
  console.log(`search ms p50 ${quantile(times, 0.5).toFixed(3)}  p95 ${quantile(times, 0.95).toFixed(3)}  max ${times.at(-1)!.toFixed(3)}  (CPU time p50 ${quantile(cpu, 0.5).toFixed(3)} p95 ${quantile(cpu, 0.95).toFixed(3)})   peak RSS ${peak.toFixed(0)} MB`);
  console.log(`build ${buildS.toFixed(1)} s (HNSW add ${(addMs / 1000).toFixed(1)} s = ${addRate.toFixed(0)} vectors/s on ${os.availableParallelism()} cores; distractor draw + exact sample ${(genMs / 1000).toFixed(1)} s)`);
  console.log(`calibrated: threshold ${f(calibrated)} gives FPIR ${pct(fpirAt(calibrated))} (≤ 0.1 %: at most ${allowed} of ${probes.length} probes), FNIR there ${pct(fnirAt(calibrated))}`);
  console.log(`  (with ${probes.length} probes FPIR is known to ~1/${probes.length} = ${pct(1 / probes.length)}; 0 false of ${probes.length} bounds it below ${pct(3 / probes.length)} at 95 %)`);
  for (const t of [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]) console.log(`  threshold ${t.toFixed(2)}: FPIR ${pct(fpirAt(t))}  FNIR ${pct(fnirAt(t))} (exact 1:1 with the own template: ${pct(fnirExactAt(t))})`);
  console.log(`HNSW vs exact scan, nearest other identity on ${sample.length} probes: ${pct(recall)} the same`);
  console.log(`distractors vs real other identities (distance to a probe; ${realImpostor.length} pairs each):`);
  console.log(`  mean ${f(mean(realImpostor))} / ${f(mean(synthImpostor))}   sd ${f(sd(realImpostor))} / ${f(sd(synthImpostor))}`);
  for (const q of qs) console.log(`  quantile ${q}: real ${f(quantile(realImpostor, q))}  synthetic ${f(quantile(synthImpostor, q))}`);
  for (const w of sweep) console.log(`candidates ${w.candidates}: FPIR ${pct(w.fpir)}  FNIR ${pct(w.fnir)}  search ms p50 ${w.search_ms_p50.toFixed(3)} p95 ${w.search_ms_p95.toFixed(3)} (CPU p95 ${w.search_cpu_ms_p95.toFixed(3)})  HNSW vs exact ${pct(w.hnsw_exact_agreement)}`);
  if (values.json) {
    console.log(JSON.stringify({
      search_candidates: candidates, hnsw: { ...index.params, searchCandidates: candidates }, candidates_sweep: sweep, fnir_exact: fnirExactAt(threshold),
      gallery_size: gallery.length + nSynthetic, real_identities: gallery.length, synthetic: nSynthetic, probes: probes.length, threshold,
      fpir, fnir, search_ms_p50: quantile(times, 0.5), search_ms_p95: quantile(times, 0.95), search_cpu_ms_p50: quantile(cpu, 0.5), search_cpu_ms_p95: quantile(cpu, 0.95), load_avg: os.loadavg().map((x) => Math.round(x * 100) / 100), rss_mb: Math.round(peak),
      build_s: buildS, add_vectors_per_s: Number.isFinite(addRate) ? Math.round(addRate) : null, calibrated_threshold: calibrated,
      fpir_at_calibrated: fpirAt(calibrated), fnir_at_calibrated: fnirAt(calibrated), hnsw_exact_agreement: recall,
      impostor_quantiles: Object.fromEntries(qs.map((q) => [String(q), { real: quantile(realImpostor, q), synthetic: quantile(synthImpostor, q) }])),
    }));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
