// Liveness (presentation-attack detection) evaluation. Two modes:
//
// `npm run eval:liveness -- --manifest <tsv> [--root <dir>] [--json] [--fps 8] [--timeout 20] [--whole] [--raw] [--degrade none|dark|blur|reencode] [--fit renderer|pad]`
//   Every clip of a manifest (tab-separated, header line; columns `file`, `label` bona_fide|attack, `attack_type`,
//   `notes` — `source=still…` marks a clip cut from a still photo; other columns ignored; clip paths relative to
//   the manifest, or to --root) is fed to the engine as the kiosk sees a camera: each frame brought to
//   640×480 as the renderer does (a source wider than 4:3 centre-cropped, a portrait one letterboxed: readClip's
//   `fit`; --fit pad letterboxes all, as before) and JPEG-encoded at quality 0.85 (--raw skips the JPEG step), --fps frames a
//   second (--degrade first applies a dim room, motion blur or a low-bitrate camera to each frame: DEGRADATIONS).
//   Each frame is analysed once; then, for each policy (none, blink, turn; passive check on, as the kiosk
//   ships), the kiosk's session rule is replayed: the session finishes at the first frame where it is `ready`
//   (sessionReady), or at --timeout seconds (the kiosk then judges what it saw if it had enough good frames, and
//   refuses otherwise). --whole judges the whole clip instead (no early finish). --dump-frames <file> writes every
//   frame's analysis (without templates) for offline work on the decision rule: keep it in a temp dir.
//   Prints APCER per attack type and BPCER with counts (ISO/IEC 30107-3), video-derived and still-derived items
//   apart. With --json the last line is
//   {"policies":{"none":{"apcer","bpcer","apcer_by_type":{"print","replay-screen","mask",…},"bona_fide","attacks",…},
//    "blink":{…},"turn":{…}},"clips":[{"file","label","attack_type","policy","live","passive_score","reason",…}]}
//   For the clips of $JEJAK_FIXTURES/video (the fixtures folder is read-only):
//   `npm run eval:liveness -- --manifest models/eval/video-manifest.tsv --root "$JEJAK_FIXTURES/video"`.
//
// `npm run eval:liveness -- --clip <video> [--challenge none|blink|turn] [--fps N] [--start S] [--duration S] [--no-passive] [--json] [--verbose]`
//   One clip through the live-session API (all frames, then finish) and its verdict; with --json the last line is
//   { live, passive_score, challenge, challenge_passed, frames, ... }.
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createFaceEngine } from '../index';
import { readClip } from '../engine/video';
import type { Challenge, FaceEngine, FrameAnalysis, FrameInput } from '../engine/types';
import { countWithCi, kioskDecision, policyFigures, readManifest, type ClipDecision, type ManifestItem } from './pad-report';

const POLICIES: Challenge[] = ['none', 'blink', 'turn'];
const CAMERA = { width: 640, height: 480 };
const JPEG_QUALITY = 85;

/**
 * What a tablet camera may do to a frame before the renderer's JPEG step (--degrade): `dark` = a dim room (linear
 * gain 0.35), `blur` = motion blur (a 9-pixel horizontal box), `reencode` = a low-bitrate camera (half resolution,
 * JPEG q0.5, scaled back up). `none` leaves the frame as decoded.
 */
export const DEGRADATIONS = ['none', 'dark', 'blur', 'reencode'] as const;
export type Degradation = (typeof DEGRADATIONS)[number];

async function degrade(rgba: Buffer, width: number, height: number, kind: Degradation): Promise<ReturnType<typeof sharp>> {
  const raw = { raw: { width, height, channels: 4 as const } };
  if (kind === 'dark') return sharp(rgba, raw).linear(0.35, 0);
  // sharp needs a kernel at least 3×3: the 9-pixel horizontal box is the middle row of a 9×3 kernel
  if (kind === 'blur') return sharp(rgba, raw).convolve({ width: 9, height: 3, kernel: [...new Array<number>(9).fill(0), ...new Array<number>(9).fill(1), ...new Array<number>(9).fill(0)], scale: 9 });
  if (kind === 'reencode') {
    const low = await sharp(rgba, raw).resize(Math.round(width / 2), Math.round(height / 2)).jpeg({ quality: 50 }).toBuffer();
    return sharp(await sharp(low).resize(width, height).toBuffer());
  }
  return sharp(rgba, raw);
}

type Fit = 'renderer' | 'pad';

async function analyseClip(engine: FaceEngine, file: string, fps: number, raw: boolean, kind: Degradation = 'none', fit: Fit = 'renderer'): Promise<FrameAnalysis[]> {
  const clip = await readClip(file, { fps, canvas: { ...CAMERA, fit } });
  const out: FrameAnalysis[] = [];
  for (const { frame, atMs } of clip) {
    let input: FrameInput = frame;
    if (!raw || kind !== 'none') {
      const img = await degrade(Buffer.from(frame.data), frame.width, frame.height, kind);
      const bytes = raw ? await img.png().toBuffer() : await img.jpeg({ quality: JPEG_QUALITY }).toBuffer();
      input = { kind: 'encoded', bytes: new Uint8Array(bytes) };
    }
    out.push(await engine.analyzeFrame(input, atMs));
  }
  return out;
}

async function manifestMode(values: Record<string, string | boolean | undefined>): Promise<void> {
  const items: ManifestItem[] = readManifest(String(values.manifest), typeof values.root === 'string' ? values.root : undefined);
  const absent = items.filter((i) => !existsSync(i.abs));
  if (absent.length > 0) {
    console.error(`${absent.length} clip(s) of the manifest are missing, e.g. ${absent[0]!.abs} (clip paths are relative to the manifest, or to --root)`);
    process.exit(2);
  }
  const fps = Number(values.fps);
  const kind = String(values.degrade) as Degradation;
  if (!DEGRADATIONS.includes(kind)) {
    console.error(`--degrade must be one of ${DEGRADATIONS.join(', ')} (got "${kind}")`);
    process.exit(2);
  }
  const fit = String(values.fit) as Fit;
  if (fit !== 'renderer' && fit !== 'pad') {
    console.error(`--fit must be renderer or pad (got "${fit}")`);
    process.exit(2);
  }
  const timeoutMs = Number(values.timeout) * 1000;
  const whole = values.whole === true;
  const engine = await createFaceEngine({ inWorker: false });
  const st = engine.status();
  if (!st.ready) {
    console.error(`face engine not ready: ${st.error?.code} ${st.error?.file ?? ''} ${st.error?.message.en}`);
    process.exit(1);
  }
  const decisions: ClipDecision[] = [];
  const dump: { item: ManifestItem; frames: FrameAnalysis[] }[] = [];
  for (const [k, item] of items.entries()) {
    const frames = await analyseClip(engine, item.abs, fps, values.raw === true, kind, fit);
    if (values['dump-frames']) dump.push({ item, frames: frames.map((f) => ({ ...f, template: null })) });
    const faces = frames.filter((f) => f.landmarks).length;
    const line: string[] = [];
    for (const policy of POLICIES) {
      const { liveness, framesUsed } = kioskDecision(frames, policy, { timeoutMs, whole });
      const live = liveness?.passed ?? false;
      decisions.push({
        file: item.file,
        label: item.label,
        attack_type: item.attackType,
        source: item.source,
        policy,
        live,
        passive_score: liveness?.passiveScore ?? null,
        reason: liveness ? (liveness.reason ?? null) : 'TIMEOUT',
        frames_used: framesUsed,
      });
      line.push(`${policy}:${live ? 'LIVE' : (liveness?.reason ?? 'TIMEOUT')}@${framesUsed}`);
    }
    const ps = decisions[decisions.length - 1]!.passive_score;
    console.error(`  [${k + 1}/${items.length}] ${item.file} (${item.label}${item.label === 'attack' ? ` ${item.attackType}` : ''}, ${item.source}): ${frames.length} frames, ${faces} with a face, passive ${ps ?? '-'}; ${line.join(' ')}`);
  }
  await engine.close();
  // Per-frame analyses (no templates; landmarks are still personal data: write them to a temp dir only).
  if (typeof values['dump-frames'] === 'string') writeFileSync(values['dump-frames'], JSON.stringify(dump), { mode: 0o600 });
  const policies: Record<string, ReturnType<typeof policyFigures>> = {};
  for (const p of POLICIES) policies[p] = policyFigures(decisions.filter((d) => d.policy === p));
  const pct = (v: number | null) => (v === null ? '  n/a' : `${(v * 100).toFixed(1)}%`);
  console.log(`manifest ${String(values.manifest)}: ${items.length} clips; frames ${CAMERA.width}x${CAMERA.height} (${fit === 'pad' ? 'letterboxed' : 'renderer fit'}) ${values.raw ? 'raw' : `JPEG q${JPEG_QUALITY}`}${kind === 'none' ? '' : `, degraded: ${kind}`} at ${fps} fps; ${whole ? 'whole clip judged' : `kiosk session rule (finish when ready, timeout ${values.timeout} s)`}; backend ${st.backend}`);
  for (const p of POLICIES) {
    const f = policies[p]!;
    const types = Object.entries(f.apcer_counts)
      .map(([t, c]) => `${t} ${countWithCi(c.accepted, c.attacks)}`)
      .join(', ');
    const v = f.by_source.video;
    const s = f.by_source.still;
    console.log(
      `policy ${p.padEnd(5)} APCER ${pct(f.apcer)} (worst type; accepted: ${types}) | BPCER ${countWithCi(f.bona_fide_refused, f.bona_fide)}; video-derived ${countWithCi(v.bona_fide_refused, v.bona_fide)}, still-derived ${countWithCi(s.bona_fide_refused, s.bona_fide)}`,
    );
  }
  if (values.json) console.log(JSON.stringify({ policies, clips: decisions, fps, frames: values.raw ? 'raw' : `jpeg-q${JPEG_QUALITY}`, fit, degrade: kind, rule: whole ? 'whole' : 'session', backend: st.backend }));
}

async function clipMode(values: Record<string, string | boolean | undefined>): Promise<void> {
  const challenge = values.challenge as Challenge;
  if (!POLICIES.includes(challenge)) {
    console.error(`--challenge must be none, blink or turn (got "${String(values.challenge)}")`);
    process.exit(2);
  }
  const engine = await createFaceEngine({ inWorker: false });
  const st = engine.status();
  if (!st.ready) {
    console.error(`face engine not ready: ${st.error?.code} ${st.error?.file ?? ''} ${st.error?.message.en}`);
    process.exit(1);
  }
  const clip = await readClip(String(values.clip), {
    fps: Number(values.fps),
    ...(values.start ? { startS: Number(values.start) } : {}),
    ...(values.duration ? { durationS: Number(values.duration) } : {}),
  });
  const session = engine.startSession({ policy: { challenge, requirePassive: !values['no-passive'] } });
  let faceFrames = 0;
  for (const { frame, atMs } of clip) {
    const fb = await session.addFrame(frame, atMs);
    if (fb.analysis.landmarks) faceFrames++;
    if (values.verbose) {
      const l = fb.analysis.landmarks;
      console.log(
        `${(atMs / 1000).toFixed(2)}s ${fb.analysis.ok ? 'ok ' : (fb.analysis.issue?.code ?? '').padEnd(3)} yaw=${l?.yaw ?? '-'} eyeOpen=${l?.eyeOpen ?? '-'} ear=${l ? l.ear.join(',') : '-'} passive=${fb.analysis.passiveScore ?? '-'} ${fb.analysis.ms.toFixed(0)}ms`,
      );
    }
  }
  // No templates: this measures liveness only (the result's match part, NO_TEMPLATES, is ignored).
  const res = await session.finish([]);
  await engine.close();
  const l = res.liveness;
  console.log(`clip: ${String(values.clip)}`);
  console.log(`frames: ${clip.length} (${faceFrames} with a face) at ${String(values.fps)} fps; backend ${st.backend}`);
  console.log(`passive score (fused over frames, 1 = live): ${l.passiveScore ?? 'n/a'}; non-rigid motion: ${l.motion}`);
  console.log(`challenge: ${l.challenge} -> ${l.challengePassed === null ? 'n/a' : l.challengePassed ? 'seen' : 'NOT seen'}`);
  console.log(`verdict: ${l.passed ? 'LIVE' : `NOT LIVE (${l.reason})`}`);
  if (values.json) {
    console.log(
      JSON.stringify({
        live: l.passed,
        passive_score: l.passiveScore,
        challenge: l.challenge,
        challenge_passed: l.challengePassed,
        frames: clip.length,
        face_frames: faceFrames,
        motion: l.motion,
        reason: l.reason ?? null,
        backend: st.backend,
      }),
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      manifest: { type: 'string' },
      root: { type: 'string' },
      timeout: { type: 'string', default: '20' },
      whole: { type: 'boolean', default: false },
      'dump-frames': { type: 'string' },
      raw: { type: 'boolean', default: false },
      degrade: { type: 'string', default: 'none' },
      fit: { type: 'string', default: 'renderer' },
      clip: { type: 'string' },
      challenge: { type: 'string', default: 'none' },
      fps: { type: 'string', default: '8' },
      start: { type: 'string' },
      duration: { type: 'string' },
      'no-passive': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.manifest) return manifestMode(values);
  if (values.clip) return clipMode(values);
  console.error('usage: npm run eval:liveness -- --manifest <tsv> [--root <dir>] [--json] [--fps 8] [--timeout 20] [--whole] [--raw] [--degrade none|dark|blur|reencode] [--fit renderer|pad]');
  console.error('       npm run eval:liveness -- --clip <video> [--challenge none|blink|turn] [--fps 8] [--start s] [--duration s] [--json]');
  process.exit(2);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
