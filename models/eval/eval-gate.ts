// `npm run eval:gate -- [--challenge blink|none|turn] [--fps 8] [--timeout 20] [--cache /tmp/face-cache] [--lfw 3] [--json]`
// The gate's face check end to end, as the kiosk runs it, on the fixture videos ($JEJAK_FIXTURES/video, read its
// README): each clip is cut into consecutive attempts; an attempt is one live session of the engine
// (engine.startSession → addFrame per camera frame → finish(templates) when `ready`, exactly what
// electron/kiosk/face-sessions.ts does), fed 640×480 JPEG q0.85 frames (what the renderer sends) at --fps. As in
// the kiosk, an attempt that is not ready after --timeout seconds (or at the clip's end) is decided on what was seen
// when it had the policy's minimum of good frames, else it ends as a timeout (no admission). The verdict against
// other template sets uses engine.verifySequence on the same session's frame analyses — the same verifyAnalyses
// rule finish() applies (fusion of up to 8 frontal good frames, robust drop, best of up to three templates).
//
// Templates ("selfies") are frames cut from ANOTHER clip of the same person where the fixtures allow (tran: the
// screen-replay clip, a different recording) and otherwise from a time segment of the same clip that no attempt
// uses (liveportrait, pexels: weaker, same session and lighting), each enrolled through engine.enrolFromImage as a
// JPEG (the selfie path, quality gate applied; up to three per person). Impostor attempts: every clip's attempts
// against every other person's templates, and against every identity of the fixture LFW dev sets (faces/,
// faces-more/; up to --lfw images each, templates by the eval:faces pipeline, cached with --cache).
//
// Printed: FNMR (genuine attempts not matched) and FMR (impostor attempts matched), both on `match` (the face) and
// on `accepted` (match and liveness: what the gate admits on), with counts and Wilson 95 % intervals. The attempts
// are not independent (few people, consecutive windows of one clip; impostor attempts share their probe): the
// Wilson interval is a lower bound on the real uncertainty. With --json the last line is one JSON object.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createFaceEngine } from '../index';
import { FaceCore } from '../engine/core';
import { encodeTemplate } from '../engine/template';
import type { Challenge, FaceEngine, FaceTemplate, FrameAnalysis, VerifyPolicy, VerifyResult } from '../engine/types';
import { readClip } from '../engine/video';
import { defaultWeightsDir } from '../engine/weights';
import { TemplateCache } from './image-templates';
import { wilson } from './intervals';
import { identityOf, readPairs } from './pairs';

const CAMERA = { width: 640, height: 480 };
const JPEG_QUALITY = 85;
/** The kiosk's defaults (electron/kiosk/policy.ts DEFAULT_POLICY; models/ may not import the kiosk). */
const KIOSK = { challenge: 'blink' as Challenge, requirePassive: true, faceTimeoutSeconds: 20, minGoodFrames: 3 };
const MAX_TEMPLATES = 3;

interface Segment {
  clip: string;
  fromS: number;
  toS: number;
}
interface Person {
  name: string;
  /** where the person's live attempts come from; `attack` marks a presentation attack (a screen replay) */
  attempts: (Segment & { attack: boolean })[];
  /** where the person's selfies are cut from */
  selfies: Segment;
  selfieSource: 'other clip' | 'same clip, other segment';
}

// Times from the fixture README: attempts and selfie segments never overlap.
const PEOPLE: Person[] = [
  {
    name: 'tran',
    attempts: [
      { clip: 'tran_selfie_head_turns.mp4', fromS: 0, toS: 20.7, attack: false },
      // the replay of the same person: a genuine identity for `match`, an attack for `accepted`
      { clip: 'tran_screen_replay_attack.mp4', fromS: 0, toS: 21.2, attack: true },
    ],
    // selfies of the bona fide attempts come from the replay clip and vice versa: see templatesFor()
    selfies: { clip: 'tran_screen_replay_attack.mp4', fromS: 0, toS: 4 },
    selfieSource: 'other clip',
  },
  {
    name: 'liveportrait',
    attempts: [{ clip: 'liveportrait_d13_talking_blinks.mp4', fromS: 0, toS: 8.4, attack: false }],
    selfies: { clip: 'liveportrait_d13_talking_blinks.mp4', fromS: 8.6, toS: 11.7 },
    selfieSource: 'same clip, other segment',
  },
  {
    name: 'pexels',
    attempts: [{ clip: 'pexels8090198_head_rotation.mp4', fromS: 0, toS: 37, attack: false }],
    selfies: { clip: 'pexels8090198_head_rotation.mp4', fromS: 38, toS: 45.8 },
    selfieSource: 'same clip, other segment',
  },
];
/** The tran replay clip's own attempts are compared with selfies from the bona fide clip (the other recording). */
const TRAN_SELFIES_FOR_REPLAY: Segment = { clip: 'tran_selfie_head_turns.mp4', fromS: 15.5, toS: 20.7 };

function fixturesDir(): string | null {
  for (const d of [process.env.JEJAK_FIXTURES, path.resolve('../shared/fixtures'), path.resolve('../../shared/fixtures')]) {
    if (d && existsSync(path.join(d, 'video'))) return d;
  }
  return null;
}

async function jpegFrames(file: string, seg: Segment, fps: number): Promise<{ bytes: Uint8Array; atMs: number }[]> {
  const clip = await readClip(file, { fps, startS: seg.fromS, durationS: seg.toS - seg.fromS, canvas: CAMERA });
  const out: { bytes: Uint8Array; atMs: number }[] = [];
  for (const { frame, atMs } of clip) {
    const jpg = await sharp(Buffer.from(frame.data), { raw: { width: frame.width, height: frame.height, channels: 4 } }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
    out.push({ bytes: new Uint8Array(jpg), atMs });
  }
  return out;
}

/** Up to three selfies of a segment: candidates at 1 fps through enrolFromImage, the accepted ones spread over it. */
async function selfies(engine: FaceEngine, dir: string, seg: Segment): Promise<{ templates: FaceTemplate[]; tried: number; refused: number }> {
  const frames = await jpegFrames(path.join(dir, seg.clip), seg, 1);
  const ok: FaceTemplate[] = [];
  for (const f of frames) {
    const r = await engine.enrolFromImage(f.bytes);
    if (r.ok) ok.push(r.template);
  }
  const pick = ok.length <= MAX_TEMPLATES ? ok : [0, Math.floor((ok.length - 1) / 2), ok.length - 1].map((i) => ok[i]!);
  return { templates: pick, tried: frames.length, refused: frames.length - ok.length };
}

interface Attempt {
  person: string;
  clip: string;
  attack: boolean;
  startS: number;
  endS: number;
  frames: FrameAnalysis[];
  /** the session never had enough good frames: the kiosk ends it as a timeout, no admission */
  timedOut: boolean;
  ready: boolean;
  genuine: VerifyResult | null;
}

/** Consecutive kiosk sessions over a clip segment (the kiosk rule: finish when ready, or at the timeout). */
async function attempts(engine: FaceEngine, dir: string, seg: Segment & { attack: boolean }, person: string, policy: VerifyPolicy, fps: number, timeoutS: number, templates: FaceTemplate[]): Promise<Attempt[]> {
  const frames = await jpegFrames(path.join(dir, seg.clip), seg, fps);
  const out: Attempt[] = [];
  let i = 0;
  while (i < frames.length) {
    const s = engine.startSession({ policy, minGoodFrames: KIOSK.minGoodFrames });
    const t0 = frames[i]!.atMs;
    const seen: FrameAnalysis[] = [];
    let ready = false;
    let good = 0;
    for (; i < frames.length && frames[i]!.atMs - t0 <= timeoutS * 1000; i++) {
      const fb = await s.addFrame({ kind: 'encoded', bytes: frames[i]!.bytes }, frames[i]!.atMs);
      seen.push(fb.analysis);
      good = fb.goodFrames;
      if (fb.ready) {
        ready = true;
        i++;
        break;
      }
    }
    const endS = (seen[seen.length - 1]?.atMs ?? t0) / 1000;
    // A tail too short to be a session of its own (under 1.5 s of frames) is not an attempt.
    if (!ready && seen.length < fps * 1.5) {
      s.cancel();
      break;
    }
    // Not ready by the timeout / the clip's end: the kiosk judges what it saw with enough good frames, else times out.
    const timedOut = !ready && good < KIOSK.minGoodFrames;
    let genuine: VerifyResult | null = null;
    if (timedOut) s.cancel();
    else genuine = await s.finish(templates);
    out.push({ person, clip: seg.clip, attack: seg.attack, startS: t0 / 1000, endS, frames: seen, timedOut, ready, genuine });
  }
  return out;
}

interface Tally {
  n: number;
  errors: number;
}
const tally = (): Tally => ({ n: 0, errors: 0 });
function rate(t: Tally) {
  const [lo, hi] = wilson(t.errors, t.n);
  return { rate: t.n === 0 ? null : t.errors / t.n, errors: t.errors, of: t.n, wilson95: [lo, hi] as [number, number] };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      challenge: { type: 'string', default: KIOSK.challenge },
      fps: { type: 'string', default: '8' },
      timeout: { type: 'string', default: String(KIOSK.faceTimeoutSeconds) },
      cache: { type: 'string' },
      lfw: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  });
  const challenge = values.challenge as Challenge;
  if (!['none', 'blink', 'turn'].includes(challenge)) {
    console.error(`--challenge must be none, blink or turn (got "${challenge}")`);
    process.exit(2);
  }
  const fps = Number(values.fps);
  const timeoutS = Number(values.timeout);
  const lfwPer = Number(values.lfw);
  const fx = fixturesDir();
  if (!fx) {
    console.error('eval:gate needs the fixtures: set JEJAK_FIXTURES (video/, faces/, faces-more/)');
    process.exit(2);
  }
  const videoDir = path.join(fx, 'video');
  const policy: VerifyPolicy = { challenge, requirePassive: KIOSK.requirePassive };
  const t0 = performance.now();
  const engine = await createFaceEngine({ inWorker: false });
  const st = engine.status();
  if (!st.ready) {
    console.error(`face engine not ready: ${st.error?.code} ${st.error?.file ?? ''} ${st.error?.message.en}`);
    process.exit(1);
  }

  // Selfies per person (and the tran replay's own, from the bona fide recording).
  const personTemplates = new Map<string, FaceTemplate[]>();
  const selfieNotes: string[] = [];
  for (const p of PEOPLE) {
    const s = await selfies(engine, videoDir, p.selfies);
    personTemplates.set(p.name, s.templates);
    selfieNotes.push(`${p.name}: ${s.templates.length} selfie(s) from ${p.selfies.clip} ${p.selfies.fromS}–${p.selfies.toS} s (${p.selfieSource}; ${s.refused} of ${s.tried} candidates refused by the selfie gate)`);
  }
  const replaySelfies = await selfies(engine, videoDir, TRAN_SELFIES_FOR_REPLAY);
  selfieNotes.push(`tran (for the replay clip's attempts): ${replaySelfies.templates.length} selfie(s) from ${TRAN_SELFIES_FOR_REPLAY.clip} ${TRAN_SELFIES_FOR_REPLAY.fromS}–${TRAN_SELFIES_FOR_REPLAY.toS} s (other clip)`);
  for (const l of selfieNotes) console.error(`  ${l}`);

  const all: Attempt[] = [];
  for (const p of PEOPLE) {
    for (const seg of p.attempts) {
      const own = seg.attack ? replaySelfies.templates : personTemplates.get(p.name)!;
      const got = await attempts(engine, videoDir, seg, p.name, policy, fps, timeoutS, own);
      all.push(...got);
      console.error(`  ${seg.clip}: ${got.length} attempt(s) (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }

  // LFW identities as impostor template sets (eval:faces' still pipeline and cache).
  const core = await FaceCore.load(defaultWeightsDir(), 1);
  const cache = new TemplateCache(core, values.cache);
  const lfw: { name: string; templates: FaceTemplate[] }[] = [];
  for (const set of ['faces', 'faces-more']) {
    const file = path.join(fx, set, 'pairs.tsv');
    if (!existsSync(file)) continue;
    const { images, root } = readPairs(file);
    const byId = new Map<string, string[]>();
    for (const rel of images) {
      const id = identityOf(rel);
      const l = byId.get(id) ?? [];
      if (l.length < lfwPer) l.push(rel);
      byId.set(id, l);
    }
    let done = 0;
    for (const [id, rels] of byId) {
      const templates: FaceTemplate[] = [];
      for (const rel of rels) {
        const r = await cache.of(new Uint8Array(readFileSync(path.join(root, rel))), rel);
        if (r.vector) templates.push(encodeTemplate(core.recognitionModel, Float32Array.from(r.vector)));
      }
      if (templates.length > 0) lfw.push({ name: `${set}/${id}`, templates });
      if (++done % 100 === 0) console.error(`  LFW ${set}: ${done}/${byId.size} identities (${cache.computed} templates computed)`);
    }
  }
  cache.save();
  await core.dispose();

  const g = { match: tally(), accepted: tally() };
  const replay = { match: tally(), accepted: tally() };
  const imp = { match: tally(), accepted: tally() };
  const impCross = { match: tally(), accepted: tally() };
  let timeouts = 0;
  const rows: string[] = [];
  for (const a of all) {
    if (a.timedOut) timeouts++;
    const tgt = a.attack ? replay : g;
    tgt.match.n++;
    tgt.accepted.n++;
    if (!a.genuine?.match) tgt.match.errors++;
    // for the replay (an attack), an "error" of `accepted` is the gate admitting it
    if (a.attack ? a.genuine?.accepted === true : !a.genuine?.accepted) tgt.accepted.errors++;
    const others = [...PEOPLE.filter((p) => p.name !== a.person).map((p) => ({ name: p.name, templates: personTemplates.get(p.name)!, cross: true })), ...lfw.map((l) => ({ ...l, cross: false }))];
    let worst = Infinity;
    const falseMatches: string[] = [];
    for (const o of others) {
      // a timed-out session admits nobody: it counts as a correct rejection for every template set
      const r = a.timedOut ? null : await engine.verifySequence(a.frames, o.templates, policy);
      for (const t of o.cross ? [imp, impCross] : [imp]) {
        t.match.n++;
        t.accepted.n++;
        if (r?.match) t.match.errors++;
        if (r?.accepted) t.accepted.errors++;
      }
      if (r) worst = Math.min(worst, r.distance);
      if (r?.match) falseMatches.push(`${o.name} ${r.distance}${r.accepted ? ' ADMITTED' : ''}`);
    }
    const v = a.genuine;
    rows.push(
      `  ${a.clip} ${a.startS.toFixed(1)}–${a.endS.toFixed(1)} s${a.attack ? ' (replay attack)' : ''}: ${a.frames.length} frames, ${a.ready ? 'ready' : a.timedOut ? 'TIMEOUT (too few good frames)' : 'not ready, judged at timeout'}` +
        (v ? `; own templates distance ${v.distance} (${v.framesUsed} frames fused) match=${v.match} live=${v.liveness.passed}${v.liveness.reason ? ` ${v.liveness.reason}` : ''}` : '') +
        `; nearest impostor ${Number.isFinite(worst) ? worst.toFixed(4) : 'n/a'}${falseMatches.length ? `; FALSE MATCH: ${falseMatches.join(', ')}` : ''}`,
    );
  }
  await engine.close();

  const pct = (r: ReturnType<typeof rate>) => (r.rate === null ? 'n/a' : `${(r.rate * 100).toFixed(2)}% (${r.errors}/${r.of}; Wilson 95% [${(r.wilson95[0] * 100).toFixed(2)}%, ${(r.wilson95[1] * 100).toFixed(2)}%])`);
  const out = {
    policy,
    fps,
    timeout_s: timeoutS,
    min_good_frames: KIOSK.minGoodFrames,
    threshold: all.find((a) => a.genuine)?.genuine?.threshold ?? null,
    attempts: all.length,
    timeouts,
    genuine: { fnmr_match: rate(g.match), fnmr_accepted: rate(g.accepted) },
    impostor: { fmr_match: rate(imp.match), fmr_accepted: rate(imp.accepted), lfw_identities: lfw.length },
    impostor_other_clips: { fmr_match: rate(impCross.match), fmr_accepted: rate(impCross.accepted) },
    replay_same_person: { not_matched: rate(replay.match), admitted: rate(replay.accepted) },
    selfies: selfieNotes,
    backend: st.backend,
    recognition_model: st.recognitionModel,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
  for (const r of rows) console.log(r);
  console.log(`gate eval: policy challenge=${challenge} requirePassive=${policy.requirePassive}, ${fps} fps JPEG q${JPEG_QUALITY} 640x480, timeout ${timeoutS} s, minGoodFrames ${KIOSK.minGoodFrames}, threshold ${out.threshold}; ${all.length} attempts (${timeouts} timed out)`);
  console.log(`genuine (bona fide clips vs own selfies):   FNMR match ${pct(out.genuine.fnmr_match)}; FNMR accepted ${pct(out.genuine.fnmr_accepted)}`);
  console.log(`impostor (every attempt vs ${PEOPLE.length - 1} other people + ${lfw.length} LFW identities): FMR match ${pct(out.impostor.fmr_match)}; FMR accepted ${pct(out.impostor.fmr_accepted)}`);
  console.log(`  of which other fixture clips' people: FMR match ${pct(out.impostor_other_clips.fmr_match)}; accepted ${pct(out.impostor_other_clips.fmr_accepted)}`);
  console.log(`replay of tran vs tran's selfies: not matched ${pct(out.replay_same_person.not_matched)}; admitted (APCER-like) ${pct(out.replay_same_person.admitted)}`);
  console.log(`(${out.seconds} s; Wilson intervals treat attempts as independent, which they are not: a lower bound on the uncertainty)`);
  if (values.json) console.log(JSON.stringify(out));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
