// `npm run eval:liveness -- --clip <video> [--challenge none|blink|turn] [--fps N] [--start S] [--duration S] [--no-passive] [--json]`
// Feeds a video file (anything ffmpeg reads) to the kiosk's live-session path as if it were the camera
// (640-px frames, default 8 fps) and prints the liveness verdict. With --json the last line is one JSON object:
// { live, passive_score, challenge, challenge_passed, frames, ... }.
import { parseArgs } from 'node:util';
import { createFaceEngine } from '../index';
import { readClip } from '../engine/video';
import type { Challenge } from '../engine/types';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
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
  if (!values.clip) {
    console.error('usage: npm run eval:liveness -- --clip <video> [--challenge none|blink|turn] [--fps 8] [--start s] [--duration s] [--json]');
    process.exit(2);
  }
  const challenge = values.challenge as Challenge;
  if (!['none', 'blink', 'turn'].includes(challenge)) {
    console.error(`--challenge must be none, blink or turn (got "${values.challenge}")`);
    process.exit(2);
  }
  const engine = await createFaceEngine({ inWorker: false });
  const st = engine.status();
  if (!st.ready) {
    console.error(`face engine not ready: ${st.error?.code} ${st.error?.file ?? ''} ${st.error?.message.en}`);
    process.exit(1);
  }
  const clip = await readClip(values.clip, {
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
        `${(atMs / 1000).toFixed(2)}s ${fb.analysis.ok ? 'ok ' : (fb.analysis.issue?.code ?? '').padEnd(3)} yaw=${l?.yaw ?? '-'} eyeOpen=${l?.eyeOpen ?? "-"} ear=${l ? l.ear.join(",") : "-"} passive=${fb.analysis.passiveScore ?? '-'} ${fb.analysis.ms.toFixed(0)}ms`,
      );
    }
  }
  // No templates: this measures liveness only (the result's match part, NO_TEMPLATES, is ignored).
  const res = await session.finish([]);
  await engine.close();
  const l = res.liveness;
  console.log(`clip: ${values.clip}`);
  console.log(`frames: ${clip.length} (${faceFrames} with a face) at ${values.fps} fps; backend ${st.backend}`);
  console.log(`passive score (median, 1 = live): ${l.passiveScore ?? 'n/a'}; non-rigid motion: ${l.motion}`);
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

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
